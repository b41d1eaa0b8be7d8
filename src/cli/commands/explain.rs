//! `triage explain`: the full trace of one case, file by file, so that both "why
//! did it say that?" and "why did it not say that?" have an answer: what each rule
//! file read (with the line), what it did (with the line), which of its action lines
//! did not fire, and which suggestions the engine withheld and why.

use std::fmt::Write;

use crate::analysis::{calls, rule_blocks};
use crate::assessment::Assessment;
use crate::case::{Case, Value, read_cases};
use crate::cli::args::ExplainArgs;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::{load_rules, print_out};
use crate::cli::settings::Settings;
use crate::error::Error;
use crate::evaluation::{Action, FileTrace};
use crate::pipeline::Pipeline;
use crate::place::Origin;
use crate::report;
use crate::ruleset::{RuleFile, RuleSet};
use crate::text::{plural, shorten};

/// Runs `triage explain` once.
pub(crate) fn run(args: &ExplainArgs, settings: &Settings) -> Result<Exit, Failure> {
    let rules = load_rules(
        settings.rules()?,
        "the case was not explained (`triage check` lists every problem)",
    )?;
    if let Some(wanted) = &args.file {
        let narrow = Narrow {
            file: Some(wanted),
            acted: false,
        };
        if !rules
            .rules
            .iter()
            .any(|r| narrow.shows(&r.path, None, false))
        {
            return Err(Failure::usage(format!(
                "--file {}: no rule file of {} has that path (give it as shown in the trace, e.g. red_flags/cauda_equina.rhai)",
                crate::text::shown(wanted),
                rules.shown_dir
            )));
        }
    }
    let mut worst = Exit::Success;
    for (index, input) in read_cases(&args.case, false).into_iter().enumerate() {
        if index > 0 {
            print_out(&format!("\n{}\n\n", "=".repeat(72)));
        }
        let result =
            input.and_then(|text| Case::from_json(&text.text, &text.origin, &rules.vocabulary));
        let case = match result {
            Ok(case) => case,
            Err(error) => {
                // Each case of a batch on its own: reported in place, the others go on.
                eprintln!("{}", error.render());
                worst = worst.max(Exit::BadInput);
                continue;
            }
        };
        let narrow = Narrow {
            file: args.file.as_deref(),
            acted: args.acted,
        };
        let (text, error) = explain(&rules, &case, narrow);
        print_out(&text);
        if let Some(error) = error {
            eprintln!("{}", error.render());
            worst = worst.max(Exit::RuleError);
        }
    }
    Ok(worst)
}

/// The trace of one case as text, and the rule error that stopped it, if any.
/// Which rule files the trace shows.
#[derive(Clone, Copy, Default)]
pub(crate) struct Narrow<'a> {
    /// Only the rule file whose path ends with this.
    pub(crate) file: Option<&'a str>,
    /// Only the files that acted (and the one that stopped).
    pub(crate) acted: bool,
}

impl Narrow<'_> {
    fn shows(&self, path: &str, trace: Option<&FileTrace>, stopped: bool) -> bool {
        let file_matches = self.file.is_none_or(|wanted| {
            let wanted = wanted.trim_start_matches("./");
            path == wanted || path.ends_with(&format!("/{wanted}"))
        });
        let acted = !self.acted || stopped || trace.is_some_and(|t| !t.actions.is_empty());
        file_matches && acted
    }

    fn is_narrowed(&self) -> bool {
        self.file.is_some() || self.acted
    }
}

pub(crate) fn explain(rules: &RuleSet, case: &Case, narrow: Narrow) -> (String, Option<Error>) {
    let (evaluation, assessment, error) = match Pipeline::new(rules).trace_reads(true).assess(case)
    {
        Ok(assessed) => (assessed.trace, Some(assessed.assessment), None),
        Err(stopped) => (stopped.partial, None, Some(stopped.error)),
    };
    let mut out = String::new();
    let title = case
        .id
        .as_deref()
        .map_or(String::new(), |id| format!(" ({id})"));
    let _ = writeln!(out, "Case {}{title}", case.origin);
    let _ = writeln!(
        out,
        "Rules {} ({} rule files, in this order; each reads the case and acts through the rules API)\n",
        rules.shown_dir,
        rules.rules.len()
    );
    let failed_file = error
        .as_ref()
        .and_then(|_| evaluation.files.last())
        .map(|t| t.file.clone());
    let mut hidden = 0;
    for rule in &rules.rules {
        let stopped = failed_file.as_deref() == Some(rule.path.as_str());
        let trace = evaluation.files.iter().find(|t| t.file == rule.path);
        if !narrow.shows(&rule.path, trace, stopped) {
            hidden += 1;
            continue;
        }
        match trace {
            Some(trace) => explain_file(&mut out, rule, trace, assessment.as_ref(), stopped),
            None => {
                let _ = writeln!(
                    out,
                    "{}: not run (the rules stopped at an error before it)\n",
                    rule.path
                );
            }
        }
    }
    if narrow.is_narrowed() {
        let _ = writeln!(
            out,
            "({} not shown: narrowed by --file or --acted)\n",
            plural(hidden, "rule file", "rule files")
        );
    }
    match &assessment {
        Some(assessment) => {
            let _ = writeln!(out, "{}", "-".repeat(72));
            out.push_str(&report::text(assessment, rules, report::Layout::default()));
        }
        None => {
            let _ = writeln!(
                out,
                "The rules stopped at an error (below), so there is no assessment."
            );
        }
    }
    (out, error)
}

enum Line {
    Read { field: String, value: String },
    Did { text: String },
}

fn explain_file(
    out: &mut String,
    rule: &RuleFile,
    trace: &FileTrace,
    assessment: Option<&Assessment>,
    stopped: bool,
) {
    let actions = trace.actions.len();
    let mut summary = match actions {
        0 if stopped => "no action".to_string(),
        0 => "did nothing for this case".to_string(),
        1 => "1 action".to_string(),
        n => format!("{n} actions"),
    };
    if stopped {
        summary.push_str(", then stopped by the error below");
    }
    let _ = writeln!(out, "{}: {summary}", crate::text::escaped(&rule.path));

    let mut lines: Vec<(usize, usize, Line)> = Vec::new();
    for read in &trace.reads {
        let value = shown_value(&read.value);
        let already = lines.iter().any(|(line, _, l)| {
            Some(*line) == read.origin.line
                && matches!(l, Line::Read { field, .. } if *field == read.field)
        });
        if !already {
            lines.push((
                read.origin.line.unwrap_or(0),
                0,
                Line::Read {
                    field: read.field.clone(),
                    value,
                },
            ));
        }
    }
    for recorded in &trace.actions {
        let mut text = describe_action(&recorded.action, &recorded.origin, assessment);
        if let Some(rule_id) = &recorded.rule_id {
            text = format!("rule {}: {text}", rule_id.name());
        }
        lines.push((recorded.origin.line.unwrap_or(0), 1, Line::Did { text }));
    }
    lines.sort_by_key(|(line, order, _)| (*line, *order));
    for (line, _, entry) in &lines {
        match entry {
            Line::Read { field, value } => {
                let _ = writeln!(out, "  line {line:>3}  read {field} = {value}");
            }
            Line::Did { text } => {
                let _ = writeln!(out, "  line {line:>3}  {text}");
            }
        }
    }

    let fired: Vec<usize> = trace.actions.iter().filter_map(|a| a.origin.line).collect();
    let blocks = rule_blocks(&rule.ast);
    let mut not_fired: Vec<(usize, String)> = calls(&rule.ast)
        .into_iter()
        .filter(|c| c.is_action() && !fired.contains(&c.line))
        .map(|c| {
            let text = rule
                .source
                .lines()
                .nth(c.line.saturating_sub(1))
                .unwrap_or_default();
            let text = shorten(text.trim_start(), 90);
            match blocks.iter().find(|b| b.action_lines.contains(&c.line)) {
                Some(block) => (c.line, format!("rule {}: {text}", block.name)),
                None => (c.line, text),
            }
        })
        .collect();
    not_fired.dedup();
    if !not_fired.is_empty() {
        let why = if stopped {
            "their conditions were not met, or the error stopped the file first"
        } else {
            "their conditions were not met for this case"
        };
        let _ = writeln!(out, "  did not fire ({why}):");
        for (line, text) in not_fired {
            let _ = writeln!(out, "  line {line:>3}  {text}");
        }
    }
    out.push('\n');
}

fn describe_action(action: &Action, rule_ref: &Origin, assessment: Option<&Assessment>) -> String {
    match action {
        Action::Refer {
            urgency,
            destination,
            reason,
        } => format!("REFER {urgency} to {destination}: {reason}"),
        Action::RedFlag { id, text } => format!("RED FLAG {id}: {text}"),
        Action::Suggest { treatment, why } => {
            let withheld = assessment.and_then(|a| {
                a.withheld
                    .iter()
                    .find(|w| w.id == *treatment && w.rule == *rule_ref)
            });
            let listed = assessment.and_then(|a| a.treatments.iter().find(|t| t.id == *treatment));
            match (withheld, listed) {
                (Some(w), _) => format!(
                    "SUGGEST {treatment}: {why}\n            -> withheld: {}",
                    w.because
                ),
                (None, Some(t)) if t.rule != *rule_ref => format!(
                    "SUGGEST {treatment}: {why}\n            -> already suggested at {}, which gives the reason shown",
                    t.rule
                ),
                _ => format!("SUGGEST {treatment}: {why}"),
            }
        }
        Action::Avoid { treatment, why } => format!("AVOID {treatment}: {why}"),
        Action::Review { text } => format!("REVIEW {text}"),
        Action::Define { name, value } => format!("DEFINE defined.{name} = {}", shown_value(value)),
    }
}

/// A value as `explain` shows it.
fn shown_value(value: &Value) -> String {
    match value {
        Value::Unknown => "unknown (not answered)".to_string(),
        other => other.to_json().to_string(),
    }
}

//! `triage test`: runs every case that carries a reviewed expected outcome and says,
//! in a clinician's words, which passed and what differed, then lists the rule lines
//! that fired in no case (what the cases do not cover).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::analysis::{calls, rule_blocks};
use crate::assessment::{Assessment, TreatmentEntry};
use crate::authoring::{Expectation, Fixture};
use crate::case::read_cases;
use crate::cli::args::TestArgs;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::{load_rules, print_out};
use crate::cli::settings::Settings;
use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::pipeline::Pipeline;
use crate::place::RuleId;
use crate::ruleset::{RuleSet, Scale};
use crate::text::{plural, shorten};

use crate::cli::case_paths::expand_case_paths;

/// How many cases are named under one grouped failure before "and N more".
const NAMED_PER_GROUP: usize = 5;
/// How many unfired rule lines the default output lists before "and N more".
const UNFIRED_SHOWN: usize = 10;

/// Cases the rules failed on, grouped by the error (one broken rule usually
/// fails every case the same way: it is shown once, with the cases it hit).
#[derive(Default)]
struct RuleFailures {
    groups: Vec<(String, Vec<String>)>,
}

impl RuleFailures {
    fn add(&mut self, rendered: String, case: String) {
        match self.groups.iter_mut().find(|(error, _)| *error == rendered) {
            Some((_, cases)) => cases.push(case),
            None => self.groups.push((rendered, vec![case])),
        }
    }

    fn write(&self, out: &mut String) {
        for (rendered, cases) in &self.groups {
            let first = rendered.lines().next().unwrap_or_default();
            let place = rendered
                .lines()
                .find_map(|line| line.trim_start().strip_prefix("--> "))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "FAIL  {} failed at {place}: {}",
                plural(cases.len(), "case", "cases"),
                first.trim_start_matches("error: ")
            );
            for line in rendered.lines() {
                let _ = writeln!(out, "        {line}");
            }
            let named: Vec<&str> = cases
                .iter()
                .take(NAMED_PER_GROUP)
                .map(String::as_str)
                .collect();
            let more = cases.len().saturating_sub(NAMED_PER_GROUP);
            let tail = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            let _ = writeln!(out, "        cases: {}{tail}", named.join(", "));
        }
    }
}

/// Runs `triage test` once.
pub(crate) fn run(args: &TestArgs, settings: &Settings) -> Result<Exit, Failure> {
    let rules = load_rules(
        settings.rules()?,
        "no case was run (`triage check` lists every problem)",
    )?;
    // Only the actions are needed (for coverage), not the case reads, nor the what-if.
    let pipeline = Pipeline::new(&rules);
    let verbose = args.verbose && !args.brief;
    let paths_given = !args.paths.is_empty();
    if !paths_given && !std::path::Path::new(DEFAULT_CASES).exists() {
        return Err(Failure::message(
            Exit::Findings,
            format!(
                "no `{DEFAULT_CASES}` folder here, so no case was run: give case files or folders (`triage test my_cases/`), or run it where `{DEFAULT_CASES}/` is"
            ),
        ));
    }
    let paths = if paths_given {
        args.paths.clone()
    } else {
        vec![DEFAULT_CASES.to_string()]
    };
    let mut out = String::new();
    let mut passed = 0;
    let mut failed = 0;
    let mut rule_failures = RuleFailures::default();
    let mut fired = Fired::default();
    for path in expand_case_paths(&paths) {
        for input in read_cases(&path, false) {
            let text = match input {
                Ok(text) => text,
                Err(error) => {
                    failed += 1;
                    let _ = writeln!(
                        out,
                        "FAIL  {}\n        could not be read: {error}",
                        error_origin(&error, &path)
                    );
                    continue;
                }
            };
            let Fixture { case, expect } =
                match Fixture::from_json(&text.text, &text.origin, &rules.vocabulary) {
                    Ok(fixture) => fixture,
                    Err(error) => {
                        failed += 1;
                        let _ = writeln!(
                            out,
                            "FAIL  {}\n        not a valid case: {error}",
                            text.origin
                        );
                        continue;
                    }
                };
            let title = match &case.id {
                Some(id) => format!("{} ({id})", case.origin),
                None => case.origin.to_string(),
            };
            let Some(expect) = &expect else {
                if verbose {
                    let _ = writeln!(
                        out,
                        "SKIP  {title}: no expected outcome (`expect`) to test against"
                    );
                }
                continue;
            };
            let assessment = match pipeline.assess(&case) {
                Ok(assessed) => {
                    record_fired(&assessed.trace, &mut fired);
                    assessed.assessment
                }
                Err(stopped) => {
                    record_fired(&stopped.partial, &mut fired);
                    failed += 1;
                    rule_failures.add(stopped.error.render(), case.origin.to_string());
                    continue;
                }
            };
            let mut failures = expect.unknown_names(&rules);
            failures.extend(expect.check(&assessment));
            if failures.is_empty() {
                passed += 1;
                if verbose {
                    let _ = writeln!(
                        out,
                        "PASS  {title}: {}",
                        referral_words(
                            &rules.scale,
                            &assessment.referral.urgency,
                            assessment.referral.destination.as_deref()
                        )
                    );
                }
            } else {
                failed += 1;
                let _ = writeln!(out, "FAIL  {title}");
                if !expect.note.is_empty() {
                    let _ = writeln!(out, "        why:      {}", expect.note);
                }
                let _ = writeln!(
                    out,
                    "        expected: {}",
                    expected_words(&rules.scale, expect)
                );
                let _ = writeln!(
                    out,
                    "        got:      {}",
                    got_words(&rules.scale, &assessment)
                );
                for failure in failures {
                    let _ = writeln!(out, "        - {failure}");
                }
            }
        }
    }
    rule_failures.write(&mut out);
    if passed + failed == 0 {
        let _ = writeln!(
            out,
            "0 passed, 0 failed\nno case with an expected outcome was found in {}",
            paths.join(", ")
        );
        out.push_str(&rules_line(&rules));
        print_out(&out);
        return Ok(Exit::Findings);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    let shown = if args.brief {
        Shown::None
    } else if verbose {
        Shown::All
    } else {
        Shown::First(UNFIRED_SHOWN)
    };
    out.push_str(&coverage(&rules, &fired, paths_given, shown));
    out.push_str(&rules_line(&rules));
    print_out(&out);
    Ok(if failed > 0 {
        Exit::Findings
    } else {
        Exit::Success
    })
}

/// The last line: which rules were tested, as a report's footer names them
/// (the same rules `assess` would use).
fn rules_line(rules: &RuleSet) -> String {
    format!(
        "\nRules: {} ({} files, sha256 {})\n",
        rules.shown_dir, rules.fingerprint.files, rules.fingerprint.sha256
    )
}

/// The cases `triage test` runs when no path is given.
const DEFAULT_CASES: &str = "fixtures";

/// How many unfired rule lines to list.
#[derive(Clone, Copy)]
enum Shown {
    None,
    First(usize),
    All,
}

fn error_origin(error: &Error, path: &str) -> String {
    match error {
        Error::CaseUnreadable { origin, .. } => origin.to_string(),
        _ => path.to_string(),
    }
}

/// What fired in the cases run: each rule (by its id) and each rule line that
/// recorded an action.
#[derive(Default)]
pub(crate) struct Fired {
    lines: BTreeSet<(String, usize)>,
    rules: BTreeSet<RuleId>,
}

/// Adds every rule and rule line that recorded an action to `fired`.
pub(crate) fn record_fired(evaluation: &Evaluation, fired: &mut Fired) {
    for trace in &evaluation.files {
        for action in &trace.actions {
            fired
                .lines
                .insert((action.origin.file.clone(), action.origin.line.unwrap_or(0)));
            if let Some(rule_id) = &action.rule_id {
                fired.rules.insert(rule_id.clone());
            }
        }
    }
}

/// The rules, and the rule lines with an action, that are not in `fired`, as a
/// report: a rule that never fired by its id (stable when lines move), then the
/// lines that did not fire inside rules that did. With case paths given, only the
/// rule files those cases reached (fired a line in) count, so a rule author
/// testing one presentation sees that presentation's gaps.
fn coverage(rules: &RuleSet, fired: &Fired, only_reached: bool, shown: Shown) -> String {
    let (mut all_rules, mut all_lines, mut fired_lines) = (0, 0, 0);
    let mut unfired_rules = Vec::new();
    let mut unfired_lines = Vec::new();
    let reached = |path: &str| fired.lines.iter().any(|(file, _)| file == path);
    for rule in &rules.rules {
        if only_reached && !reached(&rule.path) {
            continue;
        }
        for block in rule_blocks(&rule.ast) {
            all_rules += 1;
            let id = block.id(rule);
            if !fired.rules.contains(&id) {
                unfired_rules.push(format!("  rule {id}  ({}:{})", rule.path, block.line));
            }
        }
        let mut lines: Vec<usize> = calls(&rule.ast)
            .iter()
            .filter(|c| c.is_action())
            .map(|c| c.line)
            .collect();
        lines.dedup();
        for line in lines {
            all_lines += 1;
            if fired.lines.contains(&(rule.path.clone(), line)) {
                fired_lines += 1;
                continue;
            }
            let in_fired_rule = rule_blocks(&rule.ast)
                .into_iter()
                .find(|b| b.action_lines.contains(&line))
                .filter(|b| fired.rules.contains(&b.id(rule)));
            if let Some(block) = in_fired_rule {
                let text = rule
                    .source
                    .lines()
                    .nth(line.saturating_sub(1))
                    .unwrap_or_default();
                unfired_lines.push(format!(
                    "  {}:{line}  {}  (in rule {}, which fired)",
                    rule.path,
                    shorten(text.trim_start(), 90),
                    block.name
                ));
            }
        }
    }
    let scope = if only_reached {
        " (in the rule files these cases reached)"
    } else {
        ""
    };
    let fired_rules = all_rules - unfired_rules.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nRule coverage: {fired_rules} of {all_rules} rules, and {fired_lines} of {all_lines} rule lines with an action, fired in at least one case{scope}."
    );
    let unfired: Vec<String> = unfired_rules.into_iter().chain(unfired_lines).collect();
    if unfired.is_empty() {
        return out;
    }
    let limit = match shown {
        Shown::None => return out,
        Shown::First(n) => n,
        Shown::All => unfired.len(),
    };
    let _ = writeln!(
        out,
        "Fired in no case (add a case that reaches them, or ask whether they are still needed):"
    );
    for line in unfired.iter().take(limit) {
        let _ = writeln!(out, "{line}");
    }
    if unfired.len() > limit {
        let _ = writeln!(
            out,
            "  ... and {} more (`triage test --verbose` lists them all)",
            unfired.len() - limit
        );
    }
    out
}

/// "emergency referral to the emergency department", or "no referral".
pub(crate) fn referral_words(scale: &Scale, urgency: &str, destination: Option<&str>) -> String {
    match destination {
        Some(destination) if urgency != scale.lowest().id => {
            let name = scale
                .destination(destination)
                .map_or(destination, |d| d.name.as_str());
            format!("{urgency} referral to {name}")
        }
        _ if urgency == scale.lowest().id => "no referral".to_string(),
        _ => format!("{urgency} referral"),
    }
}

fn expected_words(scale: &Scale, expect: &Expectation) -> String {
    let mut parts = Vec::new();
    match (&expect.urgency, &expect.destination) {
        (Some(urgency), destination) => parts.push(referral_words(
            scale,
            urgency,
            destination.as_deref().filter(|d| *d != "none"),
        )),
        (None, Some(destination)) => parts.push(format!("referral to {destination}")),
        (None, None) => {}
    }
    let lists = [
        ("red flags", &expect.red_flags),
        ("suggests", &expect.must_suggest),
        ("does not suggest", &expect.must_not_suggest),
        ("avoids", &expect.must_avoid),
        ("review mentions", &expect.review_mentions),
        ("not screened", &expect.not_screened),
    ];
    for (label, items) in lists {
        if !items.is_empty() {
            parts.push(format!("{label} {}", items.join(", ")));
        }
    }
    if expect.no_treatments {
        parts.push("no treatment".to_string());
    }
    parts.join("; ")
}

fn got_words(scale: &Scale, assessment: &Assessment) -> String {
    let referral = &assessment.referral;
    let mut parts = vec![referral_words(
        scale,
        &referral.urgency,
        referral.destination.as_deref(),
    )];
    let ids = |entries: &[TreatmentEntry]| {
        entries
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !assessment.red_flags.is_empty() {
        let flags: Vec<&str> = assessment.red_flags.iter().map(|f| f.id.as_str()).collect();
        parts.push(format!("red flags {}", flags.join(", ")));
    }
    if assessment.treatments.is_empty() {
        parts.push("no treatment".to_string());
    } else {
        parts.push(format!("suggests {}", ids(&assessment.treatments)));
    }
    if !assessment.avoid.is_empty() {
        parts.push(format!("avoids {}", ids(&assessment.avoid)));
    }
    parts.join("; ")
}

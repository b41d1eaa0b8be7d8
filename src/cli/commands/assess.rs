//! `triage assess`: the clinician's command. Reads each case, runs the rules, and
//! writes the report (text or JSON); in a batch, a case that cannot be assessed is
//! reported in place and the others still are.
//!
//! A batch (JSON Lines, several files, or `--summary`) is streamed and assessed on
//! all cores, a chunk at a time, its results written in input order (see
//! `cli/batch.rs`); each result is the one the case gets alone, plus its `origin`.

use std::fmt::Write;

use crate::assessment::Assessment;
use crate::case::{Case, CaseText, is_jsonl, open_cases};
use crate::cli::args::{AssessArgs, ReportFormat as Format};
use crate::cli::batch::{Progress, run_ordered};
use crate::cli::day_list::{DayList, Entry};
use crate::cli::exit::Exit;
use crate::cli::handout_file::HandoutFile;
use crate::cli::output::{self, load_rules, print_error, print_out};
use crate::cli::rendering::{assessed, layout, written};
use crate::error::{Error, ErrorClass};
use crate::report;
use crate::ruleset::RuleSet;

/// The line between two text reports in a batch.
fn separator() -> String {
    format!("\n{}\n\n", "=".repeat(72))
}

/// Runs `triage assess`.
pub(crate) fn run(args: &AssessArgs) -> Exit {
    let handout = match HandoutFile::of(args) {
        Ok(handout) => handout,
        Err(exit) => return exit,
    };
    let Some(rules) = load_rules(&args.rules.source(), "no case was assessed") else {
        return Exit::RuleError;
    };
    if handout.as_ref().is_some_and(|h| !h.ready(&rules)) {
        return Exit::RuleError;
    }
    let batch = args.cases.len() > 1
        || args.jsonl
        || args.summary
        || args.cases.iter().any(|p| is_jsonl(p));
    if batch {
        return run_batch(args, &rules);
    }
    let Some(input) = args
        .cases
        .iter()
        .flat_map(|path| open_cases(path, false))
        .next()
    else {
        return Exit::Success;
    };
    let mut printed = String::new();
    let origin = input
        .as_ref()
        .ok()
        .map(|case_text| case_text.origin.to_string());
    // One case: the what-if is on unless asked off.
    let what_if = !args.no_what_if;
    let result = input.and_then(|case_text| assess(&rules, &case_text, what_if, &mut printed));
    eprint!("{printed}");
    match &result {
        Ok(assessment) => print_out(&written(
            assessment,
            &rules,
            args.format,
            layout(args.color, args.detail),
            false,
        )),
        Err(error) => {
            print_error(error);
            if let Some(handout) = &handout {
                handout.not_written();
            }
            if error.class() == ErrorClass::Rules {
                let origin = origin.unwrap_or_else(|| error_origin(error));
                eprintln!(
                    "error: {origin} was not assessed: a rule failed, and no partial answer is given"
                );
            }
        }
    }
    match (&result, &handout) {
        (Ok(assessment), Some(handout)) => handout.write(assessment, &rules),
        (Ok(_), None) => Exit::Success,
        (Err(error), _) => Exit::from(error.class()),
    }
}

/// What one case of a batch gives: what to write, in order, and its entry in the
/// day list and closing count.
struct Outcome {
    /// For stderr, first: `print` lines of the rules, and the error, if any.
    stderr: String,
    /// For stdout: the result, or the case's error line.
    stdout: String,
    entry: Entry,
    failure: Option<ErrorClass>,
}

/// A batch: every input streamed, assessed in parallel, written in input order.
fn run_batch(args: &AssessArgs, rules: &RuleSet) -> Exit {
    // Decided once for the run, not per case (it asks the terminal).
    let layout = layout(args.color, args.detail);
    let inputs = args
        .cases
        .iter()
        .flat_map(|path| open_cases(path, args.jsonl));
    let mut progress = Progress::new();
    let mut list = DayList::new(&rules.scale, args.summary);
    let mut worst = Exit::Success;
    let mut written = 0_u64;
    run_ordered(
        inputs,
        |input| outcome(rules, args, layout, input),
        |outcome| {
            eprint!("{}", outcome.stderr);
            if !args.summary {
                if written > 0 && matches!(args.format, Format::Text | Format::Markdown) {
                    print_out(&separator());
                }
                print_out(&outcome.stdout);
            }
            written += 1;
            if let Some(class) = outcome.failure {
                worst = worst.max(Exit::from(class));
            }
            list.push(outcome.entry);
            !output::gone()
        },
        &mut progress,
    );
    progress.finish();
    if output::gone() {
        // The reader went away (`| head`): nothing more can be reported.
        return worst;
    }
    let (total, failed) = list.totals();
    eprintln!("{}", list.closing_line(&rules.scale));
    if failed > 0 {
        eprintln!("{failed} of {total} cases could not be assessed");
    }
    if args.summary {
        list.write(&rules.scale, args.format == Format::Json, print_out);
    }
    worst
}

/// One case of a batch, assessed and written out (on any thread).
fn outcome(
    rules: &RuleSet,
    args: &AssessArgs,
    layout: report::Layout,
    input: Result<CaseText, Error>,
) -> Outcome {
    let mut stderr = String::new();
    let origin = input
        .as_ref()
        .ok()
        .map(|case_text| case_text.origin.clone());
    let result = input.and_then(|case_text| assess(rules, &case_text, args.what_if, &mut stderr));
    match result {
        Ok(mut assessment) => {
            assessment.origin = origin;
            let stdout = if args.summary {
                String::new()
            } else {
                written(&assessment, rules, args.format, layout, true)
            };
            Outcome {
                stderr,
                stdout,
                entry: Entry::of(&assessment, &rules.scale),
                failure: None,
            }
        }
        Err(error) => {
            let origin = origin.map_or_else(|| error_origin(&error), |o| o.to_string());
            let _ = writeln!(stderr, "{}", error.render());
            if error.class() == ErrorClass::Rules {
                let _ = writeln!(
                    stderr,
                    "error: {origin} was not assessed: a rule failed, and no partial answer is given"
                );
            }
            let stdout = match args.format {
                Format::Json | Format::CdsHooks => {
                    let mut line = serde_json::json!({
                        "origin": origin,
                        "error": error.to_string(),
                    });
                    // Each problem beside its field, for a program that shows them
                    // on its form.
                    let problems = error.field_problems();
                    if !problems.is_empty() {
                        line["problems"] = problems
                            .iter()
                            .map(|p| serde_json::json!({ "field": p.field, "message": p.message }))
                            .collect();
                    }
                    format!("{line}\n")
                }
                // An input error names its case already; a rule error names the
                // rule, so the case is named first.
                Format::Text | Format::Markdown if error.class() == ErrorClass::Rules => {
                    format!("NOT ASSESSED: {origin}: {error}\n")
                }
                Format::Text | Format::Markdown => format!("NOT ASSESSED: {error}\n"),
            };
            Outcome {
                stderr,
                stdout,
                // The day list has one line per case: several problems on it too.
                entry: Entry::Failed {
                    origin,
                    error: error
                        .to_string()
                        .lines()
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                failure: Some(error.class()),
            }
        }
    }
}

/// One case: validated, evaluated, assessed, and with `what_if` the answers that
/// would change it. `print` output of the rules is added to `printed`, a line
/// each, named by its rule file, for stderr.
fn assess(
    rules: &RuleSet,
    case_text: &CaseText,
    what_if: bool,
    printed: &mut String,
) -> Result<Assessment, Error> {
    let case = Case::from_json(&case_text.text, &case_text.origin, &rules.vocabulary)?;
    assessed(rules, &case, what_if, printed)
}

fn error_origin(error: &Error) -> String {
    match error {
        Error::CaseUnreadable { origin, .. }
        | Error::CaseField { origin, .. }
        | Error::CaseInvalid { origin, .. } => origin.to_string(),
        Error::CaseSyntax { file, .. } => file.clone(),
        Error::RulesUnreadable { path, .. } => path.clone(),
        Error::Rule(diagnostic) => diagnostic
            .location
            .as_ref()
            .map(|location| location.file.clone())
            .unwrap_or_default(),
        Error::RulesInvalid(_) => String::new(),
    }
}

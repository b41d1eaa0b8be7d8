//! `triage assess`: the clinician's command. Reads each case, runs it through the
//! pipeline, and writes the report (text, Markdown, JSON, CDS Hooks); in a batch,
//! a case that cannot be assessed is reported in place and the others still are.
//!
//! One case and a batch take the same path: each case is assessed by
//! [`assessed`] with the pipeline the settings decided (the what-if on for one
//! case, off for a batch unless asked; the origin on for a batch). A batch (JSON
//! Lines, several files, or `--summary`) is streamed and assessed on all cores, a
//! chunk at a time, its results written in input order (see `cli/batch.rs`); each
//! result is the one the case gets alone, plus its `origin`.

use std::fmt::Write;

use crate::assessment::Assessment;
use crate::case::{CaseText, open_cases};
use crate::cli::args::{AssessArgs, ReportFormat as Format};
use crate::cli::batch::{Progress, run_ordered};
use crate::cli::day_list::{DayList, Entry};
use crate::cli::exit::Exit;
use crate::cli::failure::{Failure, reported};
use crate::cli::output::{self, load_rules, print_out};
use crate::cli::rendering::{notes, written};
use crate::cli::settings::Settings;
use crate::error::{Error, ErrorClass};
use crate::handout::{HandoutCause, HandoutFile, HandoutNotWritten};
use crate::pipeline::Pipeline;
use crate::text::{escape_markdown, escaped_lines};

/// The line between two text reports in a batch.
fn separator() -> String {
    format!("\n{}\n\n", "=".repeat(72))
}

/// Runs `triage assess`.
pub(crate) fn run(args: &AssessArgs, settings: &Settings) -> Result<Exit, Failure> {
    let handout = args
        .handout
        .as_deref()
        .map(|path| HandoutFile::of(path, &args.cases, args.jsonl))
        .transpose()
        .map_err(Failure::usage)?;
    // Whenever this patient's handout is not written, an earlier one at that
    // path is removed (and the clinician told), never left to be handed over.
    let not_written = |failure: Failure| match &handout {
        Some(handout) => failure.then(handout.discard_stale()),
        None => failure,
    };
    let rules = load_rules(settings.rules()?, "no case was assessed").map_err(not_written)?;
    let patient_handout = handout
        .as_ref()
        .map(|handout| handout.ready(&rules))
        .transpose()
        .map_err(|why| not_written(handout_failure(why)))?;
    let pipeline = Pipeline::new(&rules)
        .what_if(settings.what_if)
        .screening(settings.screening)
        .origin(settings.batch);
    if settings.batch {
        return Ok(run_batch(args, settings, pipeline));
    }
    let Some(input) = args
        .cases
        .iter()
        .flat_map(|path| open_cases(path, false))
        .next()
    else {
        return Ok(Exit::Success);
    };
    let origin = input
        .as_ref()
        .ok()
        .map(|case_text| case_text.origin.to_string());
    let mut stderr = String::new();
    let result = assessed(pipeline, input, &mut stderr);
    eprint!("{stderr}");
    let assessment = match result {
        Ok(assessment) => assessment,
        Err(error) => {
            let origin = origin.unwrap_or_else(|| error_origin(&error));
            let rules_failed = error.class() == ErrorClass::Rules;
            let mut failure = not_written(Failure::of(error));
            if rules_failed {
                failure = failure.then(format!(
                    "{origin} was not assessed: a rule failed, and no partial answer is given"
                ));
            }
            return Err(failure);
        }
    };
    print_out(&written(
        &assessment,
        &rules,
        settings.format,
        settings.layout,
        false,
    ));
    let handout_written = match (&handout, &patient_handout) {
        (Some(file), Some(patient_handout)) => {
            match file.write(patient_handout, &assessment, &rules) {
                Ok(note) => {
                    eprintln!("{note}");
                    Ok(Exit::Success)
                }
                Err(why) => Err(not_written(handout_failure(why))),
            }
        }
        _ => Ok(Exit::Success),
    };
    match what_if_failed(&assessment, origin.as_deref().unwrap_or_default()) {
        // Both are said: the handout's failure first, as it happened.
        Some(failure) => Err(failure.at_least(reported(handout_written))),
        None => handout_written,
    }
}

/// Why the handout was not written, as a failure: a rule error (exit 4) when
/// the rules cannot write it, an output failure (exit 6) when the file cannot be.
fn handout_failure(why: HandoutNotWritten) -> Failure {
    let exit = match why.cause {
        HandoutCause::Rules => Exit::RuleError,
        HandoutCause::Output => Exit::OutputFailed,
    };
    let failure = match (why.error, why.message) {
        (Some(error), Some(message)) => Failure::of(*error).then(message),
        (Some(error), None) => Failure::of(*error),
        (None, message) => Failure::message(exit, message.unwrap_or_default()),
    };
    failure.at_least(exit)
}

/// One case through the pipeline: its assessment, or the error that stopped it.
/// What it says on stderr before its report (its input warnings, the rules'
/// `print` lines) is added to `stderr`, a line each (a batch writes them with
/// the case's result).
fn assessed(
    pipeline: Pipeline<'_>,
    input: Result<CaseText, Error>,
    stderr: &mut String,
) -> Result<Assessment, Error> {
    let case_text = input?;
    let assessed = pipeline
        .assess_json(&case_text.text, &case_text.origin)
        .map_err(|stopped| stopped.error)?;
    stderr.push_str(&notes(&assessed, &case_text.origin));
    Ok(assessed.assessment)
}

/// The failure of a case assessed for the answers given while the what-if
/// could not try every answer (a rule failed on one): a rule error (exit 4),
/// with each answer it could not try.
fn what_if_failed(assessment: &Assessment, origin: &str) -> Option<Failure> {
    if assessment.what_if_failed.is_empty() {
        return None;
    }
    let mut failure = Failure::message(
        Exit::RuleError,
        format!(
            "{origin}: the assessment is for the answers given; the what-if could not try every answer:"
        ),
    );
    for failed in &assessment.what_if_failed {
        failure = failure.then(failed.line());
    }
    Some(failure)
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
fn run_batch(args: &AssessArgs, settings: &Settings, pipeline: Pipeline<'_>) -> Exit {
    let rules = pipeline.rules();
    let inputs = args
        .cases
        .iter()
        .flat_map(|path| open_cases(path, args.jsonl));
    let mut progress = Progress::new();
    let mut list = DayList::new(&rules.scale, args.summary);
    let mut worst = Exit::Success;
    let mut written = 0_u64;
    let mut what_if_failed = 0_u64;
    run_ordered(
        inputs,
        |input| outcome(pipeline, args, settings, input),
        |outcome| {
            eprint!("{}", outcome.stderr);
            if !args.summary {
                if written > 0 && matches!(settings.format, Format::Text | Format::Markdown) {
                    print_out(&separator());
                }
                print_out(&outcome.stdout);
            }
            written += 1;
            if let Some(class) = outcome.failure {
                worst = worst.max(Exit::from(class));
            }
            if matches!(outcome.entry, Entry::Assessed { .. }) && outcome.failure.is_some() {
                what_if_failed += 1;
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
    if what_if_failed > 0 {
        eprintln!(
            "error: {what_if_failed} of {total} cases are assessed for the answers given only: a rule failed on an answer the what-if tried (RULES FAILED)"
        );
    }
    if args.summary {
        list.write(&rules.scale, settings.format, print_out);
    }
    worst
}

/// One case of a batch, assessed and written out (on any thread).
fn outcome(
    pipeline: Pipeline<'_>,
    args: &AssessArgs,
    settings: &Settings,
    input: Result<CaseText, Error>,
) -> Outcome {
    let mut stderr = String::new();
    let origin = input
        .as_ref()
        .ok()
        .map(|case_text| case_text.origin.clone());
    match assessed(pipeline, input, &mut stderr) {
        Ok(assessment) => {
            let stdout = if args.summary {
                String::new()
            } else {
                written(
                    &assessment,
                    pipeline.rules(),
                    settings.format,
                    settings.layout,
                    true,
                )
            };
            let origin = origin.map(|o| o.to_string()).unwrap_or_default();
            let failure = what_if_failed(&assessment, &origin).map(|failure| {
                let _ = write!(stderr, "{}", failure.rendered());
                ErrorClass::Rules
            });
            Outcome {
                stderr,
                stdout,
                entry: Entry::of(&assessment, &pipeline.rules().scale),
                failure,
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
            let stdout = match settings.format {
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
                // rule, so the case is named first. Escaped like every line of the
                // report: the case's name and the values it echoes come from the case.
                Format::Text | Format::Markdown => {
                    let line = if error.class() == ErrorClass::Rules {
                        format!("NOT ASSESSED: {origin}: {error}")
                    } else {
                        format!("NOT ASSESSED: {error}")
                    };
                    let line = escaped_lines(&line);
                    if settings.format == Format::Markdown {
                        let lines: Vec<String> = line.lines().map(escape_markdown).collect();
                        format!("{}\n", lines.join("\n"))
                    } else {
                        format!("{line}\n")
                    }
                }
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

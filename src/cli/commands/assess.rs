//! `triage assess`: the clinician's command. Reads each case, runs the rules, and
//! writes the report (text or JSON); in a batch, a case that cannot be assessed is
//! reported in place and the others still are.

use crate::assessment::Assessment;
use crate::case::{Case, CaseText, is_jsonl, read_cases};
use crate::cli::args::{AssessArgs, ColorWhen, ReportFormat as Format};
use crate::cli::exit::Exit;
use crate::cli::output::{self, load_rules, print_error, print_out};
use crate::error::{Error, ErrorClass};
use crate::evaluation::{Options, evaluate};
use crate::report;
use crate::ruleset::RuleSet;
use crate::whatif::could_change;

/// The line between two text reports in a batch.
fn separator() -> String {
    format!("\n{}\n\n", "=".repeat(72))
}

/// Runs `triage assess`.
pub(crate) fn run(args: &AssessArgs) -> Exit {
    let Some(rules) = load_rules(&args.rules.source(), "no case was assessed") else {
        return Exit::RuleError;
    };
    let inputs: Vec<Result<CaseText, Error>> = args
        .cases
        .iter()
        .flat_map(|path| read_cases(path, args.jsonl))
        .collect();
    let batch = inputs.len() > 1 || args.jsonl || args.cases.iter().any(|p| is_jsonl(p));
    let layout = layout(args);
    let mut worst = Exit::Success;
    let mut failed = 0;
    for (index, input) in inputs.iter().enumerate() {
        if output::gone() {
            // The reader went away (`| head`): nothing more can be reported.
            break;
        }
        if index > 0 && args.format != Format::Json {
            print_out(&separator());
        }
        let what_if = !args.no_what_if && (args.what_if || !batch);
        let result = input
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|case_text| assess(&rules, case_text, what_if));
        match (&result, args.format) {
            (Ok(assessment), Format::Json) => {
                print_out(&format!("{}\n", report::json(assessment, batch)));
            }
            (Ok(assessment), Format::Text) => {
                print_out(&report::text(assessment, &rules, layout));
            }
            (Ok(assessment), Format::CdsHooks) => {
                let cards = report::cds_hooks(assessment, &rules);
                let text = if batch {
                    cards.to_string()
                } else {
                    serde_json::to_string_pretty(&cards).unwrap_or_default()
                };
                print_out(&format!("{text}\n"));
            }
            (Ok(assessment), Format::Markdown) => {
                print_out(&report::markdown(assessment, &rules, layout.detail));
            }
            (Err(error), format) => {
                failed += 1;
                worst = worst.max(Exit::from(error.class()));
                let origin = input
                    .as_ref()
                    .map_or_else(|_| error_origin(error), |c| c.origin.to_string());
                print_error(error);
                if error.class() == ErrorClass::Rules {
                    eprintln!(
                        "error: {origin} was not assessed: a rule failed, and no partial answer is given"
                    );
                }
                if batch {
                    match format {
                        Format::Json | Format::CdsHooks => {
                            let line = serde_json::json!({
                                "origin": origin,
                                "error": error.to_string(),
                            });
                            print_out(&format!("{line}\n"));
                        }
                        Format::Text | Format::Markdown => {
                            print_out(&format!("NOT ASSESSED: {error}\n"));
                        }
                    }
                }
            }
        }
    }
    if failed > 0 && batch {
        eprintln!("{failed} of {} cases could not be assessed", inputs.len());
    }
    worst
}

/// One case: validated, evaluated, assessed. `print` output of the rules goes to
/// stderr, named by its rule file.
fn assess(rules: &RuleSet, case_text: &CaseText, what_if: bool) -> Result<Assessment, Error> {
    let case = Case::from_json(&case_text.text, &case_text.origin, &rules.vocabulary)?;
    let evaluation = evaluate(rules, &case, Options::default()).map_err(|stopped| stopped.error)?;
    for printed in evaluation.printed() {
        eprintln!("{}: print: {}", printed.file, printed.text);
    }
    let mut assessment = Assessment::build(rules, &case, &evaluation);
    if what_if {
        assessment.could_change = Some(could_change(rules, &case, &assessment));
    }
    Ok(assessment)
}

fn error_origin(error: &Error) -> String {
    match error {
        Error::CaseUnreadable { origin, .. } | Error::CaseField { origin, .. } => {
            origin.to_string()
        }
        Error::CaseSyntax { file, .. } => file.clone(),
        Error::RulesUnreadable { path, .. } => path.clone(),
        Error::Rule { location, .. } => location.file.clone(),
        Error::RulesInvalid(_) => String::new(),
    }
}

/// The text layout: the terminal's width and colour when stdout is a terminal,
/// 80 columns and no colour otherwise (a pipe, a file, `NO_COLOR`, `--color never`).
fn layout(args: &AssessArgs) -> report::Layout {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    let width = if stdout.is_terminal() {
        terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0))
    } else {
        80
    };
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => !matches!(
            anstream::AutoStream::choice(&stdout),
            anstream::ColorChoice::Never
        ),
    };
    report::Layout {
        width: width.clamp(40, 160),
        color,
        detail: report::Detail {
            treatments: args.detail,
        },
    }
}

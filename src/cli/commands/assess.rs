//! `triage assess`: the clinician's command. Reads each case, runs the rules, and
//! writes the report (text or JSON); in a batch, a case that cannot be assessed is
//! reported in place and the others still are.

use std::io::Write;

use crate::assessment::Assessment;
use crate::case::{Case, CaseText, is_jsonl, read_cases};
use crate::cli::args::{AssessArgs, Format};
use crate::cli::exit::Exit;
use crate::cli::output::{load_rules, print_error};
use crate::error::{Error, ErrorClass};
use crate::evaluation::{Options, evaluate};
use crate::report;

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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut worst = Exit::Success;
    let mut failed = 0;
    for (index, input) in inputs.iter().enumerate() {
        let result = input.as_ref().map_err(Clone::clone).and_then(|case_text| {
            let case = Case::from_json(&case_text.text, &case_text.origin, &rules.vocabulary)?;
            let evaluation =
                evaluate(&rules, &case, Options::default()).map_err(|stopped| stopped.error)?;
            for printed in evaluation.printed() {
                eprintln!("{}: print: {}", printed.file, printed.text);
            }
            Ok(Assessment::build(&rules, &case, &evaluation))
        });
        let written = match (&result, args.format) {
            (Ok(assessment), Format::Json) => Ok::<_, std::convert::Infallible>(writeln!(
                out,
                "{}",
                report::json(assessment, batch)
            )),
            (Ok(assessment), Format::Text) => {
                if index > 0 {
                    let _ = writeln!(out, "\n{}\n", "=".repeat(72));
                }
                Ok(write!(out, "{}", report::text(assessment, &rules)))
            }
            (Err(error), format) => {
                failed += 1;
                worst = worst.max(Exit::from(error.class()));
                print_error(error);
                if batch {
                    let origin = input
                        .as_ref()
                        .map_or_else(|_| error_origin(error), |c| c.origin.to_string());
                    match format {
                        Format::Json => {
                            let line = serde_json::json!({
                                "origin": origin,
                                "error": error.to_string(),
                            });
                            Ok(writeln!(out, "{line}"))
                        }
                        Format::Text => {
                            if index > 0 {
                                let _ = writeln!(out, "\n{}\n", "=".repeat(72));
                            }
                            Ok(writeln!(out, "NOT ASSESSED: {error}"))
                        }
                    }
                } else {
                    if error.class() == ErrorClass::Rules {
                        eprintln!(
                            "error: the case was not assessed: a rule failed, and no partial answer is given"
                        );
                    }
                    Ok(Ok(()))
                }
            }
        };
        if !matches!(written, Ok(Ok(()))) {
            // stdout is gone (closed pipe): nothing more can be reported.
            return worst.max(Exit::Success);
        }
    }
    if failed > 0 && batch {
        eprintln!("{failed} of {} cases could not be assessed", inputs.len());
    }
    worst
}

fn error_origin(error: &Error) -> String {
    match error {
        Error::CaseUnreadable { origin, .. } | Error::CaseField { origin, .. } => {
            origin.to_string()
        }
        Error::CaseSyntax { file, line, .. } => format!("{file}:{line}"),
        Error::RulesUnreadable { path, .. } => path.clone(),
        Error::Rule { location, .. } => location.file.clone(),
        Error::RulesInvalid(_) => String::new(),
    }
}

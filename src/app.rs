//! Runs a parsed command: loads the rules, reads the cases, prints results, and
//! decides the exit status. Kept apart from `main` so tests can drive it.

use std::io::Write;

use crate::assessment::Assessment;
use crate::case::Case;
use crate::cli::{AssessArgs, Cli, Command, Format};
use crate::commands::{self, watch::watch};
use crate::error::Error;
use crate::exit::Exit;
use crate::input::{self, CaseText};
use crate::report;
use crate::ruleset::RuleSet;

/// Runs the command and returns its exit status.
pub fn run(cli: Cli) -> Exit {
    match cli.command {
        Command::Assess(args) => assess(&args),
        Command::Check(args) if args.watch => {
            watch(std::slice::from_ref(&args.rules.rules), || {
                commands::check::run(&args)
            })
        }
        Command::Check(args) => commands::check::run(&args),
        Command::Test(args) if args.watch => {
            let mut paths = vec![args.rules.rules.clone()];
            paths.extend(args.paths.iter().map(std::path::PathBuf::from));
            watch(&paths, || commands::test::run(&args))
        }
        Command::Test(args) => commands::test::run(&args),
        Command::Explain(args) if args.watch && args.case == "-" => {
            eprintln!("error: --watch needs a case file: standard input can be read only once");
            Exit::Usage
        }
        Command::Explain(args) if args.watch => {
            let paths = [
                args.rules.rules.clone(),
                std::path::PathBuf::from(&args.case),
            ];
            watch(&paths, || commands::explain::run(&args))
        }
        Command::Explain(args) => commands::explain::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Fields(args) => commands::reference::fields(&args),
        Command::Schema(args) => commands::reference::schema(&args),
    }
}

/// Prints an error on stderr in its rendered form.
pub fn print_error(error: &Error) {
    eprintln!("{}", error.render());
}

/// Loads the rule set, printing any problem and what was therefore not done
/// (`consequence`, e.g. "no case was assessed"); `None` means exit with a rule error.
/// Every command that needs a complete rule set loads it through here.
pub fn load_rules(dir: &std::path::Path, consequence: &str) -> Option<RuleSet> {
    match RuleSet::load(dir) {
        Ok(rules) => Some(rules),
        Err(error) => {
            print_error(&error);
            eprintln!(
                "error: the rules in {} could not be loaded; {consequence}",
                crate::ruleset::display_path(dir)
            );
            None
        }
    }
}

fn assess(args: &AssessArgs) -> Exit {
    let Some(rules) = load_rules(&args.rules.rules, "no case was assessed") else {
        return Exit::RuleError;
    };
    let inputs: Vec<Result<CaseText, Error>> = args
        .cases
        .iter()
        .flat_map(|path| input::read_cases(path, args.jsonl))
        .collect();
    let batch = inputs.len() > 1 || args.jsonl || args.cases.iter().any(|p| input::is_jsonl(p));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut worst = Exit::Success;
    let mut failed = 0;
    for (index, input) in inputs.iter().enumerate() {
        let result = input.as_ref().map_err(Clone::clone).and_then(|case_text| {
            let case = Case::from_json(&case_text.text, &case_text.origin, &rules.vocabulary)?;
            let evaluation = rules.evaluate(&case)?;
            for printed in evaluation.files.iter().flat_map(|f| &f.printed) {
                eprintln!("{}: print: {}", printed.file, printed.text);
            }
            Ok(Assessment::build(&rules, &case, &evaluation))
        });
        let written = match (&result, args.format) {
            (Ok(assessment), Format::Json) if batch => {
                serde_json::to_string(assessment).map(|line| writeln!(out, "{line}"))
            }
            (Ok(assessment), Format::Json) => {
                serde_json::to_string_pretty(assessment).map(|text| writeln!(out, "{text}"))
            }
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
                        .map_or_else(|_| error_origin(error), |c| c.origin.clone());
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
                    if error.class() == crate::error::ErrorClass::Rules {
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
        Error::CaseUnreadable { origin, .. }
        | Error::CaseSyntax { origin, .. }
        | Error::CaseField { origin, .. } => origin.clone(),
        Error::RulesUnreadable { path, .. } => path.clone(),
        Error::Rule { location, .. } => location.file.clone(),
        Error::RulesInvalid(_) => String::new(),
    }
}

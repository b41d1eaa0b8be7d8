//! `triage safety-case`, and the deep check's glue shared with `check --deep`:
//! the fixtures it starts from and the progress bar. The work is the safety
//! module's (`src/safety/`).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::authoring::Fixture;
use crate::case::{Case, read_cases};
use crate::cli::args::{DeepArgs, SafetyCaseArgs, SafetyCaseFormat};
use crate::cli::case_paths::expand_case_paths;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::{load_rules, print_out};
use crate::cli::settings::Settings;
use crate::ruleset::RuleSet;
use crate::safety::{self, ReportFormat, Run, Spec};

/// Runs `triage safety-case`.
pub(crate) fn run(args: &SafetyCaseArgs, settings: &Settings) -> Result<Exit, Failure> {
    let date = safety::today().map_err(Failure::usage)?;
    // `load_rules` refuses broken safety files, as `check` reports them.
    let rules = load_rules(settings.rules()?, "no safety case was written")?;
    let spec = safety::load(&rules).map_err(|error| {
        Failure::rules_not_loaded(error, &rules.shown_dir, "no safety case was written")
    })?;
    let run = deep_run(&rules, &spec, &args.deep_check);
    for finding in safety::deep_findings(&run, &spec, &rules) {
        eprintln!("{finding}\n");
    }
    let format = match args.format {
        SafetyCaseFormat::Markdown => ReportFormat::Markdown,
        SafetyCaseFormat::Html => ReportFormat::Html,
    };
    let report = safety::safety_case(&rules, &spec, &run, format, date)
        .map_err(|error| Failure::of(error).then("no safety case was written"))?;
    print_out(&report);
    if safety::proved(&run) {
        Ok(Exit::Success)
    } else {
        Err(Failure::message(
            Exit::Findings,
            format!(
                "the safety case is not verified: {} (`triage check --deep` shows each counterexample)",
                summary(&run, &spec)
            ),
        ))
    }
}

/// Runs the deep check with the fixtures and a progress bar on a terminal.
pub(super) fn deep_run(rules: &RuleSet, spec: &Spec, args: &DeepArgs) -> Run {
    let fixtures = fixtures(rules, &args.fixtures);
    let bar = if std::io::stderr().is_terminal() {
        let bar =
            ProgressBar::with_draw_target(Some(args.cases as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "deep check {bar:30} {human_pos}/{human_len} cases ({per_sec}, {eta} left)",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let run = safety::deep_check(rules, spec, &fixtures, args.cases, args.seed, &|n| {
        bar.inc(n);
    });
    bar.finish_and_clear();
    run
}

/// `N cases, P safety properties: all held` (or how many failed).
pub(super) fn summary(run: &Run, spec: &Spec) -> String {
    let failed = run
        .outcomes
        .iter()
        .filter(|o| o.tried == 0 || o.failed > 0)
        .count();
    let mut text = format!(
        "{} cases (seed {}), {} safety properties: ",
        run.cases,
        run.seed,
        spec.properties.len()
    );
    if failed == 0 {
        text.push_str("every property held");
    } else {
        text.push_str(&format!("{failed} not verified"));
    }
    if run.errors > 0 {
        text.push_str(&format!(
            "; the rules stopped with an error on {} cases",
            run.errors
        ));
    }
    text
}

/// The valid fixtures of a folder. Those that are not valid cases for these
/// rules are left out, and stderr says how many and names the first (`triage
/// test` reports each as a failure).
fn fixtures(rules: &RuleSet, folder: &str) -> Vec<Case> {
    if !std::path::Path::new(folder).is_dir() {
        return Vec::new();
    }
    let mut cases = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    for path in expand_case_paths(&[folder.to_string()]) {
        for input in read_cases(&path, false) {
            let fixture = input.map_err(|e| e.to_string()).and_then(|text| {
                Fixture::from_json(&text.text, &text.origin, &rules.vocabulary)
                    .map_err(|e| e.to_string())
            });
            match fixture {
                Ok(fixture) => cases.push(fixture.case),
                Err(error) => left_out.push(error),
            }
        }
    }
    if let Some(first) = left_out.first() {
        eprintln!(
            "warning: {} in {folder} left out of the deep check, not valid cases for these rules (the first: {first})",
            crate::text::plural(left_out.len(), "fixture is", "fixtures are")
        );
    }
    cases
}

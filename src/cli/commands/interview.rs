//! `triage interview`: the case questions one at a time (see `interview/`), then
//! the assessment exactly as `assess` gives it for the saved case: the same
//! validation, the same evaluation, the what-if, the same report formats.
//!
//! The prompts are used when standard input and standard error are both a
//! terminal (a clinician at the keyboard); otherwise the plain protocol speaks
//! on stderr and reads stdin, so a script drives it line by line.

use std::io::IsTerminal;

use crate::case::open_cases;
use crate::cli::args::InterviewArgs;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::{load_rules, print_out};
use crate::cli::rendering::written;
use crate::cli::settings::Settings;
use crate::error::Error;
use crate::interview::{Ask, Draft, Ended, Finished, Plain, Terminal, interview};
use crate::pipeline::Pipeline;
use crate::place::Origin;
use crate::ruleset::RuleSet;

/// How the interview's case is named in messages.
const ORIGIN: &str = "<interview>";

/// Runs `triage interview`.
pub(crate) fn run(args: &InterviewArgs, settings: &Settings) -> Result<Exit, Failure> {
    let rules = load_rules(settings.rules()?, "no question was asked")?;
    let draft = start(&rules, args.from.as_deref()).map_err(|error| {
        Failure::of(error).then("the interview did not start: fix the --from case, or leave it out")
    })?;
    let on_terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let result = if on_terminal {
        interview(&rules, draft, &mut Terminal::new(settings.stderr_color))
    } else {
        let stdin = std::io::stdin();
        let mut plain = Plain::new(stdin.lock(), std::io::stderr());
        interview(&rules, draft, &mut plain as &mut dyn Ask)
    };
    let draft = match result {
        Ok(Finished {
            draft,
            ended,
            answered,
        }) => {
            eprintln!("{}", closing(ended, answered));
            draft
        }
        Err(failed) => {
            let (error, draft) = *failed;
            // The answers given are kept (`--save`), then the failure is said.
            let saved = save(args, &draft);
            return Err(Failure::of(error)
                .then("the interview stopped: a rule failed, and no partial answer is given")
                .at_least(saved));
        }
    };
    let saved = save(args, &draft);
    let case = draft.finished(&rules.vocabulary).map_err(|error| {
        Failure::of(error)
            .then("the case cannot be assessed without it")
            .at_least(saved)
    })?;
    // Assessed and written as `assess` does one case: the what-if on.
    let assessed = Pipeline::new(&rules)
        .what_if(true)
        .assess(&case)
        .map_err(|stopped| Failure::of(stopped.error).at_least(saved))?;
    for line in assessed.trace.printed() {
        eprintln!("{}: print: {}", line.file, line.text);
    }
    let assessment = assessed.assessment;
    print_out(&written(
        &assessment,
        &rules,
        settings.format,
        settings.layout,
        false,
    ));
    if assessment.what_if_failed.is_empty() {
        return Ok(saved);
    }
    let mut failure = Failure::message(
        Exit::RuleError,
        "the assessment is for the answers given; the what-if could not try every answer:",
    );
    for failed in &assessment.what_if_failed {
        failure = failure.then(failed.line());
    }
    Err(failure.at_least(saved))
}

/// The draft to start from: empty, or the `--from` case.
fn start(rules: &RuleSet, from: Option<&str>) -> Result<Draft, Error> {
    let Some(path) = from else {
        return Ok(Draft::new(&rules.vocabulary, Origin::file(ORIGIN)));
    };
    match open_cases(path, false).next() {
        Some(case_text) => {
            let case_text = case_text?;
            Draft::from_text(&rules.vocabulary, &case_text.text, case_text.origin)
        }
        None => Ok(Draft::new(&rules.vocabulary, Origin::file(path))),
    }
}

/// The last line of the questions, on stderr.
fn closing(ended: Ended, answered: usize) -> String {
    let answers = crate::text::plural(answered, "answer", "answers");
    match ended {
        Ended::Complete => {
            format!("interview done: {answers}; nothing else could change the assessment")
        }
        Ended::Stopped => format!("interview stopped at the emergency: {answers}"),
        Ended::OutOfAnswers => {
            format!("no more answers: {answers}; what was not asked stays unknown")
        }
    }
}

/// Writes the case to `--save FILE`, if asked; the exit status of that.
fn save(args: &InterviewArgs, draft: &Draft) -> Exit {
    let Some(path) = &args.save else {
        return Exit::Success;
    };
    let Ok(case) = draft.case() else {
        return Exit::Success;
    };
    match std::fs::write(path, Draft::saved(&case)) {
        Ok(()) => {
            eprintln!("saved the case to {}", path.display());
            Exit::Success
        }
        Err(error) => {
            eprintln!(
                "error: the case could not be saved to {}: {error}",
                path.display()
            );
            Exit::OutputFailed
        }
    }
}

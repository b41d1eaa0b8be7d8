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
use crate::cli::output::{load_rules, print_error, print_out};
use crate::cli::rendering::{assessed, colored, layout, written};
use crate::error::Error;
use crate::interview::{Ask, Draft, Ended, Finished, Plain, Terminal, interview};
use crate::place::Origin;
use crate::ruleset::RuleSet;

/// How the interview's case is named in messages.
const ORIGIN: &str = "<interview>";

/// Runs `triage interview`.
pub(crate) fn run(args: &InterviewArgs) -> Exit {
    let Some(rules) = load_rules(&args.rules.source(), "no question was asked") else {
        return Exit::RuleError;
    };
    let draft = match start(&rules, args.from.as_deref()) {
        Ok(draft) => draft,
        Err(error) => {
            print_error(&error);
            eprintln!("error: the interview did not start: fix the --from case, or leave it out");
            return Exit::from(error.class());
        }
    };
    let on_terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let result = if on_terminal {
        interview(
            &rules,
            draft,
            &mut Terminal::new(colored(args.color, &std::io::stderr())),
        )
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
            print_error(&error);
            let saved = save(args, &draft);
            eprintln!(
                "error: the interview stopped: a rule failed, and no partial answer is given"
            );
            return saved.max(Exit::from(error.class()));
        }
    };
    let saved = save(args, &draft);
    let case = match draft.finished(&rules.vocabulary) {
        Ok(case) => case,
        Err(error) => {
            print_error(&error);
            eprintln!("error: the case cannot be assessed without it");
            return saved.max(Exit::BadInput);
        }
    };
    // Assessed and written as `assess` does one case.
    let mut printed = String::new();
    let assessment = assessed(&rules, &case, true, &mut printed);
    eprint!("{printed}");
    match assessment {
        Ok(assessment) => {
            let layout = layout(args.color, args.detail);
            print_out(&written(&assessment, &rules, args.format, layout, false));
            saved
        }
        Err(error) => {
            print_error(&error);
            saved.max(Exit::from(error.class()))
        }
    }
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

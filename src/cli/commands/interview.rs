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
use crate::text::shown;
use crate::whole_file::{Replace, write_whole};

/// How the interview's case is named in messages.
const ORIGIN: &str = "<interview>";

/// Runs `triage interview`.
pub(crate) fn run(args: &InterviewArgs) -> Exit {
    // Before a question is asked: a clinician must not answer thirty questions
    // to learn that the case cannot be saved where they asked.
    if let Some(path) = &args.save
        && !args.force
        && std::fs::symlink_metadata(path).is_ok()
    {
        eprintln!(
            "error: --save {}: a file is already there: give --force to replace it, or another name; no question was asked",
            shown(&path.to_string_lossy())
        );
        return Exit::Usage;
    }
    let Some(rules) = load_rules(&args.rules.source(), "no question was asked") else {
        return Exit::RuleError;
    };
    let draft = match start(&rules, args.from.as_deref()) {
        Ok(Some(draft)) => draft,
        Ok(None) => return Exit::Usage,
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
            kept,
        }) => {
            if !kept.is_empty() {
                eprintln!(
                    "kept the answers taken back with `back` and not given again: {}",
                    kept.join(", ")
                );
            }
            if let Ended::Refused(why) = ended {
                eprintln!("error: {why}");
                let saved = save(args, &draft);
                eprintln!(
                    "error: the case was not assessed: answer the questions again, from the refused line on"
                );
                return saved.max(Exit::BadInput);
            }
            eprintln!("{}", closing(&ended, answered));
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

/// The draft to start from: empty, or the `--from` case. `None` (after a
/// message) when `--from` names a batch that does not hold exactly one case:
/// which one is meant is not guessed.
fn start(rules: &RuleSet, from: Option<&str>) -> Result<Option<Draft>, Error> {
    let Some(path) = from else {
        return Ok(Some(Draft::new(&rules.vocabulary, Origin::file(ORIGIN))));
    };
    let mut cases = open_cases(path, false);
    let first = cases.next();
    let more = first.is_some() && cases.next().is_some();
    match first {
        Some(case_text) if !more => {
            let case_text = case_text?;
            Draft::from_text(&rules.vocabulary, &case_text.text, case_text.origin).map(Some)
        }
        _ => {
            eprintln!(
                "error: --from {}: {}: --from takes one case; no question was asked",
                shown(path),
                if more {
                    "this batch holds more than one case"
                } else {
                    "this batch holds no case"
                }
            );
            Ok(None)
        }
    }
}

/// The last line of the questions, on stderr.
fn closing(ended: &Ended, answered: usize) -> String {
    let answers = crate::text::plural(answered, "answer", "answers");
    match ended {
        Ended::Complete => {
            format!("interview done: {answers}; nothing else could change the assessment")
        }
        Ended::Stopped => format!("interview stopped at the emergency: {answers}"),
        Ended::OutOfAnswers => {
            format!("no more answers: {answers}; what was not asked stays unknown")
        }
        Ended::Refused(why) => format!("the interview stopped: {why}"),
    }
}

/// Writes the case to `--save FILE`, if asked; the exit status of that. The
/// file is written whole (a temporary file beside it, then moved into place),
/// replaces a file already there only with `--force`, and is not written when
/// the case holds no answer (an empty case is no record of anything).
fn save(args: &InterviewArgs, draft: &Draft) -> Exit {
    let Some(path) = &args.save else {
        return Exit::Success;
    };
    let file = shown(&path.to_string_lossy());
    let case = match draft.case() {
        Ok(case) if !draft.is_empty() => case,
        Ok(_) => {
            eprintln!("error: nothing was saved to {file}: no question was answered");
            return Exit::OutputFailed;
        }
        Err(error) => {
            eprintln!(
                "error: nothing was saved to {file}: the answers do not make a valid case: {error}"
            );
            return Exit::OutputFailed;
        }
    };
    let replace = if args.force {
        Replace::Allowed
    } else {
        Replace::Never
    };
    match write_whole(path, Draft::saved(&case).as_bytes(), replace) {
        Ok(()) => {
            eprintln!("saved the case to {file}");
            Exit::Success
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: the case was not saved to {file}: a file appeared there during the interview, and is kept (give --force to replace it)"
            );
            Exit::OutputFailed
        }
        Err(error) => {
            eprintln!("error: the case could not be saved to {file}: {error}");
            Exit::OutputFailed
        }
    }
}

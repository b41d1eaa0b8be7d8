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
use crate::cli::rendering::{notes, written};
use crate::cli::settings::Settings;
use crate::interview::{Ask, Draft, Ended, Finished, Plain, Terminal, interview};
use crate::pipeline::Pipeline;
use crate::place::Origin;
use crate::ruleset::RuleSet;
use crate::text::shown;
use crate::whole_file::{Replace, write_whole};

/// How the interview's case is named in messages.
const ORIGIN: &str = "<interview>";

/// Runs `triage interview`.
pub(crate) fn run(args: &InterviewArgs, settings: &Settings) -> Result<Exit, Failure> {
    // Before a question is asked: a clinician must not answer thirty questions
    // to learn that the case cannot be saved where they asked.
    if let Some(path) = &args.save
        && !args.force
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(Failure::usage(format!(
            "--save {}: a file is already there: give --force to replace it, or another name; no question was asked",
            shown(&path.to_string_lossy())
        )));
    }
    let rules = load_rules(settings.rules()?, "no question was asked")?;
    let draft = start(&rules, args.from.as_deref())?;
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
            prompts,
            still_open,
            kept,
        }) => {
            if !kept.is_empty() {
                eprintln!(
                    "kept the answers taken back with `back` and not given again: {}",
                    kept.join(", ")
                );
            }
            if let Ended::Refused(why) = ended {
                // The answers taken are kept (`--save`), then the refusal is said.
                let saved = save(args, &draft);
                return Err(Failure::message(Exit::BadInput, why)
                    .then(
                        "the case was not assessed: answer the questions again, from the refused line on",
                    )
                    .at_least(saved));
            }
            eprintln!("{}", closing(&ended, answered, prompts, still_open));
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
    eprint!("{}", notes(&assessed, &case.origin));
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

/// The draft to start from: empty, or the `--from` case. A usage failure when
/// `--from` names a batch that does not hold exactly one case: which one is
/// meant is not guessed.
fn start(rules: &RuleSet, from: Option<&str>) -> Result<Draft, Failure> {
    let Some(path) = from else {
        return Ok(Draft::new(&rules.vocabulary, Origin::file(ORIGIN)));
    };
    let mut cases = open_cases(path, false);
    let first = cases.next();
    let more = first.is_some() && cases.next().is_some();
    match first {
        Some(case_text) if !more => case_text
            .and_then(|case_text| {
                Draft::from_text(&rules.vocabulary, &case_text.text, case_text.origin)
            })
            .map_err(|error| {
                Failure::of(error)
                    .then("the interview did not start: fix the --from case, or leave it out")
            }),
        _ => Err(Failure::usage(format!(
            "--from {}: {}: --from takes one case; no question was asked",
            shown(path),
            if more {
                "this batch holds more than one case"
            } else {
                "this batch holds no case"
            }
        ))),
    }
}

/// The last line of the questions, on stderr: honest about what is still open.
/// "Nothing else could change the assessment" only when no unanswered question
/// could (alone, or together as far as the interview can tell); otherwise how
/// many could.
fn closing(ended: &Ended, answered: usize, prompts: usize, still_open: usize) -> String {
    let answers = format!(
        "{} in {}",
        crate::text::plural(answered, "answer", "answers"),
        crate::text::plural(prompts, "prompt", "prompts")
    );
    let open = if still_open == 0 {
        "nothing else could change the assessment".to_string()
    } else {
        format!(
            "{} could still change the assessment",
            crate::text::plural(still_open, "unanswered question", "unanswered questions")
        )
    };
    match ended {
        Ended::Complete => format!("interview done: {answers}; {open}"),
        Ended::Stopped => format!("interview stopped at the urgent finding: {answers}; {open}"),
        Ended::Finished => format!("interview finished early: {answers}; {open}"),
        Ended::OutOfAnswers => {
            format!("no more answers: {answers}; what was not asked stays unknown; {open}")
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

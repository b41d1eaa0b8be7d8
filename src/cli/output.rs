//! Writing to stdout in one place, and what became of it (a reader that went
//! away, a failed write), and the one way every command loads its rules or says
//! why it cannot.

use std::io::{ErrorKind, Write};
use std::sync::Mutex;

use super::exit::Exit;
use super::failure::Failure;
use crate::error::Error;
use crate::handout::Handout;
use crate::ruleset::{RuleSet, RuleSource};

/// What became of standard output: still open, gone (the reader closed the pipe,
/// as `| head` does), or failed (a full disk, `/dev/full`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stdout {
    Open,
    Gone,
    Failed(String),
}

static STDOUT: Mutex<Stdout> = Mutex::new(Stdout::Open);

fn state() -> Stdout {
    STDOUT.lock().map_or(Stdout::Gone, |state| state.clone())
}

/// Writes `text` to stdout. After a failure nothing more is written; the failure
/// decides the exit status in [`finish`].
pub(super) fn print_out(text: &str) {
    if state() != Stdout::Open {
        return;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let (Err(error), Ok(mut state)) = (written, STDOUT.lock()) {
        *state = if error.kind() == ErrorKind::BrokenPipe {
            Stdout::Gone
        } else {
            Stdout::Failed(error.to_string())
        };
    }
}

/// Whether the reader has gone away or writing failed, so a long run can stop.
pub(super) fn gone() -> bool {
    state() != Stdout::Open
}

/// The exit status once the command is done: a failed write is a failure of its
/// own (exit 6) with a message, whatever the command found; a reader that went
/// away early (`| head`) is not, and stays quiet.
pub(super) fn finish(exit: Exit) -> Exit {
    match state() {
        Stdout::Failed(reason) => {
            eprintln!("error: the output could not be written: {reason}");
            Exit::OutputFailed
        }
        Stdout::Open | Stdout::Gone => exit,
    }
}

/// Loads the rule set; the failure says which rules could not be loaded and
/// what was therefore not done (`consequence`, e.g. "no case was assessed").
/// Every command that needs a complete rule set loads it through here; its
/// handout, when it has one, is checked too (as `check` does): one verdict.
pub(super) fn load_rules(source: &RuleSource, consequence: &str) -> Result<RuleSet, Failure> {
    RuleSet::load_with(source, Handout::of_loaded)
        .and_then(|(rules, handout)| match handout {
            Ok(_) => Ok(rules),
            Err(problems) => Err(Error::all(problems)
                .err()
                .unwrap_or(Error::RulesInvalid(Vec::new()))),
        })
        .map_err(|error| Failure::rules_not_loaded(error, &source.shown(), consequence))
}

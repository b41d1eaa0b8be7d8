//! Why a command stopped, said in one place. Commands return
//! `Result<Exit, Failure>` (as casey/just's `run.rs` does): `Ok` is the status of
//! a command that ran (with its findings, or cases of a batch reported in place),
//! `Err` a failure that stopped it. [`Failure::report`] prints it on stderr, the
//! error first (a rule error like a compiler's), then what it means for this run,
//! and gives the exit code; `cli::run` calls it, and the watch loop for each run.

use super::exit::Exit;
use crate::error::Error;

/// Why a command stopped, and its exit code.
#[derive(Debug)]
#[must_use = "a failure is reported by `cli::run`"]
pub(crate) struct Failure {
    /// The error itself, rendered first (boxed: a failure is passed up by
    /// every command, and most are a line of text).
    error: Option<Box<Error>>,
    /// What follows from it, one `error: ...` line each.
    notes: Vec<String>,
    exit: Exit,
}

impl Failure {
    /// An error, with the exit code of its class (a case: 3, the rules: 4).
    pub(crate) fn of(error: Error) -> Failure {
        Failure {
            exit: Exit::from(error.class()),
            error: Some(Box::new(error)),
            notes: Vec::new(),
        }
    }

    /// A message alone, with its exit code.
    pub(crate) fn message(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            error: None,
            notes: vec![message.into()],
            exit,
        }
    }

    /// The command line asks for what cannot be done (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure::message(Exit::Usage, message)
    }

    /// The rules could not be loaded (exit 4): the error, then which rules and
    /// what was therefore not done (`consequence`, e.g. "no case was assessed").
    pub(crate) fn rules_not_loaded(error: Error, shown: &str, consequence: &str) -> Failure {
        Failure::of(error).then(format!(
            "the rules in {shown} could not be loaded; {consequence}"
        ))
    }

    /// Adds a line saying what follows from the error.
    pub(crate) fn then(mut self, note: impl Into<String>) -> Failure {
        self.notes.push(note.into());
        self
    }

    /// The exit code is at least `exit` (a failed `--save` before the error).
    pub(crate) fn at_least(mut self, exit: Exit) -> Failure {
        self.exit = self.exit.max(exit);
        self
    }

    /// The failure as stderr shows it, each line ended.
    pub(crate) fn rendered(&self) -> String {
        let mut text = String::new();
        if let Some(error) = &self.error {
            text.push_str(&error.render());
            text.push('\n');
        }
        for note in &self.notes {
            text.push_str(&format!("error: {note}\n"));
        }
        text
    }

    /// Prints the failure on stderr and gives its exit code.
    pub(crate) fn report(self) -> Exit {
        eprint!("{}", self.rendered());
        self.exit
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::of(error)
    }
}

/// The exit code of a command's result, its failure reported.
pub(crate) fn reported(result: Result<Exit, Failure>) -> Exit {
    result.unwrap_or_else(Failure::report)
}

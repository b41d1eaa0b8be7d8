//! Evaluation: every rule file of a rule set run on one case, in path order, each
//! with a fresh scope, and every recorded action checked against the data files.
//! Any error stops the whole case: there is never a partial answer.
//!
//! A file runs natively when the native evaluation can tell exactly what Rhai
//! would record (`engine::native`), and in Rhai otherwise ([`Evaluator`]).

mod checks;
mod files;
mod options;

use crate::case::Case;
use crate::engine;
use crate::ruleset::{RuleSet, TREATMENTS_FILE};

use checks::{check_actions, make_definitions};
use files::Files;
pub use options::{Evaluator, Options};

/// What a trace holds, for the commands that show it (`explain`, `test`, `diff`)
/// without reaching into the engine.
pub(crate) use crate::engine::{Action, ActionKind, FileTrace, recording};

/// What all rule files did for one case, file by file, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub files: Vec<FileTrace>,
}

/// A case the rules stopped on: the error, and the trace up to it (for `explain`).
#[derive(Debug, Clone)]
pub struct Stopped {
    pub error: crate::error::Error,
    pub partial: Evaluation,
}

impl Evaluation {
    /// Every `print`/`debug` line of every file, with its file.
    pub fn printed(&self) -> impl Iterator<Item = &engine::Printed> {
        self.files.iter().flat_map(|f| &f.printed)
    }
}

/// Runs every rule file on the case, in path order.
pub fn evaluate(
    rules: &RuleSet,
    case: &Case,
    options: Options,
) -> Result<Evaluation, Box<Stopped>> {
    let catalogue_file = rules.shown(TREATMENTS_FILE);
    let known = rules.known(&catalogue_file);
    let mut files = Files::new(rules, case, options);
    let mut evaluation = Evaluation::default();
    for (index, rule) in rules.rules.iter().enumerate() {
        let (trace, result) = files.run(index, rule);
        let checked = result
            .and_then(|()| check_actions(&known, rule, &trace))
            .and_then(|()| make_definitions(&files.definitions, rule, &trace));
        evaluation.files.push(trace);
        if let Err(error) = checked {
            return Err(Box::new(Stopped {
                error,
                partial: evaluation,
            }));
        }
    }
    Ok(evaluation)
}

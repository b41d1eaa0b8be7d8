//! Evaluation: every rule file of a rule set run on one case, in path order, each
//! with a fresh scope, and every recorded action checked against the data files.
//! Any error stops the whole case: there is never a partial answer.
//!
//! A file runs natively when the native evaluation can tell exactly what Rhai
//! would record (`engine::native`), and in Rhai otherwise ([`Evaluator`]). A
//! case evaluated again after some answers changed (the what-if's trials) runs
//! only the files that can depend on them (`changes.rs`, [`reevaluate`]).

mod changes;
mod checks;
mod evaluate;
mod evaluated;
mod files;
mod options;

pub use evaluate::evaluate;
pub(crate) use evaluate::reevaluate;
pub use evaluated::{Evaluation, Stopped};
pub use options::{Evaluator, Options};

/// What a trace holds, for the commands that show it (`explain`, `test`, `diff`)
/// without reaching into the engine.
pub(crate) use crate::engine::{Action, ActionKind, FileTrace, recording};

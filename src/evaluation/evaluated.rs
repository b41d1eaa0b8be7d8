//! What the rule files did for one case: every file's trace, or the error that
//! stopped the case with the traces so far.

use crate::engine::{FileTrace, Printed};
use crate::error::Error;

/// What all rule files did for one case, file by file, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub files: Vec<FileTrace>,
}

/// A case the rules stopped on: the error, and the trace up to it (for `explain`).
#[derive(Debug, Clone)]
pub struct Stopped {
    pub error: Error,
    pub partial: Evaluation,
}

impl Evaluation {
    /// Every `print`/`debug` line of every file, with its file.
    pub fn printed(&self) -> impl Iterator<Item = &Printed> {
        self.files.iter().flat_map(|f| &f.printed)
    }
}

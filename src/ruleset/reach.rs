//! What each rule file can reach, found once from the syntax trees when the
//! rules load (by `crate::analysis`): every case field it depends on (read directly, or through the
//! shared definitions it reads, and theirs), and the urgencies it can refer
//! with. The interview's search for answers that matter only together tries
//! one rule file's questions at a time (`pipeline/whatif/joint.rs`), so that
//! one pathway's answers are not masked by another's.

use std::collections::{BTreeSet, HashSet};

/// One rule file, as far as the what-if and the interview's search need it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    /// The file, as the assessments name it.
    pub(crate) path: String,
    /// Every `section.field` it depends on, through definitions too.
    pub(crate) fields: BTreeSet<String>,
    /// The urgencies it refers with, as written (literals only).
    pub(crate) urgencies: BTreeSet<String>,
    /// Whether it (or a definition it reads) may read any field: a computed
    /// field name, or a whole section used as a value.
    pub(crate) reads_all: bool,
}

impl Reach {
    /// Those of `open` (`section.field`s) an answer to which can change what
    /// the file does: all of them when it may read any field.
    pub(crate) fn among(&self, open: &HashSet<String>) -> HashSet<String> {
        open.iter()
            .filter(|field| self.reads_all || self.fields.contains(*field))
            .cloned()
            .collect()
    }
}

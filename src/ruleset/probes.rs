//! What the rules look at, found once when they load (by the analysis, which
//! walks their syntax trees: `crate::analysis`): which case fields any rule (or
//! definition) reads, and the numbers each numeric field is compared with. The
//! what-if uses it to try only answers that could matter: a field no rule reads
//! cannot change an answer, and a number can only matter either side of a
//! threshold the rules compare it with.

use std::collections::{BTreeMap, BTreeSet};

use super::reach::Reach;

/// The fields the rules read and the thresholds they compare numbers with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Probes {
    /// Every `section.field` some rule reads.
    pub(crate) read: BTreeSet<String>,
    /// For each numeric `section.field`, the numbers rules compare it with.
    pub(crate) thresholds: BTreeMap<String, Vec<f64>>,
    /// How each field is read: every read, and those of each kind of test.
    pub(crate) uses: BTreeMap<String, Uses>,
    /// What each rule file can reach: its fields and urgencies (`reach.rs`).
    pub(crate) reach: Vec<Reach>,
}

/// How the rules read one field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Uses {
    pub(crate) reads: usize,
    /// Reads that are `yes(x)` (or `not_yes(x)`): false and unknown alike.
    pub(crate) yes: usize,
    /// Reads that are `no(x)`: true and unknown alike.
    pub(crate) no: usize,
    /// Reads that compare with a text literal, and the texts.
    pub(crate) text_compared: usize,
    pub(crate) texts: BTreeSet<String>,
}

impl Probes {
    /// Whether `false` can matter for a true/false field: not when every read is
    /// `yes(x)`, which is false for false and for unknown alike.
    pub(crate) fn false_matters(&self, field: &str) -> bool {
        self.uses.get(field).is_none_or(|u| u.yes < u.reads)
    }

    /// Whether `true` can matter: not when every read is `no(x)`.
    pub(crate) fn true_matters(&self, field: &str) -> bool {
        self.uses.get(field).is_none_or(|u| u.no < u.reads)
    }

    /// Whether a yes is the answer the rules look for more often than a no
    /// (`yes(x)` against `no(x)`): the direction that can raise the urgency,
    /// for the interview's search for answers that matter together.
    pub(crate) fn leans_yes(&self, field: &str) -> bool {
        self.uses.get(field).is_none_or(|u| u.yes >= u.no)
    }

    /// Whether the rules look for a yes somewhere and a no elsewhere (`yes(x)`
    /// and `no(x)` both read): either answer may be the one that moves the
    /// urgency, so the search for answers that matter together tries both.
    pub(crate) fn read_both_ways(&self, field: &str) -> bool {
        self.uses.get(field).is_some_and(|u| u.yes > 0 && u.no > 0)
    }

    /// For a field only ever compared with text literals, those texts: any other
    /// value compares like any other, so one of them stands for all.
    pub(crate) fn compared_texts(&self, field: &str) -> Option<&BTreeSet<String>> {
        self.uses
            .get(field)
            .filter(|u| u.reads > 0 && u.text_compared == u.reads)
            .map(|u| &u.texts)
    }
}

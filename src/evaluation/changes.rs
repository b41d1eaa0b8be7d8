//! What may differ when a case is evaluated again after some of its answers
//! changed, as the what-if's trials are: only the rule files whose trace can
//! depend on a changed answer, directly or through a definition whose value
//! changed, run again; every other file keeps the trace it had. What a file can
//! depend on is read from its syntax when the rules load (`engine::Reads`): the
//! fields and the definitions it reads.

use super::evaluated::Evaluation;
use crate::case::Value;
use crate::engine::{Action, FileTrace};
use crate::ruleset::RuleFile;

/// The definitions whose value differs from the previous evaluation, so far.
#[derive(Default)]
pub(super) struct Changes {
    redefined: Vec<String>,
}

impl Changes {
    /// The trace `rule`, the file at `index`, keeps from `previous`, when nothing
    /// it depends on may have changed.
    pub(super) fn kept<'p>(
        &self,
        previous: &'p Evaluation,
        changed: &[&str],
        index: usize,
        rule: &RuleFile,
    ) -> Option<&'p FileTrace> {
        if rule.reads.depends_on(changed, &self.redefined) {
            return None;
        }
        previous.files.get(index)
    }

    /// A definition file ran again and recorded `trace`, where it recorded
    /// `before`: the definitions it made with another value (or made, or not,
    /// only one of the two times) may change what later files record.
    pub(super) fn ran(&mut self, before: Option<&FileTrace>, trace: &FileTrace) {
        let made = |trace: &FileTrace| -> Vec<(String, Value)> {
            trace
                .actions
                .iter()
                .filter_map(|recorded| match &recorded.action {
                    Action::Define { name, value } => Some((name.clone(), value.clone())),
                    _ => None,
                })
                .collect()
        };
        let now = made(trace);
        let then = before.map(made).unwrap_or_default();
        for (name, value) in now.iter().chain(&then) {
            let same = |made: &[(String, Value)]| made.iter().any(|(n, v)| n == name && v == value);
            let unchanged = same(&now) && same(&then);
            if !unchanged && !self.redefined.contains(name) {
                self.redefined.push(name.clone());
            }
        }
        self.redefined.sort_unstable();
    }
}

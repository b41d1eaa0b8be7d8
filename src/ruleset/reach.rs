//! What each rule file can reach, found once from the syntax trees when the
//! rules load: every case field it depends on (read directly, or through the
//! shared definitions it reads, and theirs), and the urgencies it can refer
//! with. The interview's search for answers that matter only together tries
//! one rule file's questions at a time (`pipeline/whatif/joint.rs`), so that
//! one pathway's answers are not masked by another's.

use std::collections::{BTreeMap, BTreeSet};

use super::rule_file::RuleFile;
use crate::engine::{self, ActionKind, DEFINED};

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
    /// Whether an answer to `field` can change what the file does.
    pub(crate) fn depends_on(&self, field: &str) -> bool {
        self.reads_all || self.fields.contains(field)
    }
}

/// Stands in the field set of a file that may read any field.
const ALL: &str = "*";

/// The reach of every rule file, definition files too, in run order.
pub(crate) fn reach(rules: &[RuleFile], sections: &[String]) -> Vec<Reach> {
    let mut with_defined: Vec<String> = sections.to_vec();
    with_defined.push(DEFINED.to_string());
    // What each file reads: case fields, and definitions by name.
    let reads = |rule: &RuleFile| -> (BTreeSet<String>, BTreeSet<String>) {
        let mut fields = BTreeSet::new();
        if engine::reads_sections_dynamically(&rule.ast, &with_defined) {
            fields.insert(ALL.to_string());
        }
        let mut definitions = BTreeSet::new();
        for read in engine::field_uses(&rule.ast, &with_defined) {
            if read.section == DEFINED {
                definitions.insert(read.field);
            } else {
                fields.insert(format!("{}.{}", read.section, read.field));
            }
        }
        (fields, definitions)
    };
    // Each definition's fields, through the definitions it reads in turn (a
    // definition reads only definitions made before it: one pass in run order).
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rule in rules.iter().filter(|rule| rule.definitions) {
        let (mut fields, definitions) = reads(rule);
        for name in &definitions {
            if let Some(more) = defined.get(name) {
                fields.extend(more.iter().cloned());
            }
        }
        // Each definition's own reads when the file is plain enough to tell;
        // else every definition of the file depends on all the file reads.
        let each = if fields.contains(ALL) {
            None
        } else {
            engine::definition_reads(&rule.ast, &with_defined)
        };
        match each {
            Some(each) => {
                for (name, reads) in each {
                    let mut own = BTreeSet::new();
                    for (section, field) in reads {
                        if section == DEFINED {
                            own.extend(defined.get(&field).into_iter().flatten().cloned());
                        } else {
                            own.insert(format!("{section}.{field}"));
                        }
                    }
                    defined.insert(name, own);
                }
            }
            None => {
                for call in engine::calls(&rule.ast) {
                    if call.records(ActionKind::Define)
                        && let Some(name) = call.args.first().and_then(|a| a.literal.clone())
                    {
                        defined.insert(name, fields.clone());
                    }
                }
            }
        }
    }
    rules
        .iter()
        .map(|rule| {
            let (mut fields, definitions) = reads(rule);
            for name in &definitions {
                if let Some(more) = defined.get(name) {
                    fields.extend(more.iter().cloned());
                }
            }
            let urgencies = engine::calls(&rule.ast)
                .into_iter()
                .filter(|call| call.records(ActionKind::Refer))
                .filter_map(|call| call.args.first().and_then(|a| a.literal.clone()))
                .collect();
            Reach {
                path: rule.path.clone(),
                reads_all: fields.remove(ALL),
                fields,
                urgencies,
            }
        })
        .collect()
}

//! What each rule file can reach (`crate::ruleset::Reach`), read from the syntax
//! trees once when the rules load: the fields a file depends on, through the
//! shared definitions it reads too, and the urgencies it refers with.

use std::collections::{BTreeMap, BTreeSet};

use super::definition_reads::{definition_reads, reads_sections_dynamically};
use super::syntax::{calls, field_uses};
use crate::engine::{ActionKind, DEFINED};
use crate::ruleset::{Reach, RuleFile};

/// Stands in the field set of a file that may read any field.
const ALL: &str = "*";

/// The reach of every rule file, definition files too, in run order.
pub(crate) fn reach(rules: &[RuleFile], sections: &[String]) -> Vec<Reach> {
    let mut with_defined: Vec<String> = sections.to_vec();
    with_defined.push(DEFINED.to_string());
    // What each file reads: case fields, and definitions by name.
    let reads = |rule: &RuleFile| -> (BTreeSet<String>, BTreeSet<String>) {
        let mut fields = BTreeSet::new();
        if reads_sections_dynamically(&rule.ast, &with_defined) {
            fields.insert(ALL.to_string());
        }
        let mut definitions = BTreeSet::new();
        for read in field_uses(&rule.ast, &with_defined) {
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
            definition_reads(&rule.ast, &with_defined)
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
                for call in calls(&rule.ast) {
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
            let urgencies = calls(&rule.ast)
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

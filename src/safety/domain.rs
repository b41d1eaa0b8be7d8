//! The answers the deep check gives each field, all taken from the rule set, so
//! no field or value is named in code: every value of a choice or list field,
//! true and false, for a number the values either side of every threshold the
//! rules compare it with (as the what-if finds them, `ruleset/probes.rs`) and of
//! every bound a property names, the ends of its range, for free text the texts
//! the rules compare it with and one other; and unknown for every field that is
//! not required.
//!
//! Only the fields some rule reads (and those a property or an applicability
//! condition names) are varied: a field no rule reads cannot change an answer.

use std::collections::{BTreeMap, BTreeSet};

use super::property::Property;
use crate::case::{Field, Kind, Value, Vocabulary};
use crate::pipeline::threshold_answers;
use crate::ruleset::RuleSet;

/// A text the rules never compare a free-text field with: one stands for all.
const OTHER_TEXT: &str = "other";

/// One field the deep check varies, and the known answers it tries.
#[derive(Debug, Clone)]
pub(crate) struct FieldDomain {
    pub section: String,
    pub name: String,
    /// `section.field`.
    pub qualified: String,
    pub field: Field,
    /// Every known answer tried, in a stable order.
    pub values: Vec<Value>,
}

impl FieldDomain {
    /// Whether unknown is one of its answers (every field but the required ones).
    pub(crate) fn may_be_unknown(&self) -> bool {
        !self.field.required
    }
}

/// The fields the deep check varies, in vocabulary order.
#[derive(Debug, Clone)]
pub(crate) struct Domains {
    pub fields: Vec<FieldDomain>,
}

impl Domains {
    /// The domains for a rule set and its properties.
    pub(crate) fn of(rules: &RuleSet, properties: &[Property]) -> Domains {
        let vocabulary = &rules.vocabulary;
        let mut varied: BTreeSet<String> = rules.probes.read.clone();
        let mut bounds: BTreeMap<String, Vec<f64>> = rules.probes.thresholds.clone();
        let conditions = properties.iter().flat_map(|p| {
            p.conditions()
                .chain(p.exceptions.iter().flat_map(|e| &e.when))
                .collect::<Vec<_>>()
        });
        for condition in conditions {
            varied.insert(condition.field.clone());
            let numbers = bounds.entry(condition.field.clone()).or_default();
            numbers.extend(condition.at_least.iter().chain(&condition.below));
        }
        // A field whose applicability depends on another needs that one varied too.
        for section in vocabulary.sections.values() {
            for field in section.fields.values() {
                for condition in field.applies_when.iter().chain(&field.applies_when_any) {
                    varied.insert(condition.field.clone());
                    let numbers = bounds.entry(condition.field.clone()).or_default();
                    numbers.extend(condition.at_least.iter().chain(&condition.below));
                }
            }
        }
        let mut fields = Vec::new();
        for (section_name, section) in &vocabulary.sections {
            for (name, field) in &section.fields {
                let qualified = format!("{section_name}.{name}");
                if !field.required && !varied.contains(&qualified) {
                    continue;
                }
                let mut thresholds = bounds.get(&qualified).cloned().unwrap_or_default();
                thresholds.sort_by(f64::total_cmp);
                thresholds.dedup();
                let values = known_values(field, &qualified, &thresholds, rules);
                fields.push(FieldDomain {
                    section: section_name.clone(),
                    name: name.clone(),
                    qualified,
                    field: field.clone(),
                    values,
                });
            }
        }
        Domains { fields }
    }

    /// The domain of `section.field`, if it is varied.
    pub(crate) fn get(&self, qualified: &str) -> Option<&FieldDomain> {
        self.fields.iter().find(|d| d.qualified == qualified)
    }

    /// The vocabulary's required fields.
    pub(crate) fn required(&self) -> impl Iterator<Item = &FieldDomain> {
        self.fields.iter().filter(|d| d.field.required)
    }
}

/// The known answers tried for one field.
fn known_values(field: &Field, qualified: &str, thresholds: &[f64], rules: &RuleSet) -> Vec<Value> {
    match field.kind {
        Kind::Boolean => vec![Value::Bool(true), Value::Bool(false)],
        Kind::Choice => field.values.iter().cloned().map(Value::Text).collect(),
        Kind::List => std::iter::once(Value::List(Vec::new()))
            .chain(field.values.iter().map(|v| Value::List(vec![v.clone()])))
            .collect(),
        Kind::Integer | Kind::Number => {
            let mut values = threshold_answers(field, thresholds);
            if values.is_empty() {
                values = threshold_answers(field, &[field.min.unwrap_or(0.0) + 1.0]);
            }
            values
        }
        Kind::Text => {
            let mut texts: Vec<Value> = rules
                .probes
                .compared_texts(qualified)
                .into_iter()
                .flatten()
                .cloned()
                .map(Value::Text)
                .collect();
            texts.push(Value::Text(OTHER_TEXT.to_string()));
            texts
        }
    }
}

/// A case of the vocabulary with every field unknown.
pub(crate) fn blank_case(vocabulary: &Vocabulary) -> crate::case::Case {
    crate::case::Case {
        id: None,
        origin: crate::place::Origin::file("deep check"),
        sections: vocabulary
            .sections
            .iter()
            .map(|(name, section)| {
                (
                    name.clone(),
                    section
                        .fields
                        .keys()
                        .map(|field| (field.clone(), Value::Unknown))
                        .collect(),
                )
            })
            .collect(),
        warnings: Vec::new(),
    }
}

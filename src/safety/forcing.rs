//! Making a case meet a property's premise: each condition is forced true by
//! giving its field an answer that meets it, the fields those answers depend on
//! (`applies_when`) are given answers under which the question applies, and
//! answers to questions that no longer apply are taken away, so that a generated
//! case is one a clinician could have written (no wound question without an
//! operation, no pregnancy in a man).

use std::collections::BTreeMap;

use super::domain::{Domains, FieldDomain};
use super::property::Property;
use super::rng::Rng;
use crate::case::{Case, Condition, Field, Kind, Value, Vocabulary};

/// Rounds of repair before a case is given up (applicability chains are short).
const ROUNDS: usize = 6;

/// Every answer of `field` that meets all of `conditions`: the field's own
/// answers (true and false, each value, each value as a one-item list) and, for
/// a number, the bounds the conditions name with the values either side of
/// them and the ends of the field's range. Empty when they can never all hold.
pub(crate) fn accepting_values(field: &Field, conditions: &[&Condition]) -> Vec<Value> {
    accepting(field, conditions, &[])
}

fn accepting(field: &Field, conditions: &[&Condition], extra: &[Value]) -> Vec<Value> {
    let mut candidates: Vec<Value> = match field.kind {
        Kind::Boolean => vec![Value::Bool(true), Value::Bool(false)],
        Kind::Choice => field.values.iter().cloned().map(Value::Text).collect(),
        Kind::List => field
            .values
            .iter()
            .map(|v| Value::List(vec![v.clone()]))
            .collect(),
        Kind::Integer | Kind::Number => {
            let bounds: Vec<f64> = conditions
                .iter()
                .flat_map(|c| c.at_least.iter().chain(&c.below))
                .copied()
                .collect();
            crate::pipeline::threshold_answers(field, &bounds)
        }
        Kind::Text => vec![Value::Text("other".to_string())],
    };
    if !field.required {
        candidates.push(Value::Unknown);
    }
    candidates.extend(extra.iter().cloned());
    let mut accepted: Vec<Value> = Vec::new();
    for value in candidates {
        if conditions.iter().all(|c| c.accepts(&value)) && !accepted.contains(&value) {
            accepted.push(value);
        }
    }
    accepted
}

/// Forces `property`'s premise on `case`; `choice` picks which `when_any`
/// condition is forced. False when it cannot be made to hold (conditions that
/// contradict what applicability needs, or an exception that holds).
pub(crate) fn force(
    case: &mut Case,
    property: &Property,
    domains: &Domains,
    vocabulary: &Vocabulary,
    rng: &mut Rng,
    choice: usize,
) -> bool {
    let mut chosen: Vec<&Condition> = property.when.iter().collect();
    if !property.when_any.is_empty() {
        chosen.push(&property.when_any[choice % property.when_any.len()]);
    }
    let mut by_field: BTreeMap<&str, Vec<&Condition>> = BTreeMap::new();
    for condition in &chosen {
        by_field
            .entry(&condition.field)
            .or_default()
            .push(condition);
    }
    let forced: Vec<String> = by_field.keys().map(|f| (*f).to_string()).collect();
    for (field, conditions) in &by_field {
        if !set_accepted(case, field, conditions, domains, vocabulary, rng) {
            return false;
        }
    }
    if !make_apply(case, &forced, domains, vocabulary, rng) {
        return false;
    }
    clear_what_does_not_apply(case, &forced, vocabulary);
    property.premise_holds(case, vocabulary)
}

/// Gives `field` an answer meeting every one of `conditions` (a list keeps its
/// items and gains one that meets them).
fn set_accepted(
    case: &mut Case,
    qualified: &str,
    conditions: &[&Condition],
    domains: &Domains,
    vocabulary: &Vocabulary,
    rng: &mut Rng,
) -> bool {
    let Some((section, name)) = qualified.split_once('.') else {
        return false;
    };
    let Some(field) = vocabulary.field(section, name) else {
        return false;
    };
    let current = case.value(section, name).clone();
    if conditions.iter().all(|c| c.accepts(&current)) {
        return true;
    }
    let extra: Vec<Value> = domains
        .get(qualified)
        .map(|d| d.values.clone())
        .unwrap_or_default();
    let accepted = accepting(field, conditions, &extra);
    let Some(mut value) = rng.pick(&accepted).cloned() else {
        return false;
    };
    if let (Value::List(items), Value::List(old)) = (&mut value, &current) {
        let mut merged = old.clone();
        for item in items.iter() {
            if !merged.contains(item) {
                merged.push(item.clone());
            }
        }
        if conditions
            .iter()
            .all(|c| c.accepts(&Value::List(merged.clone())))
        {
            *items = merged;
        }
    }
    set(case, section, name, value);
    true
}

/// Sets one answer.
pub(crate) fn set(case: &mut Case, section: &str, name: &str, value: Value) {
    if let Some(slot) = case
        .sections
        .get_mut(section)
        .and_then(|fields| fields.get_mut(name))
    {
        *slot = value;
    }
}

/// Makes each of `fields` a question that applies to the case, by answering
/// the fields its applicability reads; false when a forced field would have to
/// change for it.
pub(crate) fn make_apply(
    case: &mut Case,
    fields: &[String],
    domains: &Domains,
    vocabulary: &Vocabulary,
    rng: &mut Rng,
) -> bool {
    let mut pending: Vec<String> = fields.to_vec();
    for _ in 0..ROUNDS {
        let mut next = Vec::new();
        for qualified in &pending {
            let Some((section, name)) = qualified.split_once('.') else {
                continue;
            };
            let Some(field) = vocabulary.field(section, name) else {
                continue;
            };
            if vocabulary.applies(section, name, case) {
                continue;
            }
            let failing: Vec<&Condition> = field
                .applies_when
                .iter()
                .filter(|c| !c.holds(case))
                .collect();
            let mut to_fix: Vec<&Condition> = failing;
            if !field.applies_when_any.is_empty()
                && !field.applies_when_any.iter().any(|c| c.holds(case))
            {
                let options: Vec<&Condition> = field
                    .applies_when_any
                    .iter()
                    .filter(|c| !fields.contains(&c.field))
                    .collect();
                match rng.pick(&options) {
                    Some(option) => to_fix.push(option),
                    None => return false,
                }
            }
            for condition in to_fix {
                if fields.contains(&condition.field) {
                    return false;
                }
                if !set_accepted(
                    case,
                    &condition.field,
                    &[condition],
                    domains,
                    vocabulary,
                    rng,
                ) {
                    return false;
                }
                next.push(condition.field.clone());
            }
        }
        if next.is_empty() {
            return fields.iter().all(|f| applies(vocabulary, f, case));
        }
        pending = next;
        pending.extend(fields.iter().cloned());
    }
    fields.iter().all(|f| applies(vocabulary, f, case))
}

fn applies(vocabulary: &Vocabulary, qualified: &str, case: &Case) -> bool {
    qualified
        .split_once('.')
        .is_none_or(|(section, name)| vocabulary.applies(section, name, case))
}

/// Takes away the answers to questions that do not apply to the case (except
/// the `kept` ones), until every answer left applies.
pub(crate) fn clear_what_does_not_apply(case: &mut Case, kept: &[String], vocabulary: &Vocabulary) {
    for _ in 0..ROUNDS {
        let mut cleared = false;
        for (section_name, section) in &vocabulary.sections {
            for name in section.fields.keys() {
                let known = case.value(section_name, name).is_known();
                if known
                    && !vocabulary.applies(section_name, name, case)
                    && !kept.contains(&format!("{section_name}.{name}"))
                {
                    set(case, section_name, name, Value::Unknown);
                    cleared = true;
                }
            }
        }
        if !cleared {
            return;
        }
    }
}

/// A random answer from a field's domain, unknown included when allowed.
pub(crate) fn random_answer(domain: &FieldDomain, rng: &mut Rng) -> Value {
    let unknown = usize::from(domain.may_be_unknown());
    let index = rng.below(domain.values.len() + unknown);
    domain.values.get(index).cloned().unwrap_or(Value::Unknown)
}

//! Making a counterexample small enough to read and to keep as a fixture: every
//! answer that the failure does not need is taken away, and every number that
//! is not already next to a threshold (an end of its range included) moves to
//! the nearest value either side of one (the values the deep check tries,
//! `domain.rs`) at which it still fails. The answers left are the ones the
//! failure needs.

use super::domain::Domains;
use super::forcing::{clear_what_does_not_apply, set};
use crate::case::{Case, Value, Vocabulary};

/// At most this many passes over the answers (each pass only removes or moves).
const PASSES: usize = 4;

/// The smallest case found that still `fails`. Every case tried is one a
/// clinician could write: an answer whose question no longer applies (the weeks
/// since an operation once the operation is gone) goes with it.
pub(crate) fn minimise(
    case: &Case,
    domains: &Domains,
    vocabulary: &Vocabulary,
    fails: impl Fn(&Case) -> bool,
) -> Case {
    let fails = |trial: &mut Case| {
        clear_what_does_not_apply(trial, &[], vocabulary);
        fails(trial)
    };
    let mut best = case.clone();
    for _ in 0..PASSES {
        let mut changed = false;
        for (section, name) in known_fields(&best) {
            let required = domains
                .get(&format!("{section}.{name}"))
                .is_some_and(|d| d.field.required);
            if required {
                continue;
            }
            let mut trial = best.clone();
            set(&mut trial, &section, &name, Value::Unknown);
            if fails(&mut trial) {
                best = trial;
                changed = true;
            }
        }
        for (section, name) in known_fields(&best) {
            if let Value::List(items) = best.value(&section, &name).clone() {
                for item in &items {
                    let kept: Vec<String> = items.iter().filter(|i| *i != item).cloned().collect();
                    let mut trial = best.clone();
                    set(&mut trial, &section, &name, Value::List(kept));
                    if fails(&mut trial) {
                        best = trial;
                        changed = true;
                        break;
                    }
                }
            }
        }
        for (section, name) in known_fields(&best) {
            let Some(domain) = domains.get(&format!("{section}.{name}")) else {
                continue;
            };
            let current = best.value(&section, &name).clone();
            let Some(x) = number(&current) else {
                continue;
            };
            // The values next to a threshold (the ends of the range are not
            // boundaries a rule draws): a number already on one stays.
            let ends = [domain.field.min, domain.field.max];
            let mut candidates: Vec<&Value> = domain
                .values
                .iter()
                .filter(|v| number(v).is_some_and(|n| !ends.contains(&Some(n))))
                .collect();
            if candidates.contains(&&current) {
                continue;
            }
            candidates.sort_by(|a, b| {
                let da = (number(a).unwrap_or(x) - x).abs();
                let db = (number(b).unwrap_or(x) - x).abs();
                da.total_cmp(&db)
            });
            for candidate in candidates {
                let mut trial = best.clone();
                set(&mut trial, &section, &name, candidate.clone());
                if fails(&mut trial) {
                    best = trial;
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    best
}

fn number(value: &Value) -> Option<f64> {
    match value {
        #[allow(clippy::cast_precision_loss)]
        Value::Int(i) => Some(*i as f64),
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

/// The fields of a case that have an answer, in vocabulary order.
fn known_fields(case: &Case) -> Vec<(String, String)> {
    case.known()
        .map(|(section, name, _)| (section.to_string(), name.to_string()))
        .collect()
}

/// How many answers a case holds.
pub(crate) fn answered(case: &Case) -> usize {
    case.known().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Kind;
    use crate::ruleset::{RuleSet, RuleSource};
    use crate::safety::domain::blank_case;

    /// Given a failure that needs one true/false answer and a number at or above
    /// one of its thresholds, the minimised case keeps only those (and the
    /// required fields), with the number moved to the nearest value either side
    /// of a threshold at which it still fails: here the threshold itself.
    #[test]
    fn minimising_drops_what_does_not_matter_and_moves_numbers_to_the_boundary() {
        let rules = RuleSet::load(&RuleSource::Folder("rules".into())).expect("rules load");
        let domains = Domains::of(&rules, &[]);
        let numeric = domains
            .fields
            .iter()
            .find(|d| {
                d.field.kind == Kind::Number
                    && !d.field.required
                    && rules
                        .probes
                        .thresholds
                        .get(&d.qualified)
                        .is_some_and(|t| !t.is_empty())
            })
            .expect("a compared number field");
        let threshold = rules.probes.thresholds[&numeric.qualified][0];
        let flag = domains
            .fields
            .iter()
            .find(|d| d.field.kind == Kind::Boolean && d.field.applies_when.is_empty())
            .expect("a true/false field");
        // A rich case: every varied field answered with its last value.
        let mut case = blank_case(&rules.vocabulary);
        for domain in &domains.fields {
            if let Some(value) = domain.values.last() {
                set(&mut case, &domain.section, &domain.name, value.clone());
            }
        }
        set(&mut case, &flag.section, &flag.name, Value::Bool(true));
        // Between the threshold and the next value tried above it.
        let far = threshold + 0.04;
        set(
            &mut case,
            &numeric.section,
            &numeric.name,
            Value::Number(far),
        );
        let fails = |c: &Case| {
            c.value(&flag.section, &flag.name) == &Value::Bool(true)
                && number(c.value(&numeric.section, &numeric.name)).is_some_and(|n| n >= threshold)
        };
        assert!(fails(&case));
        let small = minimise(&case, &domains, &rules.vocabulary, fails);
        let required = domains.required().count();
        assert_eq!(answered(&small), required + 2, "{}", small.to_json());
        assert_eq!(
            number(small.value(&numeric.section, &numeric.name)),
            Some(threshold),
            "the number moves to the threshold"
        );
    }
}

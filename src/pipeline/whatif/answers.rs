//! The answers the what-if tries for one unanswered field.

use crate::case::{Field, Kind, Value};
use crate::ruleset::Probes;

/// Every answer worth trying for `field` (named `qualified`), in a stable order.
/// Answers that the rules cannot tell from unknown or from another answer already
/// tried are left out: `false` for a field only ever read as `yes(x)`, and, for a
/// field only ever compared with texts, all but one of the values never compared.
pub(super) fn candidates(field: &Field, qualified: &str, probes: &Probes) -> Vec<Value> {
    let values = || -> Vec<&String> {
        match probes.compared_texts(qualified) {
            Some(compared) => {
                let mut kept: Vec<&String> = field
                    .values
                    .iter()
                    .filter(|v| compared.contains(*v))
                    .collect();
                if let Some(other) = field.values.iter().find(|v| !compared.contains(*v)) {
                    kept.push(other);
                }
                kept
            }
            None => field.values.iter().collect(),
        }
    };
    match field.kind {
        Kind::Boolean => {
            let mut answers = Vec::new();
            if probes.true_matters(qualified) {
                answers.push(Value::Bool(true));
            }
            if probes.false_matters(qualified) {
                answers.push(Value::Bool(false));
            }
            answers
        }
        Kind::Choice => values().into_iter().cloned().map(Value::Text).collect(),
        Kind::List => values()
            .into_iter()
            .map(|v| Value::List(vec![v.clone()]))
            .collect(),
        Kind::Integer | Kind::Number => numbers(
            field,
            probes
                .thresholds
                .get(qualified)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        ),
        Kind::Text => Vec::new(),
    }
}

/// Just either side of every threshold, and the ends of the range, inside it.
/// (The safety module's deep check tries the same numbers.)
pub(crate) fn numbers(field: &Field, thresholds: &[f64]) -> Vec<Value> {
    let whole = field.kind == Kind::Integer;
    let step = if whole { 1.0 } else { 0.1 };
    let mut tried: Vec<f64> = Vec::new();
    for threshold in thresholds {
        for value in [threshold - step, *threshold, threshold + step] {
            tried.push(value);
        }
    }
    if let Some(min) = field.min {
        tried.push(min);
    }
    if let Some(max) = field.max {
        tried.push(max);
    }
    let in_range = |v: &f64| {
        v.is_finite()
            && field.min.is_none_or(|min| *v >= min)
            && field.max.is_none_or(|max| *v <= max)
    };
    let mut values: Vec<f64> = tried
        .into_iter()
        .filter(in_range)
        .map(|v| {
            if whole {
                v.round()
            } else {
                (v * 10.0).round() / 10.0
            }
        })
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
        .into_iter()
        .map(|v| {
            if whole {
                // Whole and inside the field's range: exact as an i64.
                #[allow(clippy::cast_possible_truncation)]
                Value::Int(v as i64)
            } else {
                Value::Number(v)
            }
        })
        .collect()
}

//! The answers the what-if tries for one unanswered field: for a number, one
//! value from each stretch between the thresholds the rules compare it with
//! (and each threshold itself), so that what a trial finds holds for the whole
//! stretch and can be said as a range.

use crate::assessment::Range;
use crate::case::{Field, Kind, Value};
use crate::ruleset::Probes;

/// One answer to try and, for a number, the stretch of values it stands for.
pub(super) struct Candidate {
    pub(super) value: Value,
    pub(super) stretch: Option<Stretch>,
}

/// Values of a number field between two ends, each included or not; an end at
/// infinity has no limit. Every value in a stretch compares alike with every
/// threshold the rules use, so one trial answers for all of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Stretch {
    low: f64,
    low_in: bool,
    high: f64,
    high_in: bool,
}

impl Stretch {
    /// This stretch and the next one (which starts where it ends) as one.
    pub(super) fn joined(self, next: Stretch) -> Stretch {
        Stretch {
            high: next.high,
            high_in: next.high_in,
            ..self
        }
    }

    /// As a report gives it: an end at the field's own limit (or without one)
    /// is left open; a whole-number field's ends are both included.
    pub(super) fn range(self, field: &Field) -> Range {
        let whole = field.kind == Kind::Integer;
        let at_min = self.low.is_infinite() || field.min.is_some_and(|m| self.low <= m);
        let at_max = self.high.is_infinite() || field.max.is_some_and(|m| self.high >= m);
        let (from, from_inclusive) = match (at_min, whole) {
            (true, _) => (None, false),
            (false, true) if !self.low_in || self.low.fract() != 0.0 => {
                (Some(self.low.floor() + 1.0), true)
            }
            (false, _) => (Some(self.low), self.low_in),
        };
        let (to, to_inclusive) = match (at_max, whole) {
            (true, _) => (None, false),
            (false, true) if !self.high_in || self.high.fract() != 0.0 => {
                (Some(self.high.ceil() - 1.0), true)
            }
            (false, _) => (Some(self.high), self.high_in),
        };
        Range {
            from,
            to,
            from_inclusive,
            to_inclusive,
            whole,
        }
    }
}

/// Every answer worth trying for `field` (named `qualified`), in a stable order
/// (numbers from low to high). Answers that the rules cannot tell from unknown
/// or from another answer already tried are left out: `false` for a field only
/// ever read as `yes(x)`, and, for a field only ever compared with texts, all
/// but one of the values never compared.
pub(super) fn candidates(field: &Field, qualified: &str, probes: &Probes) -> Vec<Candidate> {
    let plain = |values: Vec<Value>| {
        values
            .into_iter()
            .map(|value| Candidate {
                value,
                stretch: None,
            })
            .collect()
    };
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
            plain(answers)
        }
        Kind::Choice => plain(values().into_iter().cloned().map(Value::Text).collect()),
        Kind::List => plain(
            values()
                .into_iter()
                .map(|v| Value::List(vec![v.clone()]))
                .collect(),
        ),
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

/// The stretches of a number field cut at every threshold (each threshold a
/// stretch of its own), those that hold a value the field takes, with one value
/// of each to try.
fn numbers(field: &Field, thresholds: &[f64]) -> Vec<Candidate> {
    let low = field.min.unwrap_or(f64::NEG_INFINITY);
    let high = field.max.unwrap_or(f64::INFINITY);
    let mut cuts: Vec<f64> = thresholds
        .iter()
        .copied()
        .filter(|t| t.is_finite() && *t >= low && *t <= high)
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut stretches = Vec::new();
    let mut from = (low, field.min.is_some());
    for cut in &cuts {
        stretches.push(Stretch {
            low: from.0,
            low_in: from.1,
            high: *cut,
            high_in: false,
        });
        stretches.push(Stretch {
            low: *cut,
            low_in: true,
            high: *cut,
            high_in: true,
        });
        from = (*cut, false);
    }
    stretches.push(Stretch {
        low: from.0,
        low_in: from.1,
        high,
        high_in: field.max.is_some(),
    });
    let whole = field.kind == Kind::Integer;
    stretches
        .into_iter()
        .filter_map(|stretch| {
            let value = if whole {
                whole_in(stretch)?
            } else {
                number_in(stretch)?
            };
            Some(Candidate {
                value,
                stretch: Some(stretch),
            })
        })
        .collect()
}

/// Whether `v` lies in `stretch`.
fn inside(stretch: Stretch, v: f64) -> bool {
    let above = if stretch.low_in {
        v >= stretch.low
    } else {
        v > stretch.low
    };
    let below = if stretch.high_in {
        v <= stretch.high
    } else {
        v < stretch.high
    };
    v.is_finite() && above && below
}

/// A whole number in `stretch`, the lowest (the highest when it has no low end).
fn whole_in(stretch: Stretch) -> Option<Value> {
    let v = if stretch.low.is_finite() {
        if stretch.low_in {
            stretch.low.ceil()
        } else {
            stretch.low.floor() + 1.0
        }
    } else if stretch.high.is_finite() {
        if stretch.high_in {
            stretch.high.floor()
        } else {
            stretch.high.ceil() - 1.0
        }
    } else {
        0.0
    };
    // Whole and inside the field's range: exact as an i64.
    #[allow(clippy::cast_possible_truncation)]
    inside(stretch, v).then_some(Value::Int(v as i64))
}

/// A number in `stretch`: its low end when included, else a tenth above it (or
/// half way, in a narrow stretch); a tenth below the high end when it has no low.
fn number_in(stretch: Stretch) -> Option<Value> {
    let tenth = |v: f64| (v * 10.0).round() / 10.0;
    let v = match (stretch.low.is_finite(), stretch.high.is_finite()) {
        (true, _) if stretch.low_in => stretch.low,
        (true, true) => {
            let next = tenth(stretch.low + 0.1);
            if inside(stretch, next) {
                next
            } else {
                f64::midpoint(stretch.low, stretch.high)
            }
        }
        (true, false) => tenth(stretch.low + 0.1),
        (false, true) if stretch.high_in => stretch.high,
        (false, true) => tenth(stretch.high - 0.1),
        (false, false) => 0.0,
    };
    inside(stretch, v).then_some(Value::Number(v))
}

/// Just either side of every threshold, and the ends of the range, inside it:
/// the cases `diff --thresholds` compares (`threshold_cases.rs`). (The safety
/// module's deep check tries the same numbers.)
pub(crate) fn either_side(field: &Field, thresholds: &[f64]) -> Vec<Value> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: Kind, min: Option<f64>, max: Option<f64>) -> Field {
        Field {
            min,
            max,
            ..Field::new(kind, "?")
        }
    }

    #[test]
    fn a_number_is_tried_once_per_stretch_between_thresholds() {
        let temperature = field(Kind::Number, Some(25.0), Some(45.0));
        let tried: Vec<Value> = numbers(&temperature, &[38.0, 38.5])
            .into_iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(
            tried,
            [25.0, 38.0, 38.1, 38.5, 38.6].map(Value::Number).to_vec()
        );
        let ranges: Vec<String> = numbers(&temperature, &[38.0, 38.5])
            .into_iter()
            .filter_map(|c| c.stretch)
            .map(|s| s.range(&temperature).words(Some("degrees C")))
            .collect();
        assert_eq!(
            ranges,
            [
                "below 38.0 degrees C",
                "38.0 degrees C",
                "from above 38.0 to below 38.5 degrees C",
                "38.5 degrees C",
                "more than 38.5 degrees C"
            ]
        );
    }

    #[test]
    fn whole_numbers_have_included_ends_and_open_limits() {
        let age = field(Kind::Integer, Some(0.0), Some(120.0));
        let candidates = numbers(&age, &[60.0, 3.0]);
        let ranges: Vec<String> = candidates
            .iter()
            .filter_map(|c| c.stretch)
            .map(|s| s.range(&age).words(Some("years")))
            .collect();
        assert_eq!(
            ranges,
            [
                "2 years or less",
                "3 years",
                "from 4 to 59 years",
                "60 years",
                "61 years or more"
            ]
        );
        let joined = candidates[0]
            .stretch
            .expect("a stretch")
            .joined(candidates[1].stretch.expect("a stretch"));
        assert_eq!(joined.range(&age).words(None), "3 or less");
        let no_thresholds = numbers(&age, &[]);
        assert_eq!(no_thresholds.len(), 1);
        assert_eq!(
            no_thresholds[0]
                .stretch
                .expect("a stretch")
                .range(&age)
                .words(None),
            "any value"
        );
    }
}

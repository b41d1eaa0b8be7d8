//! What the what-if found for one answer to an unanswered question: a change of
//! the assessment ([`Change`]), or a rule that failed on it ([`FailedTrial`]).
//! Both are part of the assessment, so every report shows them.

use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::place::{Origin, RuleId};

/// One answer to an unanswered question that would change the assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `section.field`.
    pub field: String,
    /// The answer tried, as it would be written in the case.
    pub answer: serde_json::Value,
    /// The urgency with this answer.
    pub urgency: String,
    /// The destination with this answer (`null` for none).
    pub destination: Option<String>,
    /// Treatments suggested now that this answer would put under avoid.
    pub withdraws: Vec<String>,
    /// The rule line of the referral (or avoid) that the answer would fire.
    pub rule: Option<Origin>,
    /// For a number: every value from `from` to `to` gives this change, not only
    /// `answer` (which is one of them); absent for other fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    /// That referral's (or avoid's) rule block.
    pub rule_id: Option<RuleId>,
}

/// The values of a number field that give one outcome: `from` to `to`, each end
/// included or not; an end that is `None` is open (the range goes down to the
/// lowest value the field allows, or up to the highest), so a field's own limit
/// is never shown as if it were a finding. Whole-number fields have both ends
/// included (`61` rather than "above 60").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub from_inclusive: bool,
    pub to_inclusive: bool,
    /// Whether the field takes whole numbers: its ends are written as integers.
    pub whole: bool,
}

impl Range {
    /// Whether `value` is in the range.
    pub fn contains(&self, value: f64) -> bool {
        let above = self.from.is_none_or(|from| {
            if self.from_inclusive {
                value >= from
            } else {
                value > from
            }
        });
        let below = self.to.is_none_or(|to| {
            if self.to_inclusive {
                value <= to
            } else {
                value < to
            }
        });
        above && below
    }

    /// The range in words, with `unit` after the numbers: `38.0 degrees C or
    /// more`, `below 6 weeks`, `from 38.0 to below 38.5 degrees C`, `from 10 to
    /// 15 years`, `16 years`, `any value`.
    pub fn words(&self, unit: Option<&str>) -> String {
        let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
        let n = |v: f64| self.number(v);
        match (self.from, self.to) {
            (None, None) => "any value".to_string(),
            (Some(from), None) if self.from_inclusive => format!("{}{unit} or more", n(from)),
            (Some(from), None) => format!("more than {}{unit}", n(from)),
            (None, Some(to)) if self.to_inclusive => format!("{}{unit} or less", n(to)),
            (None, Some(to)) => format!("below {}{unit}", n(to)),
            (Some(from), Some(to)) if from.total_cmp(&to).is_eq() => format!("{}{unit}", n(from)),
            (Some(from), Some(to)) => {
                let start = if self.from_inclusive {
                    format!("from {}", n(from))
                } else {
                    format!("from above {}", n(from))
                };
                let end = if self.to_inclusive {
                    format!("to {}", n(to))
                } else {
                    format!("to below {}", n(to))
                };
                format!("{start} {end}{unit}")
            }
        }
    }

    /// A number as the field takes it: whole, or with its decimals (at least one).
    fn number(&self, value: f64) -> String {
        if self.whole {
            format!("{value:.0}")
        } else if (value * 10.0).fract().abs() < 1e-9 {
            format!("{value:.1}")
        } else {
            format!("{value}")
        }
    }

    /// An end as JSON: a whole number for a whole-number field.
    fn end(&self, value: Option<f64>) -> serde_json::Value {
        match value {
            // Whole-number ends of a field's range are far inside i64.
            #[allow(clippy::cast_possible_truncation)]
            Some(v) if self.whole => serde_json::Value::from(v.round() as i64),
            Some(v) => serde_json::Value::from(v),
            None => serde_json::Value::Null,
        }
    }
}

/// `{"from": 38.0, "to": null, "from_inclusive": true, "to_inclusive": false}`.
impl Serialize for Range {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Range", 4)?;
        state.serialize_field("from", &self.end(self.from))?;
        state.serialize_field("to", &self.end(self.to))?;
        state.serialize_field("from_inclusive", &self.from_inclusive)?;
        state.serialize_field("to_inclusive", &self.to_inclusive)?;
        state.end()
    }
}

/// One answer the what-if tried on which a rule failed. What that answer would
/// mean is not known, so it is never left out as if it changed nothing: the
/// report says so loudly and the command exits with a rule error.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedTrial {
    /// `section.field`.
    pub field: String,
    /// The answer tried, as it would be written in the case.
    pub answer: serde_json::Value,
    /// The rule's error on that answer.
    pub error: Error,
}

impl FailedTrial {
    /// Where and why the rules failed: `rules/x.rhai:12: message` for a rule
    /// error, the error's own words otherwise.
    pub fn reason(&self) -> String {
        match &self.error {
            Error::Rule(diagnostic) => match &diagnostic.location {
                Some(location) => format!(
                    "{}: {}",
                    Origin::line(location.file.clone(), location.line),
                    diagnostic.message
                ),
                None => diagnostic.message.clone(),
            },
            other => other.to_string(),
        }
    }

    /// The line every report prints for it.
    pub fn line(&self) -> String {
        format!(
            "RULES FAILED when trying {} = {}: {}; the rules must be fixed before this answer can be assessed",
            self.field,
            self.answer,
            self.reason()
        )
    }
}

/// `{"field": ..., "answer": ..., "error": "rules/x.rhai:12: message"}`.
impl Serialize for FailedTrial {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("FailedTrial", 3)?;
        state.serialize_field("field", &self.field)?;
        state.serialize_field("answer", &self.answer)?;
        state.serialize_field("error", &self.reason())?;
        state.end()
    }
}

//! When a question applies, as data a senior physiotherapist edits in
//! `vocabulary.toml`: the wound question only after an operation, alcohol from
//! age 16, energy availability for runners and athletes. The unanswered
//! questions reported, tried in the what-if and asked in the interview are only
//! those that apply.
//!
//! Unknown is not "no" here either: a condition on a field that is not answered
//! cannot rule a question out, so the question still applies (except `answered`,
//! which is about whether there is an answer at all).

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::value::Value;

/// One condition on another field of the case.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field the condition reads, as `section.field`.
    pub field: String,
    /// `true`: the field has an answer; `false`: it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    /// The field is true (or false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
    /// The field is one of these values (for a list: holds any of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    /// The field is at least this number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// The field is below this number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
}

impl Condition {
    /// `section` and `field` of the condition's field.
    pub fn target(&self) -> Option<(&str, &str)> {
        self.field.split_once('.')
    }

    /// Whether the condition holds for `case`; an unanswered field cannot rule
    /// the question out, so it holds (unless the condition is about `answered`).
    pub fn holds(&self, case: &Case) -> bool {
        let Some((section, field)) = self.target() else {
            return true;
        };
        let value = case.value(section, field);
        if let Some(answered) = self.answered {
            return value.is_known() == answered;
        }
        !value.is_known() || self.accepts(value)
    }

    /// Whether `value`, as the answer of the condition's field, meets the
    /// condition; an unknown value meets only `answered = false`.
    pub fn accepts(&self, value: &Value) -> bool {
        if let Some(answered) = self.answered
            && value.is_known() != answered
        {
            return false;
        }
        let number = match value {
            Value::Unknown => return self.answered == Some(false) && !self.tests_the_answer(),
            Value::Int(i) => Some(i64_to_f64(*i)),
            Value::Number(n) => Some(*n),
            _ => None,
        };
        let is_ok = self.is.is_none_or(|wanted| *value == Value::Bool(wanted));
        let one_of_ok = self.one_of.is_empty()
            || match value {
                Value::Text(text) => self.one_of.contains(text),
                Value::List(items) => items.iter().any(|item| self.one_of.contains(item)),
                _ => false,
            };
        let at_least_ok = self
            .at_least
            .is_none_or(|min| number.is_some_and(|n| n >= min));
        let below_ok = self.below.is_none_or(|max| number.is_some_and(|n| n < max));
        is_ok && one_of_ok && at_least_ok && below_ok
    }

    /// Whether the condition asks something of the answer itself (not only
    /// whether there is one).
    fn tests_the_answer(&self) -> bool {
        self.is.is_some()
            || !self.one_of.is_empty()
            || self.at_least.is_some()
            || self.below.is_some()
    }

    /// Whether the condition holds for sure: as [`Condition::holds`], except that
    /// an unanswered field does not satisfy it (only `answered = false` does). A
    /// safety property's premise uses this reading: a property about a "yes" is
    /// not claimed for a case where the question was never answered.
    pub fn holds_for_sure(&self, case: &Case) -> bool {
        self.target()
            .is_some_and(|(section, field)| self.accepts(case.value(section, field)))
    }

    /// Whether the condition tests anything at all (a condition with only a
    /// field names the field and asks nothing of it).
    pub fn tests_something(&self) -> bool {
        self.answered.is_some() || self.tests_the_answer()
    }
}

#[allow(clippy::cast_precision_loss)]
fn i64_to_f64(value: i64) -> f64 {
    value as f64
}

/// When a field applies: every condition of `all`, and at least one of `any`
/// when it has any.
pub(super) fn applies(all: &[Condition], any: &[Condition], case: &Case) -> bool {
    all.iter().all(|c| c.holds(case)) && (any.is_empty() || any.iter().any(|c| c.holds(case)))
}

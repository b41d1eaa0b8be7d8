//! When a question applies, as data a senior physiotherapist edits in
//! `vocabulary.toml`: the wound question only after an operation, alcohol from
//! age 16, energy availability for runners and athletes. The unanswered
//! questions reported, tried in the what-if and asked in the interview are only
//! those that apply.
//!
//! Unknown is not "no" here either: a condition on a field that is not answered
//! cannot rule a question out, so the question still applies (except `answered`,
//! which is about whether there is an answer at all). `answered = true` written
//! together with a test (`{ field = "history.surgery", answered = true, one_of =
//! [...] }`) means "answered, and the answer passes the test": the strict form a
//! question needs when it should follow only from a known answer (the wound
//! question after an operation that is recorded, not after an unknown one).

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::value::Value;

/// One condition on another field of the case.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field the condition reads, as `section.field`.
    pub field: String,
    /// `true`: the field has an answer (and, with a test beside it, the answer
    /// passes the test); `false`: it has none.
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

    /// Whether the condition has a test on the answer (`is`, `one_of`,
    /// `at_least`, `below`), beside or instead of `answered`.
    pub fn has_test(&self) -> bool {
        self.is.is_some()
            || !self.one_of.is_empty()
            || self.at_least.is_some()
            || self.below.is_some()
    }

    /// Whether the condition holds for `case`; an unanswered field cannot rule
    /// the question out, so it holds (unless the condition is about `answered`:
    /// alone it asks only whether there is an answer, and with a test beside it
    /// the field must be answered and pass the test).
    pub fn holds(&self, case: &Case) -> bool {
        let Some((section, field)) = self.target() else {
            return true;
        };
        let value = case.value(section, field);
        if let Some(answered) = self.answered
            && (value.is_known() != answered || !answered || !self.has_test())
        {
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
            Value::Unknown => return self.answered == Some(false) && !self.has_test(),
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
        self.answered.is_some() || self.has_test()
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

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::place::Origin;

    fn case(surgery: Option<&str>) -> Case {
        let mut history = IndexMap::new();
        history.insert(
            "surgery".to_string(),
            surgery.map_or(Value::Unknown, |s| Value::Text(s.to_string())),
        );
        let mut sections = IndexMap::new();
        sections.insert("history".to_string(), history);
        Case {
            id: None,
            origin: Origin::file("test.json"),
            sections,
            warnings: Vec::new(),
        }
    }

    fn operation(answered: Option<bool>) -> Condition {
        Condition {
            field: "history.surgery".to_string(),
            answered,
            one_of: vec!["hip_arthroscopy".to_string()],
            ..Condition::default()
        }
    }

    #[test]
    fn a_test_alone_holds_on_an_unanswered_field() {
        assert!(operation(None).holds(&case(None)));
        assert!(operation(None).holds(&case(Some("hip_arthroscopy"))));
        assert!(!operation(None).holds(&case(Some("none"))));
    }

    #[test]
    fn answered_with_a_test_needs_an_answer_that_passes_it() {
        let strict = operation(Some(true));
        assert!(!strict.holds(&case(None)), "unanswered does not pass");
        assert!(strict.holds(&case(Some("hip_arthroscopy"))));
        assert!(
            !strict.holds(&case(Some("none"))),
            "answered, but not one of"
        );
    }

    #[test]
    fn answered_alone_asks_only_whether_there_is_an_answer() {
        let answered = Condition {
            field: "history.surgery".to_string(),
            answered: Some(true),
            ..Condition::default()
        };
        assert!(answered.holds(&case(Some("none"))));
        assert!(!answered.holds(&case(None)));
        let unanswered = Condition {
            answered: Some(false),
            ..answered
        };
        assert!(unanswered.holds(&case(None)));
        assert!(!unanswered.holds(&case(Some("none"))));
    }
}

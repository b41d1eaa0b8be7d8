//! The vocabulary checked as it is read: each field's type, bounds, `normal`
//! value and values, each applicability condition (an existing field, tested
//! in a way its kind allows), and the interview's order, every problem at its
//! place in `vocabulary.toml`.

use super::applicability::Condition;
use super::case::CASE_ID_KEY;
use super::vocabulary::{
    DEFINED, EXPECT_KEY, Kind, MAX_LIST_ITEMS, MAX_TEXT_CHARS, Vocabulary, locate_key,
};
use crate::error::Error;

impl Vocabulary {
    /// Every problem with the vocabulary as read from `file` (`text`), each
    /// at its place: a field's type and bounds, its values, its conditions,
    /// and the interview's order.
    pub(super) fn check(&self, file: &str, text: &str) -> Result<(), Error> {
        let mut problems = Vec::new();
        for (section_name, section) in &self.sections {
            if [CASE_ID_KEY, EXPECT_KEY, DEFINED].contains(&section_name.as_str()) {
                problems.push(Error::rule(
                    locate_key(file, text, section_name),
                    format!(
                        "`{section_name}` is reserved for the case itself and cannot be a section"
                    ),
                ));
            }
            for (name, field) in &section.fields {
                let at = || locate_key(file, text, name);
                let needs_values = matches!(field.kind, Kind::Choice | Kind::List);
                if needs_values && field.values.is_empty() {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: a {} field needs `values`",
                            field.kind.name()
                        ),
                    ));
                }
                if !needs_values && !field.values.is_empty() {
                    problems.push(Error::rule(
                        at(),
                        format!("{section_name}.{name}: only choice and list fields take `values`"),
                    ));
                }
                let numeric = matches!(field.kind, Kind::Integer | Kind::Number);
                if !numeric && (field.min.is_some() || field.max.is_some()) {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: only integer and number fields take `min`/`max`"
                        ),
                    ));
                }
                if !numeric && field.normal.is_some() {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: only integer and number fields take `normal`"
                        ),
                    ));
                }
                if let Some(normal) = field.normal {
                    let below = field.min.is_some_and(|min| normal < min);
                    let above = field.max.is_some_and(|max| normal > max);
                    let whole = field.kind == Kind::Integer && normal.fract() != 0.0;
                    if below || above || whole {
                        problems.push(Error::rule(
                            at(),
                            format!(
                                "{section_name}.{name}: `normal` ({normal}) must be {}",
                                field.allowed()
                            ),
                        ));
                    }
                }
                for (key, bound) in [
                    ("min", field.min),
                    ("max", field.max),
                    ("normal", field.normal),
                ] {
                    if bound.is_some_and(|b| !b.is_finite()) {
                        problems.push(Error::rule(
                            at(),
                            format!("{section_name}.{name}: `{key}` must be a finite number"),
                        ));
                    }
                }
                if field.question.trim().is_empty() {
                    problems.push(Error::rule(
                        at(),
                        format!("{section_name}.{name}: `question` is empty: give the question a clinician asks"),
                    ));
                }
                if field.values.len() > MAX_LIST_ITEMS {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: {} values; a field lists at most {MAX_LIST_ITEMS}",
                            field.values.len()
                        ),
                    ));
                }
                if let Some(long) = field
                    .values
                    .iter()
                    .find(|v| v.chars().count() > MAX_TEXT_CHARS)
                {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: the value \"{}\" is longer than {MAX_TEXT_CHARS} characters",
                            crate::text::shown(long)
                        ),
                    ));
                }
                let mut seen = std::collections::HashSet::new();
                for value in &field.values {
                    if value.trim().is_empty() || !seen.insert(value) {
                        problems.push(Error::rule(
                            at(),
                            format!("{section_name}.{name}: the value \"{value}\" is empty or listed twice"),
                        ));
                    }
                }
                if let (Some(min), Some(max)) = (field.min, field.max)
                    && min > max
                {
                    problems.push(Error::rule(
                        at(),
                        format!(
                            "{section_name}.{name}: `min` ({min}) is larger than `max` ({max})"
                        ),
                    ));
                }
            }
        }
        problems.extend(self.condition_problems(file, text));
        let names: Vec<String> = self.qualified_names().collect();
        let red_flag = |qualified: &str| {
            qualified.split_once('.').is_some_and(|(section, name)| {
                self.sections.get(section).is_some_and(|s| {
                    s.red_flag_questions
                        && s.fields.get(name).is_some_and(|f| f.kind == Kind::Boolean)
                })
            })
        };
        for (key, message) in self.interview.problems(&names, red_flag) {
            problems.push(Error::rule(locate_key(file, text, key), message));
        }
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::RulesInvalid(problems)),
        }
    }

    /// Problems with the applicability conditions: each names an existing field
    /// and tests it in a way its kind allows.
    fn condition_problems(&self, file: &str, text: &str) -> Vec<Error> {
        let mut problems = Vec::new();
        for (section_name, section) in &self.sections {
            for (name, field) in &section.fields {
                for condition in field.applies_when.iter().chain(&field.applies_when_any) {
                    if let Some(message) = self.condition_problem(condition, "applies_when") {
                        problems.push(Error::rule(
                            locate_key(file, text, name),
                            format!("{section_name}.{name}: {message}"),
                        ));
                    }
                }
            }
        }
        problems
    }

    /// What is wrong with one condition, if anything: it must name a field of
    /// this vocabulary and test it in a way the field's kind allows, with values
    /// the field can take (a did-you-mean for a mis-typed field or value).
    /// `key` is how the conditions are introduced in the file (`applies_when`),
    /// for the message. Shared by the vocabulary's own conditions and the safety
    /// properties' `when`, which are written in the same language.
    pub(crate) fn condition_problem(&self, condition: &Condition, key: &str) -> Option<String> {
        let Some(target) = condition.target().and_then(|(s, f)| self.field(s, f)) else {
            let names: Vec<String> = self.qualified_names().collect();
            return Some(format!(
                "{key} names `{}`, which is not a field (write section.field){}",
                condition.field,
                crate::text::did_you_mean(&condition.field, names.iter().map(String::as_str))
            ));
        };
        if condition.answered == Some(false) && condition.has_test() {
            return Some(format!(
                "`answered = false` cannot go with a test of the answer (`is`, `one_of`, `at_least`, `below`) on `{}`: an unanswered field has none",
                condition.field
            ));
        }
        let numeric = matches!(target.kind, Kind::Integer | Kind::Number);
        if (condition.at_least.is_some() || condition.below.is_some()) && !numeric {
            return Some(format!(
                "`at_least`/`below` need a number field, and `{}` is not one",
                condition.field
            ));
        }
        if condition.is.is_some() && target.kind != Kind::Boolean {
            return Some(format!(
                "`is` needs a true/false field, and `{}` is not one",
                condition.field
            ));
        }
        condition
            .one_of
            .iter()
            .find(|v| !target.values.contains(v))
            .map(|value| {
                format!(
                    "\"{value}\" is not a value of `{}` ({}){}",
                    condition.field,
                    target.allowed(),
                    crate::text::did_you_mean(value, target.values.iter().map(String::as_str))
                )
            })
    }
}

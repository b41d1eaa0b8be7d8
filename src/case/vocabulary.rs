//! The case vocabulary: which sections and fields a case may have, their types,
//! allowed values and ranges, and the question a clinician would ask.
//!
//! It is loaded from `rules/vocabulary.toml`, so a senior physiotherapist can add a
//! field without recompiling; case validation, the rules' field access, `triage
//! fields` and `triage schema` are all driven by this one description.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::applicability::{Condition, applies};
use super::case::Case;
use super::interview_order::{InterviewOrder, split};
use super::value::Value;
use crate::error::Error;
use crate::place::Location;

/// Top-level keys of a case that are not sections.
pub(crate) const CASE_ID_KEY: &str = "id";
/// The variable through which rules read the shared definitions (`defined.name`):
/// reserved, so no case section can take its name.
pub(crate) const DEFINED: &str = "defined";
/// A fixture's reviewed expected outcome travels inside the case under this key.
pub(crate) const EXPECT_KEY: &str = "expect";

/// The whole vocabulary, sections in file order.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    pub sections: IndexMap<String, Section>,
    /// The vocabulary's fingerprint: the first 16 hex digits of the SHA-256 of
    /// its sections as read (not of the file, so a comment changes nothing). The
    /// FHIR form's version: a response to another version is not read.
    #[serde(skip)]
    pub version: String,
    /// The interview's order: context questions and red-flag checklists (the
    /// `[interview]` table; see `interview_order.rs`).
    #[serde(skip_serializing_if = "is_default")]
    pub interview: InterviewOrder,
    /// Every section with every field unknown, in vocabulary order: what
    /// validation starts each case from (copied, never hashed again).
    #[serde(skip)]
    blank: IndexMap<String, IndexMap<String, Value>>,
}

fn is_default(order: &InterviewOrder) -> bool {
    *order == InterviewOrder::default()
}

/// One section of a case, such as `screening`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What the section records, in a clinician's words.
    pub about: String,
    /// When true, every field left unknown is reported under `not_screened`.
    #[serde(default)]
    pub red_flag_questions: bool,
    pub fields: IndexMap<String, Field>,
}

/// One field of a section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    #[serde(rename = "type")]
    pub kind: Kind,
    /// The question a clinician asks to fill this field.
    pub question: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Allowed values for `choice` and `list` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A value inside the healthy range of a measurement (36.8 for a body
    /// temperature), for `integer` and `number` fields. The what-if tries it
    /// when it looks for answers that would lower the urgency together: a rule
    /// that stands down on normal vital signs needs every one of them normal
    /// at once, which the ends and the middle of each range never are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<f64>,
    /// The question applies only when every one of these holds (see
    /// `applicability.rs`); no conditions means always.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_when: Vec<Condition>,
    /// ... and at least one of these, when given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_when_any: Vec<Condition>,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `true` or `false`.
    Boolean,
    /// A whole number, optionally within `min`..=`max`.
    Integer,
    /// A number that may have decimals, optionally within `min`..=`max`.
    Number,
    /// One of `values`.
    Choice,
    /// A list of `values`.
    List,
    /// Free text (at most [`MAX_TEXT_CHARS`] characters).
    Text,
}

pub(crate) use crate::limits::{MAX_LIST_ITEMS, MAX_TEXT_CHARS};

impl Kind {
    /// The type's name as written in the vocabulary file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Choice => "choice",
            Kind::List => "list",
            Kind::Text => "text",
        }
    }
}

impl Field {
    /// What values this field accepts, in words, for error messages and `triage fields`.
    pub fn allowed(&self) -> String {
        let range = match (self.min, self.max) {
            (Some(min), Some(max)) => format!(" from {min} to {max}"),
            (Some(min), None) => format!(" of at least {min}"),
            (None, Some(max)) => format!(" of at most {max}"),
            (None, None) => String::new(),
        };
        match self.kind {
            Kind::Boolean => "true or false".to_string(),
            Kind::Integer => format!("a whole number{range}"),
            Kind::Number => format!("a number{range}"),
            Kind::Choice => format!("one of {}", crate::text::quoted_list(&self.values)),
            Kind::List => format!("a list of {}", crate::text::quoted_list(&self.values)),
            Kind::Text => format!("text of at most {MAX_TEXT_CHARS} characters"),
        }
    }
}

impl Vocabulary {
    /// Parses and checks `vocabulary.toml`; `file` is the path shown in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, Error> {
        let (sections_text, interview_text) = split(text);
        let sections: IndexMap<String, Section> =
            toml::from_str(&sections_text).map_err(|e| toml_error(file, &sections_text, &e))?;
        let interview = InterviewOrder::from_toml(&interview_text)
            .map_err(|e| toml_error(file, &interview_text, &e))?;
        let version = fingerprint(&sections);
        let blank = sections
            .iter()
            .map(|(name, section)| {
                let fields = section
                    .fields
                    .keys()
                    .map(|field| (field.clone(), Value::Unknown));
                (name.clone(), fields.collect())
            })
            .collect();
        let vocabulary = Vocabulary {
            sections,
            version,
            interview,
            blank,
        };
        vocabulary.check(file, text)?;
        Ok(vocabulary)
    }

    /// Every section with every field unknown, in vocabulary order.
    pub(crate) fn blank(&self) -> &IndexMap<String, IndexMap<String, Value>> {
        &self.blank
    }

    fn check(&self, file: &str, text: &str) -> Result<(), Error> {
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

    /// Whether the question `section.name` applies to `case` (see `applicability.rs`).
    pub fn applies(&self, section: &str, name: &str, case: &Case) -> bool {
        self.field(section, name)
            .is_none_or(|f| applies(&f.applies_when, &f.applies_when_any, case))
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

    /// The field `section.name`, if the vocabulary has it.
    pub fn field(&self, section: &str, name: &str) -> Option<&Field> {
        self.sections.get(section)?.fields.get(name)
    }

    /// All `section.field` names, in vocabulary order.
    pub fn qualified_names(&self) -> impl Iterator<Item = String> + '_ {
        self.sections.iter().flat_map(|(section_name, section)| {
            section
                .fields
                .keys()
                .map(move |name| format!("{section_name}.{name}"))
        })
    }
}

/// `vocabulary-` and 16 hex digits of the SHA-256 of the sections as JSON.
fn fingerprint(sections: &IndexMap<String, Section>) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(sections).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let hex = digest.iter().take(8).fold(String::new(), |mut hex, byte| {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
        hex
    });
    format!("vocabulary-{hex}")
}

/// Turns a TOML parse error into a located rule error.
pub(crate) fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> Error {
    let location = match error.span() {
        Some(span) => Location::at_offset(file, text, span.start),
        None => Location::file_only(file),
    };
    let message = error.message().trim();
    let located = Error::rule(location, message.to_string());
    match misspelt(message) {
        Some(help) => located.with_help(help),
        None => located,
    }
}

/// A did-you-mean for serde's "unknown variant `boolen`, expected one of
/// `boolean`, ..." (a misspelt type) and "unknown field `x`, expected ...".
fn misspelt(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown variant `")
        .or_else(|| message.strip_prefix("unknown field `"))?;
    let (typed, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::text::closest(typed, candidates.iter().copied())
        .map(|closest| format!("did you mean `{closest}`?"))
}

/// Best-effort location of `key = ...` or `[...key]` in a TOML file, for errors
/// found after parsing (TOML spans are lost once deserialised).
pub(crate) fn locate_key(file: &str, text: &str, key: &str) -> Location {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let defines = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
            || (trimmed.starts_with('[') && trimmed.contains(key));
        if defines {
            let column = line.len() - trimmed.len() + 1;
            return Location::in_source(file, text, index + 1, column);
        }
    }
    Location::file_only(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[a]
about = "a"
[a.fields]
up = { type = "boolean", question = "Up?" }
"#;

    #[test]
    fn answered_true_may_go_with_a_test_but_answered_false_may_not() {
        let strict = format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.up\", answered = true, is = true }}] }}"
        );
        assert!(Vocabulary::from_toml("v.toml", &strict).is_ok());
        let contradiction = format!(
            "{HEAD}q = {{ type = \"boolean\", question = \"Q?\", applies_when = [{{ field = \"a.up\", answered = false, is = true }}] }}"
        );
        let error = Vocabulary::from_toml("v.toml", &contradiction)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("`answered = false` cannot go with a test"),
            "{error}"
        );
    }
}

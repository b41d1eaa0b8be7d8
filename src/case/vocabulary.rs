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
    /// A field of `kind` asked with `question`, and nothing else set: for a
    /// prompt that is not a vocabulary question (a checklist) and for tests.
    pub fn new(kind: Kind, question: &str) -> Field {
        Field {
            kind,
            question: question.to_string(),
            required: false,
            min: None,
            max: None,
            values: Vec::new(),
            unit: None,
            normal: None,
            applies_when: Vec::new(),
            applies_when_any: Vec::new(),
        }
    }

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

    /// Whether the question `section.name` applies to `case` (see `applicability.rs`).
    pub fn applies(&self, section: &str, name: &str, case: &Case) -> bool {
        self.field(section, name)
            .is_none_or(|f| applies(&f.applies_when, &f.applies_when_any, case))
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

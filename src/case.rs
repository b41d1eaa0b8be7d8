//! A validated case: every vocabulary field present, each either a checked value or
//! `Unknown`. Nothing is guessed: anything the vocabulary does not allow is refused
//! with an error naming `section.field`, the value and what is allowed.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use crate::error::Error;
use crate::expect::Expectation;
use crate::json;
use crate::suggest::did_you_mean;
use crate::vocabulary::{CASE_ID_KEY, EXPECT_KEY, Field, Kind, MAX_TEXT_CHARS, Vocabulary};

/// A field's value after validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Left out or `null`: not known, not asked. Never treated as "no".
    Unknown,
    Bool(bool),
    Int(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// Whether the value was given.
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown)
    }

    /// The value as JSON, for traces and reports.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Unknown => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Value::Text(t) => Json::String(t.clone()),
            Value::List(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
        }
    }
}

/// One patient's case, complete against the vocabulary.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's `id`, when given.
    pub id: Option<String>,
    /// Where the case came from (file path, `<stdin>`, `file.jsonl:3`), for messages.
    pub origin: String,
    /// Every section and field of the vocabulary, in vocabulary order.
    pub sections: IndexMap<String, IndexMap<String, Value>>,
    /// A fixture's reviewed expected outcome, if the case carries one.
    pub expect: Option<Expectation>,
}

impl Case {
    /// Parses and validates one case from JSON text.
    pub fn from_json(text: &str, origin: &str, vocabulary: &Vocabulary) -> Result<Case, Error> {
        let json = json::parse_object(text, origin)?;
        Case::from_object(json, origin, vocabulary)
    }

    /// Validates an already parsed JSON object.
    pub fn from_object(
        object: Map<String, Json>,
        origin: &str,
        vocabulary: &Vocabulary,
    ) -> Result<Case, Error> {
        let field_error = |field: String, message: String| Error::CaseField {
            origin: origin.to_string(),
            field,
            message,
        };
        let mut id = None;
        let mut expect = None;
        let mut given: IndexMap<String, Map<String, Json>> = IndexMap::new();
        for (key, value) in object {
            match key.as_str() {
                CASE_ID_KEY => {
                    id = match value {
                        Json::Null => None,
                        Json::String(s) if s.chars().count() <= MAX_TEXT_CHARS => Some(s),
                        Json::String(_) => {
                            return Err(field_error(
                                key,
                                format!("the case id is longer than {MAX_TEXT_CHARS} characters"),
                            ));
                        }
                        other => {
                            return Err(field_error(
                                key,
                                format!("expected the case id as text, found {}", describe(&other)),
                            ));
                        }
                    }
                }
                EXPECT_KEY => {
                    expect = Some(Expectation::from_json(value).map_err(|message| {
                        field_error(EXPECT_KEY.to_string(), message)
                    })?);
                }
                section if vocabulary.sections.contains_key(section) => match value {
                    Json::Object(fields) => {
                        given.insert(key, fields);
                    }
                    Json::Null => {}
                    other => {
                        return Err(field_error(
                            key,
                            format!("expected a section object {{ ... }}, found {}", describe(&other)),
                        ));
                    }
                },
                unknown => {
                    let known = vocabulary
                        .sections
                        .keys()
                        .map(String::as_str)
                        .chain([CASE_ID_KEY, EXPECT_KEY]);
                    let hint = did_you_mean(unknown, known.clone());
                    let all: Vec<&str> = known.collect();
                    return Err(field_error(
                        unknown.to_string(),
                        format!(
                            "unknown section{hint}{}",
                            if hint.is_empty() {
                                format!(" (a case has: {})", all.join(", "))
                            } else {
                                String::new()
                            }
                        ),
                    ));
                }
            }
        }

        let mut sections = IndexMap::new();
        for (section_name, section) in &vocabulary.sections {
            let mut fields_given = given.shift_remove(section_name).unwrap_or_default();
            let mut values = IndexMap::new();
            for (name, field) in &section.fields {
                let qualified = format!("{section_name}.{name}");
                let raw = fields_given.shift_remove(name).unwrap_or(Json::Null);
                let value = check_value(field, raw).map_err(|m| field_error(qualified.clone(), m))?;
                if field.required && !value.is_known() {
                    return Err(field_error(
                        qualified,
                        format!("is required: give {}", field.allowed()),
                    ));
                }
                values.insert(name.clone(), value);
            }
            if let Some((unknown, _)) = fields_given.into_iter().next() {
                let hint = did_you_mean(&unknown, section.fields.keys().map(String::as_str));
                return Err(field_error(
                    format!("{section_name}.{unknown}"),
                    format!("unknown field in section `{section_name}`{hint}"),
                ));
            }
            sections.insert(section_name.clone(), values);
        }
        Ok(Case {
            id,
            origin: origin.to_string(),
            sections,
            expect,
        })
    }

    /// The value of `section.field` (Unknown if the vocabulary has no such field).
    pub fn value(&self, section: &str, field: &str) -> &Value {
        self.sections
            .get(section)
            .and_then(|fields| fields.get(field))
            .unwrap_or(&Value::Unknown)
    }
}

/// Checks one raw JSON value against its field description.
fn check_value(field: &Field, raw: Json) -> Result<Value, String> {
    if raw.is_null() {
        return Ok(Value::Unknown);
    }
    let wrong = |raw: &Json| format!("expected {}, found {}", field.allowed(), describe(raw));
    match field.kind {
        Kind::Boolean => raw.as_bool().map(Value::Bool).ok_or_else(|| wrong(&raw)),
        Kind::Integer => {
            let number = raw.as_f64().ok_or_else(|| wrong(&raw))?;
            if number.fract() != 0.0 || number.abs() > 1e15 {
                return Err(format!("expected a whole number, found {}", describe(&raw)));
            }
            in_range(field, number, &raw)?;
            // Exact: whole numbers below 1e15 convert to i64 without loss.
            Ok(Value::Int(number as i64))
        }
        Kind::Number => {
            let number = raw.as_f64().ok_or_else(|| wrong(&raw))?;
            in_range(field, number, &raw)?;
            Ok(Value::Number(number))
        }
        Kind::Choice => {
            let text = raw.as_str().ok_or_else(|| wrong(&raw))?;
            allowed_value(field, text)?;
            Ok(Value::Text(text.to_string()))
        }
        Kind::List => {
            let items = raw.as_array().ok_or_else(|| wrong(&raw))?;
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                let text = item.as_str().ok_or_else(|| wrong(&raw))?;
                allowed_value(field, text)?;
                if !list.iter().any(|seen| seen == text) {
                    list.push(text.to_string());
                }
            }
            Ok(Value::List(list))
        }
        Kind::Text => {
            let text = raw.as_str().ok_or_else(|| wrong(&raw))?;
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(format!("text is longer than {MAX_TEXT_CHARS} characters"));
            }
            Ok(Value::Text(text.to_string()))
        }
    }
}

fn in_range(field: &Field, number: f64, raw: &Json) -> Result<(), String> {
    let below = field.min.is_some_and(|min| number < min);
    let above = field.max.is_some_and(|max| number > max);
    if below || above || !number.is_finite() {
        return Err(format!("{} is out of range: expected {}", raw, field.allowed()));
    }
    Ok(())
}

fn allowed_value(field: &Field, text: &str) -> Result<(), String> {
    if field.values.iter().any(|v| v == text) {
        return Ok(());
    }
    let hint = did_you_mean(text, field.values.iter().map(String::as_str));
    Err(format!(
        "\"{text}\" is not allowed{hint} (allowed: {})",
        crate::vocabulary::quoted_list(&field.values)
    ))
}

/// A short description of a JSON value for error messages: its type and, if short, the value.
pub fn describe(value: &Json) -> String {
    let text = value.to_string();
    let shown = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    };
    let kind = match value {
        Json::Null => return "null".to_string(),
        Json::Bool(_) => "true/false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    };
    format!("{kind} {shown}")
}

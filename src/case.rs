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
                        Json::String(s) => match check_text(&s) {
                            Ok(()) => Some(s),
                            Err(problem) => {
                                return Err(field_error(key, format!("the case id {problem}")));
                            }
                        },
                        other => {
                            return Err(field_error(
                                key,
                                format!("expected the case id as text, found {}", describe(&other)),
                            ));
                        }
                    }
                }
                EXPECT_KEY => {
                    expect = Some(
                        Expectation::from_json(value)
                            .map_err(|message| field_error(EXPECT_KEY.to_string(), message))?,
                    );
                }
                section if vocabulary.sections.contains_key(section) => match value {
                    Json::Object(fields) => {
                        given.insert(key, fields);
                    }
                    Json::Null => {}
                    other => {
                        return Err(field_error(
                            key,
                            format!(
                                "expected a section object {{ ... }}, found {}",
                                describe(&other)
                            ),
                        ));
                    }
                },
                unknown => {
                    let known = vocabulary
                        .sections
                        .keys()
                        .map(String::as_str)
                        .chain([CASE_ID_KEY, EXPECT_KEY]);
                    let hint = hint(unknown, known.clone());
                    let all: Vec<&str> = known.collect();
                    return Err(field_error(
                        shown(unknown),
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
                let value =
                    check_value(field, raw).map_err(|m| field_error(qualified.clone(), m))?;
                if field.required && !value.is_known() {
                    return Err(field_error(
                        qualified,
                        format!("is required: give {}", field.allowed()),
                    ));
                }
                values.insert(name.clone(), value);
            }
            if let Some((unknown, _)) = fields_given.into_iter().next() {
                let known = section.fields.keys().map(String::as_str);
                let hint = hint(&unknown, known.clone());
                let listed = if hint.is_empty() {
                    format!(" (its fields: {})", known.collect::<Vec<_>>().join(", "))
                } else {
                    String::new()
                };
                return Err(field_error(
                    format!("{section_name}.{}", shown(&unknown)),
                    format!("unknown field in section `{section_name}`{hint}{listed}"),
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
            // Range first: 1e20 is "out of range", not "not a whole number".
            in_range(field, number, &raw)?;
            if number.abs() > MAX_WHOLE {
                return Err(format!(
                    "{} is too large: expected {}",
                    describe(&raw),
                    field.allowed()
                ));
            }
            if number.fract() != 0.0 {
                return Err(format!(
                    "expected {}, found {}",
                    field.allowed(),
                    describe(&raw)
                ));
            }
            // Exact: whole numbers up to MAX_WHOLE convert to i64 without loss.
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
            for (index, item) in items.iter().enumerate() {
                let text = item.as_str().ok_or_else(|| {
                    format!(
                        "item {} of the list is {}: expected {}",
                        index + 1,
                        describe(item),
                        field.allowed()
                    )
                })?;
                allowed_value(field, text)?;
                if !list.iter().any(|seen| seen == text) {
                    list.push(text.to_string());
                }
            }
            Ok(Value::List(list))
        }
        Kind::Text => {
            let text = raw.as_str().ok_or_else(|| wrong(&raw))?;
            check_text(text).map_err(|problem| format!("the text {problem}"))?;
            Ok(Value::Text(text.to_string()))
        }
    }
}

/// Free text (the case id, text fields) is short and on one line. Control
/// characters are refused because the text report prints it as given: a line break
/// would forge a report line and a terminal escape could rewrite the screen.
fn check_text(text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("is longer than {MAX_TEXT_CHARS} characters"));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!(
            "contains a control character ({}): write it on one line, without tabs or escapes",
            c.escape_default()
        ));
    }
    Ok(())
}

fn in_range(field: &Field, number: f64, raw: &Json) -> Result<(), String> {
    let below = field.min.is_some_and(|min| number < min);
    let above = field.max.is_some_and(|max| number > max);
    if below || above || !number.is_finite() {
        return Err(format!(
            "{} is out of range: expected {}",
            shown(&raw.to_string()),
            field.allowed()
        ));
    }
    Ok(())
}

fn allowed_value(field: &Field, text: &str) -> Result<(), String> {
    if field.values.iter().any(|v| v == text) {
        return Ok(());
    }
    let hint = hint(text, field.values.iter().map(String::as_str));
    Err(format!(
        "\"{}\" is not allowed{hint} (allowed: {})",
        shown(text),
        crate::vocabulary::quoted_list(&field.values)
    ))
}

/// Whole numbers above this are refused: they are typos in a clinical case, and
/// below it an f64 holds every whole number exactly, so the i64 conversion is exact.
const MAX_WHOLE: f64 = 1e15;

/// Longest name or value quoted back in a message; longer ones are cut with `…`.
const MAX_SHOWN_CHARS: usize = 60;

/// Text from a case as it may appear in a message: control characters escaped (a
/// key holding a line break or a terminal escape must not rewrite the terminal or
/// split the message) and cut to [`MAX_SHOWN_CHARS`] (a 1 MiB key is not echoed back).
pub fn shown(text: &str) -> String {
    let escaped: String = text
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if escaped.chars().count() > MAX_SHOWN_CHARS {
        format!(
            "{}…",
            escaped.chars().take(MAX_SHOWN_CHARS).collect::<String>()
        )
    } else {
        escaped
    }
}

/// "Did you mean" for a mistyped name or value. Skipped for long words: no
/// vocabulary name is long, and the edit distance of a 1 MiB key against every
/// name would take seconds.
fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    if word.len() > 2 * MAX_SHOWN_CHARS {
        return String::new();
    }
    did_you_mean(word, candidates)
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

#[cfg(test)]
mod tests {
    use super::*;

    const VOCABULARY: &str = r#"
[patient]
about = "who"
[patient.fields]
age = { type = "integer", min = 0, max = 120, required = true, question = "Age?" }
[activity]
about = "what"
[activity.fields]
sport = { type = "text", question = "Sport?" }
goals = { type = "list", values = ["run", "walk"], question = "Goals?" }
"#;

    fn error(text: &str) -> String {
        let vocabulary =
            Vocabulary::from_toml("v.toml", VOCABULARY).unwrap_or_else(|e| panic!("{e}"));
        match Case::from_json(text, "c.json", &vocabulary) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_huge_whole_number_is_out_of_range_not_a_fraction() {
        let err = error(r#"{"patient": {"age": 1e20}}"#);
        assert!(err.contains("out of range"), "{err}");
    }

    #[test]
    fn a_list_item_of_the_wrong_type_is_named() {
        let err = error(r#"{"patient": {"age": 4}, "activity": {"goals": ["run", true]}}"#);
        assert!(
            err.contains("item 2 of the list is true/false true"),
            "{err}"
        );
    }

    #[test]
    fn control_characters_in_text_are_refused() {
        let err = error(r#"{"id": "a\nb", "patient": {"age": 4}}"#);
        assert!(
            err.contains("the case id contains a control character (\\n)"),
            "{err}"
        );
        let err = error(r#"{"patient": {"age": 4}, "activity": {"sport": "\u001b[2J"}}"#);
        assert!(err.contains("control character (\\u{1b})"), "{err}");
    }

    #[test]
    fn long_names_are_cut_and_escaped_in_messages() {
        let key = "x".repeat(10_000);
        let err = error(&format!(r#"{{"patient": {{"age": 4, "{key}": 1}}}}"#));
        assert!(err.len() < 300, "{err}");
        assert!(err.contains('…'));
        assert_eq!(shown("a\nb"), "a\\nb");
    }
}

//! Validation of a case against the vocabulary. Nothing is guessed: anything the
//! vocabulary does not allow is refused with an error naming `section.field`, the
//! value and what is allowed.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use super::case::{CASE_ID_KEY, Case};
use super::fhir;
use super::json::{self, describe};
use super::suggest;
use super::value::Value;
use super::vocabulary::{EXPECT_KEY, Field, Kind, MAX_LIST_ITEMS, MAX_TEXT_CHARS, Vocabulary};
use crate::error::{Error, FieldProblem};
use crate::place::Origin;
use crate::text::{forging, hint, quoted_list, shown};

impl Case {
    /// Parses and validates one case from JSON text: a case object, or a FHIR
    /// QuestionnaireResponse to the vocabulary's Questionnaire.
    pub fn from_json(text: &str, origin: &Origin, vocabulary: &Vocabulary) -> Result<Case, Error> {
        let json = json::parse_object(text, origin)?;
        Case::from_object(json, origin, vocabulary)
    }

    /// Validates an already parsed JSON object, reporting every problem at once.
    ///
    /// A FHIR resource (an object with `resourceType`) is first turned into a case
    /// object (see `fhir/response.rs`), so that a QuestionnaireResponse goes
    /// through exactly the same checks, with errors naming the same `section.field`.
    pub fn from_object(
        object: Map<String, Json>,
        origin: &Origin,
        vocabulary: &Vocabulary,
    ) -> Result<Case, Error> {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let object = if fhir::is_resource(&object) {
            // `None` comes with the problems that make it no case at all.
            fhir::case_object(&object, vocabulary, &mut problems, &mut warnings)
                .ok_or_else(|| Error::case_invalid(origin, std::mem::take(&mut problems)))?
        } else {
            object
        };
        let mut case = check_case(object, origin, vocabulary, &mut problems);
        case.warnings = warnings;
        if problems.is_empty() {
            return Ok(case);
        }
        // Field order: the case's own keys (and a response's), then the fields in
        // vocabulary order; a sort that keeps the order found among equals. The
        // names are built only for a case with problems.
        let order: Vec<String> = vocabulary.qualified_names().collect();
        problems.sort_by_key(|p| {
            let section = p.field.split('.').next().unwrap_or_default();
            let field = order.iter().position(|name| *name == p.field);
            let section = vocabulary.sections.get_index_of(section);
            (section.is_some(), section, field.is_none(), field)
        });
        Error::case_problems(origin, problems)?;
        Ok(case)
    }
}

fn problem(field: impl Into<String>, message: String) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message,
    }
}

/// Checks every key of the case against the vocabulary, adding each problem to
/// `problems` in field order: the case's own keys in the order given, then each
/// section in vocabulary order (its fields in vocabulary order, then the fields it
/// does not have, in the order given). A field with a problem is left unknown, so
/// the rest can still be checked; the case is used only when there is none.
fn check_case(
    object: Map<String, Json>,
    origin: &Origin,
    vocabulary: &Vocabulary,
    problems: &mut Vec<FieldProblem>,
) -> Case {
    let mut id = None;
    let mut given: IndexMap<String, Map<String, Json>> = IndexMap::new();
    // Sections given as something other than an object: their required fields are
    // not reported missing on top of that.
    let mut malformed: Vec<String> = Vec::new();
    for (key, value) in object {
        match key.as_str() {
            CASE_ID_KEY => match value {
                Json::Null => {}
                Json::String(s) => match check_text(&s) {
                    Ok(()) => id = Some(s),
                    Err(why) => problems.push(problem(key, format!("the case id {why}"))),
                },
                other => problems.push(problem(
                    key,
                    format!("expected the case id as text, found {}", describe(&other)),
                )),
            },
            // A fixture's reviewed outcome: only `triage test` reads it.
            EXPECT_KEY => {}
            section if vocabulary.sections.contains_key(section) => match value {
                Json::Object(fields) => {
                    given.insert(key, fields);
                }
                Json::Null => {}
                other => {
                    problems.push(problem(
                        key.clone(),
                        format!(
                            "expected a section object {{ ... }}, found {}",
                            describe(&other)
                        ),
                    ));
                    malformed.push(key);
                }
            },
            unknown => problems.push(problem(
                shown(unknown),
                suggest::unknown_section(unknown, vocabulary),
            )),
        }
    }

    // Every field unknown, in vocabulary order, then each given one checked.
    let mut sections = vocabulary.blank().clone();
    for ((section_name, section), values) in vocabulary.sections.iter().zip(sections.values_mut()) {
        let fields_given = given.get(section_name);
        // Each given field at its place in the vocabulary; the others are not known.
        let mut raws: Vec<&Json> = vec![&Json::Null; section.fields.len()];
        let mut unknown = Vec::new();
        for (key, raw) in fields_given.into_iter().flatten() {
            match section.fields.get_index_of(key.as_str()) {
                Some(place) => raws[place] = raw,
                None => unknown.push(key),
            }
        }
        for ((name, field), (raw, slot)) in section
            .fields
            .iter()
            .zip(raws.into_iter().zip(values.values_mut()))
        {
            // The name `section.field` is built only for a message.
            let qualified = || format!("{section_name}.{name}");
            *slot = match check_value(field, raw) {
                Ok(value) => value,
                Err(message) => {
                    problems.push(problem(qualified(), message));
                    Value::Unknown
                }
            };
            // Only a required field left out needs its name: is it reported already?
            let reported = || {
                let qualified_name = qualified();
                problems.iter().any(|p| p.field == qualified_name)
            };
            if field.required && raw.is_null() && !malformed.contains(section_name) && !reported() {
                problems.push(problem(
                    qualified(),
                    format!("is required: give {}", field.allowed()),
                ));
            }
        }
        for key in unknown {
            problems.push(problem(
                format!("{section_name}.{}", shown(key)),
                suggest::unknown_field(section_name, key, vocabulary),
            ));
        }
    }
    Case {
        id,
        origin: origin.clone(),
        sections,
        warnings: Vec::new(),
    }
}

/// Checks one raw JSON value against its field description.
fn check_value(field: &Field, raw: &Json) -> Result<Value, String> {
    if raw.is_null() {
        return Ok(Value::Unknown);
    }
    let wrong = |raw: &Json| {
        format!(
            "expected {}, found {}{}",
            field.allowed(),
            describe(raw),
            suggest::for_value(field, raw)
        )
    };
    match field.kind {
        Kind::Boolean => raw.as_bool().map(Value::Bool).ok_or_else(|| wrong(raw)),
        Kind::Integer => {
            let number = raw.as_f64().ok_or_else(|| wrong(raw))?;
            // Range first: 1e20 is "out of range", not "not a whole number".
            in_range(field, number, raw)?;
            if number.abs() > MAX_WHOLE {
                return Err(format!(
                    "{} is too large: expected {}",
                    describe(raw),
                    field.allowed()
                ));
            }
            if number.fract() != 0.0 {
                return Err(format!(
                    "expected {}, found {}",
                    field.allowed(),
                    describe(raw)
                ));
            }
            // Exact: whole numbers up to MAX_WHOLE convert to i64 without loss.
            #[allow(clippy::cast_possible_truncation)]
            Ok(Value::Int(number as i64))
        }
        Kind::Number => {
            let number = raw.as_f64().ok_or_else(|| wrong(raw))?;
            in_range(field, number, raw)?;
            Ok(Value::Number(number))
        }
        Kind::Choice => {
            let text = raw.as_str().ok_or_else(|| wrong(raw))?;
            allowed_value(field, text)?;
            Ok(Value::Text(text.to_string()))
        }
        Kind::List => {
            let items = raw.as_array().ok_or_else(|| wrong(raw))?;
            if items.len() > MAX_LIST_ITEMS {
                return Err(format!(
                    "a list of {} items: a list holds at most {MAX_LIST_ITEMS} (each value once is enough)",
                    items.len()
                ));
            }
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
            let text = raw.as_str().ok_or_else(|| wrong(raw))?;
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
    if let Some(what) = forging(text) {
        return Err(format!(
            "contains {what}: write it on one line, as plain text"
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
        quoted_list(&field.values)
    ))
}

/// Whole numbers above this are refused: they are typos in a clinical case, and
/// below it an f64 holds every whole number exactly, so the i64 conversion is exact.
const MAX_WHOLE: f64 = 1e15;

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
        match Case::from_json(text, &Origin::file("c.json"), &vocabulary) {
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

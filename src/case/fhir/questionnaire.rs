//! The vocabulary as a FHIR R4 `Questionnaire`: one `group` item per section
//! (`linkId` the section's name), one item per field inside it (`linkId` equal
//! to `section.field`, the name every error and report uses), typed from the
//! vocabulary, with its allowed values as `answerOption`s, its range as the core
//! `minValue`/`maxValue` extensions, and when it applies as `enableWhen`.

use serde_json::{Map, Value as Json, json};

use super::enable_when::add_enable;
use super::names::{QUESTIONNAIRE_URL, code_system, display};
use crate::case::vocabulary::{Field, Kind, MAX_TEXT_CHARS, Vocabulary};

/// The Questionnaire of `vocabulary`; its version is the vocabulary's
/// fingerprint, so a response names the exact form it answered, and one to
/// another version (a question may have changed) is not read.
pub(crate) fn questionnaire(vocabulary: &Vocabulary) -> Json {
    let items: Vec<Json> = vocabulary
        .sections
        .iter()
        .map(|(section_name, section)| {
            let fields: Vec<Json> = section
                .fields
                .iter()
                .map(|(name, field)| item(&format!("{section_name}.{name}"), field, vocabulary))
                .collect();
            let mut group = Map::new();
            group.insert("linkId".into(), json!(section_name));
            group.insert("text".into(), json!(section.about));
            group.insert("type".into(), json!("group"));
            if section.fields.values().any(|field| field.required) {
                group.insert("required".into(), json!(true));
            }
            group.insert("item".into(), Json::Array(fields));
            Json::Object(group)
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": "physio-triage-case",
        "url": QUESTIONNAIRE_URL,
        "version": vocabulary.version,
        "name": "PhysioTriageCase",
        "title": "physio-triage case",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "One de-identified patient case for physio-triage (hip, groin and hamstring). A question left unanswered is unknown, never \"no\".",
        "item": items,
    })
}

/// One field's item.
fn item(qualified: &str, field: &Field, vocabulary: &Vocabulary) -> Json {
    let mut item = Map::new();
    item.insert("linkId".into(), json!(qualified));
    item.insert("text".into(), json!(field.question));
    let kind = match field.kind {
        Kind::Boolean => "boolean",
        Kind::Integer => "integer",
        Kind::Number => "decimal",
        Kind::Choice | Kind::List => "choice",
        Kind::Text => "string",
    };
    item.insert("type".into(), json!(kind));
    add_enable(&mut item, field, vocabulary);
    if field.required {
        item.insert("required".into(), json!(true));
    }
    if field.kind == Kind::List {
        item.insert("repeats".into(), json!(true));
    }
    if field.kind == Kind::Text {
        item.insert("maxLength".into(), json!(MAX_TEXT_CHARS));
    }
    if !field.values.is_empty() {
        let system = code_system(qualified);
        let options: Vec<Json> = field
            .values
            .iter()
            .map(|value| {
                json!({ "valueCoding": { "system": system, "code": value, "display": display(value) } })
            })
            .collect();
        item.insert("answerOption".into(), Json::Array(options));
    }
    // An integer field's bounds rounded inwards: a whole number of at least 0.5 is
    // at least 1.
    let bounds = [
        (
            "http://hl7.org/fhir/StructureDefinition/minValue",
            field.min.map(|b| (b, b.ceil())),
        ),
        (
            "http://hl7.org/fhir/StructureDefinition/maxValue",
            field.max.map(|b| (b, b.floor())),
        ),
    ];
    let mut extensions: Vec<Json> = bounds
        .into_iter()
        .filter_map(|(url, bound)| {
            let (bound, rounded) = bound?;
            Some(match field.kind {
                Kind::Integer => json!({ "url": url, "valueInteger": whole(rounded) }),
                _ => json!({ "url": url, "valueDecimal": bound }),
            })
        })
        .collect();
    if !extensions.is_empty() {
        // After any `enableWhenExpression` added above.
        if let Some(Json::Array(existing)) = item.shift_remove("extension") {
            extensions.splice(0..0, existing);
        }
        item.insert("extension".into(), Json::Array(extensions));
    }
    Json::Object(item)
}

/// An integer field's bound as an integer (vocabulary bounds are small and whole).
#[allow(clippy::cast_possible_truncation)]
fn whole(bound: f64) -> i64 {
    bound as i64
}

//! `triage fields` and `triage schema`: the reference for rule authors and other
//! programs, generated from the same data files the engine loads, so it cannot
//! drift from what the engine accepts.

use std::fmt::Write;

use serde_json::{Map, Value as Json, json};

use crate::analysis::{KEYS, definition_sites};
use crate::authoring::{API, DEFINED};
use crate::case::{CASE_ID_KEY, EXPECT_KEY, Field, Kind, MAX_TEXT_CHARS, Vocabulary};
use crate::cli::args::{FieldsArgs, Format};
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::print_out;
use crate::cli::settings::Settings;
use crate::error::Error;
use crate::ruleset::{
    Catalogue, Loaded, REFERRALS_FILE, RuleSource, Scale, TREATMENTS_FILE, VOCABULARY_FILE,
};

/// The three data files, or the failure that says why they did not load.
fn data(source: &RuleSource) -> Result<(Loaded, Vocabulary, Catalogue, Scale), Failure> {
    let mut loaded = Loaded::read(source)?;
    if let (Some(vocabulary), Some(catalogue), Some(scale)) = (
        loaded.vocabulary.take(),
        loaded.catalogue.take(),
        loaded.scale.take(),
    ) {
        return Ok((loaded, vocabulary, catalogue, scale));
    }
    let note = format!(
        "the data files in {} could not be loaded (`triage check` lists every problem)",
        loaded.shown_dir
    );
    Err(match Error::all(loaded.problems) {
        Err(error) => Failure::of(error).then(note),
        Ok(()) => Failure::message(Exit::RuleError, note),
    })
}

/// Runs `triage fields`.
pub(crate) fn fields(args: &FieldsArgs, settings: &Settings) -> Result<Exit, Failure> {
    let (loaded, vocabulary, catalogue, scale) = data(settings.rules()?)?;
    match args.format {
        Format::Text => print_out(&fields_text(&loaded, &vocabulary, &catalogue, &scale)),
        Format::Json => {
            let mut value = fields_json(&vocabulary, &catalogue, &scale);
            let definitions: Vec<Json> = definition_sites(&loaded.rules)
                .iter()
                .map(|d| json!({ "name": d.name, "rule": format!("{}:{}", d.file, d.line) }))
                .collect();
            if let Some(object) = value.as_object_mut()
                && !definitions.is_empty()
            {
                object.insert("definitions".to_string(), Json::Array(definitions));
            }
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
    Ok(Exit::Success)
}

/// Runs `triage schema`.
pub(crate) fn schema(settings: &Settings) -> Result<Exit, Failure> {
    let (_, vocabulary, catalogue, scale) = data(settings.rules()?)?;
    let value = case_schema(&vocabulary, &catalogue, &scale);
    print_out(&format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    ));
    Ok(Exit::Success)
}

fn describe_field(field: &Field) -> String {
    let mut text = field.allowed();
    if let Some(unit) = &field.unit {
        text.push_str(&format!(" ({unit})"));
    }
    if field.required {
        text.push_str(", required");
    }
    text
}

/// `triage fields` as text.
pub(crate) fn fields_text(
    loaded: &Loaded,
    vocabulary: &Vocabulary,
    catalogue: &Catalogue,
    scale: &Scale,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "CASE FIELDS ({})", loaded.shown(VOCABULARY_FILE));
    let _ = writeln!(
        out,
        "Rules read them as section.field, e.g. `patient.age`. A field left out or null is unknown, never \"no\":\nuse yes(x), no(x), known(x), unknown(x)."
    );
    for (section_name, section) in &vocabulary.sections {
        let _ = writeln!(out, "\n{section_name}: {}", section.about);
        if section.red_flag_questions {
            let _ = writeln!(
                out,
                "(red-flag questions: each one left unknown is listed as not screened)"
            );
        }
        for (name, field) in &section.fields {
            let _ = writeln!(out, "  {section_name}.{name}: {}", describe_field(field));
            let _ = writeln!(out, "      {}", field.question);
        }
    }

    let _ = writeln!(
        out,
        "\nTREATMENTS ({}): ids for suggest() and avoid()",
        loaded.shown(TREATMENTS_FILE)
    );
    for (id, treatment) in &catalogue.treatments {
        let _ = writeln!(out, "  {id}: {}", treatment.name);
        let _ = writeln!(out, "      {}", treatment.description);
    }

    let _ = writeln!(
        out,
        "\nURGENCIES ({}), lowest first: the first argument of refer()",
        loaded.shown(REFERRALS_FILE)
    );
    let width = scale
        .urgencies
        .iter()
        .map(|u| u.id.len())
        .max()
        .unwrap_or(0);
    for (rank, urgency) in scale.urgencies.iter().enumerate() {
        let mut notes = Vec::new();
        if rank == 0 {
            notes.push("no referral: not given to refer()");
        }
        if urgency.withholds_treatment {
            notes.push("no treatment is suggested when this is the outcome");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join("; "))
        };
        let _ = writeln!(out, "  {:width$}  {}{notes}", urgency.id, urgency.meaning);
    }

    let _ = writeln!(out, "\nDESTINATIONS: the second argument of refer()");
    let width = scale
        .destinations
        .iter()
        .map(|d| d.id.len())
        .max()
        .unwrap_or(0);
    for destination in &scale.destinations {
        let _ = writeln!(out, "  {:width$}  {}", destination.id, destination.name);
    }

    let _ = writeln!(out, "\nRULES API: what a rule file may call");
    for function in API {
        let _ = writeln!(out, "  {}", function.signature());
        let _ = writeln!(out, "      {}", function.doc);
    }

    let definitions = definition_sites(&loaded.rules);
    if !definitions.is_empty() {
        let _ = writeln!(
            out,
            "\nDEFINITIONS: made in rules/definitions/, read in later rule files as {DEFINED}.name"
        );
        let width = definitions.iter().map(|d| d.name.len()).max().unwrap_or(0);
        for site in &definitions {
            let _ = writeln!(out, "  {:width$}  {}:{}", site.name, site.file, site.line);
        }
    }

    let _ = writeln!(
        out,
        "\nRULE FILE HEADER: the comment lines every rule file starts with"
    );
    for (key, required, what) in KEYS {
        let need = if *required { "required" } else { "optional" };
        let _ = writeln!(out, "  // {key}: {what} ({need})");
    }
    out
}

/// `triage fields --format json`.
pub(crate) fn fields_json(vocabulary: &Vocabulary, catalogue: &Catalogue, scale: &Scale) -> Json {
    let api: Vec<Json> = API
        .iter()
        .map(|f| json!({ "function": f.name, "parameters": f.param_names(), "about": f.doc }))
        .collect();
    let header: Vec<Json> = KEYS
        .iter()
        .map(|(key, required, about)| json!({ "key": key, "required": required, "about": about }))
        .collect();
    json!({
        "vocabulary": vocabulary.sections,
        "treatments": catalogue.treatments,
        "urgencies": scale.urgencies,
        "destinations": scale.destinations,
        "api": api,
        "header": header,
    })
}

fn field_schema(field: &Field) -> Json {
    let nullable = |kind: &str| {
        if field.required {
            json!(kind)
        } else {
            json!([kind, "null"])
        }
    };
    let mut schema = Map::new();
    let mut description = field.question.clone();
    if let Some(unit) = &field.unit {
        description.push_str(&format!(" Unit: {unit}."));
    }
    schema.insert("description".into(), json!(description));
    match field.kind {
        Kind::Boolean => {
            schema.insert("type".into(), nullable("boolean"));
        }
        Kind::Integer | Kind::Number => {
            let kind = if field.kind == Kind::Integer {
                "integer"
            } else {
                "number"
            };
            schema.insert("type".into(), nullable(kind));
            if let Some(min) = field.min {
                schema.insert("minimum".into(), number(min));
            }
            if let Some(max) = field.max {
                schema.insert("maximum".into(), number(max));
            }
        }
        Kind::Choice => {
            let mut values: Vec<Json> = field.values.iter().map(|v| json!(v)).collect();
            if !field.required {
                values.push(Json::Null);
            }
            schema.insert("enum".into(), Json::Array(values));
        }
        Kind::List => {
            schema.insert("type".into(), nullable("array"));
            schema.insert("items".into(), json!({ "enum": field.values }));
        }
        Kind::Text => {
            schema.insert("type".into(), nullable("string"));
            schema.insert("maxLength".into(), json!(MAX_TEXT_CHARS));
        }
    }
    Json::Object(schema)
}

/// A whole number as a JSON integer, anything else as a float.
fn number(value: f64) -> Json {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        // Whole and below 1e15: exact as an i64.
        #[allow(clippy::cast_possible_truncation)]
        let whole = value as i64;
        json!(whole)
    } else {
        json!(value)
    }
}

/// The JSON Schema (draft 2020-12) of a case, fixture `expect` included.
pub(crate) fn case_schema(vocabulary: &Vocabulary, catalogue: &Catalogue, scale: &Scale) -> Json {
    let mut properties = Map::new();
    properties.insert(
        CASE_ID_KEY.into(),
        json!({
            "description": "An identifier for the case (de-identified: never a name).",
            "type": ["string", "null"],
            "maxLength": MAX_TEXT_CHARS,
        }),
    );
    let mut required_sections = Vec::new();
    for (section_name, section) in &vocabulary.sections {
        let mut fields = Map::new();
        let mut required = Vec::new();
        for (name, field) in &section.fields {
            fields.insert(name.clone(), field_schema(field));
            if field.required {
                required.push(name.clone());
            }
        }
        let mut schema = Map::new();
        schema.insert("description".into(), json!(section.about));
        if required.is_empty() {
            schema.insert("type".into(), json!(["object", "null"]));
        } else {
            schema.insert("type".into(), json!("object"));
            schema.insert("required".into(), json!(required));
            required_sections.push(section_name.clone());
        }
        schema.insert("additionalProperties".into(), json!(false));
        schema.insert("properties".into(), Json::Object(fields));
        properties.insert(section_name.clone(), Json::Object(schema));
    }
    let treatments: Vec<&String> = catalogue.treatments.keys().collect();
    let urgencies: Vec<&String> = scale.urgencies.iter().map(|u| &u.id).collect();
    let mut destinations: Vec<&str> = scale.destinations.iter().map(|d| d.id.as_str()).collect();
    destinations.push("none");
    let qualified: Vec<String> = vocabulary.qualified_names().collect();
    let treatment_list = json!({ "type": "array", "items": { "enum": treatments } });
    properties.insert(
        EXPECT_KEY.into(),
        json!({
            "description": "A fixture's reviewed expected outcome, checked by `triage test`; `assess` ignores it.",
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "note": { "type": "string", "description": "Why this outcome is right, in the reviewer's words." },
                "urgency": { "enum": urgencies, "description": "The referral urgency, exactly." },
                "destination": { "enum": destinations, "description": "The destination of the most urgent referral (none for no referral)." },
                "red_flags": { "type": "array", "items": { "type": "string" }, "description": "Red-flag ids that must be raised." },
                "must_suggest": treatment_list,
                "must_not_suggest": treatment_list,
                "must_avoid": treatment_list,
                "no_treatments": { "type": "boolean", "description": "When true, no treatment at all may be suggested." },
                "review_mentions": { "type": "array", "items": { "type": "string" }, "description": "Words that must appear in a review entry." },
                "not_screened": { "type": "array", "items": { "enum": qualified }, "description": "Questions that must be reported as not answered." },
            },
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "physio-triage case",
        "description": "One de-identified patient case. A field left out or null is unknown, never \"no\".",
        "type": "object",
        "required": required_sections,
        "additionalProperties": false,
        "properties": properties,
    })
}

//! `triage fields` and `triage schema`: the vocabulary, catalogue, scale and API,
//! as text and as JSON, and a schema that agrees with the fields.

use crate::support::Folder;
use crate::support::snapshot::{json_snapshot, snapshot};

use super::triage;

#[test]
fn fields_lists_the_vocabulary_catalogue_scale_and_api() {
    let run = triage("fields")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    snapshot!("fields_text", run.out());
}

#[test]
fn fields_as_json_comes_from_the_same_data() {
    let run = triage("fields")
        .args(["--format", "json"])
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    json_snapshot!("fields_json", run.json());
}

#[test]
fn fields_on_the_shipped_rules_lists_every_field_and_treatment() {
    let run = triage("fields").any_stdout().run();
    for name in [
        "screening.night_pain",
        "complaint.region",
        "hip_thrust_progression",
        "emergency_department",
        "refer(urgency, destination, reason)",
    ] {
        assert!(run.stdout.contains(name), "{name} missing:\n{}", run.stdout);
    }
}

#[test]
fn schema_is_a_draft_2020_12_schema_of_a_case() {
    let value = triage("schema")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run()
        .json();
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    json_snapshot!("schema", value);
}

/// The snapshots pin `fields` and `schema` on the mini rules, each on its own.
/// This checks that, on the shipped vocabulary, the schema describes exactly the
/// fields `fields` lists: the same sections and fields in the same order, the same
/// required fields, and the same allowed values and ranges.
#[test]
fn schema_and_fields_agree_on_the_shipped_vocabulary() {
    use serde_json::{Value, json};
    let fields = triage("fields")
        .args(["--format", "json"])
        .any_stdout()
        .run()
        .json();
    let schema = triage("schema").any_stdout().run().json();
    let sections = fields["vocabulary"]
        .as_object()
        .expect("vocabulary sections");
    let properties = schema["properties"].as_object().expect("schema properties");
    let keys = |value: &Value| -> Vec<String> {
        value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let case_keys: Vec<String> = keys(&schema["properties"])
        .into_iter()
        .filter(|k| k != "id" && k != "expect")
        .collect();
    assert_eq!(case_keys, keys(&fields["vocabulary"]), "sections");
    let mut required_sections = Vec::new();
    for (section, description) in sections {
        let in_schema = &properties[section];
        let listed = &description["fields"];
        assert_eq!(
            keys(&in_schema["properties"]),
            keys(listed),
            "{section}: fields"
        );
        let required: Vec<Value> = listed
            .as_object()
            .expect("fields")
            .iter()
            .filter(|(_, field)| field["required"] == true)
            .map(|(name, _)| json!(name))
            .collect();
        if required.is_empty() {
            assert!(
                in_schema["required"].as_array().is_none_or(Vec::is_empty),
                "{section}: {in_schema}"
            );
        } else {
            required_sections.push(json!(section));
            assert_eq!(in_schema["required"], json!(required), "{section}");
        }
        for (name, field) in listed.as_object().expect("fields") {
            let property = &in_schema["properties"][name];
            let at = format!("{section}.{name}");
            let values = &field["values"];
            match field["type"].as_str().expect("a type") {
                "choice" => {
                    let mut allowed = property["enum"].as_array().expect("enum").clone();
                    if field["required"] != true {
                        assert_eq!(allowed.pop(), Some(Value::Null), "{at}: null is unknown");
                    }
                    assert_eq!(&json!(allowed), values, "{at}");
                }
                "list" => assert_eq!(&property["items"]["enum"], values, "{at}"),
                "integer" | "number" => {
                    for (bound, keyword) in [("min", "minimum"), ("max", "maximum")] {
                        assert_eq!(
                            field[bound].as_f64(),
                            property[keyword].as_f64(),
                            "{at}: {bound}"
                        );
                    }
                }
                _ => {}
            }
        }
    }
    assert_eq!(schema["required"], json!(required_sections), "sections");
}

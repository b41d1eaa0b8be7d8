//! FHIR R4 for record systems: `triage questionnaire` prints the vocabulary as a
//! Questionnaire, and `assess` reads a QuestionnaireResponse to it in place of a
//! case. The Questionnaire and a response built from every fixture are validated
//! with a real FHIR model library (Python `fhir.resources`, R4; see
//! `tests/fhir/`), and each response must assess exactly as its fixture does.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value as Json, json};

use crate::support::folder::{fixture_paths, manifest_dir};
use crate::support::{Folder, Triage, library, tools};

/// The Questionnaire of the shipped rules, as `triage questionnaire` prints it.
fn questionnaire() -> Json {
    Triage::new()
        .args(["questionnaire"])
        .any_stdout()
        .run()
        .json()
}

/// A QuestionnaireResponse to `questionnaire` with the answers of `case`, as a
/// record system would send it: one group per section that has answers, one
/// item per answered field, a list field as one item with several answers.
fn response(questionnaire: &Json, case: &Map<String, Json>, n: usize) -> Json {
    let mut groups = Vec::new();
    for group in questionnaire["item"].as_array().expect("groups") {
        let section = group["linkId"].as_str().expect("linkId");
        let mut items = Vec::new();
        for item in group["item"].as_array().expect("items") {
            let link_id = item["linkId"].as_str().expect("linkId");
            let (_, field) = link_id.split_once('.').expect("section.field");
            let Some(value) = case
                .get(section)
                .and_then(|fields| fields.get(field))
                .filter(|value| !value.is_null())
            else {
                continue;
            };
            let coding = |code: &Json| {
                let option = item["answerOption"]
                    .as_array()
                    .expect("answerOption")
                    .iter()
                    .find(|option| option["valueCoding"]["code"] == *code)
                    .unwrap_or_else(|| panic!("{link_id}: {code} is not an answerOption"));
                json!({ "valueCoding": option["valueCoding"] })
            };
            let answers: Vec<Json> = match item["type"].as_str().expect("type") {
                "boolean" => vec![json!({ "valueBoolean": value })],
                "integer" => {
                    vec![json!({ "valueInteger": value.as_f64().expect("number") as i64 })]
                }
                "decimal" => vec![json!({ "valueDecimal": value })],
                "string" => vec![json!({ "valueString": value })],
                "choice" if item["repeats"] == true => {
                    value.as_array().expect("list").iter().map(coding).collect()
                }
                "choice" => vec![coding(value)],
                other => panic!("{link_id}: item type {other}"),
            };
            items.push(json!({ "linkId": link_id, "text": item["text"], "answer": answers }));
        }
        if !items.is_empty() {
            groups.push(json!({ "linkId": section, "item": items }));
        }
    }
    let mut response = json!({
        "resourceType": "QuestionnaireResponse",
        "id": format!("fixture-{n}"),
        "questionnaire": format!("{}|{}", questionnaire["url"].as_str().expect("url"), questionnaire["version"].as_str().expect("version")),
        "status": "completed",
        "item": groups,
    });
    if let Some(id) = case.get("id").filter(|id| id.is_string()) {
        response["identifier"] = json!({ "value": id });
    }
    response
}

#[test]
fn the_questionnaire_has_one_item_per_field_grouped_by_section() {
    let form = questionnaire();
    assert_eq!(form["resourceType"], "Questionnaire");
    assert_eq!(form["status"], "active");
    let version = form["version"].as_str().expect("version");
    assert!(
        version.starts_with("vocabulary-") && version.len() == "vocabulary-".len() + 16,
        "the vocabulary's fingerprint: {version}"
    );
    let mut link_ids = Vec::new();
    for group in form["item"].as_array().expect("groups") {
        assert_eq!(group["type"], "group", "{group}");
        let section = group["linkId"].as_str().expect("linkId");
        for item in group["item"].as_array().expect("items") {
            let link_id = item["linkId"].as_str().expect("linkId");
            assert!(
                link_id.starts_with(&format!("{section}.")),
                "{link_id} in {section}"
            );
            link_ids.push(link_id.to_string());
        }
    }
    let fields: Vec<String> = library::vocabulary()
        .iter()
        .map(|f| format!("{}.{}", f.section, f.name))
        .collect();
    assert_eq!(link_ids, fields, "one item per field, in vocabulary order");
    let item = |link_id: &str| {
        form["item"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|group| group["item"].as_array().into_iter().flatten())
            .find(|item| item["linkId"] == link_id)
            .unwrap_or_else(|| panic!("{link_id}"))
            .clone()
    };
    // Types, values and requirements come from the vocabulary.
    assert_eq!(item("patient.age")["type"], "integer");
    assert_eq!(item("patient.age")["required"], true);
    assert_eq!(item("complaint.duration_weeks")["type"], "decimal");
    assert_eq!(item("screening.night_pain")["type"], "boolean");
    assert_eq!(item("activity.sport")["type"], "string");
    let sex = item("patient.sex");
    assert_eq!(sex["type"], "choice");
    assert_eq!(
        sex["answerOption"][0]["valueCoding"]["code"], "female",
        "{sex}"
    );
    let aggravated = item("complaint.aggravated_by");
    assert_eq!(aggravated["repeats"], true, "{aggravated}");
}

#[test]
fn questions_that_apply_conditionally_are_enabled_when_unanswered_or_the_condition_holds() {
    // A question the vocabulary marks `applies_when` one field's value: enabled
    // while that field is unanswered (unknown is not no) or has the value.
    let form = questionnaire();
    let conditional: Vec<&Json> = form["item"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|group| group["item"].as_array().into_iter().flatten())
        .filter(|item| item.get("enableWhen").is_some())
        .collect();
    assert!(
        !conditional.is_empty(),
        "some question applies conditionally"
    );
    for item in conditional {
        let enable_when = item["enableWhen"].as_array().expect("list");
        if enable_when.len() > 1 {
            assert!(
                matches!(item["enableBehavior"].as_str(), Some("all" | "any")),
                "{item}"
            );
        }
        for condition in enable_when {
            let question = condition["question"].as_str().expect("question");
            assert!(
                library::vocabulary()
                    .iter()
                    .any(|f| format!("{}.{}", f.section, f.name) == question),
                "{item}"
            );
        }
    }
}

/// The Python interpreter of a virtual environment with `tests/fhir/requirements.txt`
/// installed, created under the target folder the first time (PyPI must be
/// reachable then), reused while the requirements are unchanged.
fn fhir_python() -> PathBuf {
    let requirements = manifest_dir().join("tests/fhir/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("requirements.txt");
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir-venv");
    let python = venv.join("bin").join("python");
    let marker = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|installed| installed == wanted) {
        return python;
    }
    let _ = std::fs::remove_dir_all(&venv);
    let run = |command: &mut Command, what: &str| {
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("{what}: {e} (is python3 installed?)"));
        assert!(
            output.status.success(),
            "{what} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r tests/fhir/requirements.txt",
    );
    std::fs::write(&marker, wanted).expect("marker");
    python
}

/// Validates `resources` (the Questionnaire first, then responses to it) with
/// the FHIR R4 models, in one Python process.
fn validate_fhir(resources: &[Json], folder: &Folder) {
    if tools::skipped_by("TRIAGE_SKIP_FHIR_VALIDATION") {
        return;
    }
    let file = folder.write(
        "resources.json",
        serde_json::to_vec(resources).expect("JSON"),
    );
    let output = Command::new(fhir_python())
        .arg(manifest_dir().join("tests/fhir/validate.py"))
        .arg(&file)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "not valid FHIR R4:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("FHIR 4.0.1"), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|line| line.starts_with("ok "))
            .count(),
        resources.len(),
        "{stdout}"
    );
}

/// The assessments of a batch file, one JSON object per line, without the keys
/// that name the input (`origin`, `case_id`).
fn assessed(path: &Path) -> Vec<Json> {
    let run = Triage::new()
        .args(["assess", "--format", "json"])
        .arg(path)
        .any_stdout()
        .any_stderr()
        .run();
    run.out()
        .lines()
        .map(|line| {
            let mut result: Json = serde_json::from_str(line).expect("a JSON line");
            let object = result.as_object_mut().expect("object");
            object.remove("origin");
            object.remove("case_id");
            result
        })
        .collect()
}

#[test]
fn every_fixture_as_a_response_is_valid_fhir_r4_and_assesses_as_the_fixture() {
    let form = questionnaire();
    let folder = Folder::new();
    let mut cases = String::new();
    let mut responses = String::new();
    let mut resources = vec![form.clone()];
    let mut ids = Vec::new();
    for (n, path) in fixture_paths().iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("fixture");
        let case: Map<String, Json> = serde_json::from_str(&text).expect("fixture is JSON");
        let response = response(&form, &case, n);
        cases.push_str(&format!("{}\n", Json::Object(case.clone())));
        responses.push_str(&format!("{response}\n"));
        ids.push((path.display().to_string(), case.get("id").cloned()));
        resources.push(response);
    }
    assert!(ids.len() > 10, "the fixtures were found");
    validate_fhir(&resources, &folder);

    let from_cases = assessed(&folder.write("cases.jsonl", cases));
    let from_responses = assessed(&folder.write("responses.jsonl", responses));
    assert_eq!(from_cases.len(), ids.len());
    assert_eq!(from_responses.len(), ids.len());
    for ((case, response), (path, _)) in from_cases.iter().zip(&from_responses).zip(&ids) {
        assert_eq!(case, response, "{path}: the response assesses differently");
    }
    // The case id comes from the response's identifier.
    let run = Triage::new()
        .args(["assess", "--format", "json", "--no-what-if"])
        .arg(folder.join("responses.jsonl"))
        .any_stdout()
        .any_stderr()
        .run();
    let first: Json =
        serde_json::from_str(run.out().lines().next().expect("a line")).expect("JSON");
    assert_eq!(Some(first["case_id"].clone()), ids[0].1, "{first}");
}

#[test]
fn a_response_with_several_problems_names_each_field_at_once() {
    let form = questionnaire();
    let canonical = format!(
        "{}|{}",
        form["url"].as_str().expect("url"),
        form["version"].as_str().expect("v")
    );
    let folder = Folder::new();
    let response = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": canonical,
        "status": "completed",
        "item": [
            { "linkId": "patient", "item": [
                { "linkId": "patient.age", "answer": [{ "valueInteger": 145 }] },
                { "linkId": "patient.sex", "answer": [{ "valueString": "F" }] },
            ]},
            { "linkId": "complaint", "item": [
                { "linkId": "complaint.region", "answer": [{ "valueCoding": { "system": "http://snomed.info/sct", "code": "24136001" } }] },
            ]},
            { "linkId": "symptoms", "item": [
                { "linkId": "symptoms.temperature_c", "answer": [{ "valueDecimal": 38.5 }] },
            ]},
        ],
    });
    let file = folder.write("response.json", response.to_string());
    let run = Triage::new()
        .args(["assess"])
        .arg(&file)
        .redact(folder.path(), "[tmp]")
        .status(3)
        .any_stderr()
        .run();
    let err = run.err();
    for expected in [
        "patient.age: 145 is out of range",
        "patient.sex: valueString is not an answer this question takes: give valueCoding",
        "complaint.region: the coding's system \"http://snomed.info/sct\" is not this question's",
        "symptoms.temperature_c: temperature_c is a field of exam",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
    assert!(err.contains("4 problems in this case"), "{err}");
    assert!(run.out().is_empty(), "{}", run.out());
}

#[test]
fn other_fhir_resources_and_responses_to_other_forms_are_refused() {
    let folder = Folder::new();
    let patient = folder.write("patient.json", r#"{"resourceType": "Patient", "id": "p"}"#);
    Triage::new()
        .args(["assess"])
        .arg(&patient)
        .redact(folder.path(), "[tmp]")
        .status(3)
        .stderr_contains("resourceType: a FHIR \"Patient\" is not a case")
        .run();
    let other = folder.write(
        "other.json",
        r#"{"resourceType": "QuestionnaireResponse", "status": "entered-in-error", "questionnaire": "http://example.org/phq9", "item": []}"#,
    );
    Triage::new()
        .args(["assess"])
        .arg(&other)
        .redact(folder.path(), "[tmp]")
        .status(3)
        .stderr_contains("status: the response was entered in error")
        .run();
}

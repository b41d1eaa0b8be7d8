//! Hostile input (issue 20, items 2 and 7): FHIR responses with small
//! structural slips, and case text that tries to reach the output unescaped.
//! One `#[test]` per row, so one failure hides no other.
//!
//! The FHIR rows start from one response whose saddle numbness is "yes" (an
//! EMERGENCY) and change one thing: each slip must be refused with its path
//! (exit 3, nothing on stdout), never read as if the answer were not there.

use serde_json::{Value as Json, json};

use crate::support::{Folder, Output, Triage};

/// The form's canonical URL and version, as `triage questionnaire` prints them.
fn canonical() -> (String, String) {
    let form = Triage::new().args(["questionnaire"]).run().json();
    (
        form["url"].as_str().expect("url").to_string(),
        form["version"].as_str().expect("version").to_string(),
    )
}

/// A completed response to this form: 45 years old, buttock pain, saddle
/// numbness "yes" (item[2] is the screening group).
fn response() -> Json {
    let (url, version) = canonical();
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": "fhir-row",
        "questionnaire": format!("{url}|{version}"),
        "status": "completed",
        "item": [
            { "linkId": "patient", "item": [
                { "linkId": "patient.age", "answer": [{ "valueInteger": 45 }] }
            ]},
            { "linkId": "complaint", "item": [
                { "linkId": "complaint.region", "answer": [{ "valueCoding": { "code": "buttock" } }] }
            ]},
            { "linkId": "screening", "item": [
                { "linkId": "screening.saddle_anaesthesia", "answer": [{ "valueBoolean": true }] }
            ]}
        ]
    })
}

/// `triage assess` on `response` as a file, with the extra arguments.
fn assess(response: &Json, args: &[&str], status: i32) -> Output {
    let folder = Folder::new();
    let file = folder.write("response.json", response.to_string());
    Triage::new()
        .arg("assess")
        .arg(&file)
        .args(args)
        .args(["--no-what-if"])
        .redact(folder.path(), "[tmp]")
        .keep(folder, "[tmp]")
        .status(status)
        .run()
}

/// The response changed by `change` is refused (exit 3, nothing on stdout) with
/// `message` on stderr.
fn refused(change: impl FnOnce(&mut Json), message: &str) {
    let mut changed = response();
    change(&mut changed);
    let run = assess(&changed, &[], 3);
    assert_eq!(run.out(), "", "refused, yet something was printed");
    assert!(
        run.err().contains(message),
        "stderr does not say `{message}`:\n{}",
        run.err()
    );
}

macro_rules! fhir_refused {
    ($($name:ident: $change:expr => $message:expr;)*) => {
        $(
            #[test]
            fn $name() {
                refused($change, $message);
            }
        )*
    };
}

/// The screening group, its saddle question and that question's answer.
fn screening(r: &mut Json) -> &mut Json {
    &mut r["item"][2]
}
fn saddle(r: &mut Json) -> &mut Json {
    &mut r["item"][2]["item"][0]
}
fn saddle_answer(r: &mut Json) -> &mut Json {
    &mut r["item"][2]["item"][0]["answer"][0]
}

fhir_refused! {
    fhir_group_item_given_as_an_object: |r: &mut Json| {
        let question = saddle(r).clone();
        screening(r)["item"] = question;
    } => "item[2].item: expected a list of items, found an object";
    fhir_answers_instead_of_answer: |r: &mut Json| {
        let answers = saddle(r)["answer"].clone();
        let question = saddle(r).as_object_mut().expect("object");
        question.remove("answer");
        question.insert("answers".into(), answers);
    } => "item[2].item[0].answers: is not part of a QuestionnaireResponse this reader understands";
    fhir_answer_on_a_group: |r: &mut Json| {
        screening(r)["answer"] = json!([{ "valueBoolean": true }]);
    } => "item[2].answer: the group `screening` holds an answer";
    fhir_modifier_extension_on_the_response: |r: &mut Json| {
        r["modifierExtension"] = json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
    } => "modifierExtension: a modifier extension changes what this part means";
    fhir_modifier_extension_on_an_item: |r: &mut Json| {
        saddle(r)["modifierExtension"] = json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
    } => "item[2].item[0].modifierExtension: a modifier extension";
    fhir_modifier_extension_on_an_answer: |r: &mut Json| {
        saddle_answer(r)["modifierExtension"] = json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
    } => "item[2].item[0].answer[0].modifierExtension: a modifier extension";
    fhir_implicit_rules: |r: &mut Json| {
        r["implicitRules"] = json!("http://example.org/our-own-rules");
    } => "implicitRules: the response follows rules this reader does not know";
    fhir_contained_resources: |r: &mut Json| {
        r["contained"] = json!([{ "resourceType": "QuestionnaireResponse", "status": "completed" }]);
    } => "contained: contained resources are not read";
    fhir_unknown_key_on_the_response: |r: &mut Json| {
        r["answers"] = json!([]);
    } => "answers: is not part of a QuestionnaireResponse this reader understands";
    fhir_unknown_key_in_a_coding: |r: &mut Json| {
        r["item"][1]["item"][0]["answer"][0]["valueCoding"]["negated"] = json!(true);
    } => "item[1].item[0].answer[0].valueCoding.negated: is not part of";
    fhir_item_under_an_answer: |r: &mut Json| {
        saddle_answer(r)["item"] = json!([{ "linkId": "screening.bladder_bowel_change", "answer": [{ "valueBoolean": true }] }]);
    } => "item[2].item[0].answer[0].item: an item under an answer";
    fhir_question_holding_items: |r: &mut Json| {
        saddle(r)["item"] = json!([]);
    } => "item[2].item[0].item: the question `screening.saddle_anaesthesia` holds other items";
    fhir_answer_given_as_an_object: |r: &mut Json| {
        saddle(r)["answer"] = json!({ "valueBoolean": true });
    } => "item[2].item[0].answer: expected a list of answers, found an object";
    fhir_answer_given_as_a_bare_value: |r: &mut Json| {
        saddle(r)["answer"] = json!([true]);
    } => "item[2].item[0].answer[0]: expected an answer object";
    fhir_item_given_as_text: |r: &mut Json| {
        r["item"][2]["item"] = json!(["screening.saddle_anaesthesia"]);
    } => "item[2].item[0]: expected an item object";
    fhir_items_given_as_an_object: |r: &mut Json| {
        let group = screening(r).clone();
        r["item"] = group;
    } => "item: expected a list of items, found an object";
    fhir_link_id_not_text: |r: &mut Json| {
        saddle(r)["linkId"] = json!(7);
    } => "item[2].item[0].linkId: expected the linkId as text";
    fhir_item_without_a_link_id: |r: &mut Json| {
        saddle(r).as_object_mut().expect("object").remove("linkId");
    } => "item[2].item[0]: an item without a `linkId`";
    fhir_answer_without_a_value: |r: &mut Json| {
        *saddle_answer(r) = json!({ "id": "a1" });
    } => "item[2].item[0].answer[0]: an answer without a value";
    fhir_answer_with_two_values: |r: &mut Json| {
        saddle_answer(r)["valueString"] = json!("yes");
    } => "item[2].item[0].answer[0]: an answer with more than one value[x]";
    fhir_answer_of_an_unknown_kind: |r: &mut Json| {
        *saddle_answer(r) = json!({ "valueQuantity": { "value": 1 } });
    } => "item[2].item[0].answer[0].valueQuantity: is not part of";
    fhir_extension_not_a_list: |r: &mut Json| {
        r["extension"] = json!({ "url": "http://example.org/x" });
    } => "extension: expected a list of extensions, found an object";
    fhir_identifier_not_an_object: |r: &mut Json| {
        r["identifier"] = json!("case-7");
    } => "identifier: expected an identifier object";
    fhir_status_not_text: |r: &mut Json| {
        r["status"] = json!(true);
    } => "status: expected the status as text";
    fhir_response_to_another_version_of_the_form: |r: &mut Json| {
        let (url, _) = canonical();
        r["questionnaire"] = json!(format!("{url}|vocabulary-0000000000000000"));
    } => "the response answers version \"vocabulary-0000000000000000\" of the form, and these rules' form is version \"vocabulary-";
    fhir_no_questionnaire: |r: &mut Json| {
        r.as_object_mut().expect("object").remove("questionnaire");
    } => "questionnaire: is required";
    fhir_questionnaire_not_text: |r: &mut Json| {
        r["questionnaire"] = json!({ "reference": "Questionnaire/case" });
    } => "questionnaire: expected the form's canonical URL as text";
}

/// The response changed by `change` is assessed as the EMERGENCY it is, with
/// `warning` on stderr and in the report.
fn assessed_with_warning(change: impl FnOnce(&mut Json), warning: &str) {
    let mut changed = response();
    change(&mut changed);
    let run = assess(&changed, &[], 0);
    assert!(run.out().contains("EMERGENCY"), "{}", run.out());
    assert!(
        run.err().contains(&format!("warning: [tmp]/response.json: {warning}")),
        "not on stderr: {warning}\n{}",
        run.err()
    );
    assert!(
        run.out().contains(&format!("INPUT WARNING: {}", &warning[..30])),
        "not in the report: {warning}\n{}",
        run.out()
    );
    let json = assess(&changed, &["--format", "json"], 0).json();
    let warnings = json["input_warnings"].as_array().expect("input_warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.starts_with(warning))),
        "{json}"
    );
}

#[test]
fn fhir_in_progress_is_assessed_with_a_warning() {
    assessed_with_warning(
        |r| r["status"] = json!("in-progress"),
        "the QuestionnaireResponse's status is \"in-progress\"",
    );
}

#[test]
fn fhir_stopped_is_assessed_with_a_warning() {
    assessed_with_warning(
        |r| r["status"] = json!("stopped"),
        "the QuestionnaireResponse's status is \"stopped\"",
    );
}

#[test]
fn fhir_a_form_without_a_version_is_read_with_a_warning() {
    assessed_with_warning(
        |r| {
            let (url, _) = canonical();
            r["questionnaire"] = json!(url);
        },
        "the QuestionnaireResponse does not name the version of the form it answers",
    );
}

#[test]
fn fhir_metadata_that_changes_no_answer_is_allowed() {
    let mut r = response();
    r["meta"] = json!({ "lastUpdated": "2026-11-21T10:00:00Z" });
    r["text"] = json!({ "status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>" });
    r["subject"] = json!({ "reference": "Patient/1" });
    r["authored"] = json!("2026-11-21");
    r["extension"] = json!([{ "url": "http://example.org/x", "valueString": "y" }]);
    r["item"][2]["item"][0]["text"] = json!("Saddle numbness?");
    let run = assess(&r, &[], 0);
    assert!(run.out().contains("EMERGENCY"), "{}", run.out());
    assert!(!run.err().contains("warning"), "{}", run.err());
    let json = assess(&r, &["--format", "json"], 0).json();
    assert!(json.get("input_warnings").is_none(), "{json}");
}

//! Hostile input (issue 20, items 2 and 7): FHIR responses with small
//! structural slips, and case text that tries to reach the output unescaped.
//! One `#[test]` per row, so one failure hides no other.
//!
//! The FHIR rows start from one response whose saddle numbness is "yes" (an
//! EMERGENCY) and change one thing: each slip must be refused with its path
//! (exit 3, nothing on stdout), never read as if the answer were not there.

use serde_json::{Value as Json, json};

use crate::support::battery::battery;
use crate::support::{Folder, Output, Triage};

/// The form's canonical URL and version, as `triage questionnaire` prints them.
fn canonical() -> (String, String) {
    let form = Triage::new()
        .args(["questionnaire"])
        .any_stdout()
        .run()
        .json();
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
        .any_stdout()
        .any_stderr()
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
        run.err()
            .contains(&format!("warning: [tmp]/response.json: {warning}")),
        "not on stderr: {warning}\n{}",
        run.err()
    );
    assert!(
        run.out()
            .contains(&format!("INPUT WARNING: {}", &warning[..30])),
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

// Output hygiene (item 7): case text never reaches a report unescaped, a CDS
// summary never loses its urgency, and the limits agree.

/// A case whose unknown field's name holds Markdown and a right-to-left override.
const HOSTILE_KEY: &str =
    "{\"patient\": {\"age\": 45, \"*x*\u{202e}[y](z)\": 1}, \"complaint\": {\"region\": \"hip\"}}";

/// A batch of a good case and a case with [`HOSTILE_KEY`], assessed in `format`.
fn hostile_batch(format: &str) -> Output {
    let folder = Folder::new();
    let batch = folder.write(
        "batch.jsonl",
        format!(
            "{{\"id\": \"good\", \"patient\": {{\"age\": 45}}, \"complaint\": {{\"region\": \"hip\"}}}}\n{HOSTILE_KEY}\n"
        ),
    );
    Triage::new()
        .arg("assess")
        .arg(&batch)
        .args(["--format", format])
        .redact(folder.path(), "[tmp]")
        .keep(folder, "[tmp]")
        .status(3)
        .any_stdout()
        .any_stderr()
        .run()
}

#[test]
fn text_not_assessed_line_escapes_what_the_case_holds() {
    let run = hostile_batch("text");
    let line = run
        .out()
        .lines()
        .find(|l| l.starts_with("NOT ASSESSED"))
        .expect("a NOT ASSESSED line")
        .to_string();
    assert!(!line.contains('\u{202e}'), "{line}");
    assert!(line.contains("\\u{202e}"), "{line}");
}

#[test]
fn markdown_not_assessed_line_escapes_what_the_case_holds() {
    let run = hostile_batch("markdown");
    let line = run
        .out()
        .lines()
        .find(|l| l.starts_with("NOT ASSESSED"))
        .expect("a NOT ASSESSED line")
        .to_string();
    assert!(!line.contains('\u{202e}'), "{line}");
    assert!(line.contains("\\*x\\*"), "not escaped for Markdown: {line}");
    assert!(
        line.contains("\\[y\\](z)"),
        "not escaped for Markdown: {line}"
    );
}

#[test]
fn markdown_not_assessed_line_escapes_a_file_name() {
    let folder = Folder::new();
    let good = folder.write(
        "good.json",
        "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
    );
    let bad = folder.write("_bad_\u{202e}[x](y).json", "{\"patient\": ");
    let run = Triage::new()
        .arg("assess")
        .arg(&good)
        .arg(&bad)
        .args(["--format", "markdown"])
        .redact(folder.path(), "[tmp]")
        .status(3)
        .any_stdout()
        .any_stderr()
        .run();
    let line = run
        .out()
        .lines()
        .find(|l| l.starts_with("NOT ASSESSED"))
        .expect("a NOT ASSESSED line")
        .to_string();
    assert!(!line.contains('\u{202e}'), "{line}");
    assert!(line.contains("\\_bad\\_"), "{line}");
    assert!(line.contains("\\[x\\](y)"), "{line}");
}

#[test]
fn markdown_summary_escapes_case_ids() {
    let folder = Folder::new();
    let batch = folder.write(
        "batch.jsonl",
        "{\"id\": \"*bold*_and_[link](x)\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}\n",
    );
    let run = Triage::new()
        .arg("assess")
        .arg(&batch)
        .args(["--summary", "--format", "markdown"])
        .any_stdout()
        .any_stderr()
        .run();
    assert!(
        run.out().contains("\\*bold\\*\\_and\\_\\[link\\](x)"),
        "{}",
        run.out()
    );
}

#[test]
fn cds_hooks_batch_lines_carry_their_origin() {
    let folder = Folder::new();
    let batch = folder.write(
        "batch.jsonl",
        "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}\n{\"patient\": {\"age\": 46}, \"complaint\": {\"region\": \"hip\"}}\n",
    );
    let run = Triage::new()
        .arg("assess")
        .arg(&batch)
        .args(["--format", "cds-hooks"])
        .redact(folder.path(), "[tmp]")
        .any_stdout()
        .any_stderr()
        .run();
    let origins: Vec<String> = run
        .out()
        .lines()
        .map(|line| {
            let json: Json = serde_json::from_str(line).expect("a JSON line");
            assert!(json["cards"].is_array(), "{json}");
            json["origin"].as_str().expect("origin").to_string()
        })
        .collect();
    assert_eq!(origins, ["[tmp]/batch.jsonl:1", "[tmp]/batch.jsonl:2"]);
}

/// The CDS Hooks summary of a case (`--from` the mini rules) whose referral goes
/// to a destination with a long name, so that the headline is longer than a
/// summary may be.
fn long_summary(case: &str) -> String {
    let rules = Folder::mini_rules();
    rules.edit("referrals.toml", |text| {
        text.replace(
            "name = \"the GP\"",
            "name = \"the GP at the practice nearest to where the patient lives, or the one they are registered with\"",
        )
        .replace(
            "name = \"the emergency department\"",
            "name = \"the emergency department of the hospital nearest to where the patient lives, open day and night, with a fracture clinic\"",
        )
    });
    let run = Triage::new()
        .args(["assess", "-", "--format", "cds-hooks"])
        .stdin(case)
        .rules(rules)
        .any_stdout()
        .run();
    run.json()["cards"][0]["summary"]
        .as_str()
        .expect("summary")
        .to_string()
}

/// Every word of `summary` is a whole word of the headline it was cut from.
fn whole_words(summary: &str) {
    assert!(summary.chars().count() <= 140, "{summary}");
    for word in summary.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        assert!(
            !bare.starts_with("EMERG") || bare == "EMERGENCY",
            "an urgency cut: {summary}"
        );
    }
}

#[test]
fn cds_summary_keeps_the_urgency_it_could_become() {
    // Night pain: ROUTINE to the GP; the fall not asked could make it an EMERGENCY.
    let summary = long_summary(
        r#"{"patient": {"age": 80}, "complaint": {"region": "hip"}, "screening": {"night_pain": true}}"#,
    );
    whole_words(&summary);
    assert!(summary.starts_with("REFERRAL: ROUTINE to "), "{summary}");
    assert!(
        summary.ends_with("could make this an EMERGENCY"),
        "{summary}"
    );
}

#[test]
fn cds_summary_is_cut_at_a_word_and_keeps_its_urgency() {
    let summary = long_summary(
        r#"{"patient": {"age": 80}, "complaint": {"region": "hip"}, "screening": {"recent_fall": true, "night_pain": false}}"#,
    );
    whole_words(&summary);
    assert!(summary.starts_with("REFERRAL: EMERGENCY to "), "{summary}");
    assert!(summary.ends_with('…'), "{summary}");
}

/// A copy of the shipped rules with one more rule file.
fn rules_with_rule(source: &str) -> Folder {
    let rules = Folder::shipped_rules();
    rules.write(
        "zz_limits/list.rhai",
        format!("// Covers: limits\n// Sources: none\n// Reviewed: 2026-11-01\n{source}"),
    );
    rules
}

const GOOD_CASE: &str = "fixtures/labral_repair_6_weeks_woman_45.json";

#[test]
fn limits_a_rule_may_build_a_list_of_513_short_texts() {
    Triage::new()
        .args(["assess", GOOD_CASE, "--no-what-if"])
        .rules(rules_with_rule(
            "let a = [];\nfor i in 0..513 { a.push(\"abcdefgh\"); }\nrule never { if a.len() != 513 { review(\"never\"); } }\n",
        ))
        .stdout_contains("REFERRAL")
        .run();
}

#[test]
fn limits_a_rule_may_build_a_full_list_of_the_longest_case_texts() {
    Triage::new()
        .args(["assess", GOOD_CASE, "--no-what-if"])
        .rules(rules_with_rule(&format!(
            "let a = [];\nfor i in 0..1024 {{ a.push(\"{}\"); }}\nrule never {{ if a.len() != 1024 {{ review(\"never\"); }} }}\n",
            "é".repeat(200)
        )))
        .stdout_contains("REFERRAL")
        .run();
}

#[test]
fn limits_a_list_past_1024_items_stops_the_rule() {
    Triage::new()
        .args(["assess", GOOD_CASE, "--no-what-if"])
        .rules(rules_with_rule(
            "let a = [];\nfor i in 0..1025 { a.push(\"x\"); }\n",
        ))
        .status(4)
        .stderr_contains("a list grew longer than 1024 items")
        .run();
}

/// A case whose list answer has `n` items.
fn case_with_list(n: usize) -> String {
    let items = vec!["\"stairs\""; n].join(", ");
    format!(
        "{{\"patient\": {{\"age\": 45}}, \"complaint\": {{\"region\": \"hip\", \"aggravated_by\": [{items}]}}}}"
    )
}

#[test]
fn limits_a_case_list_of_1024_items_is_read() {
    Triage::new()
        .args(["assess", "-", "--no-what-if"])
        .stdin(case_with_list(1024))
        .stdout_contains("REFERRAL")
        .run();
}

#[test]
fn limits_a_case_list_past_1024_items_is_refused() {
    Triage::new()
        .args(["assess", "-", "--no-what-if"])
        .stdin(case_with_list(1025))
        .status(3)
        .stderr_contains("complaint.aggravated_by: a list of 1025 items: a list holds at most 1024")
        .run();
}

/// The README's table of limits has this row, as the tests above enforce it.
fn readme_has_the_row(_: &str, row: &str) {
    let readme = std::fs::read_to_string(crate::support::folder::manifest_dir().join("README.md"))
        .expect("README");
    assert!(readme.contains(row), "the README has no row `{row}`");
}

battery! {
    /// The limits, one `#[test]` each.
    mod limits_agree_with_the_readme (readme_has_the_row, at_least 6) {
        one_case => "| one case (file, standard input, or one line of a batch) | 1 MiB |",
        json_nesting => "| JSON nesting | 128 levels",
        text_values => "| text values (`id`, free-text fields) | 200 characters",
        list_answers => "| list answers (a list field) | 1,024 items",
        list_built_by_a_rule => "| list built by a rule | 1,024 items",
        text_held_by_a_rule => "| text a rule holds in one value | 800 KiB",
    }
}

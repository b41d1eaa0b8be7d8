//! A rule failing on one case of a batch stops only that case, which the JSON and
//! the text report name by its batch line.

use crate::support::snapshot::snapshot;

use super::{BROKEN, HEADER, RULE_ERROR, new_workspace, triage};

#[test]
fn a_rule_failing_on_one_case_of_a_batch_stops_only_that_case() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}if patient.age == 99 {{\n    let x = patient.age / 0;\n}}\n"),
    );
    let case = |id: &str, age: u32| {
        format!(
            r#"{{"id": "{id}", "patient": {{"age": {age}}}, "complaint": {{"region": "hip"}}}}"#
        )
    };
    let batch = [case("before", 45), case("fails", 99), case("after", 46)].join("\n");
    workspace.write("batch.jsonl", batch);
    let run = triage(&workspace, &["batch.jsonl", "--format", "json"])
        .status(RULE_ERROR)
        // stderr names the batch line as well as the rule's line.
        .stderr_contains(format!("{BROKEN}:5"))
        .stderr_contains(
            "error: batch.jsonl:2 was not assessed: a rule failed, and no partial answer is given",
        )
        .any_stdout()
        .run();
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0]["case_id"], "before");
    assert!(
        lines[1].get("referral").is_none(),
        "no assessment for the failing case"
    );
    assert_eq!(lines[1]["origin"], "batch.jsonl:2");
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains(&format!("{BROKEN}:5"))),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["case_id"], "after");
    snapshot!("rule_fails_on_one_case_of_a_batch", run.err());
}

#[test]
fn a_rule_failing_in_a_text_batch_names_the_batch_line_in_the_report() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}if patient.age == 99 {{\n    let x = patient.age / 0;\n}}\n"),
    );
    let case = |id: &str, age: u32| {
        format!(
            r#"{{"id": "{id}", "patient": {{"age": {age}}}, "complaint": {{"region": "hip"}}}}"#
        )
    };
    workspace.write(
        "batch.jsonl",
        [case("before", 45), case("fails", 99)].join("\n"),
    );
    let run = triage(&workspace, &["batch.jsonl"])
        .status(RULE_ERROR)
        .any_stdout()
        .any_stderr()
        .run();
    let not_assessed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("NOT ASSESSED"))
        .collect();
    assert_eq!(not_assessed.len(), 1, "{}", run.stdout);
    assert!(
        not_assessed[0].contains("batch.jsonl:2"),
        "{}",
        not_assessed[0]
    );
}

//! `triage test`: passes, failures and rule coverage; no case is run when the
//! rules do not load; only `test` reads a fixture's `expect`, not `assess`.

use crate::support::snapshot::snapshot;
use crate::support::{Folder, Triage};

use super::triage;

#[test]
fn test_passes_on_the_shipped_rules_and_fixtures() {
    let run = triage("test").stdout_contains("Rule coverage: ").run();
    let summary = run
        .stdout
        .lines()
        .find(|l| l.ends_with(" failed") && l.contains(" passed, "))
        .expect("a summary line");
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
}

#[test]
fn test_reports_passes_failures_and_rule_coverage() {
    // A failure exits 1.
    let run = triage("test")
        .folder_arg(Folder::mini_cases(true), "[CASES]")
        .rules(Folder::mini_rules())
        .status(1)
        .any_stdout()
        .run();
    let summary: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(" passed, "))
        .collect();
    assert_eq!(summary, vec!["2 passed, 1 failed"]);
    snapshot!("test_mini", run.all());
}

#[test]
fn test_all_passing_exits_zero() {
    triage("test")
        .folder_arg(Folder::mini_cases(false), "[CASES]")
        .rules(Folder::mini_rules())
        // Quiet when every case passes: the summary is the first line.
        .stdout_contains("2 passed, 0 failed\n\nRule coverage")
        .run();
}

#[test]
fn test_does_not_run_cases_when_the_rules_do_not_load() {
    let rules = Folder::mini_rules();
    rules.edit("hip/exercise.rhai", |t| {
        t.replace("\"stretching\", \"Gentle", "\"stretchnig\", \"Gentle")
    });
    let run = triage("test")
        .folder_arg(Folder::mini_cases(false), "[CASES]")
        .rules(rules)
        .status(4)
        .stdout("")
        .any_stderr()
        .run();
    snapshot!("test_rules_do_not_load", run.err());
}

/// `assess` ignores a fixture's `expect` (as the README says), even a malformed
/// one; only `test` reads it, and says what is wrong with it.
#[test]
fn assess_ignores_expect_and_test_reports_a_malformed_one() {
    let cases = Folder::new();
    cases.write(
        "malformed_expect.json",
        r#"{"id": "x", "patient": {"age": 40}, "complaint": {"region": "hip"},
            "expect": {"urgency": "none", "no_such_key": true}}"#,
    );
    Triage::new()
        .args(["assess", "--no-what-if"])
        .arg(cases.path().join("malformed_expect.json"))
        .stdout_contains("REFERRAL: NONE")
        .run();
    triage("test")
        .folder_arg(cases, "[CASES]")
        .status(1)
        .stdout_contains("expect: unknown field `no_such_key`")
        .run();
}

//! One pipeline assesses every case, and it never hides a failure: a rule that
//! fails only when the what-if tries an answer is reported loudly, with the
//! assessment for the answers given, in every format, in a batch and in the
//! interview (exit 4); `diff` never reports a case a rule failed on as a change
//! (exit 4, those cases first).

use crate::support::{Folder, Triage};

/// A rule that divides by zero when night pain is answered yes, and on the case
/// of a 40-year-old (`hip_stairs.json` of the mini cases).
const BROKEN: &str = r"// Covers: a rule that fails on some answers (test rule)
// Sources: [T3] a test source
// Reviewed: 2026-11-01

let none = patient.age - patient.age;
rule night_pain_ratio { if yes(screening.night_pain) {
    review(`Night pain, ratio ${patient.age / none}`);
}}
rule forty_ratio { if patient.age == 40 {
    review(`Forty, ratio ${patient.age / none}`);
}}
";

/// The line of `BROKEN` that fails when night pain is yes.
const NIGHT_PAIN_LINE: usize = 7;

/// The mini rules with [`BROKEN`] added as `hip/broken.rhai`.
fn broken_rules() -> Folder {
    let rules = Folder::mini_rules();
    rules.write("hip/broken.rhai", BROKEN);
    rules
}

/// A case of hip pain at 50, night pain not asked: the what-if tries it.
const CASE: &str =
    r#"{ "id": "hip-50", "patient": { "age": 50 }, "complaint": { "region": "hip" } }"#;

/// The loud line every report prints for the answer the rules failed on.
fn rules_failed_line(message: &str) -> String {
    format!(
        "RULES FAILED when trying screening.night_pain = true: rules/hip/broken.rhai:{NIGHT_PAIN_LINE}: {message}; the rules must be fixed before this answer can be assessed"
    )
}

/// A folder with the broken rules as `rules/` and [`CASE`] as `case.json`, so
/// every path in the report is short (`rules/hip/broken.rhai`).
fn place() -> Folder {
    let place = Folder::new();
    for (relative, text) in crate::support::mini::RULES {
        place.write(format!("rules/{relative}"), text);
    }
    place.write("rules/hip/broken.rhai", BROKEN);
    place.write("case.json", CASE);
    place
}

/// `triage <args> --rules rules`, run in `place`.
fn triage_in(place: &Folder, args: &[&str]) -> Triage {
    Triage::new()
        .current_dir(place.path())
        .args(args)
        .args(["--rules", "rules"])
        .redact(place.path(), "[HERE]")
}

/// `triage assess case.json <args>` with the broken rules.
fn assess(args: &[&str]) -> (Folder, Triage) {
    let place = place();
    let triage = triage_in(&place, &["assess", "case.json"]).args(args);
    (place, triage)
}

/// A text report with its wrapped lines joined again.
fn unwrapped(text: &str) -> String {
    text.replace("\n  ", " ")
}

/// The engine's words for a division by zero, as the report gives them.
fn division_by_zero() -> String {
    let (_place, triage) = assess(&["--format", "json"]);
    let run = triage.status(4).any_stdout().any_stderr().run();
    let error = run.json()["what_if_failed"][0]["error"]
        .as_str()
        .expect("the failure's error")
        .to_string();
    let prefix = format!("rules/hip/broken.rhai:{NIGHT_PAIN_LINE}: ");
    error
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{error} names the rule line"))
        .to_string()
}

// ---------------------------------------------------------------------------
// The what-if never hides a failure

#[test]
fn a_rule_failing_on_a_what_if_answer_is_a_loud_line_in_the_text_report() {
    let message = division_by_zero();
    let (_place, triage) = assess(&[]);
    let run = triage.status(4).any_stdout().any_stderr().run();
    // The assessment for the answers given is still there, in full.
    let out = unwrapped(&run.out());
    assert!(out.contains(&rules_failed_line(&message)), "{out}");
    assert!(out.starts_with("Case hip-50\nREFERRAL: NONE"), "{out}");
    assert!(out.contains("TREATMENTS TO CONSIDER"), "{out}");
    assert!(
        out.contains("Exercise therapy: Strengthen the hip."),
        "{out}"
    );
    let stderr = run.err();
    assert!(
        stderr.contains(&format!("error: {}", rules_failed_line(&message))),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "the assessment is for the answers given; the what-if could not try every answer:"
        ),
        "{stderr}"
    );
}

#[test]
fn a_rule_failing_on_a_what_if_answer_is_in_the_markdown_report() {
    let message = division_by_zero();
    let (_place, triage) = assess(&["--format", "markdown"]);
    let line = rules_failed_line(&message).replace("night_pain", "night\\_pain");
    triage
        .status(4)
        .stdout_contains(format!("> **{line}**"))
        .any_stderr()
        .run();
}

#[test]
fn json_carries_the_what_if_failure_and_the_assessment() {
    let (_place, triage) = assess(&["--format", "json"]);
    let json = triage.status(4).any_stdout().any_stderr().run().json();
    let failed = json["what_if_failed"].as_array().expect("what_if_failed");
    assert_eq!(failed.len(), 1, "{json:#}");
    assert_eq!(failed[0]["field"], "screening.night_pain");
    assert_eq!(failed[0]["answer"], true);
    assert_eq!(json["referral"]["urgency"], "none");
    assert_eq!(json["treatments"][0]["id"], "exercise_therapy");
    // The answer that failed is not among those that would change nothing: it
    // is absent from could_change, and named in what_if_failed instead.
    assert!(
        json["could_change"]
            .as_array()
            .expect("could_change")
            .iter()
            .all(|change| change["field"] != "screening.night_pain"),
        "{json:#}"
    );
}

#[test]
fn without_the_what_if_nothing_is_tried_and_nothing_fails() {
    let (_place, triage) = assess(&["--no-what-if", "--format", "json"]);
    let json = triage.stderr("").any_stdout().run().json();
    assert!(json.get("what_if_failed").is_none(), "{json:#}");
    assert!(json.get("could_change").is_none(), "{json:#}");
}

#[test]
fn a_case_with_no_failing_answer_has_no_what_if_failed_key() {
    let place = place();
    place.write(
        "answered.json",
        r#"{ "patient": { "age": 50 }, "complaint": { "region": "hip" }, "screening": { "night_pain": false } }"#,
    );
    let run = triage_in(&place, &["assess", "answered.json", "--format", "json"])
        .stderr("")
        .any_stdout()
        .run();
    assert!(run.json().get("what_if_failed").is_none(), "{}", run.stdout);
}

#[test]
fn a_batch_with_the_what_if_reports_the_failure_for_each_case_and_exits_4() {
    let message = division_by_zero();
    let place = place();
    place.write("batch.jsonl", format!("{CASE}\n{CASE}\n"));
    let run = triage_in(&place, &["assess", "batch.jsonl", "--what-if", "--format", "json"])
        .status(4)
        .stderr_contains(format!(
            "error: batch.jsonl:2: the assessment is for the answers given; the what-if could not try every answer:\nerror: {}",
            rules_failed_line(&message)
        ))
        .stderr_contains("error: 2 of 2 cases are assessed for the answers given only: a rule failed on an answer the what-if tried (RULES FAILED)")
        .any_stdout()
        .run();
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert_eq!(line["what_if_failed"][0]["field"], "screening.night_pain");
        assert_eq!(line["referral"]["urgency"], "none");
    }
}

#[test]
fn a_batch_of_text_reports_with_the_what_if_shows_the_failure_in_each() {
    let message = division_by_zero();
    let place = place();
    place.write("batch.jsonl", format!("{CASE}\n{CASE}\n"));
    let run = triage_in(&place, &["assess", "batch.jsonl", "--what-if"])
        .status(4)
        .any_stdout()
        .any_stderr()
        .run();
    let out = unwrapped(&run.stdout);
    assert_eq!(
        out.matches(&rules_failed_line(&message)).count(),
        2,
        "{out}"
    );
}

#[test]
fn a_batch_without_the_what_if_tries_nothing_and_exits_0() {
    let place = place();
    place.write("batch.jsonl", format!("{CASE}\n{CASE}\n"));
    triage_in(&place, &["assess", "batch.jsonl"])
        .stdout_contains("Case hip-50")
        .stderr("2 cases: 0 emergency, 0 urgent, 0 soon, 0 routine, 2 none, 0 not assessed\n")
        .run();
}

#[test]
fn the_interview_says_the_failure_and_its_report_shows_it_with_exit_4() {
    let message = division_by_zero();
    let place = place();
    let run = triage_in(&place, &["interview", "--from", "case.json"])
        .stdin("")
        .status(4)
        .any_stdout()
        .any_stderr()
        .run();
    let line = rules_failed_line(&message);
    assert!(unwrapped(&run.stdout).contains(&line), "{}", run.stdout);
    // Said once while the questions are planned, and again under the report.
    assert_eq!(run.stderr.matches(&line).count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: the assessment is for the answers given; the what-if could not try every answer:"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// One pipeline: a case gets the same assessment alone and in a batch

#[test]
fn a_case_alone_and_in_a_batch_with_the_what_if_get_the_same_assessment() {
    let cases = Folder::new();
    cases.write("case.json", CASE);
    cases.write("batch.jsonl", format!("{CASE}\n"));
    let rules = Folder::mini_rules();
    let alone = Triage::new()
        .arg("assess")
        .arg(cases.join("case.json"))
        .args(["--format", "json", "--rules"])
        .arg(rules.path())
        .any_stdout()
        .run()
        .json();
    let mut in_batch = Triage::new()
        .arg("assess")
        .arg(cases.join("batch.jsonl"))
        .args(["--format", "json", "--what-if", "--rules"])
        .arg(rules.path())
        .any_stdout()
        .stderr("1 case: 0 emergency, 0 urgent, 0 soon, 0 routine, 1 none, 0 not assessed\n")
        .run()
        .json();
    let origin = in_batch
        .as_object_mut()
        .expect("an object")
        .remove("origin")
        .expect("a case of a batch has its origin");
    assert!(
        origin
            .as_str()
            .is_some_and(|o| o.ends_with("batch.jsonl:1"))
    );
    assert_eq!(alone, in_batch);
    assert!(alone["could_change"].is_array(), "{alone:#}");
}

// ---------------------------------------------------------------------------
// diff never reports a failure as a change

/// `triage diff --rules OLD --rules NEW` on the mini cases.
fn diff(old: Folder, new: Folder) -> Triage {
    Triage::new()
        .arg("diff")
        .arg("--rules")
        .folder_arg(old, "[OLD]")
        .arg("--rules")
        .folder_arg(new, "[NEW]")
        .folder_arg(Folder::mini_cases(false), "[CASES]")
}

#[test]
fn diff_lists_the_cases_new_rules_fail_on_first_and_exits_4() {
    let run = diff(Folder::mini_rules(), broken_rules())
        .status(4)
        .stderr("error: the rules failed on 1 case: no comparison is given for it\n")
        .any_stdout()
        .run();
    let out = run.out();
    let first_case = out
        .lines()
        .find(|line| !line.starts_with("OLD ") && !line.starts_with("NEW ") && !line.is_empty())
        .unwrap_or_default();
    assert!(
        first_case.starts_with("RULES FAILED on 1 case: a rule stopped the case under OLD or NEW, so it was not compared."),
        "{out}"
    );
    assert!(
        out.contains("RULES FAILED  [CASES]/hip_stairs.json (hip-stairs)\n    the rules failed under NEW: [NEW]/hip/broken.rhai:10:"),
        "{out}"
    );
    assert!(
        out.contains("2 cases compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 2 unchanged\n1 case was not compared: the rules failed on it (listed first)\n"),
        "{out}"
    );
    assert!(!out.contains("CHANGED"), "a failure is not a change: {out}");
}

#[test]
fn diff_of_rules_failing_alike_under_both_is_not_unchanged() {
    let run = diff(broken_rules(), broken_rules())
        .status(4)
        .any_stdout()
        .stderr("error: the rules failed on 1 case: no comparison is given for it\n")
        .run();
    let out = run.out();
    assert!(
        out.contains("RULES FAILED  [CASES]/hip_stairs.json\n    the rules failed under OLD: [OLD]/hip/broken.rhai:10:"),
        "{out}"
    );
    assert!(
        out.contains("    the rules failed under NEW: [NEW]/hip/broken.rhai:10:"),
        "{out}"
    );
}

#[test]
fn diff_lists_rule_failures_before_safety_warnings_and_exits_4() {
    let new = broken_rules();
    new.edit("red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    let run = diff(Folder::mini_rules(), new)
        .status(4)
        .any_stdout()
        .stderr("error: the rules failed on 1 case: no comparison is given for it\n")
        .run();
    let out = run.out();
    let failed = out.find("RULES FAILED  ").expect("the failed case");
    let lowered = out.find("SAFETY WARNING  ").expect("the lowered case");
    assert!(failed < lowered, "{out}");
}

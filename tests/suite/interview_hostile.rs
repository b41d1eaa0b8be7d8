//! The interview keeps every answer and every case (issue 20, item 5), driven
//! through the plain protocol with hostile scripts. One `#[test]` per row.
//!
//! The order of the questions after the first two follows the rules, so these
//! rows only rely on it beginning with the age and the region, and read the
//! third question's field from what was asked.

use serde_json::Value as Json;

use crate::support::{Folder, Output, Triage};

/// `triage interview ARGS` with `answers` on stdin, expected to exit `status`.
fn interview(answers: &[u8], args: &[&str], status: i32) -> Output {
    Triage::new()
        .arg("interview")
        .args(args)
        .stdin(answers.to_vec())
        .status(status)
        .any_stdout()
        .any_stderr()
        .run()
}

/// The fields asked, in order, from the `? ... [field] (...)` lines.
fn asked(run: &Output) -> Vec<String> {
    run.err()
        .lines()
        .filter(|line| line.starts_with("? "))
        .filter_map(|line| {
            let start = line.rfind(" [")? + 2;
            let end = start + line[start..].find(']')?;
            Some(line[start..end].to_string())
        })
        .collect()
}

/// The saved case at `path`.
fn saved(path: &std::path::Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).expect("the case was saved"))
        .expect("the saved case is JSON")
}

#[test]
fn back_then_the_end_of_input_keeps_the_answer_taken_back() {
    // `back` at the third question takes back the region, which is asked again
    // when the answers end: it is kept, and the case is assessed with it.
    let run = interview(b"45\nhip\nback\n", &["--format", "json"], 0);
    let asked = asked(&run);
    assert_eq!(asked.len(), 4, "{}", run.err());
    assert_eq!(
        [&asked[0], &asked[1], &asked[3]],
        ["patient.age", "complaint.region", "complaint.region"],
        "{}",
        run.err()
    );
    assert!(run.json()["referral"].is_object());
    assert!(
        run.err().contains(
            "kept the answers taken back with `back` and not given again: complaint.region"
        ),
        "{}",
        run.err()
    );
}

#[test]
fn back_twice_then_the_end_of_input_keeps_both_answers() {
    let folder = Folder::new();
    let case = folder.join("case.json");
    let run = Triage::new()
        .args(["interview", "--save"])
        .arg(&case)
        .stdin("45\nhip\nback\nback\n")
        .any_stdout()
        .any_stderr()
        .run();
    let case = saved(&case);
    assert_eq!(case["patient"]["age"], 45, "{case}\n{}", run.err());
    assert_eq!(case["complaint"]["region"], "hip", "{case}");
}

#[test]
fn back_then_the_end_of_input_keeps_a_red_flag_yes() {
    let folder = Folder::new();
    let case = folder.join("case.json");
    // With the context given, the first prompt is the first red-flag checklist:
    // its first question present (the rest no), then `back` (at the next prompt,
    // or at the offer to stop if that yes is an emergency), then the answers end
    // while it is asked again.
    let from = folder.write(
        "from.json",
        r#"{"patient": {"age": 45, "sex": "male"}, "complaint": {"region": "buttock",
            "side": "left", "onset": "gradual", "duration_weeks": 6},
            "history": {"surgery": "none"}, "activity": {"level": "active"}}"#,
    );
    let first = Triage::new()
        .args(["interview", "--from"])
        .arg(&from)
        .stdin("")
        .any_stdout()
        .any_stderr()
        .run();
    let checklist = asked(&first)[0].clone();
    let member = checklist
        .split(", ")
        .next()
        .expect("a checklist's first question")
        .to_string();
    let run = Triage::new()
        .args(["interview", "--format", "json", "--from"])
        .arg(&from)
        .arg("--save")
        .arg(&case)
        .stdin(format!("{member}\nback\n"))
        .any_stdout()
        .any_stderr()
        .run();
    let (section, field) = member.split_once('.').expect("section.field");
    let case = saved(&case);
    assert_eq!(
        case[section][field],
        true,
        "{member} lost: {case}\n{}",
        run.err()
    );
    assert!(
        run.err().contains("not given again: ") && run.err().contains(&member),
        "{}",
        run.err()
    );
}

#[test]
fn a_line_that_is_not_utf8_is_not_taken_and_asked_again() {
    let run = interview(b"\xff\xfe\n45\nhip\n", &["--format", "json"], 0);
    assert!(
        run.err()
            .contains("not taken: answer line 1 is not UTF-8 text"),
        "{}",
        run.err()
    );
    assert_eq!(asked(&run)[..2], ["patient.age", "patient.age"]);
    assert!(run.json()["referral"].is_object());
}

#[test]
fn a_refused_answer_ends_a_scripted_interview_naming_its_line() {
    let run = interview(b"200\n45\nhip\n", &[], 3);
    assert_eq!(run.out(), "", "nothing is assessed");
    assert!(
        run.err()
            .contains("error: answer line 1 was not taken (200 is out of range"),
        "{}",
        run.err()
    );
    assert_eq!(asked(&run), ["patient.age"], "not asked again");
}

#[test]
fn a_refused_answer_later_in_the_script_names_its_line() {
    let run = interview(b"45\nhip\nperhaps\nn\nn\n", &[], 3);
    assert_eq!(run.out(), "");
    assert!(
        run.err()
            .contains("error: answer line 3 was not taken (\"perhaps\""),
        "{}",
        run.err()
    );
}

#[test]
fn a_refused_answer_to_the_offer_to_stop_names_its_line() {
    let folder = Folder::new();
    let partial = folder.write(
        "partial.json",
        r#"{"patient": {"age": 54}, "complaint": {"region": "buttock"}, "screening": {"saddle_anaesthesia": true}}"#,
    );
    let run = Triage::new()
        .args(["interview", "--from"])
        .arg(&partial)
        .stdin("perhaps\n")
        .status(3)
        .any_stderr()
        .run();
    assert!(run.err().contains("[stop]"), "{}", run.err());
    assert!(
        run.err().contains("error: answer line 1 was not taken"),
        "{}",
        run.err()
    );
}

#[test]
fn a_refused_answer_keeps_the_answers_before_it_in_the_saved_case() {
    let folder = Folder::new();
    let case = folder.join("case.json");
    Triage::new()
        .args(["interview", "--save"])
        .arg(&case)
        .stdin("45\nhip\nperhaps\n")
        .status(3)
        .any_stderr()
        .run();
    let case = saved(&case);
    assert_eq!(case["patient"]["age"], 45, "{case}");
}

#[test]
fn answers_echoed_back_are_escaped_and_shortened() {
    let hostile = format!("\u{1b}[2J\u{202e}{}\n", "x".repeat(500));
    let run = interview(hostile.as_bytes(), &[], 3);
    let refusal = run
        .err()
        .lines()
        .find(|l| l.starts_with("not taken: "))
        .expect("not taken")
        .to_string();
    assert!(!run.err().contains('\u{1b}'), "{}", run.err());
    assert!(!run.err().contains('\u{202e}'), "{}", run.err());
    assert!(refusal.contains("\\u{1b}[2J\\u{202e}"), "{refusal}");
    assert!(refusal.contains('…'), "shortened: {refusal}");
    assert!(refusal.chars().count() < 200, "{refusal}");
}

#[test]
fn from_a_batch_of_two_cases_is_refused() {
    let folder = Folder::new();
    let batch = folder.write(
        "two.jsonl",
        "{\"patient\": {\"age\": 45}}\n{\"patient\": {\"age\": 46}}\n",
    );
    let run = Triage::new()
        .args(["interview", "--from"])
        .arg(&batch)
        .stdin("45\nhip\n")
        .redact(folder.path(), "[tmp]")
        .status(2)
        .stderr_contains("this batch holds more than one case: --from takes one case")
        .run();
    assert!(asked(&run).is_empty(), "no question was asked");
}

#[test]
fn from_an_empty_batch_is_refused() {
    let folder = Folder::new();
    let batch = folder.write("none.jsonl", "\n\n");
    let run = Triage::new()
        .args(["interview", "--from"])
        .arg(&batch)
        .stdin("45\nhip\n")
        .status(3)
        .stderr_contains("holds no case")
        .run();
    assert!(asked(&run).is_empty(), "no question was asked");
}

#[test]
fn from_a_batch_of_one_case_is_read() {
    let folder = Folder::new();
    let batch = folder.write(
        "one.jsonl",
        "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}\n",
    );
    let run = Triage::new()
        .args(["interview", "--format", "json", "--from"])
        .arg(&batch)
        .any_stdout()
        .any_stderr()
        .run();
    assert!(!asked(&run).contains(&"patient.age".to_string()));
    assert!(run.json()["referral"].is_object());
}

#[test]
fn save_refuses_to_replace_a_file_without_force() {
    let folder = Folder::new();
    let case = folder.write("case.json", "an earlier patient's case");
    let run = Triage::new()
        .args(["interview", "--save"])
        .arg(&case)
        .stdin("45\nhip\n")
        .redact(folder.path(), "[tmp]")
        .status(2)
        .stderr_contains(
            "error: --save [tmp]/case.json: a file is already there: give --force to replace it",
        )
        .run();
    assert!(asked(&run).is_empty(), "refused before any question");
    assert_eq!(
        std::fs::read_to_string(&case).expect("kept"),
        "an earlier patient's case"
    );
}

#[test]
fn save_with_force_replaces_the_file_whole() {
    let folder = Folder::new();
    let case = folder.write("case.json", "an earlier patient's case");
    Triage::new()
        .args(["interview", "--force", "--save"])
        .arg(&case)
        .stdin("45\nhip\n")
        .any_stdout()
        .any_stderr()
        .run();
    assert_eq!(saved(&case)["patient"]["age"], 45);
    let left: Vec<String> = std::fs::read_dir(folder.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["case.json"], "no temporary file is left");
}

#[test]
fn save_never_writes_an_empty_case() {
    let folder = Folder::new();
    let case = folder.join("case.json");
    Triage::new()
        .args(["interview", "--save"])
        .arg(&case)
        .stdin("")
        .redact(folder.path(), "[tmp]")
        .status(6)
        .stderr_contains("error: nothing was saved to [tmp]/case.json: no question was answered")
        .run();
    assert!(!case.exists());
}

#[test]
fn save_into_a_missing_folder_fails_loudly() {
    let folder = Folder::new();
    let case = folder.join("missing/case.json");
    Triage::new()
        .args(["interview", "--save"])
        .arg(&case)
        .stdin("45\nhip\n")
        .status(6)
        .stderr_contains("error: the case could not be saved to")
        .any_stdout()
        .run();
}

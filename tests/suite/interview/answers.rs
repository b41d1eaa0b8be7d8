//! The answers every prompt takes besides a value: `back`, unknown (`?` or an empty
//! line), `finish` and `done`, and the end of input; unknown is refused for the
//! age and region.

use crate::support::{Folder, Triage};

use super::Clinician;

#[test]
fn back_and_unknown_answers() {
    // A refused answer ends a scripted interview (exit 3, naming the line): see
    // `interview_hostile.rs`; on a terminal it is asked again.
    let run = Clinician::new(&[
        ("patient.age", "45"),
        // `back` to the age, which is asked again and answered 46.
        ("complaint.region", "back"),
        ("patient.age", "46"),
        ("complaint.region", "hip"),
        // Unknown by `?` and by an empty line.
        ("screening.night_pain", "?"),
        ("screening.recent_fall", ""),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    assert_eq!(
        run.fields()[..4],
        [
            "patient.age",
            "complaint.region",
            "patient.age",
            "complaint.region"
        ],
        "{}",
        run.shown()
    );
    assert!(
        !run.messages.iter().any(|m| m.starts_with("not taken: ")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    let not_screened = assessment["not_screened"].to_string();
    assert!(not_screened.contains("night_pain"), "{not_screened}");
    assert!(not_screened.contains("recent_fall"), "{not_screened}");
    assert_eq!(
        run.fields()
            .iter()
            .filter(|f| **f == "screening.night_pain")
            .count(),
        1,
        "an unknown answer is not asked again"
    );
}

#[test]
fn back_at_the_first_question_asks_it_again() {
    let run = Clinician::new(&[
        ("patient.age", "back"),
        ("patient.age", "30"),
        ("complaint.region", "hip"),
    ])
    .interview(&[]);
    assert_eq!(
        run.fields()[..3],
        ["patient.age", "patient.age", "complaint.region"]
    );
    assert!(
        run.messages
            .iter()
            .any(|m| m.contains("nothing to go back to"))
    );
}

#[test]
fn the_end_of_input_assesses_what_was_given_or_names_what_is_missing() {
    Triage::new()
        .args(["interview", "--format", "json"])
        .stdin("50\nhip\nmale\n")
        .stderr_contains("? How old is the patient? [patient.age] (whole number 0-120 years)\n")
        .stderr_contains("no more answers: 3 answers")
        .stdout_contains("\"urgency\"")
        .run();
    Triage::new()
        .args(["interview"])
        .stdin("50\n")
        .status(3)
        .stderr_contains("complaint.region")
        .stderr_contains("is required")
        .run();
}

#[test]
fn age_answered_unknown_by_a_script_ends_the_interview_naming_its_line() {
    // Unknown is not an answer for age or region, which are needed to assess:
    // refused like any answer not taken. A script stops there (its next line
    // was written for the next question); on a terminal it is asked again
    // (`interview_terminal.rs`).
    let run = Clinician::new(&[("patient.age", "50"), ("complaint.region", "?")])
        .otherwise("n")
        .interview(&["--format", "json"]);
    assert_eq!(run.status, 3, "{}", run.shown());
    assert!(
        run.messages.iter().any(|m| m
            == "not taken: complaint.region is needed to assess the case: unknown is not an answer here"),
        "{}",
        run.shown()
    );
    assert!(
        run.messages
            .iter()
            .any(|m| m.starts_with("error: answer line 2 was not taken")),
        "{}",
        run.shown()
    );
    assert!(run.stdout.is_empty(), "nothing assessed: {}", run.shown());
    Triage::new()
        .args(["interview"])
        .stdin("?\n")
        .status(3)
        .stderr_contains("patient.age is needed to assess the case")
        .stderr_contains("error: answer line 1 was not taken")
        .run();
}

#[test]
fn each_prompt_has_its_number_and_finish_assesses_what_was_given_with_an_honest_closing_line() {
    // `finish` at the third prompt: assessed on age and region, and the
    // closing line counts what could still change it (never "nothing else").
    let run = Triage::new()
        .args(["interview", "--format", "json"])
        .stdin("50\nhip\nfinish\n")
        .stderr_contains("(#1)\n? How old is the patient?")
        .stderr_contains("(#2)\n? Where is the pain mainly felt?")
        .stderr_contains("(#3, ")
        .stderr_contains("open questions could change it)\n? ")
        .stderr_contains("interview finished early: 2 answers in 2 prompts; ")
        .stdout_contains("\"urgency\"")
        .run();
    let closing = run
        .err()
        .lines()
        .find(|l| l.starts_with("interview finished early"))
        .unwrap_or_default()
        .to_string();
    assert!(
        closing.contains("unanswered questions could still change the assessment")
            && !closing.contains("nothing else"),
        "{closing}"
    );
    // `done` at a checklist does the same.
    let done = Triage::new()
        .args(["interview", "--format", "json", "--from"])
        .arg(Folder::new().write(
            "from.json",
            r#"{"patient": {"age": 45, "sex": "male"}, "complaint": {"region": "hip",
                "side": "left", "onset": "gradual", "duration_weeks": 6},
                "history": {"surgery": "other"}, "activity": {"level": "active"}}"#,
        ))
        .stdin("done\n")
        .stderr_contains("(the ones present, none, or ?)\n")
        .stderr_contains("interview finished early: 0 answers in 0 prompts; ")
        .any_stdout()
        .run();
    assert!(done.json()["referral"].is_object());
}

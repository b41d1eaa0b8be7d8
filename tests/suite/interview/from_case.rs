//! `--from`: an interview from a partial case asks only what is missing, and a
//! bad case names the field.

use crate::support::{Folder, Triage};

use super::Clinician;

#[test]
fn from_a_partial_case_only_what_is_missing_is_asked() {
    let folder = Folder::new();
    let partial = folder.write(
        "partial.json",
        r#"{"id": "p1", "patient": {"age": 45}, "complaint": {"region": "hip"},
            "screening": {"night_pain": false}}"#,
    );
    let saved = folder.join("saved.json");
    let run = Clinician::new(&[]).otherwise("n").interview(&[
        "--from",
        &partial.to_string_lossy(),
        "--save",
        &saved.to_string_lossy(),
    ]);
    assert_eq!(run.status, 0, "{}", run.shown());
    for given in ["patient.age", "complaint.region", "screening.night_pain"] {
        assert!(
            !run.fields().contains(&given),
            "{given} was given:\n{}",
            run.shown()
        );
    }
    assert!(run.fields().contains(&"screening.fever_or_unwell"));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.starts_with("{\n  \"id\": \"p1\""), "{text}");
}

#[test]
fn a_bad_from_case_names_the_field() {
    let folder = Folder::new();
    let partial = folder.write("bad.json", r#"{"patient": {"age": 400}}"#);
    Triage::new()
        .args(["interview", "--from"])
        .arg(partial)
        .status(3)
        .stderr_contains("patient.age")
        .run();
}

//! Handouts cannot overwrite or mislead (issue 20, item 6): `--handout` never
//! writes over a case file, however the path reaches it; when this patient's
//! handout is not written, an earlier patient's at that path is removed (and the
//! clinician told), never left to be handed over; and `check` refuses a template
//! whose handout of a referral does not say where the patient is to go. One
//! `#[test]` per row.

use std::path::PathBuf;

use crate::support::{Folder, Output, Triage};

/// A case the shipped rules refer as an EMERGENCY.
const CAUDA_EQUINA: &str = "fixtures/sciatica_difficulty_starting_urination_cauda_equina.json";

/// A folder with the emergency case as `case.md` (a case file may have any
/// name), and its text.
fn workspace() -> (Folder, PathBuf, String) {
    let folder = Folder::new();
    let text = std::fs::read_to_string(crate::support::folder::manifest_dir().join(CAUDA_EQUINA))
        .expect("fixture");
    let case = folder.write("case.md", &text);
    (folder, case, text)
}

/// `triage assess case.md --handout HANDOUT`, run in the workspace: refused
/// with exit 2 before anything is assessed, and the case is untouched.
fn refused_as_the_case(folder: &Folder, handout: &str, case: &PathBuf, text: &str) {
    let run = Triage::new()
        .args(["assess", "case.md", "--rules"])
        .arg(crate::support::folder::manifest_dir().join("rules"))
        .args(["--handout", handout])
        .current_dir(folder.path())
        .status(2)
        .any_stderr()
        .run();
    assert!(
        run.err().contains("that is the case file case.md"),
        "{}",
        run.err()
    );
    assert_eq!(run.out(), "", "nothing assessed");
    assert_eq!(std::fs::read_to_string(case).expect("the case"), text);
}

#[test]
fn handout_on_the_case_file_is_refused() {
    let (folder, case, text) = workspace();
    refused_as_the_case(&folder, "case.md", &case, &text);
}

#[test]
fn handout_on_the_case_file_through_dot_slash_is_refused() {
    let (folder, case, text) = workspace();
    refused_as_the_case(&folder, "./case.md", &case, &text);
}

#[test]
fn handout_on_the_case_file_through_a_parent_folder_is_refused() {
    let (folder, case, text) = workspace();
    std::fs::create_dir(folder.join("sub")).expect("sub");
    refused_as_the_case(&folder, "sub/../case.md", &case, &text);
}

#[cfg(unix)]
#[test]
fn handout_on_a_link_to_the_case_file_is_refused() {
    let (folder, case, text) = workspace();
    std::os::unix::fs::symlink(&case, folder.join("link.md")).expect("symlink");
    refused_as_the_case(&folder, "link.md", &case, &text);
}

#[cfg(unix)]
#[test]
fn handout_on_a_linked_folder_holding_the_case_file_is_refused() {
    let (folder, case, text) = workspace();
    std::os::unix::fs::symlink(folder.path(), folder.join("same")).expect("symlink");
    refused_as_the_case(&folder, "same/case.md", &case, &text);
}

#[test]
fn handout_on_a_hard_link_to_the_case_file_is_refused() {
    let (folder, case, text) = workspace();
    std::fs::hard_link(&case, folder.join("hard.md")).expect("hard link");
    refused_as_the_case(&folder, "hard.md", &case, &text);
}

/// `triage assess CASE --handout old.md` in a folder where `old.md` is an
/// earlier patient's handout; returns the run and whether it is still there.
fn over_an_earlier_handout(case: &str, rules: Option<Folder>, status: i32) -> (Output, bool) {
    let folder = Folder::new();
    let old = folder.write("old.md", "# An earlier patient's handout\n");
    let case = if case.starts_with('{') {
        folder.write("case.json", case)
    } else {
        crate::support::folder::manifest_dir().join(case)
    };
    let mut triage = Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(&old)
        .redact(folder.path(), "[tmp]")
        .status(status);
    if let Some(rules) = rules {
        triage = triage.rules(rules);
    }
    let run = triage.any_stdout().any_stderr().run();
    let kept = old.exists();
    drop(folder);
    (run, kept)
}

const REMOVED: &str = "error: no handout was written to [tmp]/old.md; the handout that was there (an earlier patient's) was removed";

#[test]
fn an_earlier_handout_is_removed_when_the_case_is_invalid() {
    let (run, kept) = over_an_earlier_handout(r#"{"patient": {"age": 45}}"#, None, 3);
    assert!(!kept, "{}", run.err());
    assert!(run.err().contains(REMOVED), "{}", run.err());
}

#[test]
fn an_earlier_handout_is_removed_when_the_rules_do_not_load() {
    let rules = Folder::shipped_rules();
    rules.write(
        "zz/broken.rhai",
        "// Covers: x\n// Sources: x\n// Reviewed: 2026-01-01\nlet = ;\n",
    );
    let (run, kept) = over_an_earlier_handout(CAUDA_EQUINA, Some(rules), 4);
    assert!(!kept, "{}", run.err());
    assert!(run.err().contains(REMOVED), "{}", run.err());
}

#[test]
fn an_earlier_handout_is_removed_when_the_template_fails_on_this_case() {
    // A template that fails only for this case's id: the samples pass.
    let rules = Folder::shipped_rules();
    rules.edit("handout/handout.md.j2", |text| {
        format!("{{% if case_id == \"boom\" %}}{{{{ 1 // 0 }}}}{{% endif %}}\n{text}")
    });
    let (run, kept) = over_an_earlier_handout(
        r#"{"id": "boom", "patient": {"age": 45}, "complaint": {"region": "hip"}}"#,
        Some(rules),
        4,
    );
    assert!(!kept, "{}", run.err());
    assert!(run.err().contains(REMOVED), "{}", run.err());
}

#[test]
fn an_earlier_handout_is_replaced_whole_by_this_patients() {
    let (run, kept) = over_an_earlier_handout(CAUDA_EQUINA, None, 0);
    assert!(kept, "{}", run.err());
    assert!(
        run.err().contains("handout: wrote [tmp]/old.md"),
        "{}",
        run.err()
    );
}

/// A copy of the shipped rules with one template changed: `check` refuses it
/// with `message`, and `assess --handout` does not load the rules (exit 4).
fn template_refused(template: &str, change: impl FnOnce(String) -> String, message: &str) {
    let rules = Folder::shipped_rules();
    rules.edit(&format!("handout/{template}"), change);
    let run = Triage::new()
        .args(["check", "--rules"])
        .arg(rules.path())
        .env("TRIAGE_TODAY", "2026-11-21")
        .status(1)
        .any_stdout()
        .run();
    assert!(run.out().contains(message), "{}", run.out());
    assert!(
        run.out().contains("does not tell the patient where to go"),
        "{}",
        run.out()
    );
    Triage::new()
        .args(["assess", CAUDA_EQUINA, "--rules"])
        .arg(rules.path())
        .status(4)
        .stdout("")
        .stderr_contains("does not tell the patient where to go")
        .run();
}

#[test]
fn check_refuses_an_emergency_handout_that_does_not_say_where_to_go() {
    template_refused(
        "handout.md.j2",
        |text| {
            text.replace(
                "Your physiotherapist wants you to go to **{{ referral.destination }}** ({{ referral.meaning }}).",
                "Your physiotherapist wants you to get medical help ({{ referral.meaning }}).",
            )
        },
        "the sample handout of an EMERGENCY referral to",
    );
}

#[test]
fn check_refuses_an_urgent_handout_that_does_not_say_where_to_go() {
    template_refused(
        "handout.html.j2",
        |text| {
            text.replace(
                "Your physiotherapist is referring you to {{ referral.destination }} ({{ referral.meaning }}).",
                "Your physiotherapist is referring you ({{ referral.meaning }}).",
            )
        },
        "an URGENT referral to",
    );
}

#[test]
fn check_refuses_a_handout_that_names_one_destination_for_all() {
    template_refused(
        "handout.md.j2",
        |text| {
            text.replace(
                "go to **{{ referral.destination }}**",
                "go to **the emergency department**",
            )
        },
        "of an EMERGENCY referral to the GP",
    );
}

//! `triage diff --thresholds`: each case compared again with every numeric field
//! set just either side of each threshold the rules compare it with, so that a
//! moved threshold shows even when no case sits at it.

use crate::support::folder::rule_files;
use crate::support::{Folder, Triage};

/// A fixture far from the temperature threshold (no temperature recorded).
const FIXTURE: &str = "fixtures/adductor_groin_pain_footballer_24.json";

/// `triage diff --rules rules --rules NEW`, with the given extra arguments.
fn diff(new: &Folder, extra: &[&str]) -> Triage {
    Triage::new()
        .args(["diff", "--rules", "rules", "--rules"])
        .arg(new.path())
        .args(extra)
        .redact(new.path(), "[NEW]")
}

#[test]
fn a_moved_threshold_shows_in_the_threshold_cases_only() {
    let moved = Folder::shipped_rules();
    moved.edit("definitions/findings.rhai", |text| {
        text.replace("exam.temperature_c >= 38.0", "exam.temperature_c >= 38.5")
    });
    // The fixture alone does not see it ...
    diff(&moved, &[FIXTURE])
        .status(0)
        .stdout_contains("1 case compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 1 unchanged")
        .run();
    // ... its threshold cases do: 38.0 is no longer a fever, and a red flag goes.
    let run = diff(&moved, &["--thresholds", FIXTURE])
        .status(5)
        .any_stdout()
        .run();
    let out = run.out();
    assert!(
        out.contains(&format!(
            "SAFETY WARNING  {FIXTURE} with exam.temperature_c = 38.0"
        )),
        "{out}"
    );
    assert!(
        out.contains("red flag removed: suspected_septic_arthritis  [was red_flags/septic_arthritis#suspected_septic_arthritis]"),
        "{out}"
    );
}

#[test]
fn comment_lines_in_every_rule_file_change_no_threshold_case() {
    let commented = Folder::shipped_rules();
    for file in rule_files(commented.path()) {
        commented.edit(&file, |text| format!("// A note above the header.\n{text}"));
    }
    let run = diff(
        &commented,
        &[
            "--thresholds",
            FIXTURE,
            "fixtures/elderly_fall_cannot_weight_bear.json",
            "fixtures/labral_repair_6_weeks_woman_45.json",
        ],
    )
    .status(0)
    .any_stdout()
    .run();
    let summary = run.out().lines().last().unwrap_or_default().to_string();
    let compared: usize = summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(compared > 100, "{summary}");
    assert!(
        summary.ends_with(&format!("0 with other changes only, {compared} unchanged")),
        "{summary}"
    );
}

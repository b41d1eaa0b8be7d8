//! `triage explain`: the reads, the actions and what did not fire, why a treatment
//! was withheld, and the trace up to a rule that fails.

use std::path::Path;

use crate::support::folder::rule_files;
use crate::support::snapshot::snapshot;
use crate::support::{Folder, Triage};

use super::triage;

/// `triage explain CASE` on one of the mini cases, its folder shown as `[CASES]`.
fn explain_mini_case(case: &str) -> Triage {
    let cases = Folder::mini_cases(false);
    let case = cases.join(case);
    triage("explain").arg(case).keep(cases, "[CASES]")
}

#[test]
fn explain_shows_reads_actions_and_what_did_not_fire() {
    let run = explain_mini_case("hip_stairs.json")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    snapshot!("explain_hip_stairs", run.all());
}

#[test]
fn explain_says_why_a_treatment_was_withheld() {
    let run = explain_mini_case("older_fall.json")
        .rules(Folder::mini_rules())
        .stdout_contains("-> withheld: no treatment is suggested with an emergency referral")
        .run();
    snapshot!("explain_older_fall", run.out());
}

#[test]
fn explain_shows_the_trace_up_to_a_rule_that_fails() {
    let rules = Folder::mini_rules();
    rules.edit("hip/exercise.rhai", |t| {
        t.replace(
            "review(\"Reassess in 6 weeks.\");",
            "let weeks = complaint.duration_weeks + 1;",
        )
    });
    let run = explain_mini_case("hip_stairs.json")
        .rules(rules)
        .status(4)
        .any_stdout()
        .any_stderr()
        .run();
    snapshot!("explain_rule_fails", run.all());
}

#[test]
fn explain_runs_on_a_shipped_fixture() {
    let run = triage("explain")
        .arg("fixtures/elderly_fall_cannot_weight_bear.json")
        .stdout_contains("REFER emergency")
        .run();
    for file in rule_files(Path::new("rules")) {
        assert!(
            run.stdout.contains(&format!("rules/{file}: ")),
            "{file} is not in the trace"
        );
    }
}

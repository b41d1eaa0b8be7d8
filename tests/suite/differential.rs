//! The native evaluation never gives another answer than Rhai: every fixture,
//! generated cases and the threshold cases of every fixture are assessed in the
//! differential mode (every rule file run both ways, every trace compared, for
//! the case and every trial of its what-if), and the answer is the one the
//! default (native where it can tell) gives; and the deep safety check's own
//! generated cases run in the differential mode too (a difference stops a case,
//! which the deep check reports as a finding). The native semantics are tested on
//! random expressions in `src/engine/native/tests.rs`.

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value as Json;

use crate::support::cpu;
use crate::support::folder::fixture_paths;
use crate::support::library;
use crate::support::triage::Triage;

/// Generated cases when `PROPTEST_CASES` is not set.
const GENERATED: u32 = 200;

fn same_both_ways(case: &library::Case, name: &str) {
    let _cpu = cpu::shared();
    let differential = library::assess_differential(case)
        .unwrap_or_else(|error| panic!("{name}: the native evaluation differs:\n{error}"));
    let default = library::assess_with_what_if(case)
        .unwrap_or_else(|error| panic!("{name}: the rules failed:\n{error}"));
    assert_eq!(
        serde_json::to_value(&differential).ok(),
        serde_json::to_value(&default).ok(),
        "{name}: the default evaluation answers otherwise than Rhai"
    );
}

#[test]
fn every_fixture_with_its_what_if_is_the_same_natively_and_in_rhai() {
    for path in fixture_paths() {
        let fixture = library::read_fixture(&path);
        same_both_ways(&fixture.case, &path.display().to_string());
    }
}

#[test]
fn generated_cases_with_their_what_if_are_the_same_natively_and_in_rhai() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(GENERATED);
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = super::properties::case_json();
    for _ in 0..cases {
        let json = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(error) => panic!("no case generated: {error}"),
        };
        let shown = Json::Object(json.clone()).to_string();
        let case = library::case_from_object(json, "generated").unwrap_or_else(|error| {
            panic!("the generator made an invalid case ({error}): {shown}")
        });
        same_both_ways(&case, &shown);
    }
}

#[test]
fn the_threshold_cases_of_every_fixture_are_the_same_natively_and_in_rhai() {
    // Each case with each numeric field either side of every threshold: `diff` of
    // the rules with themselves, in the differential mode, changes nothing and
    // fails nowhere.
    Triage::new()
        .args([
            "diff",
            "--rules",
            "rules",
            "--rules",
            "rules",
            "--thresholds",
            "fixtures",
        ])
        .env("TRIAGE_EVALUATOR", "differential")
        .stdout_contains(
            "0 down in urgency, 0 up, 0 to another destination, 0 with other changes only",
        )
        .run();
}

/// The deep check's generator reaches contexts the fixtures do not (every value of
/// every gating field, ages at every boundary): every case it makes is run both ways.
#[test]
fn the_deep_checks_generated_cases_are_the_same_natively_and_in_rhai() {
    let run = Triage::new()
        .args(["check", "--deep", "--cases", "3000"])
        .env("TRIAGE_EVALUATOR", "differential")
        .env("TRIAGE_TODAY", "2026-12-01")
        .any_status()
        .any_stdout()
        .any_stderr()
        .run();
    assert!(
        run.status == 0 && run.stdout.contains("every property held"),
        "the native evaluation and Rhai differ on a deep-check case, or a property failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

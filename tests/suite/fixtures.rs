//! Every fixture is checked twice:
//! 1. against its own reviewed expectation (`expect` in the case file). This is
//!    the clinical decision and it outranks the snapshot;
//! 2. against an insta snapshot of its JSON assessment and its text report, so any
//!    change in wording or order is seen in review.

use std::path::Path;

use crate::support::folder::fixture_paths;
use crate::support::library::{self, Assessment, Fixture};
use crate::support::snapshot::{json_snapshot, snapshot};
use crate::support::{cpu, redact};

/// Reads a fixture and assesses it with the shipped rules; either failing fails the test.
fn assess(path: &Path) -> (Fixture, Assessment) {
    let _cpu = cpu::shared();
    let fixture = library::read_fixture(path);
    let assessment = library::assess(&fixture.case)
        .unwrap_or_else(|e| panic!("{}: the rules failed:\n{e}", path.display()));
    (fixture, assessment)
}

#[test]
fn every_fixture_meets_its_reviewed_expectation() {
    let paths = fixture_paths();
    let mut failures = Vec::new();
    for path in &paths {
        let (fixture, assessment) = assess(path);
        let Some(expected) = &fixture.expected else {
            failures.push(format!(
                "{}: has no reviewed `expect` outcome",
                path.display()
            ));
            continue;
        };
        if expected.urgency().is_none() {
            failures.push(format!(
                "{}: `expect` must state the urgency",
                path.display()
            ));
        }
        for problem in expected
            .unknown_names()
            .into_iter()
            .chain(expected.check(&assessment))
        {
            failures.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_snapshots() {
    insta::glob!("../../fixtures", "*.json", |path| {
        let _cpu = cpu::shared();
        let fixture = library::read_fixture(path);
        // As `triage assess` gives one case: with the what-if.
        let assessment = library::assess_with_what_if(&fixture.case)
            .unwrap_or_else(|e| panic!("{}: the rules failed:\n{e}", path.display()));
        // Keyed by rule id, not line: adding a line to a rule file changes no
        // snapshot (the `rule` lines read `[line]`, `rule_id` is kept).
        let placed = library::with_placeholder_rule_lines(&assessment);
        let json = serde_json::to_string(&placed).expect("an assessment is JSON");
        let json: serde_json::Value =
            serde_json::from_str(&library::redact_rule_lines(&json)).expect("still JSON");
        json_snapshot!("assessment", json, {
            ".ruleset.sha256" => redact::SHA256,
        });
        let text = redact::sha256s(&library::redact_rule_lines(&library::text_report(&placed)));
        snapshot!("report", text);
    });
}

/// Every what-if entry of every fixture, checked from the outside: the answer is
/// written into the case file's JSON, the case is read and assessed again, and the
/// urgency must be the one stated, every withdrawn treatment under avoid.
#[test]
fn every_what_if_answer_gives_the_stated_outcome() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in fixture_paths() {
        let _cpu = cpu::shared();
        let fixture = library::read_fixture(&path);
        let assessment = library::assess_with_what_if(&fixture.case)
            .unwrap_or_else(|e| panic!("{}: the rules failed:\n{e}", path.display()));
        let text = std::fs::read_to_string(&path).expect("fixture is readable");
        for entry in library::what_if(&assessment) {
            let mut object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).expect("fixture is JSON");
            object.remove("expect");
            let (section, field) = entry.field.split_once('.').expect("section.field");
            let section = object
                .entry(section.to_string())
                .or_insert_with(|| serde_json::json!({}));
            section[field] = entry.answer.clone();
            let case = library::case_from_object(object, &path.display().to_string())
                .unwrap_or_else(|e| {
                    panic!(
                        "{}: {} = {}: {e}",
                        path.display(),
                        entry.field,
                        entry.answer
                    )
                });
            let again = library::assess(&case).expect("assessed");
            checked += 1;
            if library::urgency(&again) != entry.urgency {
                failures.push(format!(
                    "{}: {} = {} should give {}, gives {}",
                    path.display(),
                    entry.field,
                    entry.answer,
                    entry.urgency,
                    library::urgency(&again)
                ));
            }
            let avoided = library::avoided_ids(&again);
            for id in &entry.withdraws {
                if !avoided.contains(&id.as_str()) {
                    failures.push(format!(
                        "{}: {} = {} should put {id} under avoid",
                        path.display(),
                        entry.field,
                        entry.answer
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} what-if entries were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

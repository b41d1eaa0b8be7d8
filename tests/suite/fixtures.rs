//! Every fixture is checked twice:
//! 1. against its own reviewed expectation (`expect` in the case file). This is
//!    the clinical decision and it outranks the snapshot;
//! 2. against an insta snapshot of its JSON assessment and its text report, so any
//!    change in wording or order is seen in review.

use std::path::{Path, PathBuf};

use crate::support::cpu;
use crate::support::library::{self, Assessment, Fixture};
use crate::support::snapshot::{json_snapshot, snapshot};

/// Reads a fixture and assesses it with the shipped rules; either failing fails the test.
fn assess(path: &Path) -> (Fixture, Assessment) {
    let _cpu = cpu::shared();
    let fixture = library::read_fixture(path);
    let assessment = library::assess(&fixture.case)
        .unwrap_or_else(|e| panic!("{}: the rules failed:\n{e}", path.display()));
    (fixture, assessment)
}

fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir("fixtures")
        .expect("fixtures folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_fixture_meets_its_reviewed_expectation() {
    let paths = fixture_paths();
    assert!(
        paths.len() >= 10,
        "expected at least ten fixtures, found {}",
        paths.len()
    );
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
        let (_, assessment) = assess(path);
        let hash = library::ruleset_sha256(&assessment).to_string();
        json_snapshot!("assessment", assessment, {
            ".ruleset.sha256" => "[sha256]",
        });
        let text = library::text_report(&assessment).replace(&hash, "[sha256]");
        snapshot!("report", text);
    });
}

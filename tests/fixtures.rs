//! Every fixture is checked twice:
//! 1. against its own reviewed expectation (`expect` in the case file). This is
//!    the clinical decision and it outranks the snapshot;
//! 2. against an insta snapshot of its JSON assessment and its text report, so any
//!    change in wording or order is seen in review.

use std::path::Path;
use std::sync::OnceLock;

use physio_triage::{Assessment, Case, RuleSet, report};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::load(Path::new("rules")) {
        Ok(rules) => rules,
        Err(error) => panic!("the shipped rules do not load:\n{}", error.render()),
    })
}

fn assess(path: &Path) -> (Case, Assessment) {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let origin = path.display().to_string();
    let case = Case::from_json(&text, &origin, &rules().vocabulary)
        .unwrap_or_else(|e| panic!("{origin} is not a valid case: {e}"));
    let assessment = Assessment::of(rules(), &case)
        .unwrap_or_else(|e| panic!("{origin}: the rules failed:\n{}", e.render()));
    (case, assessment)
}

fn fixture_paths() -> Vec<std::path::PathBuf> {
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
        let (case, assessment) = assess(path);
        let Some(expect) = &case.expect else {
            failures.push(format!(
                "{}: has no reviewed `expect` outcome",
                path.display()
            ));
            continue;
        };
        if expect.urgency.is_none() {
            failures.push(format!(
                "{}: `expect` must state the urgency",
                path.display()
            ));
        }
        for problem in expect
            .unknown_names(rules())
            .into_iter()
            .chain(expect.check(&assessment))
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
    insta::glob!("../fixtures", "*.json", |path| {
        let (_, assessment) = assess(path);
        let hash = assessment.ruleset.sha256.clone();
        insta::assert_json_snapshot!("assessment", assessment, {
            ".ruleset.sha256" => "[sha256]",
        });
        let text = report::text(&assessment, rules()).replace(&hash, "[sha256]");
        insta::assert_snapshot!("report", text);
    });
}

//! The safety case (issue 19): the safety properties and the hazard log in
//! `rules/safety/`, read and checked by `triage check`, the report of `triage
//! safety-case`, and the engine's guarantees. The deep check's own tests are in
//! `safety_deep.rs`. Most tests use the mini rules with a small safety folder
//! (`support/safety.rs`): fast, and independent of the clinical rules.

use serde_json::Value as Json;

use crate::support::library::guarantees;
use crate::support::safety::mini_with_safety;
use crate::support::{Folder, Triage, folder::manifest_dir};

// ---------------------------------------------------------------------------
// The shipped declaration

#[test]
fn at_least_40_properties_and_12_hazards_ship_and_pass_check() {
    let rules = manifest_dir().join("rules/safety");
    let properties: Json = toml::from_str(
        &std::fs::read_to_string(rules.join("properties.toml")).expect("properties.toml"),
    )
    .expect("TOML");
    let hazards: Json =
        toml::from_str(&std::fs::read_to_string(rules.join("hazards.toml")).expect("hazards.toml"))
            .expect("TOML");
    let properties = properties["property"]
        .as_array()
        .expect("properties")
        .clone();
    assert!(properties.len() >= 40, "{} properties", properties.len());
    assert!(
        hazards["hazard"].as_array().expect("hazards").len() >= 12,
        "fewer than 12 hazards"
    );
    for property in &properties {
        assert!(
            property["source"]
                .as_str()
                .is_some_and(|s| !s.trim().is_empty()),
            "{} cites no source",
            property["id"]
        );
    }
    // No error, and no warning in the safety files: every property is the
    // control of some hazard. (A warning elsewhere, such as a treatment the
    // rules do not suggest yet, is the rule author's, not the safety case's.)
    let checked = Triage::new()
        .args(["check"])
        .env("TRIAGE_TODAY", "2026-12-01")
        .status(0)
        .any_stdout()
        .any_stderr()
        .run();
    assert!(
        !checked.stdout.contains("--> rules/safety/"),
        "the safety files have findings:\n{}",
        checked.stdout
    );
}

// ---------------------------------------------------------------------------
// Reading and checking the safety files

#[test]
fn an_unknown_key_in_a_property_names_its_line_and_the_key_meant() {
    let rules = mini_with_safety();
    rules.edit("safety/properties.toml", |text| {
        text.replacen(
            "urgency_at_least = \"routine\"",
            "urgency_at_lest = \"routine\"",
            1,
        )
    });
    let line = std::fs::read_to_string(rules.join("safety/properties.toml"))
        .expect("file")
        .lines()
        .position(|l| l.starts_with("urgency_at_lest"))
        .expect("the edit")
        + 1;
    Triage::new()
        .arg("check")
        .rules(rules)
        .status(1)
        .stdout_contains(format!("[RULES]/safety/properties.toml:{line}:1"))
        .stdout_contains("unknown field `urgency_at_lest`")
        .stdout_contains("did you mean `urgency_at_least`?")
        .any_stderr()
        .run();
}

#[test]
fn every_unknown_name_in_a_property_is_refused_at_its_place_with_a_did_you_mean() {
    let rules = mini_with_safety();
    rules.edit("safety/properties.toml", |text| {
        text.replace("screening.night_pain\", is", "screening.nigth_pain\", is")
            .replace("one_of = [\"stairs\"]", "one_of = [\"stiars\"]")
            .replacen(
                "\nurgency_at_least = \"emergency\"",
                "\nurgency_at_least = \"emergncy\"",
                1,
            )
            .replace(
                "must_avoid = [\"stretching\"]",
                "must_avoid = [\"streching\"]",
            )
            .replace("[\"emergency_department\"]", "[\"emergency_departmnt\"]")
            .replace("[\"possible_fracture\"]", "[\"posible_fracture\"]")
    });
    let run = Triage::new()
        .arg("check")
        .rules(rules)
        .status(1)
        .any_stdout()
        .any_stderr()
        .run();
    let out = run.out();
    for (wrong, meant) in [
        ("screening.nigth_pain", "screening.night_pain"),
        ("stiars", "stairs"),
        ("emergncy", "emergency"),
        ("streching", "stretching"),
        ("emergency_departmnt", "emergency_department"),
        ("posible_fracture", "possible_fracture"),
    ] {
        assert!(out.contains(wrong), "{wrong} is not named:\n{out}");
        assert!(
            out.contains(&format!("did you mean `{meant}`?")),
            "no did-you-mean for {wrong}:\n{out}"
        );
    }
    assert!(out.contains("[RULES]/safety/properties.toml:"), "{out}");
    assert!(out.contains("6 errors"), "{out}");
}

#[test]
fn a_control_that_names_nothing_that_exists_fails_check() {
    let rules = mini_with_safety();
    rules.edit("safety/hazards.toml", |text| {
        text.replace(
            "{ property = \"older_fall_is_an_emergency\" }",
            "{ property = \"older_fall_is_an_emergncy\" }",
        )
        .replace(
            "{ guarantee = \"escalation_only\" }",
            "{ guarantee = \"escalate_only\" }",
        )
        .replace("red_flags/fall.rhai", "red_flags/falls.rhai")
    });
    let run = Triage::new()
        .arg("check")
        .rules(rules)
        .status(1)
        .any_stdout()
        .any_stderr()
        .run();
    let out = run.out();
    assert!(out.contains("names nothing that exists"), "{out}");
    for meant in [
        "older_fall_is_an_emergency",
        "escalation_only",
        "red_flags/fall.rhai",
    ] {
        assert!(out.contains(&format!("did you mean `{meant}`?")), "{out}");
    }
    assert!(out.contains("[RULES]/safety/hazards.toml:"), "{out}");
    // And the rules are not used to assess while their safety case is broken.
    let rules = mini_with_safety();
    rules.edit("safety/hazards.toml", |text| {
        text.replace("escalation_only", "escalate_only")
    });
    Triage::new()
        .args(["assess", "fixtures/labral_repair_6_weeks_woman_45.json"])
        .rules(rules)
        .status(4)
        .stderr_contains("escalate_only")
        .any_stdout()
        .run();
}

#[test]
fn a_hazard_with_no_control_fails_check_and_an_unused_property_is_a_warning() {
    let rules = mini_with_safety();
    rules.edit("safety/hazards.toml", |text| {
        let start = text
            .find("controls = [\n    { property = \"stair")
            .expect("H02's controls");
        let end = text[start..].find("]\n").expect("the end") + start + 2;
        format!("{}controls = []\n{}", &text[..start], &text[end..])
    });
    let run = Triage::new()
        .arg("check")
        .rules(rules)
        .status(1)
        .any_stdout()
        .any_stderr()
        .run();
    let out = run.out();
    assert!(out.contains("hazard `H02`: it has no control"), "{out}");
    // H02 was the only hazard to use these: each is now a warning at its id.
    for property in [
        "stair_pain_rules_out_stretching",
        "night_pain_goes_to_the_gp",
    ] {
        assert!(
            out.contains(&format!(
                "warning: property `{property}` is the control of no hazard"
            )),
            "{out}"
        );
    }
}

#[test]
fn a_broken_safety_file_stops_assess_as_check_does() {
    let rules = mini_with_safety();
    rules.edit("safety/properties.toml", |text| {
        text.replacen("[[property]]", "[[propery]]", 1)
    });
    let run = Triage::new()
        .args(["assess", "fixtures/labral_repair_6_weeks_woman_45.json"])
        .rules(rules)
        .status(4)
        .any_stdout()
        .any_stderr()
        .run();
    assert!(
        run.err().contains("safety/properties.toml"),
        "{}",
        run.err()
    );
    assert!(run.out().is_empty());
}

#[test]
fn the_safety_files_count_in_the_rule_set_hash() {
    let hash = |rules: Folder| {
        Triage::new()
            .args(["assess", "--format", "json", "--no-what-if", "-"])
            .rules(rules)
            .stdin(r#"{"patient": {"age": 40}, "complaint": {"region": "hip"}}"#)
            .any_stdout()
            .any_stderr()
            .run()
            .json()["ruleset"]["sha256"]
            .as_str()
            .expect("a hash")
            .to_string()
    };
    let before = hash(mini_with_safety());
    let edited = mini_with_safety();
    edited.edit("safety/hazards.toml", |text| {
        format!("# reviewed again\n{text}")
    });
    assert_ne!(
        before,
        hash(edited),
        "a comment in hazards.toml changes the hash"
    );
    assert_ne!(
        before,
        hash(Folder::mini_rules()),
        "the safety folder is hashed"
    );
}

// ---------------------------------------------------------------------------
// The report and the guarantees

#[test]
fn the_safety_case_renders_every_hazard_with_its_evidence() {
    let rules = mini_with_safety();
    let report = |format: &str, date: &str| {
        Triage::new()
            .args([
                "safety-case",
                "--cases",
                "2000",
                "--format",
                format,
                "--rules",
            ])
            .arg(rules.path())
            .env("TRIAGE_TODAY", date)
            .any_stdout()
            .any_stderr()
            .run()
            .stdout
    };
    let markdown = report("markdown", "2026-12-01");
    for needle in [
        "# Clinical safety case: triage",
        "Date: 2026-12-01",
        "## 1. Scope and intended use",
        "| H01 | A fall fracture is missed | 4 (catastrophic, medium) | 3 (catastrophic, very low) | 3 |",
        "| H02 | An unsafe treatment | 3 (major, low) | 2 (major, very low) | 4 |",
        "Status: VERIFIED",
        "engine guarantee, proved by the tests",
        "reviewed 2026-11-01 against its sources",
        "2,000 generated) with 0 counterexamples at rule set sha256 ",
    ] {
        assert!(markdown.contains(needle), "no {needle:?} in:\n{markdown}");
    }
    // Every control of every hazard has its evidence.
    assert_eq!(
        markdown.matches("with 0 counterexamples").count(),
        4,
        "{markdown}"
    );
    // The same rules give the same report, apart from its date.
    let later = report("markdown", "2027-01-15");
    assert_eq!(markdown.replace("2026-12-01", "2027-01-15"), later);
    let html = report("html", "2026-12-01");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<td>H01</td><td>A fall fracture is missed</td>"),
        "{html}"
    );
}

#[test]
fn an_unverified_safety_case_says_so_and_exits_1() {
    let rules = mini_with_safety();
    rules.edit("safety/properties.toml", |text| {
        text.replace(", { field = \"patient.age\", at_least = 65 }", "")
    });
    let run = Triage::new()
        .args(["safety-case", "--cases", "2000"])
        .rules(rules)
        .status(1)
        .stderr_contains("the safety case is not verified")
        .any_stdout()
        .run();
    assert!(
        run.stdout.contains("Status: NOT VERIFIED"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("**NOT VERIFIED:"), "{}", run.stdout);
}

#[test]
fn every_guarantee_names_tests_that_exist_and_fields_lists_them() {
    let fields = Triage::new()
        .arg("fields")
        .any_stdout()
        .any_stderr()
        .run()
        .stdout;
    for (id, tests) in guarantees() {
        assert!(!tests.is_empty(), "{id} names no test");
        assert!(
            fields.contains(&format!("  {id}\n")),
            "fields does not list {id}"
        );
        for test in tests {
            let (path, function) = test.rsplit_once("::").expect("path::function");
            let text = std::fs::read_to_string(manifest_dir().join(path))
                .unwrap_or_else(|e| panic!("{id}: {path}: {e}"));
            assert!(
                text.contains(&format!("fn {function}(")),
                "{id}: the test {test} no longer exists"
            );
        }
    }
}

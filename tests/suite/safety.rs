//! The safety case (issue 19): the safety properties and the hazard log in
//! `rules/safety/`, checked by `triage check`, proved by `triage check --deep`
//! over generated cases, and reported by `triage safety-case`.
//!
//! Most tests use the mini rules with a small safety folder written here (fast,
//! and independent of the clinical rules); the done-when test gates three
//! shipped red-flag rules on a context field and expects the deep check to find
//! each; one CI-sized deep run asks that the shipped rules hold every shipped
//! property.

use std::time::{Duration, Instant};

use serde_json::Value as Json;

use crate::support::library::guarantees;
use crate::support::{Folder, Triage, folder::manifest_dir};

/// Cases for the deep runs on the shipped rules: enough for each of the 60-odd
/// properties to meet every fixture-free source several times, yet seconds in a
/// debug build.
const SMALL_BUDGET: &str = "12400";

/// The CI-sized deep run of the shipped rules (the README's default is 100,000
/// in a release build).
const CI_BUDGET: &str = "20000";

/// A small safety folder for the mini rules: properties that hold, one hazard
/// log, the shipped templates.
const MINI_PROPERTIES: &str = r#"
[[property]]
id = "older_fall_is_an_emergency"
statement = "A fall at 65 or over is an emergency."
source = "[T1] a test source"
when = [{ field = "screening.recent_fall", is = true }, { field = "patient.age", at_least = 65 }]
urgency_at_least = "emergency"
destination_one_of = ["emergency_department"]
red_flag_raised = ["possible_fracture"]

[[property]]
id = "night_pain_goes_to_the_gp"
statement = "Night pain is referred to the GP."
source = "[T2] a test source"
when = [{ field = "screening.night_pain", is = true }]
urgency_at_least = "routine"
destination_one_of = ["gp"]

[[property]]
id = "stair_pain_rules_out_stretching"
statement = "Hip pain on stairs rules out stretching."
source = "[T2] a test source"
when = [{ field = "complaint.region", one_of = ["hip"] }, { field = "complaint.aggravated_by", one_of = ["stairs"] }]
must_avoid = ["stretching"]

[[property]]
id = "an_emergency_withholds_every_treatment"
statement = "An emergency suggests no treatment."
source = "[T3] the case format"
when_urgency_at_least = "emergency"
suggests_nothing = true
"#;

const MINI_HAZARDS: &str = r#"
[[hazard]]
id = "H01"
title = "A fall fracture is missed"
causes = ["a rule gated on the wrong age"]
effect = "No emergency referral."
harm = "A displaced hip fracture."
severity = "catastrophic"
likelihood = "medium"
residual_likelihood = "very_low"
controls = [
    { property = "older_fall_is_an_emergency" },
    { guarantee = "escalation_only" },
    { rule_file = "red_flags/fall.rhai" },
]

[[hazard]]
id = "H02"
title = "An unsafe treatment"
causes = ["a presentation rule suggests what another avoids"]
effect = "Stretching with stair pain, or treatment in an emergency."
harm = "A worse injury."
severity = "major"
likelihood = "low"
residual_likelihood = "very_low"
controls = [
    { property = "stair_pain_rules_out_stretching" },
    { property = "an_emergency_withholds_every_treatment" },
    { property = "night_pain_goes_to_the_gp" },
    { guarantee = "avoid_beats_suggest" },
]
"#;

/// The mini rules with the safety folder above (and the shipped templates).
fn mini_with_safety() -> Folder {
    let folder = Folder::mini_rules();
    folder.write("safety/properties.toml", MINI_PROPERTIES);
    folder.write("safety/hazards.toml", MINI_HAZARDS);
    for template in ["safety_case.md.j2", "safety_case.html.j2"] {
        let text = std::fs::read_to_string(manifest_dir().join("rules/safety").join(template))
            .expect("the shipped template");
        folder.write(format!("safety/{template}"), text);
    }
    folder
}

/// The 1-based line of `id = "<id>"` in a safety file of `rules`.
fn line_of(rules: &std::path::Path, file: &str, id: &str) -> usize {
    let text = std::fs::read_to_string(rules.join(file)).expect("the safety file");
    text.lines()
        .position(|line| line.trim() == format!("id = \"{id}\""))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{id} is not in {file}"))
}

/// The minimised case `check --deep` printed for a property, parsed.
fn counterexample(stdout: &str, property: &str) -> Json {
    let start = stdout
        .find(&format!("the safety property `{property}` does not hold"))
        .unwrap_or_else(|| panic!("no counterexample for {property}:\n{stdout}"));
    let after = &stdout[start..];
    let json_start = after
        .find("ready to save as a fixture:\n")
        .expect("the case follows")
        + "ready to save as a fixture:\n".len();
    let json: String = after[json_start..]
        .lines()
        .take_while(|line| !line.starts_with("  = "))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("not JSON ({e}):\n{json}"))
}

/// How many answers a case holds.
fn answers(case: &Json) -> usize {
    case.as_object()
        .expect("an object")
        .values()
        .filter_map(Json::as_object)
        .map(serde_json::Map::len)
        .sum()
}

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
    // No error and no warning: every property is the control of some hazard.
    Triage::new()
        .args(["check", "--deny-warnings"])
        .env("TRIAGE_TODAY", "2026-12-01")
        .stdout_contains("no problems found")
        .run();
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
    let run = Triage::new().arg("check").rules(rules).status(1).run();
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
    let run = Triage::new().arg("check").rules(rules).status(1).run();
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
    let run = Triage::new().arg("check").rules(rules).status(1).run();
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
// The deep check

#[test]
fn the_mini_rules_hold_their_properties_and_the_run_is_repeatable() {
    let run = || {
        Triage::new()
            .args(["check", "--deep", "--cases", "2000"])
            .rules(mini_with_safety())
            .stdout_contains("2000 cases (seed 19), 4 safety properties: every property held")
            .run()
            .out()
    };
    assert_eq!(run(), run());
}

#[test]
fn a_counterexample_is_minimised_and_placed_at_its_property() {
    // A property the mini rules break below 65: the smallest case keeps only the
    // fall and the required fields, with the age moved to the boundary (64).
    let rules = mini_with_safety();
    rules.edit("safety/properties.toml", |text| {
        text.replace("{ field = \"screening.recent_fall\", is = true }, { field = \"patient.age\", at_least = 65 }", "{ field = \"screening.recent_fall\", is = true }")
    });
    let line = line_of(
        rules.path(),
        "safety/properties.toml",
        "older_fall_is_an_emergency",
    );
    let run = Triage::new()
        .args(["check", "--deep", "--cases", "2000"])
        .rules(rules)
        .status(1)
        .stdout_contains(format!("--> [RULES]/safety/properties.toml:{line}:6"))
        .stdout_contains("the tool said: NONE (no referral)")
        .stdout_contains("1 not verified")
        .run();
    let case = counterexample(&run.stdout, "older_fall_is_an_emergency");
    assert_eq!(answers(&case), 3, "{case}");
    assert_eq!(case["patient"]["age"], 64, "{case}");
    assert_eq!(case["screening"]["recent_fall"], true, "{case}");
    // The case is ready to save as a fixture: `assess` reads it as it is.
    Triage::new()
        .args(["assess", "--no-what-if", "-"])
        .rules(mini_with_safety())
        .stdin(case.to_string())
        .stdout_contains("REFERRAL: NONE")
        .run();
}

/// Done when (issue 19): in a copy of the rules where a red-flag rule is gated
/// on a context field, `check --deep` exits 1 well within 2 minutes, naming the
/// property's line in properties.toml with a minimised case of at most 6
/// answers; for three different red flags.
#[test]
fn check_deep_finds_red_flags_gated_on_a_context_field() {
    let gated = [
        (
            "red_flags/cauda_equina.rhai",
            "if ces {",
            "if ces && (complaint.onset == \"gradual\" || complaint.onset == \"sudden\") {",
            "saddle_anaesthesia_is_an_emergency",
        ),
        (
            "red_flags/dvt_pe.rhai",
            "if yes(screening.breathless_or_chest_pain) {",
            "if yes(screening.breathless_or_chest_pain) && (complaint.region == \"hip\" || complaint.region == \"groin\") {",
            "breathlessness_or_chest_pain_is_an_emergency",
        ),
        (
            "red_flags/post_op_wound.rhai",
            "if yes(screening.wound_concern) {",
            "if yes(screening.wound_concern) && complaint.onset == \"after_surgery\" {",
            "wound_concern_is_at_least_urgent",
        ),
    ];
    // On the shipped rules these properties hold (other properties may not yet:
    // see the_shipped_rules_hold_every_safety_property).
    let shipped = Triage::new()
        .args(["check", "--deep", "--cases", SMALL_BUDGET])
        .env("TRIAGE_TODAY", "2026-12-01")
        .any_status()
        .run();
    for (_, _, _, property) in &gated {
        assert!(
            !shipped
                .stdout
                .contains(&format!("`{property}` does not hold")),
            "{property} already fails on the shipped rules:\n{}",
            shipped.stdout
        );
    }
    let rules = Folder::shipped_rules();
    for (file, from, to, _) in &gated {
        rules.edit(file, |text| text.replacen(from, to, 1));
    }
    let lines: Vec<usize> = gated
        .iter()
        .map(|(_, _, _, property)| line_of(rules.path(), "safety/properties.toml", property))
        .collect();
    let started = Instant::now();
    let run = Triage::new()
        .args(["check", "--deep", "--cases", SMALL_BUDGET])
        .env("TRIAGE_TODAY", "2026-12-01")
        .rules(rules)
        .status(1)
        .run();
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "the deep check took {:?}",
        started.elapsed()
    );
    for ((_, _, _, property), line) in gated.iter().zip(lines) {
        assert!(
            run.out()
                .contains(&format!("--> [RULES]/safety/properties.toml:{line}:6")),
            "{property} is not placed at line {line}:\n{}",
            run.out()
        );
        let case = counterexample(&run.stdout, property);
        assert!(answers(&case) <= 6, "{property}: {case}");
    }
}

/// The shipped rules hold every shipped property: the CI-sized deep run.
///
/// EXPECTED TO FAIL until the clinical rule set's third pass (issue 21) fixes the
/// counterexamples listed in docs/safety/counterexamples-found.md: a property is
/// never weakened to make it pass.
#[test]
fn the_shipped_rules_hold_every_safety_property() {
    let run = Triage::new()
        .args(["check", "--deep", "--cases", CI_BUDGET])
        .env("TRIAGE_TODAY", "2026-12-01")
        .any_status()
        .run();
    assert!(
        run.status == 0 && run.stdout.contains("every property held"),
        "the shipped rules break safety properties:\n{}",
        run.stdout
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
    let fields = Triage::new().arg("fields").run().stdout;
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

//! A report never looks more certain than it is (issue 22 items 4 and 5): the
//! what-if says numbers as ranges, one per outcome; a barely screened case is
//! amber, not green, and the day list says what was not asked; card summaries
//! keep their urgency words; Markdown needs no escapes; the report names the
//! presentation it matched and `--detail` gives only that presentation's dosage.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::support::cpu;
use crate::support::folder::fixture_paths;
use crate::support::library::{self, Assessment, FieldKind};
use crate::support::{Folder, Triage};

/// Every fixture assessed with the what-if, once for all the tests here.
fn every_fixture() -> &'static [(PathBuf, Assessment)] {
    static ASSESSED: OnceLock<Vec<(PathBuf, Assessment)>> = OnceLock::new();
    ASSESSED.get_or_init(|| {
        let _cpu = cpu::shared();
        fixture_paths()
            .into_iter()
            .map(|path| {
                let fixture = library::read_fixture(&path);
                let assessment = library::assess_with_what_if(&fixture.case)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                (path, assessment)
            })
            .collect()
    })
}

/// The report's text with its wrapping undone: one line per entry.
fn unwrapped(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line.starts_with("    ") && !line.trim_start().starts_with('[');
        match lines.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => lines.push(line.to_string()),
        }
    }
    lines
}

#[test]
fn no_what_if_line_lists_more_than_one_number_for_one_outcome() {
    let numeric: Vec<(String, Option<f64>, Option<f64>)> = library::vocabulary()
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Integer | FieldKind::Number))
        .map(|f| (format!("{}.{}", f.section, f.name), f.min, f.max))
        .collect();
    let mut problems = Vec::new();
    let mut ranges = 0;
    for (path, assessment) in every_fixture() {
        let json = serde_json::to_value(assessment).expect("an assessment is JSON");
        let changes = json["could_change"].as_array().cloned().unwrap_or_default();
        for change in &changes {
            let Some((_, min, max)) = numeric.iter().find(|(f, _, _)| *f == change["field"]) else {
                continue;
            };
            ranges += 1;
            let range = &change["range"];
            if !range.is_object() {
                problems.push(format!("{}: {change} has no range", path.display()));
                continue;
            }
            // The field's own limits are never given as if they were a finding.
            for (end, limit) in [(&range["from"], min), (&range["to"], max)] {
                if limit.is_some_and(|l| end.as_f64() == Some(l)) {
                    problems.push(format!(
                        "{}: {change} gives the field's limit",
                        path.display()
                    ));
                }
            }
            // One range per outcome: the same outcome twice would be two values.
            let same = changes
                .iter()
                .filter(|c| {
                    c["field"] == change["field"]
                        && c["urgency"] == change["urgency"]
                        && c["destination"] == change["destination"]
                        && c["withdraws"] == change["withdraws"]
                })
                .count();
            if same > 1 {
                problems.push(format!(
                    "{}: {} has {same} entries for one outcome",
                    path.display(),
                    change["field"]
                ));
            }
        }
        // And in words: no list of numbers before an outcome.
        for line in unwrapped(&library::text_report(assessment)) {
            let listed = line.split(" would ").any(|part| {
                let words: Vec<&str> = part
                    .split(['?', ';'])
                    .next_back()
                    .unwrap_or("")
                    .split(", ")
                    .collect();
                words.len() > 1
                    && words.iter().all(|w| {
                        w.trim()
                            .split(' ')
                            .next()
                            .is_some_and(|n| n.parse::<f64>().is_ok())
                    })
            });
            if line.trim_start().starts_with("? ") && listed {
                problems.push(format!("{}: {line}", path.display()));
            }
        }
    }
    assert!(ranges > 50, "the fixtures try numbers: {ranges} ranges");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_temperature_is_said_as_the_range_that_changes_the_answer() {
    // A child with a limp: 38.0 up to 38.5 is a same-day assessment, above it an
    // emergency (rules/children/septic_arthritis.rhai).
    let case =
        r#"{"patient": {"age": 7}, "complaint": {"region": "hip"}, "symptoms": {"limp": true}}"#;
    let run = Triage::new()
        .args(["assess", "-", "--format", "json"])
        .stdin(case)
        .any_stdout()
        .run();
    let json = run.json();
    let temperature: Vec<&Json> = json["could_change"]
        .as_array()
        .expect("could_change")
        .iter()
        .filter(|c| c["field"] == "exam.temperature_c")
        .collect();
    assert!(!temperature.is_empty(), "{json:#}");
    for change in &temperature {
        for key in [
            "field",
            "answer",
            "urgency",
            "destination",
            "withdraws",
            "rule",
        ] {
            assert!(
                change.get(key).is_some(),
                "{key} kept beside range: {change}"
            );
        }
        let range = &change["range"];
        for key in ["from", "to", "from_inclusive", "to_inclusive"] {
            assert!(range.get(key).is_some(), "{key}: {change}");
        }
    }
    let text = Triage::new()
        .args(["assess", "-"])
        .stdin(case)
        .any_stdout()
        .run()
        .stdout
        .replace("\n    ", " ");
    for said in [
        "more than 38.5 degrees C would mean EMERGENCY",
        "from 38.0 to 38.5 degrees C would mean URGENT: a same-day paediatric assessment (the paediatric assessment unit) instead of the GP",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    assert!(!text.contains("45.0"), "never the field's maximum: {text}");
}

#[test]
fn a_change_of_destination_at_the_same_urgency_is_reported() {
    let run = Triage::new()
        .args([
            "assess",
            "fixtures/adolescent_14_hip_pain_2_weeks_not_examined.json",
            "--format",
            "json",
        ])
        .any_stdout()
        .run();
    let json = run.json();
    let urgency = &json["referral"]["urgency"];
    let destination = &json["referral"]["destination"];
    let elsewhere = json["could_change"]
        .as_array()
        .expect("could_change")
        .iter()
        .find(|c| c["urgency"] == *urgency && c["destination"] != *destination)
        .cloned()
        .unwrap_or_else(|| panic!("no destination-only change: {json:#}"));
    let text = Triage::new()
        .args([
            "assess",
            "fixtures/adolescent_14_hip_pain_2_weeks_not_examined.json",
        ])
        .any_stdout()
        .run()
        .stdout
        .replace("\n    ", " ");
    // The same-day referrals of a child go to the paediatric assessment unit
    // (issue 21 items 8 and 10).
    let instead = format!(
        "would mean {}: a same-day paediatric assessment (the paediatric assessment unit) instead of orthopaedics",
        urgency.as_str().unwrap_or_default().to_uppercase()
    );
    assert_eq!(elsewhere["destination"], "paediatric_assessment");
    assert!(text.contains(&instead), "{instead}:\n{text}");
}

/// A case with only the two required answers.
const BARE: &str = r#"{"id": "bare", "patient": {"age": 40}, "complaint": {"region": "hip"}}"#;

#[test]
fn a_case_with_only_age_and_region_is_amber_and_its_day_list_line_counts_the_unasked() {
    let report = Triage::new()
        .args(["assess", "-", "--color", "always"])
        .stdin(BARE)
        .any_stdout()
        .run()
        .stdout;
    let first = report.lines().nth(1).expect("the headline");
    assert!(first.contains("\u{1b}[33m"), "amber: {first:?}");
    assert!(!first.contains("\u{1b}[32m"), "not green: {first:?}");
    assert!(
        first.contains("REFERRAL: NONE on the answers given"),
        "{first:?}"
    );

    let json = Triage::new()
        .args(["assess", "-", "--format", "json"])
        .stdin(BARE)
        .any_stdout()
        .run()
        .json();
    let unasked = json["not_screened"].as_array().expect("not_screened").len();
    assert!(unasked > 10, "{json:#}");
    assert_eq!(json["not_screened_worst"], "emergency");

    let folder = Folder::new();
    let bare = folder.write("bare.json", BARE);
    // The same patient fully screened (every red-flag question answered no).
    let mut screened: serde_json::Map<String, Json> = serde_json::from_str(BARE).expect("JSON");
    screened.insert("id".into(), Json::from("screened"));
    let no: serde_json::Map<String, Json> = json["not_screened"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str()?.strip_prefix("screening.").map(str::to_string))
        .map(|f| (f, Json::Bool(false)))
        .collect();
    screened.insert("screening".into(), Json::Object(no));
    let screened_file = folder.write("screened.json", Json::Object(screened).to_string());
    let list = Triage::new()
        .arg("assess")
        .arg("--summary")
        .arg(&screened_file)
        .arg(&bare)
        .any_stdout()
        .any_stderr()
        .run()
        .stdout;
    let lines: Vec<&str> = list.lines().collect();
    let bare_line = lines
        .iter()
        .position(|l| l.starts_with("bare "))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(
        lines[bare_line].contains(&format!(
            "{unasked} red flags not asked: could be EMERGENCY"
        )),
        "{list}"
    );
    let screened_line = lines
        .iter()
        .position(|l| l.starts_with("screened "))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(
        bare_line < screened_line,
        "an incomplete NONE comes before a screened one:\n{list}"
    );

    // Screened and still NONE: green.
    let screened_report = Triage::new()
        .args(["assess", "--color", "always"])
        .arg(&screened_file)
        .any_stdout()
        .run()
        .stdout;
    let headline = screened_report.lines().nth(1).expect("the headline");
    if headline.contains("REFERRAL: NONE") && !headline.contains("not asked") {
        assert!(headline.contains("\u{1b}[32m"), "green: {headline:?}");
    }
}

#[test]
fn card_summaries_never_lose_an_urgency_word() {
    let urgencies: Vec<String> = library::urgencies()
        .iter()
        .map(|u| u.id.to_uppercase())
        .collect();
    let mut checked = 0;
    for (_, assessment) in every_fixture() {
        let card = library::cds_hooks(assessment);
        let report = serde_json::to_value(assessment).expect("an assessment is JSON");
        let summary = card["cards"][0]["summary"].as_str().expect("a summary");
        assert!(summary.chars().count() <= 140, "{summary}");
        let urgency = report["referral"]["urgency"]
            .as_str()
            .unwrap_or_default()
            .to_uppercase();
        assert!(
            summary.starts_with(&format!("REFERRAL: {urgency}")),
            "{summary}"
        );
        // An urgency named in the detail's headline is named in the summary.
        let detail = card["cards"][0]["detail"].as_str().unwrap_or_default();
        let headline = detail
            .lines()
            .find(|l| l.starts_with("**REFERRAL"))
            .unwrap_or_default();
        for word in &urgencies {
            if headline.contains(word.as_str()) {
                assert!(summary.contains(word.as_str()), "{word}: {summary}");
            }
        }
        assert!(!summary.ends_with('…'), "{summary}");
        checked += 1;
    }
    assert_eq!(checked, fixture_paths().len());
}

#[test]
fn markdown_uses_human_labels_so_nothing_needs_escaping() {
    let markdown: String = every_fixture()
        .iter()
        .map(|(_, assessment)| library::markdown_report(assessment))
        .collect();
    let escaped: Vec<&str> = markdown.lines().filter(|l| l.contains('\\')).collect();
    assert!(escaped.is_empty(), "{}", escaped.join("\n"));
    assert!(
        markdown.contains("- Suspected cauda equina: "),
        "red flags in words"
    );
}

#[test]
fn the_report_names_the_presentation_and_detail_gives_only_its_dosage() {
    let gluteal = Triage::new()
        .args([
            "assess",
            "fixtures/gluteal_tendinopathy_woman_52.json",
            "--detail",
        ])
        .any_stdout()
        .run()
        .stdout
        .replace("\n        ", " ");
    assert!(
        gluteal.contains(
            "> Presentation: gluteal tendinopathy  [rules/hip/gluteal_tendinopathy.rhai]"
        ),
        "{gluteal}"
    );
    assert!(
        gluteal.contains("Dosage for gluteal tendinopathy: LEAP"),
        "{gluteal}"
    );
    assert!(!gluteal.contains("hip osteoarthritis"), "{gluteal}");
    assert!(!gluteal.contains("Hip OA"), "{gluteal}");

    let osteoarthritis = Triage::new()
        .args([
            "assess",
            "fixtures/hip_osteoarthritis_man_68.json",
            "--detail",
        ])
        .any_stdout()
        .run()
        .stdout;
    assert!(
        osteoarthritis.contains("Presentation: hip osteoarthritis"),
        "{osteoarthritis}"
    );
    assert!(
        osteoarthritis.contains("Dosage for hip osteoarthritis:"),
        "{osteoarthritis}"
    );
    assert!(!osteoarthritis.contains("LEAP"), "{osteoarthritis}");

    let json = Triage::new()
        .args([
            "assess",
            "fixtures/gluteal_tendinopathy_woman_52.json",
            "--format",
            "json",
        ])
        .any_stdout()
        .run()
        .json();
    assert_eq!(
        json["presentations"],
        serde_json::json!([{"name": "gluteal tendinopathy", "rule": "rules/hip/gluteal_tendinopathy.rhai"}])
    );
}

#[test]
fn a_dosage_for_a_presentation_no_rule_names_is_an_error_with_a_did_you_mean() {
    let rules = Folder::shipped_rules();
    rules.edit("treatments.toml", |text| {
        text.replace(
            "\"gluteal tendinopathy\" = \"LEAP",
            "\"gluteal tendinopathi\" = \"LEAP",
        )
    });
    let run = Triage::new()
        .arg("check")
        .arg("--rules")
        .arg(rules.path())
        .status(1)
        .any_stdout()
        .run();
    let said = format!("{}{}", run.stdout, run.err());
    assert!(
        said.contains("dosage_for names the presentation \"gluteal tendinopathi\", which no rule file's `// Presentation:` line names: did you mean `gluteal tendinopathy`?"),
        "{said}"
    );
}

//! Stable rule identities: every action a rule takes is made inside a named rule
//! block (`rule name { ... }`) and carries the id `file#name`, which does not
//! change when lines are added elsewhere in the file. Checked on the shipped rules
//! (every fixture), and on the refusals of `triage check`.

use std::path::Path;

use crate::support::folder::{fixture_paths, rule_files};
use crate::support::library::{self, Assessment};
use crate::support::{Folder, Triage, cpu};

/// The date the review-age checks use, so the outcomes do not depend on the calendar.
const TODAY: &str = "2026-12-01";

/// Every fixture assessed with `rules`, by fixture path; every sixteenth with the
/// what-if too (its entries carry rule ids as well; all of them would take minutes).
fn assess_all(rules: &library::Rules) -> Vec<(String, Assessment)> {
    fixture_paths()
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let _cpu = cpu::shared();
            let fixture = library::read_fixture(path);
            let assessed = if index % 16 == 0 {
                library::assess_with(rules, &fixture.case)
            } else {
                library::assess_without_what_if(rules, &fixture.case)
            };
            let assessment =
                assessed.unwrap_or_else(|e| panic!("{}: the rules failed:\n{e}", path.display()));
            (path.display().to_string(), assessment)
        })
        .collect()
}

/// The shipped rules with a comment line inserted into every rule file by `insert`.
fn shipped_rules_with_a_comment(insert: impl Fn(&str) -> String) -> Folder {
    let rules = Folder::shipped_rules();
    for file in rule_files(rules.path()) {
        rules.edit(&file, |text| insert(&text));
    }
    rules
}

/// Checks that every fixture gets the same rule ids, and the same assessment once
/// rule lines are set aside, under the shipped rules and under `changed`.
fn same_rule_ids(changed: &Path) {
    let shipped = assess_all(&library::load_rules(Path::new("rules")));
    let moved = assess_all(&library::load_rules(changed));
    let mut ids = 0;
    for ((path, before), (_, after)) in shipped.iter().zip(&moved) {
        let (ids_before, ids_after) = (library::rule_ids(before), library::rule_ids(after));
        assert!(
            !ids_before.iter().any(|id| id == "(none)"),
            "{path}: an entry without a rule id: {ids_before:?}"
        );
        assert_eq!(ids_before, ids_after, "{path}: the rule ids changed");
        let line_numbers = |a: &Assessment| -> Vec<String> {
            library::rule_references(a)
                .iter()
                .map(|r| r.rsplit(':').next().unwrap_or_default().to_string())
                .collect()
        };
        assert!(
            line_numbers(before).is_empty() || line_numbers(before) != line_numbers(after),
            "{path}: the lines did not move, so this proves nothing"
        );
        // The snapshots see the assessment with its rule lines set aside (and the
        // rules folder, here another, as `rules`).
        let placed = |a: &Assessment, folder: &str| {
            let mut a = library::with_placeholder_rule_lines(a);
            a.ruleset.sha256.clear();
            serde_json::to_string(&a)
                .expect("JSON")
                .replace(folder, "rules")
        };
        let (was, now) = (
            placed(before, "rules"),
            placed(after, &changed.display().to_string()),
        );
        if was != now {
            let (was, now): (Vec<char>, Vec<char>) = (was.chars().collect(), now.chars().collect());
            let at = was.iter().zip(&now).take_while(|(a, b)| a == b).count();
            let around = |text: &[char]| -> String {
                text[at.saturating_sub(80)..(at + 80).min(text.len())]
                    .iter()
                    .collect()
            };
            panic!(
                "{path}: the snapshot changed:\n  was {}\n  now {}",
                around(&was),
                around(&now)
            );
        }
        ids += ids_before.len();
    }
    assert!(ids > 1000, "only {ids} rule ids compared");
}

#[test]
fn a_comment_line_before_the_header_of_every_rule_file_changes_no_rule_id() {
    let rules =
        shipped_rules_with_a_comment(|text| format!("// Note: a line above the header\n{text}"));
    // The header is still read: the rules load, and `check` finds nothing.
    Triage::new()
        .args(["check", "--deny-warnings", "--rules"])
        .arg(rules.path())
        .env("TRIAGE_TODAY", TODAY)
        .status(0)
        .any_stdout()
        .run();
    same_rule_ids(rules.path());
}

#[test]
fn a_comment_line_after_the_header_of_every_rule_file_changes_no_rule_id() {
    let rules = shipped_rules_with_a_comment(|text| {
        // After the last line of the leading comment block: the header ends there.
        let lines: Vec<&str> = text.lines().collect();
        let end = lines
            .iter()
            .position(|line| !line.trim_start().starts_with("//"))
            .unwrap_or(lines.len());
        let mut out: Vec<String> = lines.iter().map(ToString::to_string).collect();
        out.insert(end, String::new());
        out.insert(end + 1, "// A comment after the header.".to_string());
        out.join("\n") + "\n"
    });
    same_rule_ids(rules.path());
}

#[test]
fn every_entry_of_every_fixture_names_its_rule_in_the_file_of_its_line() {
    let shipped = assess_all(&library::load_rules(Path::new("rules")));
    for (path, assessment) in &shipped {
        let ids = library::rule_ids(assessment);
        let lines = library::rule_references(assessment);
        // The entries with a `rule` come first in both lists, in the same order.
        for (id, line) in ids.iter().zip(&lines) {
            let (file, name) = id.split_once('#').expect("file#name");
            assert!(
                line.starts_with(&format!("rules/{file}.rhai:")),
                "{path}: {id} is not in {line}"
            );
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{path}: {id}"
            );
        }
    }
}

#[test]
fn the_json_report_has_rule_id_beside_every_rule() {
    // Fall with a red flag, an emergency referral (withheld treatment) and the what-if.
    let json = Triage::new()
        .args([
            "assess",
            "--format",
            "json",
            "fixtures/elderly_fall_cannot_weight_bear.json",
        ])
        .any_stdout()
        .run()
        .json();
    let mut seen = 0;
    for key in [
        "referrals",
        "red_flags",
        "treatments",
        "avoid",
        "review",
        "withheld",
        "could_change",
    ] {
        for entry in json[key].as_array().expect("a list") {
            if entry.get("rule").is_some_and(|r| !r.is_null()) {
                let id = entry["rule_id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{key}: {entry}"));
                assert!(id.contains('#'), "{key}: {id}");
                seen += 1;
            }
        }
    }
    assert!(seen >= 5, "only {seen} entries with a rule");
}

/// `triage check` on the mini rules with a new rule file (`hip/new_rule.rhai`): its
/// findings about that file.
fn check_new_rule(body: &str) -> String {
    let rules = Folder::mini_rules();
    rules.write(
        "hip/new_rule.rhai",
        format!("// Covers: a rule being written (test)\n// Sources: [T1] a test source\n// Reviewed: 2026-11-21\n\n{body}"),
    );
    Triage::new()
        .arg("check")
        .env("TRIAGE_TODAY", "2026-11-21")
        .rules(rules)
        .status(1)
        .any_stdout()
        .run()
        .out()
        .split("\n\n")
        .filter(|block| block.contains("hip/new_rule.rhai"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn check_refuses_an_action_outside_a_rule() {
    let found = check_new_rule("if yes(screening.night_pain) {\n    review(\"Ask again.\");\n}\n");
    assert!(found.contains("[RULES]/hip/new_rule.rhai:6:5"), "{found}");
    assert!(
        found.contains("`review` is outside any rule block"),
        "{found}"
    );
    assert!(found.contains("`rule a_name { ... }`"), "{found}");
}

#[test]
fn check_refuses_a_rule_name_used_twice_and_names_both_lines() {
    let found = check_new_rule(
        "rule night_pain { if yes(screening.night_pain) { review(\"Ask again.\"); } }\nrule night_pain { if no(screening.night_pain) { review(\"Good.\"); } }\n",
    );
    assert!(found.contains("[RULES]/hip/new_rule.rhai:6:6"), "{found}");
    assert!(
        found.contains("the rule name `night_pain` is already used at line 5"),
        "{found}"
    );
    assert!(found.contains("hip/new_rule#night_pain"), "{found}");
}

#[test]
fn check_refuses_a_rule_inside_another() {
    let found = check_new_rule("rule outer {\n    rule inner { review(\"x\"); }\n}\n");
    assert!(found.contains("[RULES]/hip/new_rule.rhai:6:10"), "{found}");
    assert!(
        found.contains("the rule block `inner` is inside the rule block `outer`"),
        "{found}"
    );
}

#[test]
fn check_refuses_a_rule_name_that_is_not_snake_case() {
    let found = check_new_rule("rule NightPain { review(\"x\"); }\n");
    assert!(
        found.contains("the rule name `NightPain` is not snake_case"),
        "{found}"
    );
}

//! `triage check`: acceptance on a copy of the shipped rules (one mistake
//! introduced, named at its file and line before any case runs), and every problem
//! at once on the mini rules.

use crate::support::Folder;
use crate::support::snapshot::snapshot;

use super::{TODAY, triage};

/// A new rule file with a valid header, added to the copy of the shipped rules.
const NEW_FILE: &str = "zz_author_test/new_rule.rhai";

/// A copy of the shipped rules with a new rule file: a valid header, then `body`.
fn shipped_rules_with_new_rule(body: &str) -> Folder {
    let rules = Folder::shipped_rules();
    rules.write(
        NEW_FILE,
        format!(
            "// Covers: a rule being written (test)\n// Sources: [T1] a test source\n// Reviewed: {TODAY}\n\n{body}"
        ),
    );
    rules
}

#[test]
fn check_passes_the_shipped_rules() {
    let run = triage("check")
        .context("the shipped rules have errors")
        .any_stdout()
        .run();
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("rules: no problems found") || last.starts_with("rules: 0 errors"),
        "{last}"
    );
}

#[test]
fn check_reports_a_syntax_error_with_file_and_line() {
    let run = triage("check")
        .rules(shipped_rules_with_new_rule(
            "if yes(screening.night_pain) review(\"Ask again.\");\n",
        ))
        .status(1)
        .any_stdout()
        .run();
    let found = run.findings_about(NEW_FILE);
    assert!(found.contains(&format!("[RULES]/{NEW_FILE}:5:")), "{found}");
    snapshot!("check_syntax_error", found);
}

#[test]
fn check_reports_a_misspelled_field_with_did_you_mean() {
    let run = triage("check")
        .rules(shipped_rules_with_new_rule(
            "if yes(screening.nigth_pain) {\n    rule night_pain { review(\"Ask about night pain again.\"); }\n}\n",
        ))
        .status(1)
        .any_stdout()
        .run();
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:5:18")),
        "{found}"
    );
    assert!(
        found.contains("did you mean `screening.night_pain`?"),
        "{found}"
    );
    snapshot!("check_misspelled_field", found);
}

#[test]
fn check_reports_an_unknown_treatment_id() {
    let run = triage("check")
        .rules(shipped_rules_with_new_rule(
            "rule hip_strength { if complaint.region == \"hip\" {\n    suggest(\"hip_thrust\", \"Glute strength.\");\n}}\n",
        ))
        .status(1)
        .any_stdout()
        .run();
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:6:13")),
        "{found}"
    );
    assert!(
        found.contains("did you mean `hip_thrust_progression`?"),
        "{found}"
    );
    snapshot!("check_unknown_treatment", found);
}

#[test]
fn check_reports_an_unknown_urgency_and_destination() {
    let run = triage("check")
        .rules(shipped_rules_with_new_rule(
            "rule night_pain { if yes(screening.night_pain) {\n    refer(\"urgnet\", \"gp\", \"Night pain.\");\n    refer(\"soon\", \"orthopedics\", \"Night pain.\");\n}}\n",
        ))
        .status(1)
        .any_stdout()
        .run();
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:6:11")),
        "{found}"
    );
    assert!(found.contains("did you mean `urgent`?"), "{found}");
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:7:19")),
        "{found}"
    );
    snapshot!("check_unknown_urgency_and_destination", found);
}

#[test]
fn check_reports_a_missing_header() {
    let rules = Folder::shipped_rules();
    rules.write(
        NEW_FILE,
        "if yes(screening.night_pain) {\n    rule night_pain { review(\"Ask again.\"); }\n}\n",
    );
    let run = triage("check").rules(rules).status(1).any_stdout().run();
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:1:1")),
        "{found}"
    );
    snapshot!("check_missing_header", found);
}

#[test]
fn check_reports_a_header_removed_from_a_shipped_rule_file() {
    let rules = Folder::shipped_rules();
    let first = rules.rule_files().into_iter().next().expect("a rule file");
    rules.edit(&first, |text| {
        text.lines()
            .skip_while(|line| line.trim_start().starts_with("//"))
            .map(|line| format!("{line}\n"))
            .collect()
    });
    let run = triage("check").rules(rules).status(1).any_stdout().run();
    let found = run.findings_about(&first);
    assert!(found.contains(&format!("[RULES]/{first}:1:1")), "{found}");
    assert!(found.contains("has no header"), "{found}");
}

#[test]
fn check_finds_a_misspelled_field_in_a_shipped_rule_file() {
    // Whichever shipped rule file first reads a screening field gets it mis-spelled.
    let rules = Folder::shipped_rules();
    let (file, field) = rules
        .rule_files()
        .into_iter()
        .find_map(|file| {
            let text = std::fs::read_to_string(rules.join(&file)).ok()?;
            let start = text.find("screening.")? + "screening.".len();
            let field: String = text[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            Some((file, field))
        })
        .expect("a shipped rule reads a screening field");
    let typo = format!("{field}x");
    rules.edit(&file, |text| {
        text.replacen(
            &format!("screening.{field}"),
            &format!("screening.{typo}"),
            1,
        )
    });
    let run = triage("check").rules(rules).status(1).any_stdout().run();
    let found = run.findings_about(&file);
    assert!(
        found.contains(&format!("`screening.{typo}` is not a field")),
        "{found}"
    );
    assert!(
        found.contains(&format!("did you mean `screening.{field}`?")),
        "{found}"
    );
    assert!(found.contains(&format!("[RULES]/{file}:")), "{found}");
}

#[test]
fn assess_refuses_rules_with_a_misspelled_field_before_any_case_runs() {
    // Nothing is assessed.
    triage("assess")
        .arg("fixtures/labral_repair_6_weeks_woman_45.json")
        .rules(shipped_rules_with_new_rule(
            "if yes(screening.nigth_pain) {\n    rule night_pain { review(\"Ask about night pain again.\"); }\n}\n",
        ))
        .status(4)
        .stdout("")
        .stderr_contains(format!("[RULES]/{NEW_FILE}:5:18"))
        .run();
}

#[test]
fn check_reports_every_problem_at_once_sorted_by_file_and_line() {
    let rules = Folder::mini_rules();
    // A stale review date and a header without sources.
    rules.edit("red_flags/fall.rhai", |t| {
        t.replace("// Reviewed: 2026-11-01", "// Reviewed: 2024-05-01")
            .replace("// Sources: [T1] a test source\n", "")
    });
    // Several mistakes in one file.
    rules.write(
        "hip/broken.rhai",
        "// Covers: mistakes\n// Sources: [T3]\n// Reviewed: 21/11/2026\n\nrule limp { if yes(screening.limp) {\n    sugest(\"exercise_therapy\", \"x\");\n    refer(\"routine\", \"gp\");\n    avoid(\"stretching\", \"\");\n    refer(\"none\", \"gp\", \"no referral\");\n}}\n",
    );
    // A file that does not compile does not hide the others.
    rules.write(
        "hip/syntax.rhai",
        "// Covers: x\n// Sources: y\n// Reviewed: 2026-11-01\nlet a = (1 + ;\n",
    );
    let run = triage("check").rules(rules).status(1).any_stdout().run();
    snapshot!("check_everything_at_once", run.all());
}

#[test]
fn check_warnings_alone_exit_zero_unless_denied() {
    let run = triage("check")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    snapshot!("check_warnings_only", run.all());
    triage("check")
        .arg("--deny-warnings")
        .rules(Folder::mini_rules())
        .status(1)
        .any_stdout()
        .run();
    triage("check")
        .args(["--max-review-age-days", "10"])
        .rules(Folder::mini_rules())
        .stdout_contains("last reviewed 2026-11-01, 20 days ago: older than the 10 days allowed")
        .run();
}

#[test]
fn check_without_a_rules_folder_exits_4() {
    triage("check")
        .args(["--rules", "no/such/folder"])
        .status(4)
        .stderr_contains("no/such/folder")
        .run();
}

#[test]
fn check_with_a_broken_vocabulary_still_reports_everything_it_can() {
    let rules = Folder::mini_rules();
    rules.edit("vocabulary.toml", |t| {
        t.replace("type = \"integer\"", "type = \"whole\"")
    });
    rules.edit("treatments.toml", |t| {
        t.replace("[modalities]", "[modalities")
    });
    let run = triage("check").rules(rules).status(1).any_stdout().run();
    snapshot!("check_broken_data_files", run.all());
}

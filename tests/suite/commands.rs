//! The rule author's commands (`check`, `test`, `explain`, `diff`, `fields`, `schema`,
//! `--watch`), run against the real binary.
//!
//! Snapshots use a small rules folder written for these tests (the "mini rules",
//! `tests/support/mini.rs`), so they do not change when the shipped clinical rules
//! are edited. The acceptance tests on the shipped rules copy `rules/` into a
//! temporary folder, introduce one mistake, and check that `check` names the file
//! and line before any case is run.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::folder::{copy_dir, edit, rule_files};
use crate::support::snapshot::{json_snapshot, snapshot};
use crate::support::tools;
use crate::support::{Folder, Triage};

/// The date the review-age checks use, so snapshots do not depend on the calendar.
const TODAY: &str = "2026-11-21";

/// `triage COMMAND`, with today's date fixed.
fn triage(command: &str) -> Triage {
    Triage::new().arg(command).env("TRIAGE_TODAY", TODAY)
}

// ---------------------------------------------------------------------------
// check: acceptance on a copy of the shipped rules
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// check: everything at once, on the mini rules
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------

#[test]
fn test_passes_on_the_shipped_rules_and_fixtures() {
    let run = triage("test").stdout_contains("Rule coverage: ").run();
    let summary = run
        .stdout
        .lines()
        .find(|l| l.ends_with(" failed") && l.contains(" passed, "))
        .expect("a summary line");
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
}

#[test]
fn test_reports_passes_failures_and_rule_coverage() {
    // A failure exits 1.
    let run = triage("test")
        .folder_arg(Folder::mini_cases(true), "[CASES]")
        .rules(Folder::mini_rules())
        .status(1)
        .any_stdout()
        .run();
    let summary: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(" passed, "))
        .collect();
    assert_eq!(summary, vec!["2 passed, 1 failed"]);
    snapshot!("test_mini", run.all());
}

#[test]
fn test_all_passing_exits_zero() {
    triage("test")
        .folder_arg(Folder::mini_cases(false), "[CASES]")
        .rules(Folder::mini_rules())
        // Quiet when every case passes: the summary is the first line.
        .stdout_contains("2 passed, 0 failed\n\nRule coverage")
        .run();
}

#[test]
fn test_does_not_run_cases_when_the_rules_do_not_load() {
    let rules = Folder::mini_rules();
    rules.edit("hip/exercise.rhai", |t| {
        t.replace("\"stretching\", \"Gentle", "\"stretchnig\", \"Gentle")
    });
    let run = triage("test")
        .folder_arg(Folder::mini_cases(false), "[CASES]")
        .rules(rules)
        .status(4)
        .stdout("")
        .any_stderr()
        .run();
    snapshot!("test_rules_do_not_load", run.err());
}

// ---------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------

/// `triage diff --rules [RULES] --rules [NEW] [CASES]`: the mini rules, against
/// `new` (shown as `[NEW]`), on the mini cases.
fn diff_mini_rules(new: Folder, with_failing: bool) -> Triage {
    triage("diff")
        .rules(Folder::mini_rules())
        .arg("--rules")
        .folder_arg(new, "[NEW]")
        .folder_arg(Folder::mini_cases(with_failing), "[CASES]")
}

#[test]
fn diff_flags_a_lowered_urgency_as_a_safety_warning() {
    let new = Folder::mini_rules();
    new.edit("red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    new.edit("hip/exercise.rhai", |t| {
        t.replace(
            "review(\"Reassess in 6 weeks.\");",
            "review(\"Reassess in 4 weeks.\");",
        )
    });
    let run = diff_mini_rules(new, true).status(5).any_stdout().run();
    snapshot!("diff_safety_warning", run.all());
}

#[test]
fn diff_of_other_changes_exits_1_and_of_nothing_exits_0() {
    let new = Folder::mini_rules();
    new.edit("hip/exercise.rhai", |t| {
        t.replace(
            "if yes(screening.night_pain)",
            "if unknown(screening.night_pain) || yes(screening.night_pain)",
        )
    });
    let run = diff_mini_rules(new, false).status(1).any_stdout().run();
    snapshot!("diff_urgency_up", run.out());

    diff_mini_rules(Folder::mini_rules(), false)
        .stdout_contains("3 cases compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 3 unchanged")
        .run();
}

#[test]
fn diff_leads_with_the_urgency_and_counts_other_changes_by_kind_which_all_lists() {
    let changed = || {
        let new = Folder::mini_rules();
        new.edit("hip/exercise.rhai", |t| {
            t.replace(
                "review(\"Reassess in 6 weeks.\");",
                "review(\"Reassess in 4 weeks.\");",
            )
        });
        new
    };
    let run = diff_mini_rules(changed(), false)
        .status(1)
        .any_stdout()
        .run();
    assert!(!run.stdout.contains("CHANGED  "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("0 down in urgency, 0 up, 0 to another destination, "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("other changes: ")
            && run.stdout.contains("review changed")
            && run
                .stdout
                .contains("(--all lists the cases with other changes only)"),
        "{}",
        run.stdout
    );
    let all = diff_mini_rules(changed(), false)
        .arg("--all")
        .status(1)
        .any_stdout()
        .run();
    assert!(all.stdout.contains("CHANGED  "), "{}", all.stdout);
    assert!(
        all.stdout
            .contains("review changed: \"Reassess in 6 weeks.\" -> \"Reassess in 4 weeks.\""),
        "{}",
        all.stdout
    );
    assert!(!all.stdout.contains("--all lists"), "{}", all.stdout);
}

#[test]
fn diff_flags_a_lowered_urgency_of_a_shipped_fixture() {
    let new = Folder::shipped_rules();
    let mut lowered = 0;
    for file in new.rule_files() {
        let text = std::fs::read_to_string(new.join(&file)).expect("rule");
        if text.contains("refer(\"emergency\"") {
            lowered += 1;
            new.edit(&file, |t| {
                t.replace("refer(\"emergency\"", "refer(\"urgent\"")
            });
        }
    }
    assert!(lowered > 0, "no shipped rule refers as an emergency");
    let run = triage("diff")
        .args(["--rules", "rules", "--rules"])
        .folder_arg(new, "[NEW]")
        .status(5)
        .stdout_contains("urgency went DOWN from emergency to urgent")
        .run();
    let first_case = run
        .stdout
        .lines()
        .find(|l| l.starts_with("SAFETY WARNING  ") || l.starts_with("CHANGED  "))
        .expect("a changed case");
    assert!(
        first_case.starts_with("SAFETY WARNING  fixtures/"),
        "{first_case}"
    );
}

#[test]
fn diff_takes_the_old_rules_from_a_git_revision() {
    let repo = Folder::new();
    copy_dir(Folder::mini_rules().path(), &repo.join("rules"));
    copy_dir(Folder::mini_cases(false).path(), &repo.join("cases"));
    let git = |args: &[&str]| tools::git(repo.path(), args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "--no-verify", "-m", "mini rules"]);
    edit(&repo.join("rules"), "red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    let dir = repo.path().to_path_buf();
    let run = triage("diff")
        .args(["--rules", "HEAD:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .keep(repo, "[REPO]")
        .status(5)
        .any_stdout()
        .run();
    snapshot!("diff_git_revision", run.all());

    triage("diff")
        .args(["--rules", "no-such-rev:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .status(4)
        .stderr_contains("no-such-rev:rules")
        .run();
}

// ---------------------------------------------------------------------------
// fields and schema
// ---------------------------------------------------------------------------

#[test]
fn fields_lists_the_vocabulary_catalogue_scale_and_api() {
    let run = triage("fields")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    snapshot!("fields_text", run.out());
}

#[test]
fn fields_as_json_comes_from_the_same_data() {
    let run = triage("fields")
        .args(["--format", "json"])
        .rules(Folder::mini_rules())
        .any_stdout()
        .run();
    json_snapshot!("fields_json", run.json());
}

#[test]
fn fields_on_the_shipped_rules_lists_every_field_and_treatment() {
    let run = triage("fields").any_stdout().run();
    for name in [
        "screening.night_pain",
        "complaint.region",
        "hip_thrust_progression",
        "emergency_department",
        "refer(urgency, destination, reason)",
    ] {
        assert!(run.stdout.contains(name), "{name} missing:\n{}", run.stdout);
    }
}

#[test]
fn schema_is_a_draft_2020_12_schema_of_a_case() {
    let value = triage("schema")
        .rules(Folder::mini_rules())
        .any_stdout()
        .run()
        .json();
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    json_snapshot!("schema", value);
}

/// The snapshots pin `fields` and `schema` on the mini rules, each on its own.
/// This checks that, on the shipped vocabulary, the schema describes exactly the
/// fields `fields` lists: the same sections and fields in the same order, the same
/// required fields, and the same allowed values and ranges.
#[test]
fn schema_and_fields_agree_on_the_shipped_vocabulary() {
    use serde_json::{Value, json};
    let fields = triage("fields")
        .args(["--format", "json"])
        .any_stdout()
        .run()
        .json();
    let schema = triage("schema").any_stdout().run().json();
    let sections = fields["vocabulary"]
        .as_object()
        .expect("vocabulary sections");
    let properties = schema["properties"].as_object().expect("schema properties");
    let keys = |value: &Value| -> Vec<String> {
        value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let case_keys: Vec<String> = keys(&schema["properties"])
        .into_iter()
        .filter(|k| k != "id" && k != "expect")
        .collect();
    assert_eq!(case_keys, keys(&fields["vocabulary"]), "sections");
    let mut required_sections = Vec::new();
    for (section, description) in sections {
        let in_schema = &properties[section];
        let listed = &description["fields"];
        assert_eq!(
            keys(&in_schema["properties"]),
            keys(listed),
            "{section}: fields"
        );
        let required: Vec<Value> = listed
            .as_object()
            .expect("fields")
            .iter()
            .filter(|(_, field)| field["required"] == true)
            .map(|(name, _)| json!(name))
            .collect();
        if required.is_empty() {
            assert!(
                in_schema["required"].as_array().is_none_or(Vec::is_empty),
                "{section}: {in_schema}"
            );
        } else {
            required_sections.push(json!(section));
            assert_eq!(in_schema["required"], json!(required), "{section}");
        }
        for (name, field) in listed.as_object().expect("fields") {
            let property = &in_schema["properties"][name];
            let at = format!("{section}.{name}");
            let values = &field["values"];
            match field["type"].as_str().expect("a type") {
                "choice" => {
                    let mut allowed = property["enum"].as_array().expect("enum").clone();
                    if field["required"] != true {
                        assert_eq!(allowed.pop(), Some(Value::Null), "{at}: null is unknown");
                    }
                    assert_eq!(&json!(allowed), values, "{at}");
                }
                "list" => assert_eq!(&property["items"]["enum"], values, "{at}"),
                "integer" | "number" => {
                    for (bound, keyword) in [("min", "minimum"), ("max", "maximum")] {
                        assert_eq!(
                            field[bound].as_f64(),
                            property[keyword].as_f64(),
                            "{at}: {bound}"
                        );
                    }
                }
                _ => {}
            }
        }
    }
    assert_eq!(schema["required"], json!(required_sections), "sections");
}

// ---------------------------------------------------------------------------
// --watch
// ---------------------------------------------------------------------------

/// Waits until `lines` has delivered a line for which `wanted` is true.
fn wait_for(
    lines: &mpsc::Receiver<String>,
    wanted: impl Fn(&str) -> bool,
    seen: &mut Vec<String>,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let found = wanted(&line);
                seen.push(line);
                if found {
                    return true;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
    false
}

#[test]
fn test_watch_reruns_when_a_rule_file_changes() {
    let rules = Folder::mini_rules();
    let cases = Folder::mini_cases(false);
    let mut child = triage("test")
        .arg(cases.path())
        .arg("--rules")
        .arg(rules.path())
        .arg("--watch")
        .spawn();
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let first = wait_for(&lines, |l| l == "2 passed, 0 failed", &mut seen);
    // Break the expectation of one case by changing the rule it depends on.
    std::thread::sleep(Duration::from_millis(600));
    rules.edit("hip/exercise.rhai", |t| {
        t.replace(
            "avoid(\"stretching\", \"Not with stair pain.\");",
            "review(\"Stairs hurt.\");",
        )
    });
    let second = wait_for(&lines, |l| l == "1 passed, 1 failed", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first run did not finish:\n{}", seen.join("\n"));
    assert!(second, "no re-run after the change:\n{}", seen.join("\n"));
    assert!(
        seen.iter()
            .any(|l| l.contains("changed:") && l.contains("exercise.rhai")),
        "the re-run names the changed file:\n{}",
        seen.join("\n")
    );
}

/// `assess` ignores a fixture's `expect` (as the README says), even a malformed
/// one; only `test` reads it, and says what is wrong with it.
#[test]
fn assess_ignores_expect_and_test_reports_a_malformed_one() {
    let cases = Folder::new();
    cases.write(
        "malformed_expect.json",
        r#"{"id": "x", "patient": {"age": 40}, "complaint": {"region": "hip"},
            "expect": {"urgency": "none", "no_such_key": true}}"#,
    );
    Triage::new()
        .args(["assess", "--no-what-if"])
        .arg(cases.path().join("malformed_expect.json"))
        .stdout_contains("REFERRAL: NONE")
        .run();
    triage("test")
        .folder_arg(cases, "[CASES]")
        .status(1)
        .stdout_contains("expect: unknown field `no_such_key`")
        .run();
}

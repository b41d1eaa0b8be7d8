//! Acceptance tests for `triage assess`, run against the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};

mod support;

use support::{Run, copy_dir, run_triage};

/// Builds and runs one `triage` command.
struct Triage {
    args: Vec<String>,
    stdin: Option<String>,
}

impl Triage {
    fn new(args: &[&str]) -> Self {
        Triage {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdin: None,
        }
    }

    fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_string());
        self
    }

    fn run(self) -> Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        run_triage(&args, Some(self.stdin.unwrap_or_default().as_bytes()))
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    })
}

/// A copy of the shipped rules in a fresh temporary folder.
fn copy_rules(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triage-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new("rules"), &dir);
    dir
}

/// A case written by hand from the contract, not one of the fixtures.
const HAND_WRITTEN: &str = r#"{
  "id": "hand-written",
  "patient": { "age": 38, "sex": "male" },
  "complaint": { "region": "hip", "side": "right", "onset": "gradual",
                 "duration_weeks": 40, "pain_now": 4, "pain_worst": 6,
                 "aggravated_by": ["sitting", "standing"] },
  "screening": { "fever_or_unwell": false, "night_pain": null },
  "exam": { "pelvic_asymmetry": true }
}"#;

#[test]
fn assesses_a_hand_written_case_from_stdin() {
    let run = Triage::new(&["assess", "-", "--format", "json"])
        .stdin(HAND_WRITTEN)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = json(&run);
    assert_eq!(out["case_id"], "hand-written");
    assert!(out["referral"]["urgency"].is_string());
    assert!(
        out["not_screened"]
            .as_array()
            .expect("list")
            .iter()
            .any(|q| q == "screening.night_pain"),
        "null means unknown, so the question is reported: {out}"
    );
    assert!(
        !out["not_screened"]
            .as_array()
            .expect("list")
            .iter()
            .any(|q| q == "screening.fever_or_unwell"),
        "an answered question is not reported"
    );
    assert_eq!(out["ruleset"]["sha256"].as_str().expect("hash").len(), 64);
    for entry in out["treatments"].as_array().expect("list") {
        let rule = entry["rule"].as_str().expect("rule");
        assert!(
            rule.starts_with("rules/") && rule.contains(".rhai:"),
            "{rule}"
        );
    }
}

#[test]
fn text_report_puts_the_referral_first_and_the_ruleset_last() {
    let run = Triage::new(&["assess", "-"]).stdin(HAND_WRITTEN).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[1].starts_with("REFERRAL: "), "{}", run.stdout);
    assert!(run.stdout.contains("NOT SCREENED"), "{}", run.stdout);
    let rules_line = lines
        .iter()
        .position(|l| l.starts_with("Rules: "))
        .expect("rules line");
    assert!(rules_line >= lines.len() - 2, "{}", run.stdout);
}

#[test]
fn elderly_fall_unable_to_weight_bear_is_an_emergency_with_no_treatment() {
    let case = r#"{
      "patient": { "age": 84, "sex": "female" },
      "complaint": { "region": "hip", "onset": "sudden" },
      "screening": { "recent_fall": true, "unable_to_weight_bear": true },
      "exam": { "pelvic_asymmetry": true }
    }"#;
    let run = Triage::new(&["assess", "-", "--format", "json"])
        .stdin(case)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = json(&run);
    assert_eq!(out["referral"]["urgency"], "emergency");
    assert_eq!(out["referral"]["destination"], "emergency_department");
    assert_eq!(out["treatments"], serde_json::json!([]));
    assert!(!out["red_flags"].as_array().expect("list").is_empty());
}

#[test]
fn a_misspelled_field_is_refused_with_did_you_mean() {
    let case = r#"{ "patient": { "age": 30 }, "complaint": { "region": "hip" },
                    "screening": { "nigth_pain": true } }"#;
    let run = Triage::new(&["assess", "-"]).stdin(case).run();
    assert_eq!(run.code, 3, "bad input has its own exit code");
    assert!(run.stdout.is_empty(), "nothing is assessed: {}", run.stdout);
    assert!(
        run.stderr.contains("screening.nigth_pain"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `night_pain`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_value_not_allowed_names_field_value_and_what_is_allowed() {
    let case = r#"{ "patient": { "age": 30, "sex": "Female" }, "complaint": { "region": "hip" } }"#;
    let run = Triage::new(&["assess", "-"]).stdin(case).run();
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("patient.sex"), "{}", run.stderr);
    assert!(run.stderr.contains("\"Female\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("\"female\", \"male\", \"other\""),
        "{}",
        run.stderr
    );
}

#[test]
fn required_fields_and_ranges_are_enforced() {
    let missing = Triage::new(&["assess", "-"])
        .stdin(r#"{ "patient": { "age": 30 } }"#)
        .run();
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("complaint.region: is required"),
        "{}",
        missing.stderr
    );
    let out_of_range = Triage::new(&["assess", "-"])
        .stdin(r#"{ "patient": { "age": 130 }, "complaint": { "region": "hip" } }"#)
        .run();
    assert_eq!(out_of_range.code, 3);
    assert!(
        out_of_range.stderr.contains("patient.age"),
        "{}",
        out_of_range.stderr
    );
    assert!(
        out_of_range.stderr.contains("from 0 to 120"),
        "{}",
        out_of_range.stderr
    );
}

#[test]
fn changing_a_rule_file_changes_the_next_assessment_without_a_rebuild() {
    let rules = copy_rules("edit");
    let rules_arg = rules.to_str().expect("utf-8 path");
    let before = json(
        &Triage::new(&["assess", "-", "--format", "json", "--rules", rules_arg])
            .stdin(HAND_WRITTEN)
            .run(),
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(rules.join("hip/chronic_postural.rhai"))
        .expect("rule file");
    writeln!(file, "\nreview(\"Edited without recompiling\");").expect("append");
    drop(file);
    let after = json(
        &Triage::new(&["assess", "-", "--format", "json", "--rules", rules_arg])
            .stdin(HAND_WRITTEN)
            .run(),
    );
    assert_ne!(before["ruleset"]["sha256"], after["ruleset"]["sha256"]);
    let reviews = after["review"].as_array().expect("list");
    assert!(
        reviews
            .iter()
            .any(|r| r["text"] == "Edited without recompiling"),
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&rules);
}

#[test]
fn missing_rules_folder_is_a_rule_error() {
    let run = Triage::new(&["assess", "-", "--rules", "no/such/folder"])
        .stdin(HAND_WRITTEN)
        .run();
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("no/such/folder"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn help_explains_commands_and_exit_codes() {
    let run = Triage::new(&["--help"]).run();
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("assess"), "{}", run.stdout);
    assert!(run.stdout.contains("Exit codes"), "{}", run.stdout);
    let assess = Triage::new(&["assess", "--help"]).run();
    assert!(assess.stdout.contains("--rules"), "{}", assess.stdout);
    assert!(assess.stdout.contains("--format"), "{}", assess.stdout);
    let usage = Triage::new(&["assess"]).run();
    assert_eq!(usage.code, 2, "a wrong command line exits 2");
}

#[test]
fn the_readme_example_command_names_a_shipped_fixture() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let command = readme
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("cargo run --release -- assess fixtures/")
        })
        .expect("README shows `cargo run --release -- assess fixtures/...`");
    let path = command
        .split_whitespace()
        .find(|word| word.starts_with("fixtures/"))
        .expect("a fixture path");
    assert!(
        Path::new(path).is_file(),
        "README names {path}, which does not exist"
    );
    let run = Triage::new(&["assess", path]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        readme.contains("cargo test"),
        "README shows the test command"
    );
}

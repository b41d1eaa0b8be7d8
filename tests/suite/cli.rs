//! Acceptance tests for `triage assess`, run against the real binary.

use std::io::Write;
use std::path::Path;

use crate::support::{Folder, Triage};

/// `triage assess -` on `case`, in JSON, expected to exit 0.
fn assess_json(case: &str) -> serde_json::Value {
    Triage::new()
        .args(["assess", "-", "--format", "json"])
        .stdin(case)
        .any_stdout()
        .run()
        .json()
}

/// The urgency ids of the shipped referral scale, read from `rules/referrals.toml`.
fn urgency_ids() -> Vec<String> {
    let text = std::fs::read_to_string("rules/referrals.toml").expect("rules/referrals.toml");
    let scale: toml::Table = toml::from_str(&text).expect("rules/referrals.toml is TOML");
    let ids: Vec<String> = scale["urgency"]
        .as_array()
        .expect("[[urgency]] entries")
        .iter()
        .map(|u| u["id"].as_str().expect("an urgency id").to_string())
        .collect();
    assert!(!ids.is_empty(), "rules/referrals.toml lists no urgency");
    ids
}

/// The assessment's urgency is `expected`, an id of the shipped referral scale.
fn assert_urgency(assessment: &serde_json::Value, expected: &str) {
    let urgency = assessment["referral"]["urgency"]
        .as_str()
        .unwrap_or_else(|| panic!("no referral urgency: {assessment}"));
    let ids = urgency_ids();
    assert!(
        ids.iter().any(|id| id == urgency),
        "urgency {urgency:?} is not one of {ids:?} (rules/referrals.toml)"
    );
    assert_eq!(urgency, expected, "{assessment}");
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
    let out = assess_json(HAND_WRITTEN);
    assert_eq!(out["case_id"], "hand-written");
    // Long-standing postural hip pain, no red flag answered yes and no failed
    // course of physiotherapy recorded: treat, no onward referral.
    assert_urgency(&out, "none");
    assert_eq!(out["referral"]["destination"], serde_json::Value::Null);
    assert!(
        !out["treatments"].as_array().expect("list").is_empty(),
        "a case without red flags gets treatments: {out}"
    );
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
    let run = Triage::new()
        .args(["assess", "-"])
        .stdin(HAND_WRITTEN)
        .stdout_contains("NOT SCREENED")
        .run();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[1].starts_with("REFERRAL: "), "{}", run.stdout);
    let rules_line = lines
        .iter()
        .position(|l| l.starts_with("Rules: "))
        .expect("rules line");
    // The rule set comes last (its line may wrap before the hash), then the
    // decision-support line.
    assert!(rules_line >= lines.len() - 3, "{}", run.stdout);
    assert!(
        lines[rules_line..].join(" ").contains("sha256"),
        "{}",
        run.stdout
    );
}

#[test]
fn elderly_fall_unable_to_weight_bear_is_an_emergency_with_no_treatment() {
    let out = assess_json(
        r#"{
      "patient": { "age": 84, "sex": "female" },
      "complaint": { "region": "hip", "onset": "sudden" },
      "screening": { "recent_fall": true, "unable_to_weight_bear": true },
      "exam": { "pelvic_asymmetry": true }
    }"#,
    );
    assert_urgency(&out, "emergency");
    assert_eq!(out["referral"]["destination"], "emergency_department");
    assert_eq!(out["treatments"], serde_json::json!([]));
    assert!(!out["red_flags"].as_array().expect("list").is_empty());
}

#[test]
fn a_misspelled_field_is_refused_with_did_you_mean() {
    // Bad input has its own exit code, and nothing is assessed.
    Triage::new()
        .args(["assess", "-"])
        .stdin(
            r#"{ "patient": { "age": 30 }, "complaint": { "region": "hip" },
                 "screening": { "nigth_pain": true } }"#,
        )
        .status(3)
        .stdout("")
        .stderr_contains("screening.nigth_pain")
        .stderr_contains("did you mean `night_pain`?")
        .run();
}

#[test]
fn a_value_not_allowed_names_field_value_and_what_is_allowed() {
    Triage::new()
        .args(["assess", "-"])
        .stdin(r#"{ "patient": { "age": 30, "sex": "Female" }, "complaint": { "region": "hip" } }"#)
        .status(3)
        .stderr_contains("patient.sex")
        .stderr_contains("\"Female\"")
        .stderr_contains("\"female\", \"male\", \"other\"")
        .run();
}

#[test]
fn required_fields_and_ranges_are_enforced() {
    Triage::new()
        .args(["assess", "-"])
        .stdin(r#"{ "patient": { "age": 30 } }"#)
        .status(3)
        .stderr_contains("complaint.region: is required")
        .run();
    Triage::new()
        .args(["assess", "-"])
        .stdin(r#"{ "patient": { "age": 130 }, "complaint": { "region": "hip" } }"#)
        .status(3)
        .stderr_contains("patient.age")
        .stderr_contains("from 0 to 120")
        .run();
}

#[test]
fn changing_a_rule_file_changes_the_next_assessment_without_a_rebuild() {
    let rules = Folder::shipped_rules();
    let assess = || {
        Triage::new()
            .args(["assess", "-", "--format", "json", "--rules"])
            .arg(rules.path())
            .stdin(HAND_WRITTEN)
            .any_stdout()
            .run()
            .json()
    };
    let before = assess();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(rules.join("hip/chronic_postural.rhai"))
        .expect("rule file");
    writeln!(
        file,
        "\nrule edited {{ review(\"Edited without recompiling\"); }}"
    )
    .expect("append");
    drop(file);
    let after = assess();
    assert_ne!(before["ruleset"]["sha256"], after["ruleset"]["sha256"]);
    let reviews = after["review"].as_array().expect("list");
    assert!(
        reviews
            .iter()
            .any(|r| r["text"] == "Edited without recompiling"),
        "{after}"
    );
}

#[test]
fn missing_rules_folder_is_a_rule_error() {
    Triage::new()
        .args(["assess", "-", "--rules", "no/such/folder"])
        .stdin(HAND_WRITTEN)
        .status(4)
        .stdout("")
        .stderr_contains("no/such/folder")
        .run();
}

#[test]
fn help_explains_commands_and_exit_codes() {
    Triage::new()
        .arg("--help")
        .stdout_contains("assess")
        .stdout_contains("Exit codes")
        .run();
    Triage::new()
        .args(["assess", "--help"])
        .stdout_contains("--rules")
        .stdout_contains("--format")
        .run();
    // A wrong command line exits 2.
    Triage::new()
        .arg("assess")
        .status(2)
        .stderr(
            "error: the following required arguments were not provided:\n  <CASE>...\n\n\
             Usage: triage assess <CASE>...\n\nFor more information, try '--help'.\n",
        )
        .run();
}

// ---------------------------------------------------------------------------
// The README's two commands, and CI

/// The commands of the README's "Two commands" code block.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let mut lines = readme
        .lines()
        .skip_while(|line| line.trim() != "## Two commands")
        .skip(1);
    lines
        .find(|line| line.trim_start().starts_with("```"))
        .expect("README: a code block under `## Two commands`");
    lines
        .take_while(|line| !line.trim_start().starts_with("```"))
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

/// The words of a shell command line, without output redirections and without the
/// cargo flags that do not change what runs (`--locked`, `--quiet`, before `--`).
fn command_words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut after_separator = false;
    for word in line.split_whitespace() {
        if word.starts_with('>') || word.starts_with("2>") || word == "|" || word == "&&" {
            break;
        }
        if word == "--" {
            after_separator = true;
        }
        if !after_separator && (word == "--locked" || word == "--quiet") {
            continue;
        }
        words.push(word);
    }
    words
}

#[test]
fn ci_runs_the_readme_commands_on_a_shipped_fixture() {
    let commands = readme_commands();
    assert_eq!(
        commands.len(),
        2,
        "README: `## Two commands` shows {commands:?}"
    );
    let main = commands
        .iter()
        .find(|c| c.starts_with("cargo run --release -- assess fixtures/"))
        .unwrap_or_else(|| {
            panic!("README: no `cargo run --release -- assess fixtures/...` in {commands:?}")
        });
    let test = commands
        .iter()
        .find(|c| c.starts_with("cargo test"))
        .unwrap_or_else(|| panic!("README: no `cargo test` in {commands:?}"));

    let ci = std::fs::read_to_string(".ci/run").expect(".ci/run");
    let ci_commands: Vec<Vec<&str>> = ci
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .map(command_words)
        .collect();
    for command in [test, main] {
        assert!(
            ci_commands.contains(&command_words(command)),
            ".ci/run does not run the README's `{command}`:\n{ci}"
        );
    }

    let fixture = command_words(main)
        .into_iter()
        .find(|word| word.starts_with("fixtures/"))
        .expect("a fixture path");
    assert!(
        Path::new(fixture).is_file(),
        "README names {fixture}, which does not exist"
    );
    Triage::new().args(["assess", fixture]).any_stdout().run();
}

/// Runs `triage ARGS` in a real pseudo-terminal (util-linux `script`), so stdout
/// is a terminal, and returns what the terminal received.
fn in_a_terminal(args: &str, no_color: bool) -> String {
    let binary = env!("CARGO_BIN_EXE_triage");
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec", &format!("{binary} {args}"), "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let output = command.output().unwrap_or_else(|e| {
        crate::support::tools::missing("script (util-linux)", &e, "the tests on a terminal")
    });
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_terminal_gets_colour_and_a_pipe_or_no_color_gets_none() {
    let args = "assess fixtures/elderly_fall_cannot_weight_bear.json --no-what-if";
    let terminal = in_a_terminal(args, false);
    assert!(
        terminal.contains("\u{1b}[") && terminal.contains("REFERRAL: EMERGENCY"),
        "a terminal gets the banner in colour:\n{terminal}"
    );
    let no_color = in_a_terminal(args, true);
    assert!(
        !no_color.contains('\u{1b}') && no_color.contains("REFERRAL: EMERGENCY"),
        "NO_COLOR gives plain text:\n{no_color}"
    );
    let forced_off = in_a_terminal(&format!("{args} --color never"), false);
    assert!(
        !forced_off.contains('\u{1b}'),
        "--color never:\n{forced_off}"
    );
    let piped = Triage::new()
        .args(["assess", "fixtures/elderly_fall_cannot_weight_bear.json"])
        .any_stdout()
        .run();
    assert!(
        !piped.stdout.contains('\u{1b}'),
        "a pipe gets no escape codes"
    );
    assert!(
        piped.stdout.lines().all(|line| line.chars().count() <= 80),
        "a pipe gets 80 columns:\n{}",
        piped.stdout
    );
}

#[test]
fn markdown_has_the_same_content_in_the_same_order() {
    let case = "fixtures/cauda_equina_hidden_in_lateral_hip_pain.json";
    let text = Triage::new()
        .args(["assess", case])
        .any_stdout()
        .run()
        .stdout;
    let markdown = Triage::new()
        .args(["assess", case, "--format", "markdown"])
        .any_stdout()
        .run()
        .stdout;
    assert!(markdown.contains("**REFERRAL: EMERGENCY"), "{markdown}");
    let headings = |report: &str, prefix: &str| -> Vec<String> {
        report
            .lines()
            .filter_map(|line| line.strip_prefix(prefix))
            .filter(|line| line.chars().next().is_some_and(char::is_uppercase))
            .map(|line| line.split(':').next().unwrap_or_default().to_string())
            .collect()
    };
    let text_sections: Vec<String> = text
        .lines()
        .filter(|line| {
            line.chars().next().is_some_and(char::is_uppercase)
                && line
                    .split(':')
                    .next()
                    .is_some_and(|h| h == h.to_uppercase())
                && !line.starts_with("REFERRAL")
                && !line.starts_with("NO RULE")
        })
        .map(|line| line.split(':').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(headings(&markdown, "#### "), text_sections);
}

//! Working with the clinic's other tools: an installed `triage` outside the
//! repository, shell completions and a manual page, and CDS Hooks cards for the
//! record system.

use crate::support::battery::battery;
use crate::support::{Folder, Triage};

#[test]
fn outside_the_repository_the_built_in_rules_are_used_and_named() {
    let elsewhere = Folder::new();
    let case =
        std::fs::read_to_string("fixtures/elderly_fall_cannot_weight_bear.json").expect("fixture");
    elsewhere.write("case.json", &case);
    let built_in = Triage::new()
        .args(["assess", "case.json", "--format", "json", "--no-what-if"])
        .current_dir(elsewhere.path())
        .env("HOME", elsewhere.path())
        .env("XDG_DATA_HOME", elsewhere.path())
        .env_remove("TRIAGE_RULES")
        .any_stdout()
        .any_stderr()
        .run();
    let from_folder = Triage::new()
        .args([
            "assess",
            "fixtures/elderly_fall_cannot_weight_bear.json",
            "--format",
            "json",
            "--no-what-if",
        ])
        .any_stdout()
        .run();
    // The built-in rules are the shipped rules: the same hash and the same answer
    // (the rule references name them `built-in rules/...`).
    let (built_in, from_folder) = (built_in.json(), from_folder.json());
    for key in ["referral", "not_screened"] {
        assert_eq!(built_in[key], from_folder[key], "{key}");
    }
    for key in ["sha256", "files"] {
        assert_eq!(
            built_in["ruleset"][key], from_folder["ruleset"][key],
            "{key}"
        );
    }
    assert_eq!(built_in["ruleset"]["source"]["kind"], "built-in");
    assert_eq!(from_folder["ruleset"]["source"]["kind"], "folder");
    assert!(
        built_in["red_flags"][0]["rule"]
            .as_str()
            .is_some_and(|rule| rule.starts_with("built-in rules/red_flags/")),
        "{built_in}"
    );
    let text = Triage::new()
        .args(["assess", "case.json", "--no-what-if"])
        .current_dir(elsewhere.path())
        .env("HOME", elsewhere.path())
        .env("XDG_DATA_HOME", elsewhere.path())
        .env_remove("TRIAGE_RULES")
        .stdout_contains("Rules: built-in rules of triage")
        .any_stderr()
        .run();
    assert!(
        text.stdout.contains("REFERRAL: EMERGENCY"),
        "{}",
        text.stdout
    );
}

#[test]
fn triage_rules_names_the_rules_folder_when_rules_is_not_given() {
    let elsewhere = Folder::new();
    let rules = Folder::shipped_rules();
    let case =
        std::fs::read_to_string("fixtures/elderly_fall_cannot_weight_bear.json").expect("fixture");
    elsewhere.write("case.json", &case);
    Triage::new()
        .args(["assess", "case.json", "--no-what-if"])
        .current_dir(elsewhere.path())
        .env("TRIAGE_RULES", rules.path())
        .keep(rules, "[RULES]")
        .stdout_contains("Rules: [RULES] (")
        .run();
}

/// The completions of `shell` name every command.
fn completions_come_from_the_command_line_definition(_: &str, shell: &str) {
    let run = Triage::new()
        .args(["completions", shell])
        .any_stdout()
        .run();
    for command in ["assess", "check", "explain", "diff"] {
        assert!(run.stdout.contains(command), "{shell}: {command}");
    }
}

battery! {
    /// Each shell, one `#[test]`.
    mod completions_come_from_the_command_line_definition (
        completions_come_from_the_command_line_definition,
        at_least 3
    ) {
        bash => "bash",
        zsh => "zsh",
        fish => "fish",
    }
}

#[test]
fn the_manual_page_comes_from_the_command_line_definition() {
    Triage::new()
        .arg("man")
        .stdout_contains(".TH triage 1")
        .stdout_contains("assess")
        .run();
}

/// The CDS Hooks card of `case` follows the specification, with `indicator`.
fn cds_hooks_cards_follow_the_specification(_: &str, (case, indicator): (&str, &str)) {
    let run = Triage::new()
        .args(["assess", case, "--format", "cds-hooks"])
        .any_stdout()
        .run();
    let response = run.json();
    let cards = response["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 1);
    let card = &cards[0];
    let summary = card["summary"].as_str().expect("summary");
    assert!(summary.chars().count() <= 140, "{summary}");
    assert!(summary.starts_with("REFERRAL: "), "{summary}");
    assert_eq!(card["indicator"], indicator, "{case}");
    assert!(
        card["detail"]
            .as_str()
            .is_some_and(|d| d.contains("**REFERRAL"))
    );
    let label = card["source"]["label"].as_str().expect("source.label");
    assert!(label.contains("sha256"), "{label}");
}

battery! {
    /// An emergency and a case without referral, one `#[test]` each.
    mod cds_hooks_cards_follow_the_specification (cds_hooks_cards_follow_the_specification, at_least 2) {
        critical => ("fixtures/elderly_fall_cannot_weight_bear.json", "critical"),
        info => ("fixtures/labral_repair_6_weeks_woman_45.json", "info"),
    }
}

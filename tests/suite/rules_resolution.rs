//! Which rules a command uses, and that it never falls back in silence: `--rules`,
//! then `TRIAGE_RULES`, then the first candidate folder that exists (`./rules`,
//! beside the binary, the user's data folder), then the rules built into the
//! binary. A candidate that exists but cannot be the rules is an error naming it;
//! the built-in rules are said on stderr by every command and at the top of the
//! report; the JSON names the source; every command uses the same rules.
//!
//! Each test runs in a fresh folder where no candidate exists until the test
//! makes one: `HOME` and `XDG_DATA_HOME` point into it and `TRIAGE_RULES` is unset.

use std::path::{Path, PathBuf};

use crate::support::tools::git;
use crate::support::{Folder, Triage};

/// A shipped fixture with its expected outcome, valid for the built-in rules.
const FIXTURE: &str = "fixtures/elderly_fall_cannot_weight_bear.json";

/// The end of every message about a candidate folder that cannot be used.
const NEVER_ELSEWHERE: &str = "the rules are never taken from elsewhere in its place: mend it, remove it, or name the rules with --rules DIR";

/// A fresh folder holding `case.json` (a shipped fixture) and an empty data folder.
fn place() -> Folder {
    let place = Folder::new();
    let case = std::fs::read_to_string(FIXTURE).expect("fixture");
    place.write("case.json", case);
    std::fs::create_dir_all(place.join("data")).expect("data folder");
    place
}

/// `triage` run in `place`, with nothing but what the test puts there to find.
fn triage_in(place: &Folder) -> Triage {
    Triage::new()
        .current_dir(place.path())
        .env("HOME", place.path())
        .env("XDG_DATA_HOME", place.join("data"))
        .env_remove("TRIAGE_RULES")
        .redact(place.path(), "[HERE]")
}

/// The two stderr lines of a candidate folder that cannot be used.
fn refused(path: &str, reason: &str) -> String {
    format!(
        "error: {path}: {reason}; {NEVER_ELSEWHERE}\nerror: no rules were loaded, so nothing was done\n"
    )
}

// ---------------------------------------------------------------------------
// A candidate that exists but cannot be the rules is an error, never skipped

#[test]
fn an_empty_rules_folder_here_is_an_error_naming_it() {
    let place = place();
    std::fs::create_dir_all(place.join("rules")).expect("rules folder");
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused("rules", "is an empty rules folder"))
        .run();
}

#[test]
fn a_rules_file_that_is_not_a_folder_is_an_error_naming_it() {
    let place = place();
    place.write("rules", "not a folder");
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused(
            "rules",
            "is not a folder, so it cannot hold the rules",
        ))
        .run();
}

#[test]
fn an_incomplete_rules_folder_is_an_error_naming_what_it_lacks() {
    let place = place();
    place.copy_shipped_rules("rules");
    std::fs::remove_file(place.join("rules/referrals.toml")).expect("removed");
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused(
            "rules",
            "is an incomplete rules folder: it has no referrals.toml (every rules folder needs vocabulary.toml, treatments.toml and referrals.toml)",
        ))
        .run();
}

#[test]
fn a_rules_folder_that_cannot_be_read_is_an_error_naming_it() {
    // A link that cannot be followed (it points at itself): as unreadable as a
    // folder without permission, which a test run as root cannot make.
    let place = place();
    link(Path::new("rules"), &place.join("rules"));
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr_contains("error: rules: is a link to nothing, or cannot be read (")
        .stderr_contains(NEVER_ELSEWHERE)
        .run();
}

#[test]
fn a_rules_link_to_nothing_is_an_error_naming_it() {
    let place = place();
    link(Path::new("no-such-folder"), &place.join("rules"));
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr_contains("error: rules: is a link to nothing, or cannot be read (")
        .run();
}

#[test]
fn an_empty_rules_folder_in_the_data_folder_is_an_error_naming_it() {
    let place = place();
    std::fs::create_dir_all(place.join("data/physio-triage/rules")).expect("rules folder");
    triage_in(&place)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused(
            "[HERE]/data/physio-triage/rules",
            "is an empty rules folder",
        ))
        .run();
}

#[test]
fn an_empty_rules_folder_beside_the_binary_is_an_error_naming_it() {
    let place = place();
    let program = installed(&place);
    std::fs::create_dir_all(place.join("bin/rules")).expect("rules folder");
    triage_in(&place)
        .program(&program)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused("[HERE]/bin/rules", "is an empty rules folder"))
        .run();
}

#[test]
fn an_incomplete_shared_rules_folder_of_an_installation_is_an_error_naming_it() {
    let place = place();
    let program = installed(&place);
    place.write("share/physio-triage/rules/vocabulary.toml", "");
    triage_in(&place)
        .program(&program)
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(refused(
            "[HERE]/bin/../share/physio-triage/rules",
            "is an incomplete rules folder: it has no treatments.toml, referrals.toml (every rules folder needs vocabulary.toml, treatments.toml and referrals.toml)",
        ))
        .run();
}

#[test]
fn an_empty_triage_rules_variable_is_an_error() {
    let place = place();
    triage_in(&place)
        .env("TRIAGE_RULES", "")
        .args(["assess", "case.json"])
        .status(4)
        .stdout("")
        .stderr(
            "error: TRIAGE_RULES is set but empty, so it names no rules folder: name one in it, or unset it; the rules are never taken from elsewhere in its place\n",
        )
        .run();
}

#[test]
fn a_good_folder_here_is_used_and_a_broken_one_later_is_not_looked_at() {
    let place = place();
    place.copy_shipped_rules("rules");
    std::fs::create_dir_all(place.join("data/physio-triage/rules")).expect("rules folder");
    let run = triage_in(&place)
        .args(["assess", "case.json", "--format", "json", "--no-what-if"])
        .stderr("")
        .any_stdout()
        .run();
    assert_eq!(
        run.json()["ruleset"]["source"],
        serde_json::json!({"kind": "folder", "path": "rules"})
    );
}

// ---------------------------------------------------------------------------
// Every command refuses the same broken folder: they all use the rules `assess`
// would use

macro_rules! refuses_an_empty_rules_folder {
    ($($name:ident: [$($arg:expr),*];)*) => {$(
        #[test]
        fn $name() {
            let place = place();
            std::fs::create_dir_all(place.join("rules")).expect("rules folder");
            triage_in(&place)
                .args([$($arg),*])
                .status(4)
                .stdout("")
                .stderr(refused("rules", "is an empty rules folder"))
                .run();
        }
    )*};
}

refuses_an_empty_rules_folder! {
    assess_refuses_an_empty_rules_folder: ["assess", "case.json"];
    check_refuses_an_empty_rules_folder: ["check"];
    test_refuses_an_empty_rules_folder: ["test", "case.json"];
    explain_refuses_an_empty_rules_folder: ["explain", "case.json"];
    diff_refuses_an_empty_rules_folder_as_new: ["diff", "--rules", "old", "case.json"];
    interview_refuses_an_empty_rules_folder: ["interview"];
    fields_refuses_an_empty_rules_folder: ["fields"];
    schema_refuses_an_empty_rules_folder: ["schema"];
    questionnaire_refuses_an_empty_rules_folder: ["questionnaire"];
}

// ---------------------------------------------------------------------------
// The built-in rules are said by every command

macro_rules! says_the_built_in_rules {
    ($($name:ident: [$($arg:expr),*] => $status:expr;)*) => {$(
        #[test]
        fn $name() {
            let place = place();
            // `diff`'s OLD rules.
            place.copy_shipped_rules("old");
            triage_in(&place)
                .args([$($arg),*])
                .env("TRIAGE_TODAY", "2026-11-21")
                .status($status)
                .stderr_contains(
                    "note: using the built-in rules of triage 0.1.0: no rules folder was found (looked in ./rules, ",
                )
                .stderr_contains("[HERE]/data/physio-triage/rules); name one with --rules DIR or TRIAGE_RULES\n")
                .any_stdout()
                .run();
        }
    )*};
}

says_the_built_in_rules! {
    assess_says_it_uses_the_built_in_rules: ["assess", "case.json", "--no-what-if"] => 0;
    check_says_it_checks_the_built_in_rules: ["check"] => 0;
    test_says_it_tests_the_built_in_rules: ["test", "case.json"] => 0;
    explain_says_it_explains_with_the_built_in_rules: ["explain", "case.json"] => 0;
    diff_says_new_is_the_built_in_rules: ["diff", "--rules", "old", "case.json"] => 0;
    interview_says_it_uses_the_built_in_rules: ["interview", "--from", "case.json"] => 0;
    fields_says_it_lists_the_built_in_rules: ["fields"] => 0;
    schema_says_it_uses_the_built_in_rules: ["schema"] => 0;
    questionnaire_says_it_uses_the_built_in_rules: ["questionnaire"] => 0;
}

#[test]
fn the_report_names_the_built_in_rules_at_its_top() {
    let place = place();
    let run = triage_in(&place)
        .args(["assess", "case.json", "--no-what-if"])
        .any_stdout()
        .any_stderr()
        .run();
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("Case elderly-fall"));
    assert_eq!(
        lines.next(),
        Some("Rules: the built-in rules of triage 0.1.0, not a rules folder (none was found)"),
        "{}",
        run.stdout
    );
    let markdown = triage_in(&place)
        .args([
            "assess",
            "case.json",
            "--no-what-if",
            "--format",
            "markdown",
        ])
        .any_stdout()
        .any_stderr()
        .run();
    assert!(
        markdown.stdout.contains(
            "> **Rules: the built-in rules of triage 0.1.0, not a rules folder (none was found)**"
        ),
        "{}",
        markdown.stdout
    );
}

#[test]
fn a_report_with_a_rules_folder_has_no_built_in_line() {
    let run = Triage::new()
        .args(["assess", FIXTURE, "--no-what-if"])
        .env_remove("TRIAGE_RULES")
        .stderr("")
        .any_stdout()
        .run();
    assert!(!run.stdout.contains("built-in"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// The JSON names where the rules came from

#[test]
fn json_names_the_built_in_rules_as_the_source() {
    let place = place();
    let run = triage_in(&place)
        .args(["assess", "case.json", "--format", "json", "--no-what-if"])
        .any_stdout()
        .any_stderr()
        .run();
    assert_eq!(
        run.json()["ruleset"]["source"],
        serde_json::json!({"kind": "built-in", "version": "0.1.0"})
    );
}

#[test]
fn json_names_a_rules_folder_as_the_source() {
    let run = Triage::new()
        .args(["assess", FIXTURE, "--format", "json", "--no-what-if"])
        .rules(Folder::shipped_rules())
        .any_stdout()
        .run();
    let json: serde_json::Value = serde_json::from_str(&run.out()).expect("JSON");
    assert_eq!(
        json["ruleset"]["source"],
        serde_json::json!({"kind": "folder", "path": "[RULES]"})
    );
}

#[test]
fn json_names_a_git_revision_as_the_source() {
    let place = place();
    place.copy_shipped_rules("rules");
    git(place.path(), &["init", "-q"]);
    git(place.path(), &["add", "rules"]);
    git(
        place.path(),
        &["commit", "-q", "--no-verify", "-m", "rules"],
    );
    let run = triage_in(&place)
        .args([
            "assess",
            "case.json",
            "--rules",
            "HEAD:rules",
            "--format",
            "json",
            "--no-what-if",
        ])
        .any_stdout()
        .run();
    assert_eq!(
        run.json()["ruleset"]["source"],
        serde_json::json!({"kind": "git", "revision": "HEAD", "path": "rules"})
    );
}

#[test]
fn triage_rules_names_the_rules_for_every_command() {
    let place = place();
    let rules = Folder::shipped_rules();
    // A broken ./rules is not looked at when TRIAGE_RULES names the rules.
    std::fs::create_dir_all(place.join("rules")).expect("rules folder");
    let run = triage_in(&place)
        .env("TRIAGE_RULES", rules.path())
        .args(["assess", "case.json", "--format", "json", "--no-what-if"])
        .keep(rules, "[RULES]")
        .stderr("")
        .any_stdout()
        .run();
    let json: serde_json::Value = serde_json::from_str(&run.out()).expect("JSON");
    assert_eq!(
        json["ruleset"]["source"],
        serde_json::json!({"kind": "folder", "path": "[RULES]"})
    );
}

// ---------------------------------------------------------------------------
// Helpers

/// A symbolic link at `at` to `target`.
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("link made");
}

/// The binary as installed in `place/bin/triage` (a hard link, so nothing is
/// copied; `triage` looks for `rules` beside where it was started from).
fn installed(place: &Folder) -> PathBuf {
    let bin = place.join("bin");
    std::fs::create_dir_all(&bin).expect("bin folder");
    let program = bin.join("triage");
    let built = Path::new(env!("CARGO_BIN_EXE_triage"));
    if std::fs::hard_link(built, &program).is_err() {
        std::fs::copy(built, &program).expect("binary copied");
    }
    program
}

#[test]
fn an_unknown_evaluator_is_refused_never_replaced() {
    Triage::new()
        .env("TRIAGE_EVALUATOR", "fastest")
        .args(["assess", "fixtures/labral_repair_6_weeks_woman_45.json"])
        .status(2)
        .stderr(
            "error: TRIAGE_EVALUATOR=fastest is not an evaluator: use native, rhai or differential, or unset it\n",
        )
        .run();
}

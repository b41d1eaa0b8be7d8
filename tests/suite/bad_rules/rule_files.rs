//! One verdict: what `check` calls an error, every command refuses to load. Rule
//! files with a missing or broken header, definitions misspelled, misplaced or read
//! before they are made, and files that are not Rhai source or TOML are refused by
//! `assess`, `test` and `explain` at the place `check` names; an overdue review date
//! is only a warning.

use crate::support::Folder;
use crate::support::battery::battery;
use crate::support::snapshot::snapshot;

use super::{
    BROKEN, FINDINGS, LOAD_WATCHDOG, NOT_LOADED, OK, RULE_ERROR, check, command, fails,
    new_workspace, triage, with_header,
};

#[test]
fn broken_files_that_are_not_rhai_source() {
    let mut views = Vec::new();
    // A rule file that is not UTF-8.
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        b"// Covers: caf\xe9 rules\nrule battery { review(\"x\"); }\n",
    );
    let command = triage(&workspace, &["case.json", "--format", "json"]).context("not utf-8");
    let run = fails(command, BROKEN, None)
        .stderr_contains("line 1, column 15")
        .run();
    views.push(run.stderr);
    // A data file with a TOML syntax error (the referral scale, rewritten).
    let workspace = new_workspace();
    let referrals = "rules/referrals.toml";
    workspace.write(
        referrals,
        "[[urgency]]\nid = \"none\"\nmeaning = \"no referral\"\n[[urgency\nid = \"urgent\"\n",
    );
    let command = triage(&workspace, &["case.json", "--format", "json"]).context("toml");
    let run = fails(command, referrals, Some(4)).run();
    views.push(run.stderr);
    snapshot!("not_rhai_source", views.join("\n"));
}

/// Runs `assess`, `test` and `explain` (each must exit 4 naming `place` on stderr,
/// with nothing on stdout) and `check` (exit 1, naming `place`), and returns the
/// `assess` message and the `check` findings about `place`'s file, for a snapshot.
fn refused_by_every_command(workspace: &Folder, name: &str, place: &str) -> String {
    let file = place.split(':').next().expect("a file");
    let assess = triage(workspace, &["case.json"])
        .watchdog(LOAD_WATCHDOG)
        .context(format!("{name}: assess"))
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(place)
        .stderr_contains(NOT_LOADED)
        .run();
    for (what, args) in [("test", ["cases"]), ("explain", ["case.json"])] {
        command(workspace, what, &args)
            .watchdog(LOAD_WATCHDOG)
            .context(format!("{name}: {what}"))
            .status(RULE_ERROR)
            .stdout("")
            .stderr_contains(place)
            .run();
    }
    let checked = check(workspace, FINDINGS);
    let findings = checked.findings_about(file);
    assert!(
        findings.contains("error: ") && findings.contains(place),
        "{name}: `check` does not report {place}:\n{}",
        checked.out()
    );
    format!(
        "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
        assess.status,
        assess.err(),
        checked.status
    )
}

/// A rules folder edited by writing files (relative to the workspace, written as
/// given: no header is added), and the place the refusal must name.
struct FilesRow {
    files: Vec<(&'static str, String)>,
    place: &'static str,
    /// A piece of the message the refusal must hold.
    says: &'static str,
}

fn files_row(
    files: Vec<(&'static str, String)>,
    place: &'static str,
    says: &'static str,
) -> FilesRow {
    FilesRow { files, place, says }
}

battery! {
    /// Rules folders that `check` rejects, one `#[test]` each, named as their
    /// snapshots.
    mod rule_files_that_check_rejects_are_refused_by_every_command (
        rule_files_that_check_rejects_are_refused_by_every_command,
        at_least 9
    ) {
        // A rule file's header is checked when the rules load.
        empty_rule_file => files_row(
            vec![(BROKEN, String::new())],
            "rules/zz_battery/broken.rhai:1",
            "has no header",
        ),
        rule_file_without_a_header => files_row(
            vec![(BROKEN, "rule battery { review(\"Reassess in 2 weeks.\"); }\n".to_string())],
            "rules/zz_battery/broken.rhai:1",
            "has no header",
        ),
        header_without_sources => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Reviewed: 2026-11-01\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Sources:` line",
        ),
        header_without_covers => files_row(
            vec![(
                BROKEN,
                "// Sources: none yet\n// Reviewed: 2026-11-01\nrule battery { review(\"x\"); }\n".to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Covers:` line",
        ),
        header_without_reviewed => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Sources: none yet\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Reviewed:` line",
        ),
        reviewed_not_a_date => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: not-a-date\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:3",
            "`not-a-date` is not a review date",
        ),
        // Shared definitions (rules/definitions/, run first, in path order).
        misspelled_definition => files_row(
            vec![
                (
                    "rules/definitions/zz_battery.rhai",
                    with_header("define(\"recent_surgery\", yes(screening.night_pain));\n"),
                ),
                (
                    BROKEN,
                    with_header("if yes(defined.recnt_surgery) {\n    rule battery { review(\"x\"); }\n}\n"),
                ),
            ],
            "rules/zz_battery/broken.rhai:4",
            "did you mean `defined.recent_surgery`?",
        ),
        action_in_a_definitions_file => files_row(
            vec![(
                "rules/definitions/zz_battery.rhai",
                with_header(
                    "define(\"night\", yes(screening.night_pain));\nrefer(\"urgent\", \"gp\", \"Night pain.\");\n",
                ),
            )],
            "rules/definitions/zz_battery.rhai:5",
            "a definition file cannot call `refer`",
        ),
        definition_read_before_it_is_made => files_row(
            vec![
                (
                    "rules/definitions/zz_battery_a.rhai",
                    with_header("define(\"a\", yes(defined.b));\n"),
                ),
                (
                    "rules/definitions/zz_battery_b.rhai",
                    with_header("define(\"b\", true);\n"),
                ),
            ],
            "rules/definitions/zz_battery_a.rhai:4",
            "it is defined later, at rules/definitions/zz_battery_b.rhai:4",
        ),
    }
}

/// Runs one rules folder that `check` rejects: every command refuses it at its
/// place, saying what the row says; snapshotted under the row's name.
fn rule_files_that_check_rejects_are_refused_by_every_command(name: &str, row: FilesRow) {
    let workspace = new_workspace();
    let mut view = String::new();
    for (path, text) in row.files {
        workspace.write(path, &text);
        view.push_str(&format!("=== {path}\n{text}"));
    }
    let refused = refused_by_every_command(&workspace, name, row.place);
    assert!(
        refused.contains(row.says),
        "{name}: the message does not say {:?}:\n{refused}",
        row.says
    );
    view.push_str(&refused);
    snapshot!(name, view);
}

#[test]
fn an_overdue_review_date_is_only_a_warning() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: 2020-01-01\nrule battery { review(\"Reassess in 2 weeks.\"); }\n",
    );
    triage(&workspace, &["case.json"])
        .stdout_contains(format!("Reassess in 2 weeks.  [{BROKEN}:4]"))
        .stderr("")
        .run();
    command(&workspace, "explain", &["case.json"])
        .stdout_contains("REVIEW Reassess in 2 weeks.")
        .run();
    let checked = check(&workspace, OK);
    let findings = checked.findings_about(BROKEN);
    assert!(
        findings.starts_with("warning: last reviewed 2020-01-01")
            && findings.contains(&format!("{BROKEN}:3"))
            && !findings.contains("error"),
        "{}",
        checked.out()
    );
    snapshot!("overdue_review_date", findings);
}

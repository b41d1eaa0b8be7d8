//! Broken data files (`referrals.toml`, `vocabulary.toml`, `treatments.toml`), one
//! `#[test]` per row, and a duplicated urgency id: refused by `assess` and `check` at
//! their line.

use crate::support::battery::battery;
use crate::support::snapshot::snapshot;

use super::{FINDINGS, LOAD_WATCHDOG, NOT_LOADED, RULE_ERROR, check, new_workspace, triage};

/// One edit of a copy of a shipped data file, and the text whose line the refusal
/// must name (its first line holding `at`, in the edited file).
#[derive(Clone, Copy)]
struct DataRow {
    file: &'static str,
    edit: fn(String) -> String,
    at: &'static str,
}

fn data_row(file: &'static str, edit: fn(String) -> String, at: &'static str) -> DataRow {
    DataRow { file, edit, at }
}

const EMERGENCY: &str = "[[urgency]]\nid = \"emergency\"\n";

battery! {
    /// Broken data files, one `#[test]` each, named as their snapshots.
    mod broken_data_files_are_refused_by_assess_and_check (
        broken_data_files_are_refused_by_assess_and_check,
        at_least 9
    ) {
        emergency_below_urgent => data_row(
            "rules/referrals.toml",
            |text| {
                // Cut the emergency entry (up to the next table) and put it back
                // before `urgent`.
                let start = text.find(EMERGENCY).expect("an emergency urgency");
                let end = start
                    + 1
                    + text[start + 1..]
                        .find("[[")
                        .expect("a table after emergency");
                let entry = text[start..end].to_string();
                let rest = format!("{}{}", &text[..start], &text[end..]);
                rest.replacen(
                    "[[urgency]]\nid = \"urgent\"",
                    &format!("{entry}[[urgency]]\nid = \"urgent\""),
                    1,
                )
            },
            "id = \"emergency\"",
        ),
        withholds_treatment_deleted => data_row(
            "rules/referrals.toml",
            |text| text.replacen("withholds_treatment = true\n", "", 1),
            "id = \"emergency\"",
        ),
        withholds_treatment_on_none => data_row(
            "rules/referrals.toml",
            |text| {
                text.replacen(
                    "id = \"none\"\n",
                    "id = \"none\"\nwithholds_treatment = true\n",
                    1,
                )
            },
            "id = \"none\"",
        ),
        max_nan => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("max = 120,", "max = nan,", 1),
            "max = nan,",
        ),
        max_inf => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("max = 120,", "max = inf,", 1),
            "max = inf,",
        ),
        min_greater_than_max => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("min = 0, max = 120,", "min = 130, max = 120,", 1),
            "min = 130, max = 120,",
        ),
        normal_outside_the_range => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("normal = 36.8,", "normal = 368,", 1),
            "normal = 368,",
        ),
        normal_on_a_yes_no_question => data_row(
            "rules/vocabulary.toml",
            |text| {
                text.replacen(
                    "fadir_positive = { type = \"boolean\",",
                    "fadir_positive = { type = \"boolean\", normal = 1,",
                    1,
                )
            },
            "normal = 1,",
        ),
        empty_treatment_name => data_row(
            "rules/treatments.toml",
            |text| text.replacen("name = \"Manual therapy\"", "name = \"\"", 1),
            "[manual_therapy]",
        ),
    }
}

/// `text` with the number of a `note: N rule files ...` line shown as `[N]`: it
/// counts the shipped rule files, which grow.
fn without_counts(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("note: ") {
            Some(rest) if rest.contains(" rule files ") => {
                format!(
                    "note: [N]{}",
                    rest.trim_start_matches(|c: char| c.is_ascii_digit())
                )
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in the edited file"))
        + 1
}

/// Runs one broken data file: `assess` and `check` refuse it at its line; the
/// messages are snapshotted under the row's name.
fn broken_data_files_are_refused_by_assess_and_check(name: &str, row: DataRow) {
    let workspace = new_workspace();
    crate::support::folder::edit(workspace.path(), row.file, row.edit);
    let edited = std::fs::read_to_string(workspace.join(row.file)).expect("edited file");
    let place = format!("{}:{}", row.file, line_of(&edited, row.at));
    let assess = triage(&workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .context(name)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(&place)
        .stderr_contains(NOT_LOADED)
        .run();
    let checked = check(&workspace, FINDINGS);
    let findings = without_counts(&checked.findings_about(row.file));
    assert!(
        findings.contains(&place),
        "{name}: `check` does not report {place}:\n{}",
        checked.out()
    );
    snapshot!(
        name,
        format!(
            "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
            assess.status, assess.stderr, checked.status
        )
    );
}

#[test]
fn a_duplicated_urgency_id_is_refused_at_its_line() {
    let workspace = new_workspace();
    let file = "rules/referrals.toml";
    crate::support::folder::edit(workspace.path(), file, |text| {
        text.replacen("id = \"routine\"", "id = \"none\"", 1)
    });
    let edited = std::fs::read_to_string(workspace.join(file)).expect("edited file");
    // The second `id = "none"`: the duplicate.
    let line = edited
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id = \"none\""))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("two `none` ids");
    let place = format!("{file}:{line}");
    let assess = triage(&workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains("`none` is listed twice")
        .run();
    let listed_twice = assess
        .stderr
        .split("error: ")
        .find(|message| message.contains("listed twice"))
        .expect("the duplicate's message");
    assert!(listed_twice.contains(&place), "{}", assess.stderr);
    let checked = check(&workspace, FINDINGS);
    let findings = checked.findings_about(file);
    assert!(findings.contains(&place), "{}", checked.out());
    snapshot!(
        "duplicated_urgency_id",
        format!(
            "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
            assess.status, assess.stderr, checked.status
        )
    );
}

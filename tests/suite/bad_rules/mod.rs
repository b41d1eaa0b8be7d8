//! The bad-rules battery: broken and hostile rule files and data files a hurried
//! (or hostile) rule author could write, each added to a copy of the shipped rules
//! and run by the real `triage` binary on a small valid case. Every row must stop
//! with exit code 4, print no assessment, name the file and line, not panic, and
//! finish (runaway rules are stopped by the engine's limits; how fast is measured by
//! `scripts/bench.sh`, not asserted here). A row refused when the rules load is
//! refused by `triage check` too (exit 1, same place): one verdict. The messages are
//! snapshotted (`tests/snapshots/bad_rules__*.snap`).

use std::time::Duration;

use crate::support::{Folder, Output, Triage};

mod batches;
mod broken_rules;
mod data_files;
mod definitions;
mod folders;
mod limits;
mod print_output;
mod raw_characters;
mod rule_files;

const OK: i32 = 0;
const FINDINGS: i32 = 1;
const RULE_ERROR: i32 = 4;

/// The date the review-age checks use, so the outcomes do not depend on the calendar.
const TODAY: &str = "2026-11-21";

/// Where the broken rule file goes: its own folder, so it runs after the shipped ones.
const BROKEN: &str = "rules/zz_battery/broken.rhai";

/// A case written for these tests: a few answers known, the rest unknown.
/// `screening.fever_or_unwell` is deliberately left unknown.
const CASE: &str = r#"{
  "id": "battery",
  "patient": { "age": 45, "sex": "female" },
  "complaint": { "region": "hip", "pain_now": 3, "aggravated_by": ["stairs"] },
  "screening": { "night_pain": false }
}"#;

/// Long enough for any rule to finish, short enough that a hang fails the test
/// rather than the CI run.
const WATCHDOG: Duration = Duration::from_secs(60);

/// For refusals made when the rules load: no rule runs, so a load that takes this
/// long is waiting on something (a sleeping rule, a pipe), not working.
const LOAD_WATCHDOG: Duration = Duration::from_secs(10);

/// The last line of every refusal made when the rules load.
const NOT_LOADED: &str = "error: the rules in rules could not be loaded; no case was assessed";

/// The last line of every refusal made while the case runs.
const NOT_ASSESSED: &str =
    "error: case.json was not assessed: a rule failed, and no partial answer is given";

/// A temporary folder holding a copy of the shipped rules (`rules/`) and the test
/// case (`case.json`, and again as `cases/case.json` for `triage test`).
fn new_workspace() -> Folder {
    let workspace = Folder::new();
    workspace.copy_shipped_rules("rules");
    workspace.write("case.json", CASE);
    workspace.write("cases/case.json", CASE);
    workspace
}

/// `triage assess ARGS --rules rules`, run inside the workspace, under the watchdog,
/// with the CPU to itself (which of the engine's limits stops a runaway rule
/// depends on how fast it runs).
fn triage(workspace: &Folder, args: &[&str]) -> Triage {
    command(workspace, "assess", args)
}

/// `triage COMMAND ARGS --rules rules`, as [`triage`] runs `assess`.
fn command(workspace: &Folder, command: &str, args: &[&str]) -> Triage {
    Triage::new()
        .arg(command)
        .args(args)
        .args(["--rules", "rules"])
        .env("TRIAGE_TODAY", TODAY)
        .current_dir(workspace.path())
        .watchdog(WATCHDOG)
        .alone()
}

/// `triage check --rules rules` in the workspace, which must exit `status`.
fn check(workspace: &Folder, status: i32) -> Output {
    command(workspace, "check", &[])
        .watchdog(LOAD_WATCHDOG)
        .status(status)
        .any_stdout()
        .run()
}

/// Every broken rule starts like a real one (a valid header), so the lines that
/// matter are not line 1.
const HEADER: &str =
    "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: 2026-11-01\n";

/// The promises every failing row keeps (besides not panicking, which the builder
/// checks): exit code 4, nothing on stdout, and a message naming the file and line.
/// `line: None` checks only the file name (for problems that make the file
/// unreadable as a whole).
fn fails(command: Triage, file: &str, line: Option<usize>) -> Triage {
    let place = match line {
        Some(line) => format!("{file}:{line}"),
        None => format!("{file}: "),
    };
    command.status(RULE_ERROR).stdout("").stderr_contains(place)
}

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

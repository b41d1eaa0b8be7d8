//! The rule author's commands (`check`, `test`, `explain`, `diff`, `fields`, `schema`,
//! `--watch`), run against the real binary.
//!
//! Snapshots use a small rules folder written for these tests (the "mini rules",
//! `tests/support/mini.rs`), so they do not change when the shipped clinical rules
//! are edited. The acceptance tests on the shipped rules copy `rules/` into a
//! temporary folder, introduce one mistake, and check that `check` names the file
//! and line before any case is run.

use crate::support::Triage;

mod check;
mod diff;
mod explain;
mod fields_and_schema;
mod test_command;
mod watch;

/// The date the review-age checks use, so snapshots do not depend on the calendar.
const TODAY: &str = "2026-11-21";

/// `triage COMMAND`, with today's date fixed.
fn triage(command: &str) -> Triage {
    Triage::new().arg(command).env("TRIAGE_TODAY", TODAY)
}

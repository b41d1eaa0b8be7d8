//! The integration tests: one test binary (so one link, and one `cargo test` target).
//!
//! - `support/`: the shared harness (the `triage` builder, which checks the exit
//!   status and compares stdout and stderr exactly unless a test opts out by name;
//!   `battery!`, one `#[test]` per row of a table; temporary folders; snapshot
//!   naming, all in `tests/snapshots`; the only use of the library crate);
//! - `suite/`: the tests, one module per subject.
//!
//! A test that cannot run (git, Python 3, `mkfifo` or `script` missing) fails,
//! naming what is missing; see the README's "Two commands".
//!
//! Run one subject with `cargo test --test main <module>`, e.g.
//! `cargo test --test main bad_input`.

// A test binary exports nothing: `pub` in `support/` marks what the test modules
// share, which is what `unreachable_pub` would have written as `pub(crate)`.
#![allow(unreachable_pub)]
// The tests generate and compare exact values: whole-number casts of bounded
// floats and exact float comparisons are what they mean to check.
#![allow(
    clippy::cast_possible_truncation,
    clippy::float_cmp,
    clippy::format_collect
)]

mod support;

mod suite {
    mod architecture;
    mod bad_input;
    mod bad_rules;
    mod batch;
    mod cli;
    mod commands;
    mod differential;
    mod docs;
    mod fhir;
    mod fixtures;
    mod handout;
    mod harness;
    mod hostile_handout;
    mod hostile_input;
    mod hostile_rules;
    mod integrations;
    mod interview;
    mod interview_fixtures;
    mod interview_hostile;
    mod interview_terminal;
    mod monotonicity;
    mod paper_cuts;
    mod pipeline;
    mod properties;
    mod report;
    mod rule_ids;
    mod rules_resolution;
    mod safety;
    mod safety_deep;
    mod threshold_cases;
    mod unknown_safe;
}

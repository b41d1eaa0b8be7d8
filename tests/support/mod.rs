//! What the test modules share.
//!
//! - [`battery`]: `battery!`, one `#[test]` per row of a table;
//! - [`triage`]: the one builder that runs the real `triage` binary and checks its
//!   exit status and output ([`Triage`], [`Output`]);
//! - [`folder`]: temporary folders (`tempfile`), copies of the shipped rules, the
//!   mini rules;
//! - [`mini`]: the mini rules and their cases, written for the tests;
//! - [`redact`]: the SHA-256 redaction every comparison and snapshot shares;
//! - [`snapshot`]: `snapshot!` and `json_snapshot!`, which keep each snapshot's
//!   name `<module>__<name>`;
//! - [`library`]: the only use of the library crate (`physio_triage`);
//! - [`tools`]: git, Python and `mkfifo`, which a few tests need; missing, they
//!   fail the test;
//! - [`cpu`]: gives the runs that depend on the engine's time limit the CPU to
//!   themselves.

pub mod battery;
pub mod cpu;
pub mod folder;
pub mod library;
pub mod mini;
pub mod redact;
pub mod snapshot;
pub mod tools;
pub mod triage;

pub use folder::Folder;
pub use triage::{Output, Triage};

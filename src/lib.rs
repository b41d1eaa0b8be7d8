//! physio-triage: explainable triage support for physiotherapists.
//!
//! The crate is a generic, sandboxed rule engine. All clinical knowledge lives in
//! the rules folder (Rhai scripts plus the vocabulary, treatment catalogue and
//! referral scale as TOML), so it can be edited without recompiling. The flow is
//! case text → [`Case`] (validated against the [`Vocabulary`]) → [`RuleSet::evaluate`]
//! → [`Assessment`] (invariants enforced) → JSON or the text [`report`].

#![forbid(unsafe_code)]

pub mod analysis;
pub mod app;
pub mod assessment;
pub mod case;
pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod error;
pub mod exit;
pub mod expect;
pub mod header;
pub mod input;
pub mod json;
pub mod lint;
pub mod report;
pub mod ruleset;
pub mod scale;
pub mod suggest;
pub mod vocabulary;

pub use assessment::Assessment;
pub use case::Case;
pub use error::Error;
pub use exit::Exit;
pub use ruleset::RuleSet;
pub use vocabulary::Vocabulary;

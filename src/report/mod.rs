//! The last stage of the flow: an assessment written out for its reader. The
//! report is built once as a document (`document.rs`); each format renders it in
//! its own file, so a new one (CDS Hooks cards) is one file. The patient's
//! handout is its own room, `handout/`.

mod cds_hooks;
mod document;
mod headline;
mod json;
mod markdown;
mod text;

pub(crate) use cds_hooks::cds_hooks;
pub use document::Detail;
pub use json::json;
pub use markdown::markdown;
pub use text::{Layout, text};

/// The CDS Hooks response for one assessment (see `cds_hooks.rs`), for the
/// tests of the library.
pub fn cds_hooks_response(
    assessment: &crate::assessment::Assessment,
    rules: &crate::ruleset::RuleSet,
) -> serde_json::Value {
    cds_hooks(assessment, rules)
}

//! The patient's home exercise handout, in one room: what it may say and how
//! (`words.rs`, from `rules/handout/handout.toml`), what a template reads
//! (`context.rs`), the templates (`template.rs` one, `templates.rs` the rule
//! set's, `tags.rs` the filters and statements they use), the sample handouts
//! `check` renders them with (`samples.rs`), the handout of a rule set, checked
//! (`handout.rs`), the handout of an assessment (`written.rs`: nothing under
//! avoid or withheld can reach it), and the file it is written to (`file.rs`).
//!
//! It comes after the report in the flow: it reads the rule set's files and an
//! assessment. The rule set keeps the handout's files (its `sources`); the
//! handout is checked whenever the rules are loaded for a command, and by `check`.

mod context;
mod file;
// `handout::handout` is named after its type, as every file here is.
#[allow(clippy::module_inception)]
mod handout;
mod samples;
mod tags;
mod template;
mod templates;
mod words;
mod written;

pub use context::Context as HandoutContext;
pub(crate) use file::{Cause as HandoutCause, HandoutFile, NotWritten as HandoutNotWritten};
pub use handout::Handout;
pub use template::Format as HandoutFormat;
pub(crate) use template::{configure as configure_template, template_error};
pub use written::WrittenHandout;

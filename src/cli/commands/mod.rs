//! One file per command: the clinician's `assess`, and the rule author's `check`,
//! `test`, `explain`, `diff`, `fields` and `schema`, the safety officer's `safety-case`, the record systems' `questionnaire`, plus the watch loop. Each
//! returns its exit status; output for the reader goes to stdout, problems that
//! stop a command go to stderr.

pub(crate) mod assess;
pub(crate) mod check;
pub(crate) mod diff;
mod diff_summary;
pub(crate) mod explain;
pub(crate) mod interview;
pub(crate) mod questionnaire;
pub(crate) mod reference;
pub(crate) mod safety_case;
pub(crate) mod shell;
pub(crate) mod test;
pub(crate) mod watch;

//! One file per command: the clinician's `assess`, and the rule author's `check`,
//! `test`, `explain`, `diff`, `fields` and `schema`, plus the watch loop. Each
//! returns its exit status; output for the reader goes to stdout, problems that
//! stop a command go to stderr.

pub mod assess;
pub mod check;
pub mod diff;
pub mod explain;
pub mod reference;
pub mod test;
pub mod watch;

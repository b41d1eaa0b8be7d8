//! The engine: a generic, sandboxed Rhai engine that runs rule files on a case and
//! records what they ask for. It knows no clinical facts; whether an urgency or a
//! treatment id exists is checked against the rule set's data files by the layers
//! above.

mod analysis;
mod api;
mod case_view;
pub mod limits;
mod run;
mod sandbox;
mod trace;
mod wording;

pub use analysis::{Call, calls, field_uses, script_functions};
pub use api::{API, ApiFunction, ArgKind, Param, lookup, recording};
pub use case_view::case_sections;
pub use run::RunFailure;
pub use sandbox::RuleEngine;
pub use trace::{Action, FileTrace, Printed, Recorded};
pub use wording::{located, parse_error, script_error};

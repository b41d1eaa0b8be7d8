//! The engine: a generic, sandboxed Rhai engine that runs rule files on a case and
//! records what they ask for. It knows no clinical facts; whether an urgency or a
//! treatment id exists is checked against the rule set's data files by the layers
//! above.

mod analysis;
mod api;
mod case_view;
mod comparisons;
mod direct_calls;
pub(crate) mod limits;
mod run;
mod sandbox;
mod trace;
mod wording;

pub(crate) use analysis::{
    Call, calls, definition_reads, field_uses, reads_sections_dynamically, script_functions,
};
pub(crate) use api::{API, ApiFunction, ArgKind, DEFINED, Param, lookup, recording};
pub(crate) use case_view::{Definitions, case_sections, definitions_view};
pub(crate) use comparisons::{Comparison, Literal, Test, comparisons};
pub(crate) use direct_calls::{
    Site, direct_action_sites, indirect_actions, is_direct, refused_definition_values,
    repeatable_definitions,
};
pub(crate) use run::{RunFailure, RunFile};
pub(crate) use sandbox::{REFUSED_FUNCTIONS, RuleEngine};
pub(crate) use trace::{Action, ActionKind, FileTrace, Printed, Recorded};
pub(crate) use wording::{located, parse_error, script_error};

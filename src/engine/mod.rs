//! The engine: a generic, sandboxed Rhai engine that runs rule files on a case and
//! records what they ask for. It knows no clinical facts; whether an urgency or a
//! treatment id exists is checked against the rule set's data files by the layers
//! above.

mod api;
mod case_view;
mod direct_calls;
mod getters;
pub(crate) mod limits;
mod native;
mod reads;
mod rule_block;
mod run;
mod sandbox;
mod trace;
mod wording;

pub(crate) use api::{
    API, ApiFunction, ArgKind, DEFINED, Helper, Param, is_helper, lookup, recording,
};
pub(crate) use case_view::{CaseSection, Definitions, case_sections, definitions_view};
pub(crate) use direct_calls::{
    Site, direct_action_sites, indirect_actions, is_direct, literal_action_sites,
    refused_definition_values, repeatable_definitions,
};
pub(crate) use getters::definition_names;
pub(crate) use native::{
    Env as NativeEnv, File as NativeFile, Names, Program, compile as compile_native,
    run as run_native,
};
pub(crate) use reads::{Reads, reads};
pub(crate) use rule_block::KEYWORD as RULE_KEYWORD;
pub(crate) use run::{CaseRun, RunFailure, RunFile};
pub(crate) use sandbox::{REFUSED_FUNCTIONS, RuleEngine};
pub(crate) use trace::{Action, ActionKind, FileTrace, Printed, Recorded};
pub(crate) use wording::{located, parse_error, script_error};

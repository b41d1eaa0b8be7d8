//! physio-triage: explainable triage support for physiotherapists.
//!
//! The crate is a generic, sandboxed rule engine. All clinical knowledge lives in
//! the rules folder (Rhai scripts plus the vocabulary, treatment catalogue and
//! referral scale as TOML), so it can be edited without recompiling.
//!
//! The modules follow the flow, and each depends only on those before it:
//! `case` (read and validate) → `engine` (the sandbox and the rules API) →
//! `ruleset` (read, compile, fingerprint) → `analysis` (every check of the rules;
//! they load only without an error) → `evaluation` (run the rules on a case) →
//! `assessment` (the safety invariants) → `pipeline` (one case assessed: all of
//! the above, the what-if and the origin, in one place) → `report` (text and
//! JSON) → `handout` (the patient's) → `interview` (the questions one at a time),
//! with `authoring` (fixtures), `safety` (the safety case: declared properties
//! proved over generated cases, the hazard log, the report) and `cli` on top.
//! The base modules (`place`, `snippet`, `diagnostic`, `error`, `text`, `limits`,
//! `whole_file`) are used by all.

#![forbid(unsafe_code)]

mod analysis;
mod assessment;
mod authoring;
mod case;
pub mod cli;
mod diagnostic;
mod engine;
mod error;
mod evaluation;
mod handout;
mod interview;
mod limits;
mod pipeline;
mod place;
mod report;
mod ruleset;
mod safety;
mod snippet;
mod text;
mod whole_file;

pub use assessment::{Assessment, Change, FailedTrial, Range, WithheldReason};
pub use authoring::{Expectation, Fixture};
pub use case::{Case, Checklist, Field, InterviewOrder, Kind, Value, Vocabulary};
pub use cli::args::Cli;
pub use cli::exit::Exit;
pub use error::Error;
pub use evaluation::{Evaluation, Evaluator, Options, Stopped, evaluate};
pub use handout::{Handout, HandoutContext, HandoutFormat, WrittenHandout};
pub use interview::{PlainInterview, plain_interview};
pub use pipeline::{Assessed, Combination, Deciding, Direction, Memo, Pipeline};
pub use place::{Origin, RuleId};
pub use report::{
    Detail, Layout, cds_hooks_response, json as json_report, markdown as markdown_report,
    text as text_report,
};
pub use ruleset::{RuleFile, RuleSet, RuleSource};
pub use safety::{GUARANTEES, Guarantee};

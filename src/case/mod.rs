//! The first stage of the flow: a case as the clinician gave it, read (files,
//! standard input, JSON Lines), parsed as strict JSON and validated against the
//! vocabulary. Nothing here knows about rules.

mod applicability;
// `case::case` is named after its type, as every file here is.
#[allow(clippy::module_inception)]
mod case;
mod fhir;
mod input;
mod interview_order;
mod json;
mod stream;
mod suggest;
mod validate;
mod value;
mod vocabulary;
mod vocabulary_check;

pub(crate) use applicability::Condition;
pub(crate) use case::CASE_ID_KEY;
pub use case::Case;
pub(crate) use fhir::questionnaire;
pub(crate) use input::{CaseText, is_jsonl, not_utf8_place};
pub use interview_order::{Checklist, InterviewOrder};
pub(crate) use json::parse_object;
pub(crate) use stream::{open_cases, read_cases};
pub use value::Value;
pub(crate) use vocabulary::{DEFINED, EXPECT_KEY, MAX_TEXT_CHARS, locate_key, toml_error};
pub use vocabulary::{Field, Kind, Vocabulary};

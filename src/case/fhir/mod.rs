//! The vocabulary as FHIR R4: a `Questionnaire` for record systems to render
//! (`questionnaire.rs`, its conditional questions in `enable_when.rs`), and a
//! `QuestionnaireResponse` to it read back as a case (`response.rs`), through
//! the same validation as a JSON case. Everything is generated from the
//! vocabulary, so a field added to `vocabulary.toml` appears without recompiling.

mod enable_when;
mod names;
mod questionnaire;
mod response;
mod response_item;

pub(crate) use questionnaire::questionnaire;
pub(super) use response::{case_object, is_resource};

//! What the what-if found for one answer to an unanswered question: a change of
//! the assessment ([`Change`]), or a rule that failed on it ([`FailedTrial`]).
//! Both are part of the assessment, so every report shows them.

use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::place::{Origin, RuleId};

/// One answer to an unanswered question that would change the assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `section.field`.
    pub field: String,
    /// The answer tried, as it would be written in the case.
    pub answer: serde_json::Value,
    /// The urgency with this answer.
    pub urgency: String,
    /// The destination with this answer (`null` for none).
    pub destination: Option<String>,
    /// Treatments suggested now that this answer would put under avoid.
    pub withdraws: Vec<String>,
    /// The rule line of the referral (or avoid) that the answer would fire.
    pub rule: Option<Origin>,
    /// That referral's (or avoid's) rule block.
    pub rule_id: Option<RuleId>,
}

/// One answer the what-if tried on which a rule failed. What that answer would
/// mean is not known, so it is never left out as if it changed nothing: the
/// report says so loudly and the command exits with a rule error.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedTrial {
    /// `section.field`.
    pub field: String,
    /// The answer tried, as it would be written in the case.
    pub answer: serde_json::Value,
    /// The rule's error on that answer.
    pub error: Error,
}

impl FailedTrial {
    /// Where and why the rules failed: `rules/x.rhai:12: message` for a rule
    /// error, the error's own words otherwise.
    pub fn reason(&self) -> String {
        match &self.error {
            Error::Rule(diagnostic) => match &diagnostic.location {
                Some(location) => format!(
                    "{}: {}",
                    Origin::line(location.file.clone(), location.line),
                    diagnostic.message
                ),
                None => diagnostic.message.clone(),
            },
            other => other.to_string(),
        }
    }

    /// The line every report prints for it.
    pub fn line(&self) -> String {
        format!(
            "RULES FAILED when trying {} = {}: {}; the rules must be fixed before this answer can be assessed",
            self.field,
            self.answer,
            self.reason()
        )
    }
}

/// `{"field": ..., "answer": ..., "error": "rules/x.rhai:12: message"}`.
impl Serialize for FailedTrial {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("FailedTrial", 3)?;
        state.serialize_field("field", &self.field)?;
        state.serialize_field("answer", &self.answer)?;
        state.serialize_field("error", &self.reason())?;
        state.end()
    }
}

//! One patient's case, complete against the vocabulary. Built by validation
//! (see `validate.rs`); read by the engine through its section variables.

use indexmap::IndexMap;

use super::value::Value;
use crate::place::Origin;

/// One patient's case, complete against the vocabulary: every field present,
/// each a checked value or [`Value::Unknown`].
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's `id`, when given.
    pub id: Option<String>,
    /// Where the case came from (file path, `<stdin>`, `file.jsonl:3`), for messages.
    pub origin: Origin,
    /// Every section and field of the vocabulary, in vocabulary order.
    pub sections: IndexMap<String, IndexMap<String, Value>>,
    /// What the case was read with a caveat about (a QuestionnaireResponse still
    /// in progress, say): assessed, and said on stderr and in the report.
    pub warnings: Vec<String>,
}

impl Case {
    /// The value of `section.field` (Unknown if the vocabulary has no such field).
    pub fn value(&self, section: &str, field: &str) -> &Value {
        self.sections
            .get(section)
            .and_then(|fields| fields.get(field))
            .unwrap_or(&Value::Unknown)
    }

    /// This case with `field` (`section.field`) answered `answer`: a trial of
    /// the what-if. A field the vocabulary does not have changes nothing.
    pub(crate) fn answered(&self, field: &str, answer: &Value) -> Case {
        let mut trial = self.clone();
        if let Some((section, name)) = field.split_once('.')
            && let Some(value) = trial
                .sections
                .get_mut(section)
                .and_then(|fields| fields.get_mut(name))
        {
            *value = answer.clone();
        }
        trial
    }
}

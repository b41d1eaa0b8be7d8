//! One patient's case, complete against the vocabulary. Built by validation
//! (see `validate.rs`); read by the engine through its section variables.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use super::value::Value;
use crate::place::Origin;

/// The top-level key of a case that holds its id (not a section).
pub(crate) const CASE_ID_KEY: &str = "id";

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

    /// Every answer the case holds (known values only), as `(section, field,
    /// value)` in vocabulary order.
    pub(crate) fn known(&self) -> impl Iterator<Item = (&str, &str, &Value)> {
        self.sections.iter().flat_map(|(section, fields)| {
            fields
                .iter()
                .filter(|(_, value)| value.is_known())
                .map(move |(name, value)| (section.as_str(), name.as_str(), value))
        })
    }

    /// The case as a case file would write it: its id, then each section with
    /// its known answers, in vocabulary order (unknowns left out).
    pub(crate) fn to_json(&self) -> Json {
        let mut object = Map::new();
        if let Some(id) = &self.id {
            object.insert(CASE_ID_KEY.to_string(), Json::String(id.clone()));
        }
        for (section, name, value) in self.known() {
            let fields = object
                .entry(section.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(fields) = fields {
                fields.insert(name.to_string(), value.to_json());
            }
        }
        Json::Object(object)
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

//! The case as the interview builds it: the answers as they would be written in a
//! case file, validated after every answer by the same validation `assess` uses,
//! so the case the interview assesses and the case it saves are one and the same.

use serde_json::{Map, Value as Json};

use crate::case::{Case, Vocabulary, parse_object};
use crate::error::Error;
use crate::place::Origin;

/// The answers so far, as a case object.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    object: Map<String, Json>,
    origin: Origin,
    /// The vocabulary with no field required: a draft may lack age or region
    /// until they are asked (or for good, when the answers end early).
    lenient: Vocabulary,
}

impl Draft {
    /// An empty case; `origin` names it in messages.
    pub(crate) fn new(vocabulary: &Vocabulary, origin: Origin) -> Draft {
        let mut lenient = vocabulary.clone();
        for section in lenient.sections.values_mut() {
            for field in section.fields.values_mut() {
                field.required = false;
            }
        }
        Draft {
            object: Map::new(),
            origin,
            lenient,
        }
    }

    /// A partial case from its JSON text (`--from`), validated like any case
    /// except that required fields may be missing.
    pub(crate) fn from_text(
        vocabulary: &Vocabulary,
        text: &str,
        origin: Origin,
    ) -> Result<Draft, Error> {
        let mut draft = Draft::new(vocabulary, origin);
        draft.object = parse_object(text, &draft.origin)?;
        draft.case()?;
        Ok(draft)
    }

    /// The case so far, required fields allowed to be unknown.
    pub(crate) fn case(&self) -> Result<Case, Error> {
        Case::from_object(self.object.clone(), &self.origin, &self.lenient)
    }

    /// The complete case, as `assess` would read it: an error names a required
    /// field that is still unknown.
    pub(crate) fn finished(&self, vocabulary: &Vocabulary) -> Result<Case, Error> {
        Case::from_object(self.object.clone(), &self.origin, vocabulary)
    }

    /// The answer given to `section.field`, as it is written in the case.
    pub(crate) fn answer(&self, field: &str) -> Option<Json> {
        let (section, name) = field.split_once('.')?;
        self.object.get(section)?.get(name).cloned()
    }

    /// Whether the draft holds no answer at all (nor an id): nothing to save.
    pub(crate) fn is_empty(&self) -> bool {
        self.object.values().all(|value| match value {
            Json::Object(fields) => fields.values().all(Json::is_null),
            other => other.is_null(),
        })
    }

    /// Sets `section.field` to `value` (`None`: unknown), if the case then
    /// validates; otherwise leaves the draft as it was and returns the error.
    pub(crate) fn set(&mut self, field: &str, value: Option<Json>) -> Result<(), Error> {
        let before = self.object.clone();
        let Some((section, name)) = field.split_once('.') else {
            return Ok(());
        };
        let fields = self
            .object
            .entry(section.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        if !fields.is_object() {
            *fields = Json::Object(Map::new());
        }
        if let Json::Object(fields) = fields {
            match value {
                Some(value) => {
                    fields.insert(name.to_string(), value);
                }
                None => {
                    fields.remove(name);
                }
            }
        }
        match self.case() {
            Ok(_) => Ok(()),
            Err(error) => {
                self.object = before;
                Err(error)
            }
        }
    }

    /// The case as a file: its id, then each section and field in vocabulary
    /// order, unknowns left out, pretty-printed.
    pub(crate) fn saved(case: &Case) -> String {
        let text = serde_json::to_string_pretty(&case.to_json()).unwrap_or_default();
        format!("{text}\n")
    }
}

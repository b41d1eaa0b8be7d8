//! The treatment catalogue: every treatment a rule may suggest or advise against,
//! with the name and description a clinician sees. Loaded from `rules/treatments.toml`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::case::{locate_key, toml_error};
use crate::error::Error;

/// One treatment of the catalogue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Display name, e.g. "Hip thrust progression".
    pub name: String,
    /// What it is, in a sentence a clinician reads.
    pub description: String,
    /// Dosage or progression guidance, where it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dosage: Option<String>,
    /// Dosage for one presentation (by the name of a rule file's
    /// `// Presentation:` header line), shown with `--detail` after `dosage`
    /// when the treatment was suggested for that presentation, and only then:
    /// what differs between presentations belongs here, not in `dosage`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub dosage_for: IndexMap<String, String>,
    /// How to do it well, for the clinician and the handout (e.g. a hip thrust's set-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_cues: Option<String>,
    /// How to progress it: load, repetitions, sets, equipment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progression: Option<String>,
    /// Set, with the reason, for a treatment kept only so rules can advise against
    /// it (guidance does not recommend offering it). `check` then expects no rule
    /// to suggest it, instead of warning that none does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_suggested: Option<String>,
    /// Where the description and dosage come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// All treatments by id, in file order.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub treatments: IndexMap<String, Treatment>,
}

impl Catalogue {
    /// Parses `treatments.toml`; `file` is the path shown in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, Error> {
        let treatments: IndexMap<String, Treatment> =
            toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let problems = treatments
            .iter()
            .filter(|(id, t)| {
                id.trim().is_empty() || t.name.trim().is_empty() || t.description.trim().is_empty()
            })
            .map(|(id, _)| {
                Error::rule(
                    locate_key(file, text, id),
                    format!("treatment `{id}` needs an id, a `name` and a `description`"),
                )
            })
            .collect();
        Error::all(problems)?;
        Ok(Catalogue { treatments })
    }

    /// The treatment with this id.
    pub fn get(&self, id: &str) -> Option<&Treatment> {
        self.treatments.get(id)
    }
}

//! The patient handout's words: which treatments may appear on a home exercise
//! handout and how they are said to a patient, and the safety-net advice
//! (`rules/handout/handout.toml`). The handout as a whole is `handout.rs`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::case::{locate_key, toml_error};
use crate::error::Error;
use crate::ruleset::{Catalogue, SourceFile};
use crate::text::did_you_mean;

/// The folder of the handout's files inside a rule set.
pub(crate) const HANDOUT_FOLDER: &str = "handout/";
/// The handout's words, inside a rule set.
pub(crate) const HANDOUT_DATA_FILE: &str = "handout/handout.toml";

/// What kind of entry a treatment is on a handout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An exercise the patient does (with dosage, form cues, progression).
    Exercise,
    /// Home advice (pacing, positions, the surgical team's plan).
    Advice,
}

/// How one catalogue treatment is said to a patient.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatientWords {
    pub kind: Kind,
    /// Plain name ("Bridge and hip thrust").
    pub name: String,
    /// What it is for, in a sentence.
    pub purpose: String,
    /// How much and how often; the catalogue's `dosage` when left out.
    #[serde(default)]
    pub dosage: Option<String>,
    /// How to do it well; the catalogue's `form_cues` when left out.
    #[serde(default)]
    pub form_cues: Option<String>,
    /// How to make it harder; the catalogue's `progression` when left out.
    #[serde(default)]
    pub progression: Option<String>,
}

/// When to stop an exercise and when to seek help, worded for a patient.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyNet {
    /// When to stop an exercise.
    #[serde(default)]
    pub stop_exercise: Vec<String>,
    /// When to contact the physiotherapist or GP in the next days.
    #[serde(default)]
    pub contact_us: Vec<String>,
    /// When to seek emergency help now.
    #[serde(default)]
    pub emergency: Vec<String>,
}

/// `handout.toml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataFile {
    #[serde(default)]
    pub treatment: IndexMap<String, PatientWords>,
    #[serde(default)]
    pub safety_net: SafetyNet,
}

/// Parses `handout.toml` and checks its ids against the catalogue.
pub(crate) fn parse(
    file: &SourceFile,
    catalogue: Option<&Catalogue>,
) -> Result<DataFile, Vec<Error>> {
    let data: DataFile =
        toml::from_str(&file.text).map_err(|e| vec![toml_error(&file.path, &file.text, &e)])?;
    let mut problems = Vec::new();
    for (id, words) in &data.treatment {
        let at = || locate_key(&file.path, &file.text, &format!("treatment.{id}"));
        if let Some(catalogue) = catalogue
            && catalogue.get(id).is_none()
        {
            problems.push(Error::rule(
                at(),
                format!(
                    "`{id}` is not a treatment of the catalogue{}",
                    did_you_mean(id, catalogue.treatments.keys().map(String::as_str))
                ),
            ));
        }
        let texts = [
            Some(&words.name),
            Some(&words.purpose),
            words.dosage.as_ref(),
            words.form_cues.as_ref(),
            words.progression.as_ref(),
        ];
        if words.name.trim().is_empty() || words.purpose.trim().is_empty() {
            problems.push(Error::rule(
                at(),
                format!("treatment `{id}` needs a `name` and a `purpose` in the patient's words"),
            ));
        }
        if texts
            .iter()
            .flatten()
            .any(|t| crate::text::forging(t).is_some())
        {
            problems.push(Error::rule(
                at(),
                format!("treatment `{id}`: a text holds a control character or a bidirectional override, which could hide or forge a line"),
            ));
        }
    }
    Error::all(problems).map_err(|e| e.flatten().into_iter().cloned().collect::<Vec<_>>())?;
    Ok(data)
}

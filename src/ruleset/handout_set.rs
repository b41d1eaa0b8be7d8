//! The handout of a rule set: its words (`handout.toml`) and the templates that
//! lay it out (`handout.md.j2`, `handout.html.j2`), read from the rule set like
//! every other rule file so they count in its fingerprint and `check` validates them.
//!
//! The handout is optional in a rule set (an older git revision, a test's small
//! rule set have none): `assess --handout` then says so. When any of its files is
//! there, all of them are checked, and a broken one keeps the rules from loading,
//! like any other rule error (one verdict for `check` and `assess`).

use indexmap::IndexMap;

use super::catalogue::Catalogue;
use super::handout::{HANDOUT_DATA_FILE, HANDOUT_FOLDER, PatientWords, SafetyNet, parse};
use super::handout_template::{Format, Template, Templates, is_template};
use super::source::SourceFile;
use crate::error::Error;

/// The handout of a rule set: its words and its templates, checked.
#[derive(Debug, Clone)]
pub struct Handout {
    /// The treatments that may appear on a handout, by catalogue id, in file order.
    pub treatments: IndexMap<String, PatientWords>,
    pub safety_net: SafetyNet,
    pub(crate) templates: Templates,
}

impl Handout {
    /// Reads and checks the handout's files among `sources`, when there are any:
    /// `Ok(None)` when the rule set has no handout, every problem otherwise (a
    /// broken data file, an unknown treatment id, a template that does not compile
    /// or fails on the sample handouts).
    pub(crate) fn load(
        sources: &[SourceFile],
        shown: impl Fn(&str) -> String,
        catalogue: Option<&Catalogue>,
    ) -> Result<Option<Handout>, Vec<Error>> {
        if !sources
            .iter()
            .any(|s| s.relative.starts_with(HANDOUT_FOLDER) || is_template(&s.relative))
        {
            return Ok(None);
        }
        let mut problems = Vec::new();
        let data = if let Some(file) = sources.iter().find(|s| s.relative == HANDOUT_DATA_FILE) {
            parse(file, catalogue).map_err(|e| problems.extend(e)).ok()
        } else {
            problems.push(Error::RulesUnreadable {
                path: shown(HANDOUT_DATA_FILE),
                reason: "is missing: the handout templates need it (which treatments go on a handout, in the patient's words)".to_string(),
            });
            None
        };
        let templates = Templates::read(sources, &shown).map_err(|e| problems.extend(e));
        match (data, templates) {
            (Some(data), Ok(templates)) if problems.is_empty() => {
                let handout = Handout {
                    treatments: data.treatment,
                    safety_net: data.safety_net,
                    templates,
                };
                handout
                    .templates
                    .check(&handout.treatments, &handout.safety_net)?;
                Ok(Some(handout))
            }
            _ => Err(problems),
        }
    }

    /// The template of `format`, when the rule set has one.
    pub(crate) fn template(&self, format: Format) -> Option<&Template> {
        self.templates.get(format)
    }
}

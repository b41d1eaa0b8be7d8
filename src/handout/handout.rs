//! The handout of a rule set: its words (`handout.toml`) and the templates that
//! lay it out (`handout.md.j2`, `handout.html.j2`), read from the rule set like
//! every other rule file so they count in its fingerprint and `check` validates them.
//!
//! The handout is optional in a rule set (an older git revision, a test's small
//! rule set have none): `assess --handout` then says so. When any of its files is
//! there, all of them are checked, and a broken one keeps the rules from loading
//! for every command (`cli/output.rs` loads the rules and then the handout) and
//! fails `check`, like any other rule error: one verdict.

use indexmap::IndexMap;

use super::template::{Format, Template};
use super::templates::{Templates, is_template};
use super::words::{HANDOUT_DATA_FILE, HANDOUT_FOLDER, PatientWords, SafetyNet, parse};
use crate::error::Error;
use crate::ruleset::{Catalogue, Loaded, RuleSet, Scale, SourceFile};

/// The handout of a rule set: its words and its templates, checked.
#[derive(Debug, Clone)]
pub struct Handout {
    /// The treatments that may appear on a handout, by catalogue id, in file order.
    pub treatments: IndexMap<String, PatientWords>,
    pub safety_net: SafetyNet,
    pub(crate) templates: Templates,
}

impl Handout {
    /// The handout of a loaded rule set: `Ok(None)` when it has none.
    pub fn of(rules: &RuleSet) -> Result<Option<Handout>, Vec<Error>> {
        Handout::load(
            &rules.sources,
            |name| rules.shown(name),
            Some(&rules.catalogue),
            Some(&rules.scale),
        )
    }

    /// The handout of a rule set as read by `check`, whose data files may not
    /// have loaded (their problems are reported on their own).
    pub(crate) fn of_loaded(loaded: &Loaded) -> Result<Option<Handout>, Vec<Error>> {
        Handout::load(
            &loaded.sources,
            |name| loaded.shown(name),
            loaded.catalogue.as_ref(),
            loaded.scale.as_ref(),
        )
    }

    /// Reads and checks the handout's files among `sources`, when there are any:
    /// `Ok(None)` when the rule set has no handout, every problem otherwise (a
    /// broken data file, an unknown treatment id, a template that does not
    /// compile, fails on a sample handout or does not tell the patient where to go).
    fn load(
        sources: &[SourceFile],
        shown: impl Fn(&str) -> String,
        catalogue: Option<&Catalogue>,
        scale: Option<&Scale>,
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
                    .check(&handout.treatments, &handout.safety_net, scale)?;
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

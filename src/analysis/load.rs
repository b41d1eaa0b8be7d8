//! The one way to a usable rule set: read and compile it, analyse it, and load it
//! only when the analysis found no error. Warnings never stop it.

use std::path::Path;

use super::{diagnose, probes};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::ruleset::{Loaded, RuleSet, RuleSource};

impl RuleSet {
    /// Loads, compiles and analyses a rule set, reporting every error at once.
    pub fn load(source: &RuleSource) -> Result<RuleSet, Error> {
        RuleSet::load_with(source, |_| ()).map(|(rules, ())| rules)
    }

    /// Loads a rule set as [`RuleSet::load`] does, and meanwhile, on another
    /// core, runs `also` on its files as read (what a later layer checks of the
    /// same files: the handout), so that costs no time of its own.
    pub(crate) fn load_with<T: Send>(
        source: &RuleSource,
        also: impl FnOnce(&Loaded) -> T + Send,
    ) -> Result<(RuleSet, T), Error> {
        let loaded = Loaded::read(source)?;
        let (found, also) = rayon::join(|| diagnose(&loaded, None), || also(&loaded));
        let errors: Vec<Error> = found
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(Error::Rule)
            .collect();
        Error::all(errors)?;
        let probes = loaded
            .vocabulary
            .as_ref()
            .map(|vocabulary| probes::of(&loaded.rules, vocabulary))
            .unwrap_or_default();
        loaded.into_rule_set(probes).map(|rules| (rules, also))
    }

    /// Loads a rules folder.
    pub fn load_folder(dir: &Path) -> Result<RuleSet, Error> {
        RuleSet::load(&RuleSource::Folder(dir.to_path_buf()))
    }
}

//! A rule set as read and compiled, problems and all. The analysis
//! (`crate::analysis`) inspects this, so that one broken file does not hide the
//! problems of the others, and turns it into a [`RuleSet`] with
//! [`Loaded::into_rule_set`] only when it found no error.

use super::arguments::Known;
use super::catalogue::Catalogue;
use super::fingerprint::Fingerprint;
use super::probes::Probes;
use super::rule_file::{self, RuleFile};
use super::rule_set::RuleSet;
use super::scale::Scale;
use super::source::{
    REFERRALS_FILE, RuleSource, SourceFile, TREATMENTS_FILE, VOCABULARY_FILE, shown_path,
};
use crate::case::Vocabulary;
use crate::engine::RuleEngine;
use crate::error::Error;

/// A rule set as read and compiled, with every problem found on the way.
pub(crate) struct Loaded {
    /// How the rule set is named in messages (the path as typed, or `REV:rules`).
    pub shown_dir: String,
    /// Every `.rhai` and `.toml` file, in path order.
    pub sources: Vec<SourceFile>,
    pub fingerprint: Fingerprint,
    pub vocabulary: Option<Vocabulary>,
    pub catalogue: Option<Catalogue>,
    pub scale: Option<Scale>,
    /// The rule files that compiled.
    pub rules: Vec<RuleFile>,
    /// Rule files not compiled because the vocabulary (which names the sections) did not load.
    pub not_compiled: Vec<String>,
    /// Problems found while reading data files and compiling rule files.
    pub problems: Vec<Error>,
    pub(super) engine: RuleEngine,
}

impl Loaded {
    /// Reads every file of a rule set and compiles every rule file, collecting all
    /// problems. Fails only when the rule set itself cannot be read.
    pub(crate) fn read(source: &RuleSource) -> Result<Loaded, Error> {
        let read = source.read()?;
        let shown_dir = read.shown_dir;
        let sources = read.files;
        let mut problems = read.problems;
        let provenance = source.provenance();

        let mut data = |name: &str| {
            let found = sources.iter().find(|s| s.relative == name);
            if found.is_none() {
                problems.push(Error::RulesUnreadable {
                    path: shown_path(&shown_dir, name),
                    reason: "is missing: every rules folder needs it".to_string(),
                });
            }
            found
        };
        let vocabulary_file = data(VOCABULARY_FILE);
        let treatments_file = data(TREATMENTS_FILE);
        let referrals_file = data(REFERRALS_FILE);
        // What does not depend on the other runs at the same time, on every core:
        // the fingerprint, the engine, the data files.
        let ((fingerprint, mut engine), (vocabulary, (catalogue, scale))) = rayon::join(
            || rayon::join(|| Fingerprint::of(&sources, provenance), RuleEngine::new),
            || {
                rayon::join(
                    || vocabulary_file.map(|f| Vocabulary::from_toml(&f.path, &f.text)),
                    || {
                        rayon::join(
                            || treatments_file.map(|f| Catalogue::from_toml(&f.path, &f.text)),
                            || referrals_file.map(|f| Scale::from_toml(&f.path, &f.text)),
                        )
                    },
                )
            },
        );
        let vocabulary = kept(vocabulary, &mut problems);
        let catalogue = kept(catalogue, &mut problems);
        let scale = kept(scale, &mut problems);

        let rule_sources = sources.iter().filter(|s| s.is_rule());
        let (mut rules, not_compiled) = match &vocabulary {
            Some(vocabulary) => {
                let (rules, errors) = rule_file::compile_all(&engine, rule_sources, vocabulary);
                problems.extend(errors);
                (rules, Vec::new())
            }
            None => (Vec::new(), rule_sources.map(|s| s.path.clone()).collect()),
        };

        // Definitions first, in path order; then every other rule file, in path order.
        rules.sort_by_key(|rule| !rule.definitions);
        if let Some(vocabulary) = &vocabulary {
            rule_file::prepare_native(&mut engine, &mut rules, vocabulary);
        }
        Ok(Loaded {
            shown_dir,
            sources,
            fingerprint,
            vocabulary,
            catalogue,
            scale,
            rules,
            not_compiled,
            problems,
            engine,
        })
    }

    /// The path shown for `name` inside this rule set, e.g. `rules/treatments.toml`.
    pub(crate) fn shown(&self, name: &str) -> String {
        shown_path(&self.shown_dir, name)
    }

    /// What the argument checks compare a literal argument against.
    pub(crate) fn known<'a>(&'a self, catalogue_file: &'a str) -> Known<'a> {
        Known {
            scale: self.scale.as_ref(),
            catalogue: self.catalogue.as_ref(),
            catalogue_file,
        }
    }

    /// The rule set, for the analysis to call once it found no error: every data
    /// file is then there. `probes` is what the analysis found the rules look at.
    pub(crate) fn into_rule_set(self, probes: Probes) -> Result<RuleSet, Error> {
        match (self.vocabulary, self.catalogue, self.scale) {
            (Some(vocabulary), Some(catalogue), Some(scale)) => Ok(RuleSet {
                probes,
                shown_dir: self.shown_dir,
                vocabulary,
                catalogue,
                scale,
                sources: self.sources,
                rules: self.rules,
                fingerprint: self.fingerprint,
                engine: self.engine,
            }),
            _ => Err(Error::RulesInvalid(self.problems)),
        }
    }
}

/// A data file as parsed, if it was found: the data, or its error kept with the
/// rule set's problems.
fn kept<T>(parsed: Option<Result<T, Error>>, problems: &mut Vec<Error>) -> Option<T> {
    match parsed? {
        Ok(data) => Some(data),
        Err(error) => {
            problems.push(error);
            None
        }
    }
}

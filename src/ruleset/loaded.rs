//! A rule set as read and compiled, problems and all. `triage check` inspects this
//! directly, so that one broken file does not hide the problems of the others;
//! [`Loaded::into_rule_set`] turns it into a [`RuleSet`] only when nothing that
//! would change an outcome is wrong.

use super::catalogue::Catalogue;
use super::checks::{self, Known};
use super::fingerprint::Fingerprint;
use super::probes::Probes;
use super::rule_file::{DEFINITIONS_FOLDER, RuleFile};
use super::rule_set::RuleSet;
use super::scale::Scale;
use super::source::{
    REFERRALS_FILE, RuleSource, SourceFile, TREATMENTS_FILE, VOCABULARY_FILE, shown_path,
};
use crate::case::Vocabulary;
use crate::engine::DEFINED;
use crate::engine::RuleEngine;
use crate::error::Error;

/// The longest rule file accepted: Rhai counts lines in 16 bits, so a line past
/// this could not be named in a message or a rule reference.
const MAX_RULE_FILE_LINES: usize = 65_535;

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
        let fingerprint = Fingerprint::of(&sources, source.provenance());

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
        let vocabulary = vocabulary_file.and_then(|f| {
            Vocabulary::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });
        let catalogue = treatments_file.and_then(|f| {
            Catalogue::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });
        let scale = referrals_file.and_then(|f| {
            Scale::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });

        let mut engine = RuleEngine::new();
        if let Some(vocabulary) = &vocabulary {
            engine.register_case_fields(
                vocabulary
                    .sections
                    .values()
                    .flat_map(|section| section.fields.keys().map(String::as_str)),
            );
        }
        let mut rules = Vec::new();
        let mut not_compiled = Vec::new();
        let rule_sources = sources.iter().filter(|s| s.is_rule());
        match &vocabulary {
            Some(vocabulary) => {
                let mut section_names: Vec<String> = vocabulary.sections.keys().cloned().collect();
                section_names.push(DEFINED.to_string());
                for source in rule_sources {
                    let lines = source.text.lines().count();
                    if lines > MAX_RULE_FILE_LINES {
                        problems.push(Error::rule(
                            crate::place::Location::file_only(&source.path),
                            format!(
                                "this rule file has {lines} lines; a rule file may have at most {MAX_RULE_FILE_LINES}, past which lines cannot be reported correctly: split it"
                            ),
                        ));
                        continue;
                    }
                    let (ast, errors) =
                        checks::compile(&engine, &source.path, &source.text, &section_names);
                    problems.extend(errors);
                    // A file with unknown variables still gets its other checks; the
                    // errors above keep the rule set from loading.
                    if let Some(mut ast) = ast {
                        ast.set_source(source.path.as_str());
                        rules.push(RuleFile {
                            path: source.path.clone(),
                            source: source.text.clone(),
                            direct_actions: crate::engine::direct_action_sites(&ast),
                            ast,
                            definitions: source.relative.starts_with(DEFINITIONS_FOLDER),
                            presentation: super::header::Header::parse(&source.text)
                                .get("Presentation")
                                .map(|entry| entry.value.clone())
                                .filter(|name| !name.is_empty()),
                        });
                    }
                }
            }
            None => not_compiled = rule_sources.map(|s| s.path.clone()).collect(),
        }

        // Definitions first, in path order; then every other rule file, in path order.
        rules.sort_by_key(|rule| !rule.definitions);
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

    /// Every problem that keeps this rule set from loading: reading and compiling
    /// problems and the static errors of [`checks::outcome_errors`], sorted by
    /// file and line.
    pub(crate) fn blocking_problems(&self) -> Vec<Error> {
        let mut problems: Vec<Error> = self
            .problems
            .iter()
            .flat_map(Error::flatten)
            .cloned()
            .collect();
        let catalogue_file = self.shown(TREATMENTS_FILE);
        let known = Known {
            scale: self.scale.as_ref(),
            catalogue: self.catalogue.as_ref(),
            catalogue_file: &catalogue_file,
        };
        problems.extend(checks::outcome_errors(
            &self.rules,
            self.vocabulary.as_ref(),
            &known,
        ));
        for source in self.sources.iter().filter(|s| s.is_rule()) {
            problems.extend(checks::header_errors(source));
        }
        if let (Some(catalogue), Some(treatments)) = (
            &self.catalogue,
            self.sources.iter().find(|s| s.relative == TREATMENTS_FILE),
        ) {
            problems.extend(super::presentations::dosage_problems(
                catalogue,
                &self.sources,
                treatments,
            ));
        }
        problems.sort_by_cached_key(checks::sort_key);
        problems
    }

    /// A rule set, when nothing that would change an outcome is wrong.
    pub(crate) fn into_rule_set(self) -> Result<RuleSet, Error> {
        let problems = self.blocking_problems();
        match (self.vocabulary, self.catalogue, self.scale) {
            (Some(vocabulary), Some(catalogue), Some(scale)) if problems.is_empty() => {
                let probes = Probes::of(&self.rules, &vocabulary);
                Ok(RuleSet {
                    probes,
                    shown_dir: self.shown_dir,
                    vocabulary,
                    catalogue,
                    scale,
                    sources: self.sources,
                    rules: self.rules,
                    fingerprint: self.fingerprint,
                    engine: self.engine,
                })
            }
            _ => Error::all(problems).and(Err(Error::RulesInvalid(Vec::new()))),
        }
    }
}

impl RuleSet {
    /// Loads, checks and compiles a rule set, reporting every problem at once.
    pub fn load(source: &RuleSource) -> Result<RuleSet, Error> {
        Loaded::read(source)?.into_rule_set()
    }

    /// Loads a rules folder.
    pub fn load_folder(dir: &std::path::Path) -> Result<RuleSet, Error> {
        RuleSet::load(&RuleSource::Folder(dir.to_path_buf()))
    }
}

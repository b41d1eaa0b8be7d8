//! A loaded rule set: everything needed to assess cases, checked and compiled.

use super::arguments::Known;
use super::catalogue::Catalogue;
use super::fingerprint::Fingerprint;
use super::probes::Probes;
use super::rule_file::RuleFile;
use super::scale::Scale;
use super::source::shown_path;
use crate::case::Vocabulary;
use crate::engine::RuleEngine;

/// Everything needed to assess cases, loaded from one rule set.
pub struct RuleSet {
    /// How the rule set is named in messages (the path as typed, or `REV:rules`).
    pub shown_dir: String,
    pub vocabulary: Vocabulary,
    pub catalogue: Catalogue,
    pub scale: Scale,
    /// Every rule and data file as read, in path order: the handout's among
    /// them (`handout::Handout::of` reads and checks those).
    pub(crate) sources: Vec<super::source::SourceFile>,
    /// The rule files, in the order they run.
    pub rules: Vec<RuleFile>,
    pub fingerprint: Fingerprint,
    /// What the rules read and compare, for the what-if.
    pub(crate) probes: Probes,
    pub(super) engine: RuleEngine,
}

impl RuleSet {
    /// The engine the rules were compiled with.
    pub fn engine(&self) -> &RuleEngine {
        &self.engine
    }

    /// What the argument checks compare a recorded action against.
    pub fn known<'a>(&'a self, catalogue_file: &'a str) -> Known<'a> {
        Known {
            scale: Some(&self.scale),
            catalogue: Some(&self.catalogue),
            catalogue_file,
        }
    }

    /// The path shown for `name` inside this rule set.
    pub fn shown(&self, name: &str) -> String {
        shown_path(&self.shown_dir, name)
    }
}

//! A rule set: the rule files and data files of one folder (or git revision),
//! read, checked and compiled once, fingerprinted so every assessment names the
//! exact rules used. A rule set with any error does not load.

mod catalogue;
mod checks;
mod comparisons;
mod definitions;
mod discovery;
mod fingerprint;
mod header;
mod indirect;
mod loaded;
mod presentations;
mod probes;
mod reach;
mod rule_file;
mod rule_set;
mod scale;
mod source;

pub(crate) use catalogue::{Catalogue, Treatment};
pub(crate) use checks::Known;
pub(crate) use comparisons::unguarded_not_equal;
pub(crate) use definitions::definition_sites;
pub(crate) use discovery::{candidates, discover};
pub(crate) use fingerprint::Fingerprint;
pub(crate) use header::{Date, Header, KEYS};
pub(crate) use loaded::Loaded;
pub(crate) use probes::Probes;
pub use rule_file::RuleFile;
pub use rule_set::RuleSet;
pub(crate) use scale::Scale;
pub use source::RuleSource;
pub(crate) use source::{
    REFERRALS_FILE, SourceFile, TREATMENTS_FILE, VOCABULARY_FILE, display_path,
};

//! A rule set: the rule files and data files of one folder (or git revision),
//! read and compiled once, fingerprinted so every assessment names the exact rules
//! used. Whether it may be used is the analysis's verdict (`crate::analysis`): a
//! rule set with any error does not load.

mod arguments;
mod catalogue;
mod discovery;
mod fingerprint;
mod loaded;
mod probes;
mod reach;
mod rule_file;
mod rule_set;
mod scale;
mod source;

pub(crate) use arguments::{Known, forging_problem};
pub(crate) use catalogue::{Catalogue, Treatment};
pub(crate) use discovery::{candidates, discover};
pub(crate) use fingerprint::Fingerprint;
pub(crate) use loaded::Loaded;
pub(crate) use probes::Probes;
pub(crate) use reach::Reach;
pub use rule_file::RuleFile;
pub use rule_set::RuleSet;
pub(crate) use scale::Scale;
pub use source::RuleSource;
pub(crate) use source::{
    REFERRALS_FILE, SAFETY_FOLDER, SourceFile, TREATMENTS_FILE, VOCABULARY_FILE, display_path,
};

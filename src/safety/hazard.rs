//! A hazard of the clinical risk management file (DCB0129): what could go wrong,
//! why, what it would do to a patient, how likely and how severe before and after
//! its controls, and the controls themselves, each naming something the tool can
//! show evidence for: a safety property, an engine guarantee or a rule file.

use super::risk::Risk;
use crate::place::Location;

/// One control of a hazard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Control {
    /// A safety property of `properties.toml`, by id: proved by the deep check.
    Property(String),
    /// An engine guarantee (`guarantees.rs`), by id: proved by its tests.
    Guarantee(String),
    /// A rule file, by its path inside the rule set: reviewed against its sources.
    RuleFile(String),
}

impl Control {
    /// `property`, `guarantee` or `rule_file`, as written in the file.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Control::Property(_) => "property",
            Control::Guarantee(_) => "guarantee",
            Control::RuleFile(_) => "rule_file",
        }
    }

    /// The id or path it names.
    pub(crate) fn name(&self) -> &str {
        match self {
            Control::Property(name) | Control::Guarantee(name) | Control::RuleFile(name) => name,
        }
    }
}

/// One hazard of the log.
#[derive(Debug, Clone)]
pub(crate) struct Hazard {
    pub id: String,
    pub title: String,
    pub causes: Vec<String>,
    pub effect: String,
    pub harm: String,
    /// Before the controls.
    pub initial: Risk,
    /// With the controls in place.
    pub residual: Risk,
    pub controls: Vec<Control>,
    /// Where the hazard's id is, for findings.
    pub place: Location,
}

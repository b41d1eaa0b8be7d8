//! Assessing one generated case, without the what-if (the deep check asks what
//! the tool says, not what would change it). The one place this module runs the
//! engine: when the pipeline module owns "assess one case", this calls it.

use crate::assessment::Assessment;
use crate::case::Case;
use crate::error::Error;
use crate::ruleset::RuleSet;

/// The assessment of `case`, or the error the rules stopped on.
pub(crate) fn assess(rules: &RuleSet, case: &Case) -> Result<Assessment, Error> {
    Assessment::of(rules, case)
}

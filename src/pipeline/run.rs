//! The two stages every assessment goes through, the case's own and each of the
//! what-if's trials alike: every rule file run on the case (the evaluation), then
//! the assessment built from what the rules did, with the safety invariants. A
//! trial is evaluated from the case's own evaluation ([`reevaluated`]).

use crate::assessment::Assessment;
use crate::case::Case;
use crate::evaluation::{Evaluation, Options, Stopped, evaluate, reevaluate};
use crate::ruleset::RuleSet;

/// `case` evaluated and assessed, with the trace of what each rule file did (and,
/// with `options.trace_reads`, read); or the error that stopped it, with the
/// trace so far.
pub(super) fn evaluated(
    rules: &RuleSet,
    case: &Case,
    options: Options,
) -> Result<(Assessment, Evaluation), Box<Stopped>> {
    let evaluation = evaluate(rules, case, options)?;
    Ok((Assessment::build(rules, case, &evaluation), evaluation))
}

/// `case`, which differs from the case `previous` evaluated only in the fields
/// `changed` (a trial of the what-if), evaluated and assessed: only the rule
/// files that can depend on what changed run again (`evaluation::reevaluate`),
/// so the answer is the one [`evaluated`] gives.
pub(super) fn reevaluated(
    rules: &RuleSet,
    previous: &Evaluation,
    case: &Case,
    changed: &[&str],
    options: Options,
) -> Result<(Assessment, Evaluation), Box<Stopped>> {
    let evaluation = reevaluate(rules, previous, case, changed, options)?;
    Ok((Assessment::build(rules, case, &evaluation), evaluation))
}

/// `case`, which differs from the case `base` was made for only in the answers
/// to `changed`, assessed: [`reevaluated`] without its trace, for the
/// interview's search for answers that matter together.
pub(super) fn evaluated_again(
    rules: &RuleSet,
    case: &Case,
    base: &Evaluation,
    changed: &[&str],
) -> Result<Assessment, Box<Stopped>> {
    reevaluated(rules, base, case, changed, Options::default()).map(|(assessment, _)| assessment)
}

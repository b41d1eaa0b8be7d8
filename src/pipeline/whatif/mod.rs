//! What if? For the case as given, try each unanswered question that applies,
//! one at a time, with each answer it can take, and keep the answers that would
//! raise the urgency, send the patient elsewhere at the same urgency, or put a
//! currently suggested treatment under avoid. The same pipeline assesses every
//! trial (`pipeline/run.rs`), so every invariant holds for it too.
//!
//! Which answers are tried (`answers.rs`): true and false; each allowed value;
//! each allowed item as a list; for numbers, one value from each stretch between
//! the thresholds the rules compare the field with, and each threshold itself.
//! What a number's trial finds holds for its whole stretch, so neighbouring
//! stretches with the same outcome are said as one range ("38.0 or more"). A
//! field no rule reads cannot change anything and is not tried.
//!
//! Besides `could_change`, the trials tell the interview which questions could
//! change the decision ([`Deciding`]): the urgency up or down, the destination,
//! or a suggested treatment put under avoid.
//!
//! A trial on which a rule fails is never dropped: what that answer would mean is
//! not known, so it is kept as a [`FailedTrial`] and every report says so.

mod answers;
mod joint;
mod memo;
mod open;
mod threshold_cases;

use std::collections::HashSet;

use rayon::prelude::*;

use super::run::reevaluated;
use crate::assessment::{Assessment, Change, FailedTrial};
use crate::case::{Case, Value};
use crate::evaluation::{Evaluation, Options};
use crate::place::{Origin, RuleId};
use crate::ruleset::RuleSet;

pub(crate) use answers::either_side as threshold_answers;
use answers::{Stretch, candidates};
pub use joint::{Combination, Direction};
pub(super) use joint::{combination, red_flags_yes};
pub use memo::Memo;
pub(crate) use open::matters;
use open::{open_fields, vocabulary_field};
pub(crate) use threshold_cases::threshold_cases;

/// An unanswered question whose answer could change the decision: the urgency
/// (up or down), the destination, or a suggested treatment put under avoid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deciding {
    /// `section.field`.
    pub field: String,
    /// The highest urgency rank an answer to it would give.
    pub rank: usize,
    /// Whether some answer changes the urgency (up or down), not only the
    /// destination or the treatments.
    pub changes_urgency: bool,
    /// Whether some answer lowers the urgency (an explicit answer: unknown
    /// never lowers it). The interview asks these before it offers to stop.
    pub lowers: bool,
    /// The rule line the most serious answer would fire (`file:line`): two
    /// questions with the same one change the assessment the same way.
    pub because: Option<String>,
}

/// What the what-if found: the answers that would change the assessment,
/// highest urgency first, then in vocabulary order; the answers on which a rule
/// failed, in vocabulary order; and every question that could change the
/// decision, in vocabulary order.
pub(super) struct Found {
    pub(super) changes: Vec<Change>,
    pub(super) failed: Vec<FailedTrial>,
    pub(super) deciding: Vec<Deciding>,
}

/// What one trial gave, against the current assessment.
enum Trial {
    /// The assessment with this answer; `change` when a report shows it.
    Assessed {
        rank: usize,
        deciding: bool,
        change: Option<Change>,
    },
    Failed(FailedTrial),
}

/// One trial to run: the field, the answer, and for a number its stretch.
struct Planned {
    field: String,
    answer: Value,
    stretch: Option<Stretch>,
}

/// Every answer that would change `current`, the assessment of `case`, every
/// answer on which a rule failed, and every question that could change the
/// decision; the questions in `skip` are not tried (the interview's, asked
/// already). The trials are independent, so they run on every core; the order
/// of the result does not depend on which finishes first.
pub(super) fn what_if(
    rules: &RuleSet,
    case: &Case,
    (current, base): (&Assessment, &Evaluation),
    options: Options,
    skip: &HashSet<String>,
) -> Found {
    let planned = open_fields(rules, case)
        .filter(|(qualified, _)| !skip.contains(qualified))
        .flat_map(|(qualified, field)| {
            candidates(field, &qualified, &rules.probes)
                .into_iter()
                .map(move |candidate| Planned {
                    field: qualified.clone(),
                    answer: candidate.value,
                    stretch: candidate.stretch,
                })
        })
        .collect::<Vec<_>>();
    let outcomes: Vec<Trial> = planned
        .par_iter()
        .map(|p| trial(rules, case, (current, base), options, &p.field, &p.answer))
        .collect();

    let mut changes: Vec<(usize, usize, Change)> = Vec::new();
    let mut failed = Vec::new();
    let mut deciding: Vec<Deciding> = Vec::new();
    // A number's neighbouring stretches with the same change, joined: the last
    // change kept and its stretch, while the next stretch may extend it.
    let mut open_range: Option<(usize, Stretch)> = None;
    for (order, (plan, outcome)) in planned.iter().zip(outcomes).enumerate() {
        let same_field_as_open = open_range
            .as_ref()
            .is_some_and(|(index, _)| changes[*index].2.field == plan.field);
        if !same_field_as_open {
            open_range = None;
        }
        match outcome {
            Trial::Failed(failure) => {
                failed.push(failure);
                open_range = None;
            }
            Trial::Assessed {
                rank,
                deciding: decides,
                change,
            } => {
                if decides {
                    let changes_urgency = rank != current.referral.rank;
                    let lowers = rank < current.referral.rank;
                    let because = change
                        .as_ref()
                        .and_then(|c| c.rule.as_ref())
                        .map(ToString::to_string);
                    match deciding.iter_mut().find(|d| d.field == plan.field) {
                        Some(d) => {
                            if rank > d.rank {
                                d.because = because;
                            }
                            d.rank = d.rank.max(rank);
                            d.changes_urgency |= changes_urgency;
                            d.lowers |= lowers;
                        }
                        None => deciding.push(Deciding {
                            field: plan.field.clone(),
                            rank,
                            changes_urgency,
                            lowers,
                            because,
                        }),
                    }
                }
                let Some(mut change) = change else {
                    open_range = None;
                    continue;
                };
                let field = vocabulary_field(rules, &plan.field);
                if let (Some(stretch), Some(field)) = (plan.stretch, field) {
                    if let Some((index, joined)) = &mut open_range
                        && same_outcome(&changes[*index].2, &change)
                    {
                        *joined = joined.joined(stretch);
                        changes[*index].2.range = Some(joined.range(field));
                        continue;
                    }
                    change.range = Some(stretch.range(field));
                    open_range = Some((changes.len(), stretch));
                } else {
                    open_range = None;
                }
                changes.push((rank, order, change));
            }
        }
    }
    changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Found {
        changes: changes.into_iter().map(|(_, _, change)| change).collect(),
        failed,
        deciding,
    }
}

/// Whether two changes say the same: the same urgency, destination and
/// treatments withdrawn.
fn same_outcome(a: &Change, b: &Change) -> bool {
    a.urgency == b.urgency && a.destination == b.destination && a.withdraws == b.withdraws
}

/// `case` with `field` answered `answer`, assessed and compared with `current`.
fn trial(
    rules: &RuleSet,
    case: &Case,
    (current, base): (&Assessment, &Evaluation),
    options: Options,
    field: &str,
    answer: &Value,
) -> Trial {
    let trial = case.answered(field, answer);
    let outcome = match reevaluated(rules, base, &trial, &[field], options) {
        Ok((outcome, _)) => outcome,
        Err(stopped) => {
            return Trial::Failed(FailedTrial {
                field: field.to_string(),
                answer: answer.to_json(),
                error: stopped.error,
            });
        }
    };
    let rank = outcome.referral.rank;
    let suggested: Vec<&str> = current.treatments.iter().map(|t| t.id.as_str()).collect();
    let withdraws: Vec<String> = outcome
        .avoid
        .iter()
        .filter(|a| suggested.contains(&a.id.as_str()))
        .map(|a| a.id.clone())
        .collect();
    let deciding = decides(current, &outcome, &withdraws);
    let raises = rank > current.referral.rank;
    let elsewhere = rank == current.referral.rank
        && outcome.referral.destination != current.referral.destination;
    if !raises && !elsewhere && withdraws.is_empty() {
        return Trial::Assessed {
            rank,
            deciding,
            change: None,
        };
    }
    let (rule, rule_id) = if raises || elsewhere {
        top_referral_rule(&outcome)
    } else {
        outcome
            .avoid
            .iter()
            .find(|a| withdraws.contains(&a.id))
            .map(|a| (Some(a.rule.clone()), a.rule_id.clone()))
            .unwrap_or_default()
    };
    Trial::Assessed {
        rank,
        deciding,
        change: Some(Change {
            field: field.to_string(),
            answer: answer.to_json(),
            urgency: outcome.referral.urgency.clone(),
            destination: outcome.referral.destination.clone(),
            withdraws,
            rule,
            range: None,
            rule_id,
        }),
    }
}

/// Whether `outcome` decides differently from `current` in what the what-if
/// reports: another urgency (up or down) or destination, or a treatment
/// suggested now put under avoid (`withdraws`). Treatments added to a plan are
/// not a change of the decision: the plan is the clinician's to shape.
fn decides(current: &Assessment, outcome: &Assessment, withdraws: &[String]) -> bool {
    outcome.referral.rank != current.referral.rank
        || outcome.referral.destination != current.referral.destination
        || !withdraws.is_empty()
}

/// The rule line and rule of the most urgent referral (the one that decides it).
fn top_referral_rule(assessment: &Assessment) -> (Option<Origin>, Option<RuleId>) {
    assessment
        .referrals
        .iter()
        .find(|r| {
            r.urgency == assessment.referral.urgency
                && Some(&r.destination) == assessment.referral.destination.as_ref()
        })
        .map(|r| (Some(r.rule.clone()), r.rule_id.clone()))
        .unwrap_or_default()
}

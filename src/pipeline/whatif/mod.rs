//! What if? For the case as given, try each unanswered question that applies,
//! one at a time, with each answer it can take, and keep the answers that would
//! raise the urgency or put a currently suggested treatment under avoid. The same
//! pipeline assesses every trial (`pipeline/run.rs`), so every invariant holds
//! for it too.
//!
//! Which answers are tried: true and false; each allowed value; each allowed item
//! as a list; for numbers, the values just either side of every threshold the
//! rules compare the field with, and the ends of its range. A field no rule reads
//! cannot change anything and is not tried.
//!
//! A trial on which a rule fails is never dropped: what that answer would mean is
//! not known, so it is kept as a [`FailedTrial`] and every report says so.

mod answers;
mod threshold_cases;

use rayon::prelude::*;

use super::run::reevaluated;
use crate::assessment::{Assessment, Change, FailedTrial};
use crate::case::{Case, Value};
use crate::evaluation::{Evaluation, Options};
use crate::place::{Origin, RuleId};
use crate::ruleset::RuleSet;

use answers::candidates;
pub(crate) use answers::numbers as threshold_answers;
pub(crate) use threshold_cases::threshold_cases;

/// What the what-if found: the answers that would change the assessment,
/// highest urgency first, then in vocabulary order; and the answers on which a
/// rule failed, in vocabulary order.
pub(super) struct Found {
    pub(super) changes: Vec<Change>,
    pub(super) failed: Vec<FailedTrial>,
}

/// What one trial gave.
enum Trial {
    Nothing,
    Changed(usize, Change),
    Failed(FailedTrial),
}

/// Every answer that would change `current`, the assessment of `case`, and every
/// answer on which a rule failed. The trials are independent, so they run on
/// every core; the order of the result does not depend on which finishes first.
pub(super) fn what_if(
    rules: &RuleSet,
    case: &Case,
    (current, evaluation): (&Assessment, &Evaluation),
    options: Options,
) -> Found {
    let mut trials: Vec<(String, Value)> = Vec::new();
    for (section_name, section) in &rules.vocabulary.sections {
        for (name, field) in &section.fields {
            let qualified = format!("{section_name}.{name}");
            if case.value(section_name, name).is_known()
                || !rules.probes.read.contains(&qualified)
                || !rules.vocabulary.applies(section_name, name, case)
            {
                continue;
            }
            for answer in candidates(field, &qualified, &rules.probes) {
                trials.push((qualified.clone(), answer));
            }
        }
    }
    let current_rank = current.referral.rank;
    let suggested: Vec<&str> = current.treatments.iter().map(|t| t.id.as_str()).collect();
    let outcomes: Vec<(usize, Trial)> = trials
        .par_iter()
        .enumerate()
        .map(|(order, (field, answer))| {
            let trial = case.answered(field, answer);
            let outcome = match reevaluated(rules, evaluation, &trial, &[field], options) {
                Ok((outcome, _)) => outcome,
                Err(stopped) => {
                    return (
                        order,
                        Trial::Failed(FailedTrial {
                            field: field.clone(),
                            answer: answer.to_json(),
                            error: stopped.error,
                        }),
                    );
                }
            };
            let new_rank = outcome.referral.rank;
            let withdraws: Vec<String> = outcome
                .avoid
                .iter()
                .filter(|a| suggested.contains(&a.id.as_str()))
                .map(|a| a.id.clone())
                .collect();
            let raises = new_rank > current_rank;
            if !raises && withdraws.is_empty() {
                return (order, Trial::Nothing);
            }
            let (rule, rule_id) = if raises {
                top_referral_rule(&outcome)
            } else {
                outcome
                    .avoid
                    .iter()
                    .find(|a| withdraws.contains(&a.id))
                    .map(|a| (Some(a.rule.clone()), a.rule_id.clone()))
                    .unwrap_or_default()
            };
            let change = Change {
                field: field.clone(),
                answer: answer.to_json(),
                urgency: outcome.referral.urgency.clone(),
                destination: outcome.referral.destination.clone(),
                withdraws,
                rule,
                rule_id,
            };
            (order, Trial::Changed(new_rank, change))
        })
        .collect();
    let mut changes: Vec<(usize, usize, Change)> = Vec::new();
    let mut failed = Vec::new();
    for (order, trial) in outcomes {
        match trial {
            Trial::Nothing => {}
            Trial::Changed(rank, change) => changes.push((rank, order, change)),
            Trial::Failed(failure) => failed.push(failure),
        }
    }
    changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Found {
        changes: changes.into_iter().map(|(_, _, change)| change).collect(),
        failed,
    }
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

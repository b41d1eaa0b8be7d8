//! What if? For the case as given, try each unanswered question that applies,
//! one at a time, with each answer it can take, and keep the answers that would
//! raise the urgency or put a currently suggested treatment under avoid. The same
//! engine and rules assess every trial, so every invariant holds for it too.
//!
//! Which answers are tried: true and false; each allowed value; each allowed item
//! as a list; for numbers, the values just either side of every threshold the
//! rules compare the field with, and the ends of its range. A field no rule reads
//! cannot change anything and is not tried.

mod answers;

use rayon::prelude::*;

use crate::assessment::{Assessment, Change};
use crate::case::{Case, Value};
use crate::evaluation::{Options, evaluate};
use crate::ruleset::RuleSet;

use answers::candidates;
pub(crate) use answers::numbers as threshold_answers;

/// Every answer that would change the assessment, highest urgency first, then in
/// vocabulary order. The trials are independent, so they run on every core; the
/// order of the result does not depend on which finishes first.
pub fn could_change(rules: &RuleSet, case: &Case, current: &Assessment) -> Vec<Change> {
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
    let rank = |urgency: &str| rules.scale.rank(urgency).unwrap_or(0);
    let current_rank = rank(&current.referral.urgency);
    let suggested: Vec<&str> = current.treatments.iter().map(|t| t.id.as_str()).collect();
    let mut changes: Vec<(usize, usize, Change)> = trials
        .par_iter()
        .enumerate()
        .filter_map(|(order, (field, answer))| {
            let trial = answered(case, field, answer);
            // A trial the rules fail on says nothing about this case; the case
            // itself was assessed without error.
            let evaluation = evaluate(rules, &trial, Options::default()).ok()?;
            let outcome = Assessment::build(rules, &trial, &evaluation);
            let new_rank = rank(&outcome.referral.urgency);
            let withdraws: Vec<String> = outcome
                .avoid
                .iter()
                .filter(|a| suggested.contains(&a.id.as_str()))
                .map(|a| a.id.clone())
                .collect();
            let raises = new_rank > current_rank;
            if !raises && withdraws.is_empty() {
                return None;
            }
            let rule = if raises {
                top_referral_rule(&outcome)
            } else {
                outcome
                    .avoid
                    .iter()
                    .find(|a| withdraws.contains(&a.id))
                    .map(|a| a.rule.clone())
            };
            Some((
                new_rank,
                order,
                Change {
                    field: field.clone(),
                    answer: answer.to_json(),
                    urgency: outcome.referral.urgency.clone(),
                    destination: outcome.referral.destination.clone(),
                    withdraws,
                    rule,
                },
            ))
        })
        .collect();
    changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    changes.into_iter().map(|(_, _, change)| change).collect()
}

/// The rule line of the most urgent referral (the one that decides it).
fn top_referral_rule(assessment: &Assessment) -> Option<crate::place::Origin> {
    assessment
        .referrals
        .iter()
        .find(|r| {
            r.urgency == assessment.referral.urgency
                && Some(&r.destination) == assessment.referral.destination.as_ref()
        })
        .map(|r| r.rule.clone())
}

/// `case` with `field` (`section.field`) answered `answer`.
pub fn answered(case: &Case, field: &str, answer: &Value) -> Case {
    let mut trial = case.clone();
    if let Some((section, name)) = field.split_once('.')
        && let Some(value) = trial
            .sections
            .get_mut(section)
            .and_then(|fields| fields.get_mut(name))
    {
        *value = answer.clone();
    }
    trial
}

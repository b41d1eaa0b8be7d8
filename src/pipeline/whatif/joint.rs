//! What the one-at-a-time what-if cannot see: answers that change the urgency
//! only together. A rule may need two cues at once (two supporting bone-stress
//! cues, weeks of physiotherapy and "not improving"); tried one at a time, each
//! cue alone changes nothing, and an interview that asked only what the
//! one-at-a-time what-if names would stop before the combination.
//!
//! So, before anyone says that nothing unasked could change the urgency, one
//! trial answers every open question at once in the direction that can raise it
//! (`escalating`), twice: with every number at the top of its range and at the
//! bottom. If neither raises the urgency, no combination of yes/no answers, list
//! items and numbers at either end can (for rules that read answers as the guide
//! asks, where a yes never lowers the urgency; `tests/suite/monotonicity.rs`
//! checks that for the shipped rules). If one does, its answers are pared down
//! one at a time to a smallest set that still raises it, which names the
//! questions to ask.
//!
//! Not covered: choice answers (left unknown here: the interview asks the choices
//! that decide which rules apply first, as context), numbers inside their range
//! in combination, and combinations that change only the destination or the
//! treatments.

use std::collections::HashSet;

use rayon::prelude::*;

use super::answers::candidates;
use super::open::open_fields;
use crate::assessment::FailedTrial;
use crate::case::{Case, Kind, Value};
use crate::error::Error;
use crate::pipeline::run::evaluated;
use crate::ruleset::RuleSet;

/// Answers that raise the urgency only together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combination {
    /// The questions, in vocabulary order: each is needed (without it the
    /// others do not raise the urgency as far).
    pub fields: Vec<String>,
    /// The urgency rank they raise it to.
    pub rank: usize,
}

/// A smallest set of the open questions of `case` (leaving out `asked`) whose
/// answers together would raise its urgency above `rank`, or `None` when no
/// escalating answers can. `Err`: a rule failed on the answers tried.
pub(crate) fn combination(
    rules: &RuleSet,
    case: &Case,
    rank: usize,
    asked: &HashSet<String>,
) -> Result<Option<Combination>, Error> {
    let mut best: Option<(usize, Vec<(String, Value)>)> = None;
    for high in [true, false] {
        let answers = escalating(rules, case, asked, high);
        if answers.is_empty() {
            continue;
        }
        let reached = rank_with(rules, case, &answers)?;
        if reached > rank && best.as_ref().is_none_or(|(r, _)| reached > *r) {
            best = Some((reached, answers));
        }
    }
    let Some((target, answers)) = best else {
        return Ok(None);
    };
    // Those without which the urgency falls are needed; found together.
    let needed: Vec<bool> = (0..answers.len())
        .into_par_iter()
        .map(|leave_out| {
            let mut fewer = answers.clone();
            fewer.remove(leave_out);
            rank_with(rules, case, &fewer).map(|r| r < target)
        })
        .collect::<Result<_, _>>()?;
    // The others are taken away one at a time while the urgency holds.
    let mut kept: Vec<((String, Value), bool)> = answers.into_iter().zip(needed).collect();
    let mut at = 0;
    while at < kept.len() {
        if kept[at].1 {
            at += 1;
            continue;
        }
        let fewer: Vec<(String, Value)> = kept
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, (answer, _))| answer.clone())
            .collect();
        if rank_with(rules, case, &fewer)? >= target {
            kept.remove(at);
        } else {
            at += 1;
        }
    }
    let answers: Vec<(String, Value)> = kept.into_iter().map(|(answer, _)| answer).collect();
    Ok(Some(Combination {
        fields: answers.into_iter().map(|(field, _)| field).collect(),
        rank: target,
    }))
}

/// The urgency of `case` with every question of `not_screened` (its unanswered
/// red-flag questions) answered yes at once (or in the direction that can raise
/// it, for a question that is not yes/no); `None` when there are none. A rule
/// failing on those answers is a failed trial, said as loudly as any other.
pub(crate) fn red_flags_yes(
    rules: &RuleSet,
    case: &Case,
    not_screened: &[String],
) -> Result<Option<String>, Box<FailedTrial>> {
    if not_screened.is_empty() {
        return Ok(None);
    }
    let answers: Vec<(String, Value)> = escalating(rules, case, &HashSet::new(), true)
        .into_iter()
        .filter(|(field, _)| not_screened.contains(field))
        .collect();
    let mut trial = case.clone();
    for (field, value) in &answers {
        trial = trial.answered(field, value);
    }
    match evaluated(rules, &trial, false) {
        Ok((assessment, _)) => Ok(Some(assessment.referral.urgency)),
        Err(stopped) => Err(Box::new(FailedTrial {
            field: not_screened.join(", "),
            answer: serde_json::Value::Bool(true),
            error: stopped.error,
        })),
    }
}

/// The urgency rank of `case` with `answers` given.
fn rank_with(rules: &RuleSet, case: &Case, answers: &[(String, Value)]) -> Result<usize, Error> {
    let mut trial = case.clone();
    for (field, value) in answers {
        trial = trial.answered(field, value);
    }
    evaluated(rules, &trial, false)
        .map(|(assessment, _)| assessment.referral.rank)
        .map_err(|stopped| stopped.error)
}

/// Every open question of `case` not in `asked`, answered in the direction that
/// can raise the urgency: yes (no for a field only ever read as `no(x)`), every
/// item of a list, a number at the top of its range (`high`) or the bottom.
fn escalating(
    rules: &RuleSet,
    case: &Case,
    asked: &HashSet<String>,
    high: bool,
) -> Vec<(String, Value)> {
    open_fields(rules, case)
        .filter(|(qualified, _)| !asked.contains(qualified))
        .filter_map(|(qualified, field)| {
            let answer = match field.kind {
                Kind::Boolean => Some(Value::Bool(rules.probes.true_matters(&qualified))),
                Kind::List => Some(Value::List(field.values.clone())),
                Kind::Integer | Kind::Number => {
                    let tried = candidates(field, &qualified, &rules.probes);
                    let end = if high { tried.last() } else { tried.first() };
                    end.map(|c| c.value.clone())
                }
                Kind::Choice | Kind::Text => None,
            }?;
            Some((qualified, answer))
        })
        .collect()
}

//! What the one-at-a-time what-if cannot see: answers that change the urgency
//! only together. A rule may need two cues at once (two supporting bone-stress
//! cues, weeks of physiotherapy and "not improving"), or count an unknown answer
//! as the protective one until two answers rule it out together (a limp and
//! hip rotation both examined); tried one at a time, each answer alone changes
//! nothing, and an interview that asked only what the one-at-a-time what-if
//! names would stop before the combination.
//!
//! So, before anyone says that nothing unasked could change the urgency, trials
//! answer every open question at once in one direction (`moved`): to raise it,
//! every yes/no question yes and every list item present; to lower it, every
//! yes/no question no and every list empty; with every number at the top of its
//! range, and again at the bottom; with the choices unknown, and again with each
//! open choice given each value the rules compare it with, one choice at a
//! time. If no trial moves the urgency, no combination of such answers can (for
//! rules that read answers as the guide asks, where a yes never lowers the
//! urgency: `tests/suite/monotonicity.rs` checks the shipped rules). If one
//! does, its answers are pared down, one at a time, to a smallest set that
//! still moves it as far, which names the questions to ask.
//!
//! To lower, the numbers are also tried at the middle of what is tried for
//! each, and at the vocabulary's `normal` value where it gives one (a rule that
//! stands down only when every vital sign is normal at once).
//!
//! Not covered: two choices that matter only together, numbers inside their
//! range in combination other than these, and combinations that change only
//! the destination or the treatments. The interview asks the choices that decide which rules apply
//! early, as context, which leaves few open.

use std::collections::HashSet;

use super::answers::candidates;
use super::memo::Memo;
use super::open::{open_fields, vocabulary_field};
use crate::assessment::FailedTrial;
use crate::case::{Case, Kind, Value};
use crate::error::Error;
use crate::evaluation::{Evaluation, Options};
use crate::pipeline::run::{evaluated, evaluated_again};
use crate::ruleset::RuleSet;

/// Which way a combination would move the urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Up: every yes/no question yes, every list item present.
    Raise,
    /// Down: every yes/no question no, every list empty (an unknown answer the
    /// rules count as the protective one, known together).
    Lower,
}

/// Answers that change the urgency only together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combination {
    /// The questions: each is needed (without it the others do not move the
    /// urgency as far); first those that every way found to move it needs.
    pub fields: Vec<String>,
    /// The urgency rank they move it to.
    pub rank: usize,
}

/// A smallest set of the open questions of `case` (leaving out `asked`) whose
/// answers together would move its urgency in `direction`, or `None` when no
/// answers in that direction can. The questions are tried one rule file at a
/// time (each file's own, through the definitions it reads): to raise, each
/// file that can refer above the current urgency; to lower, the files that make
/// the current referral, together. `Err`: a rule failed on the answers tried.
pub(crate) fn combination(
    rules: &RuleSet,
    case: &Case,
    asked: &HashSet<String>,
    direction: Direction,
    memo: &mut Memo,
) -> Result<Option<Combination>, Error> {
    memo.for_case(case);
    let (current, base) =
        evaluated(rules, case, Options::default()).map_err(|stopped| stopped.error)?;
    let rank = current.referral.rank;
    let further = |a: usize, b: usize| match direction {
        Direction::Raise => a > b,
        Direction::Lower => a < b,
    };
    // Unanswered and not asked; whether each applies is decided with the other
    // answers of a trial (see `moved`).
    let open: HashSet<String> = rules
        .vocabulary
        .qualified_names()
        .filter(|qualified| {
            qualified
                .split_once('.')
                .is_some_and(|(section, name)| !case.value(section, name).is_known())
                && !asked.contains(qualified)
        })
        .collect();
    // The groups of questions to try together, one per pathway.
    let mut groups: Vec<HashSet<String>> = Vec::new();
    match direction {
        Direction::Raise => {
            for reach in &rules.probes.reach {
                let above = reach
                    .urgencies
                    .iter()
                    .any(|u| rules.scale.rank(u).is_some_and(|r| r > rank));
                if above {
                    groups.push(reach.among(&open));
                }
            }
        }
        Direction::Lower => {
            let making: HashSet<&str> = current
                .referrals
                .iter()
                .filter(|r| rules.scale.rank(&r.urgency) == Some(rank))
                .map(|r| r.rule.file.as_str())
                .collect();
            let together: HashSet<String> = rules
                .probes
                .reach
                .iter()
                .filter(|reach| making.contains(reach.path.as_str()))
                .flat_map(|reach| reach.among(&open))
                .collect();
            groups.push(together);
        }
    }
    // A question that applies only once another is answered (a question for
    // pregnancy once "pregnant" is yes) needs that one in its group, though its
    // rule never reads it: without it the trial could never answer it.
    for group in &mut groups {
        gated_by(rules, group, &open);
    }
    groups.retain(|group| !group.is_empty());
    let mut distinct: Vec<HashSet<String>> = Vec::new();
    for group in groups {
        if !distinct.contains(&group) {
            distinct.push(group);
        }
    }
    let groups = distinct;
    // Every number at the top of its range, then at the bottom; the choices
    // unknown, or one of them given each value the rules compare it with.
    let mut variants: Vec<Vec<(String, Value)>> = Vec::new();
    for group in &groups {
        for high in [true, false] {
            let base = moved(rules, case, |f| group.contains(f), high, direction);
            if high {
                // One choice or one number at a time given each of its values
                // (a number: one from each stretch between its thresholds).
                // With the others answered: a choice may apply only once a
                // yes/no question is answered (the site of a confirmed injury).
                let mut answered = case.clone();
                for (field, value) in &base {
                    answered = answered.answered(field, value);
                }
                for (field, value) in one_at_a_time(rules, case, &answered, group) {
                    let mut variant = base.clone();
                    variant.retain(|(f, _)| *f != field);
                    variant.push((field, value));
                    variants.push(variant);
                }
            }
            variants.push(base);
        }
        if direction == Direction::Lower {
            // A rule may lower the urgency on a yes it reads as reassurance
            // (assessed by a doctor and settling), and a number may lower it
            // only in the middle of its range (a normal temperature): tried
            // with the yes/no questions answered the other way, and with every
            // number at the middle of what is tried for it; and again with
            // every number at its `normal` value where the vocabulary gives
            // one (normal vital signs, all at once).
            for yes_no_way in [Direction::Lower, Direction::Raise] {
                let answers = moved(rules, case, |f| group.contains(f), true, yes_no_way);
                let numbers = |pick: &dyn Fn(&crate::case::Field, &str) -> Option<Value>| {
                    answers
                        .iter()
                        .map(|(field, value)| {
                            let picked = vocabulary_field(rules, field)
                                .filter(|f| matches!(f.kind, Kind::Integer | Kind::Number))
                                .and_then(|f| pick(f, field));
                            (field.clone(), picked.unwrap_or_else(|| value.clone()))
                        })
                        .collect::<Vec<(String, Value)>>()
                };
                let middle_of = |f: &crate::case::Field, field: &str| {
                    let tried = candidates(f, field, &rules.probes);
                    tried.get(tried.len() / 2).map(|c| c.value.clone())
                };
                let middle = numbers(&middle_of);
                let normal = numbers(&|f, field| {
                    f.normal
                        .map(|n| normal_value(f, n))
                        .or_else(|| middle_of(f, field))
                });
                variants.push(middle);
                variants.push(normal);
            }
            let raised = moved(rules, case, |f| group.contains(f), true, Direction::Raise);
            variants.push(raised);
        }
    }
    // The same answers reached from two groups are tried once.
    let mut unique: Vec<Vec<(String, Value)>> = Vec::new();
    for variant in variants {
        if !unique.contains(&variant) {
            unique.push(variant);
        }
    }
    let mut variants = unique;
    variants.retain(|answers| !answers.is_empty());
    let reached = memo.ranks(&variants, |answers| rank_with(rules, case, &base, answers))?;
    let mut best: Option<(usize, Vec<(String, Value)>)> = None;
    for (answers, reached) in variants.into_iter().zip(reached) {
        let better = best.as_ref().is_none_or(|(r, kept)| {
            further(reached, *r) || (reached == *r && answers.len() < kept.len())
        });
        if further(reached, rank) && better {
            best = Some((reached, answers));
        }
    }
    let Some((target, answers)) = best else {
        return Ok(None);
    };
    let holds = |r: usize| r == target || further(r, target);
    // Those without which the urgency moves back are needed; found together.
    let fewer: Vec<Vec<(String, Value)>> = (0..answers.len())
        .map(|leave_out| {
            let mut fewer = answers.clone();
            fewer.remove(leave_out);
            fewer
        })
        .collect();
    let needed: Vec<bool> = memo
        .ranks(&fewer, |answers| rank_with(rules, case, &base, answers))?
        .into_iter()
        .map(|r| !holds(r))
        .collect();
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
        let rank = memo.ranks(std::slice::from_ref(&fewer), |answers| {
            rank_with(rules, case, &base, answers)
        })?;
        if rank.first().copied().is_some_and(holds) {
            kept.remove(at);
        } else {
            at += 1;
        }
    }
    // The answers every way to the target needed come first: asked first, an
    // unknown or contrary answer to one of them rules out every such way at once.
    kept.sort_by_key(|(_, needed)| !*needed);
    Ok(Some(Combination {
        fields: kept.into_iter().map(|((field, _), _)| field).collect(),
        rank: target,
    }))
}

/// The vocabulary's `normal` value of a number field, as the field's kind.
fn normal_value(field: &crate::case::Field, normal: f64) -> Value {
    if field.kind == Kind::Integer {
        #[allow(clippy::cast_possible_truncation)]
        Value::Int(normal.round() as i64)
    } else {
        Value::Number(normal)
    }
}

/// Adds to `group` the questions of `open` that decide whether one of its
/// questions applies (named in its `applies_when`), and theirs in turn.
fn gated_by(rules: &RuleSet, group: &mut HashSet<String>, open: &HashSet<String>) {
    loop {
        let more: Vec<String> = group
            .iter()
            .filter_map(|qualified| {
                let (section, name) = qualified.split_once('.')?;
                rules.vocabulary.field(section, name)
            })
            .flat_map(|field| field.applies_when.iter().chain(&field.applies_when_any))
            .map(|condition| condition.field.clone())
            .filter(|gate| open.contains(gate) && !group.contains(gate))
            .collect();
        if more.is_empty() {
            return;
        }
        group.extend(more);
    }
}

/// Every open choice or number question of `case` in `group`, with each answer
/// worth trying, one at a time: a choice each value the rules compare it with;
/// a number one value from each stretch between its thresholds but the two
/// ends (the ends are tried with every number at once); a yes/no question the
/// rules read both ways (`yes(x)` in one rule, `no(x)` in another) the answer
/// they look for less often (tried with every other answer at once, its usual
/// answer could hide the rule that needs the other: "not improving").
fn one_at_a_time(
    rules: &RuleSet,
    case: &Case,
    answered: &Case,
    group: &HashSet<String>,
) -> Vec<(String, Value)> {
    let flipped = open_fields(rules, case)
        .filter(|(qualified, field)| {
            field.kind == Kind::Boolean
                && group.contains(qualified)
                && rules.probes.read_both_ways(qualified)
        })
        .map(|(qualified, _)| {
            let usual = rules.probes.leans_yes(&qualified);
            (qualified, Value::Bool(!usual))
        });
    // The choices that apply once the others are answered, and the numbers
    // (which the others' answers include).
    let numbers = open_fields(rules, case)
        .filter(|(_, field)| matches!(field.kind, Kind::Integer | Kind::Number));
    let choices = open_fields(rules, answered).filter(|(_, field)| field.kind == Kind::Choice);
    numbers
        .chain(choices)
        .filter(|(qualified, _)| group.contains(qualified))
        .flat_map(|(qualified, field)| {
            let tried = candidates(field, &qualified, &rules.probes);
            let inner = if field.kind == Kind::Choice {
                tried
            } else {
                let last = tried.len().saturating_sub(1);
                tried
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| *i > 0 && *i < last)
                    .map(|(_, c)| c)
                    .collect()
            };
            inner.into_iter().map(move |c| (qualified.clone(), c.value))
        })
        .chain(flipped)
        .collect()
}

/// The urgency of `case` with every question of `not_screened` (its unanswered
/// red-flag questions) answered yes at once (or in the direction that can raise
/// it, for a question that is not yes/no); `None` when there are none. A rule
/// failing on those answers is a failed trial, said as loudly as any other.
pub(crate) fn red_flags_yes(
    rules: &RuleSet,
    case: &Case,
    base: &Evaluation,
    not_screened: &[String],
) -> Result<Option<String>, Box<FailedTrial>> {
    if not_screened.is_empty() {
        return Ok(None);
    }
    let answers = moved(
        rules,
        case,
        |field| not_screened.iter().any(|f| f == field),
        true,
        Direction::Raise,
    );
    let mut trial = case.clone();
    for (field, value) in &answers {
        trial = trial.answered(field, value);
    }
    let changed: Vec<&str> = answers.iter().map(|(field, _)| field.as_str()).collect();
    match evaluated_again(rules, &trial, base, &changed) {
        Ok(assessment) => Ok(Some(assessment.referral.urgency)),
        Err(stopped) => Err(Box::new(FailedTrial {
            field: not_screened.join(", "),
            answer: serde_json::Value::Bool(true),
            error: stopped.error,
        })),
    }
}

/// The urgency rank of `case` (evaluated as `base`) with `answers` given, of
/// those that apply with the others (a question that applies only once another
/// is answered yes is not answered without it: it would never be asked).
fn rank_with(
    rules: &RuleSet,
    case: &Case,
    base: &Evaluation,
    answers: &[(String, Value)],
) -> Result<usize, Error> {
    let mut answers: Vec<(String, Value)> = answers.to_vec();
    let mut trial;
    loop {
        trial = case.clone();
        for (field, value) in &answers {
            trial = trial.answered(field, value);
        }
        let before = answers.len();
        answers.retain(|(field, _)| {
            field
                .split_once('.')
                .is_some_and(|(section, name)| rules.vocabulary.applies(section, name, &trial))
        });
        if answers.len() == before {
            break;
        }
    }
    let changed: Vec<&str> = answers.iter().map(|(field, _)| field.as_str()).collect();
    evaluated_again(rules, &trial, base, &changed)
        .map(|assessment| assessment.referral.rank)
        .map_err(|stopped| stopped.error)
}

/// Every open question of `case` that `wanted` takes, but the choices, answered
/// in `direction`: a yes/no question the way the rules look for more often to
/// raise (yes for a red flag, no for "improving"), the other way to lower; a list with every item, or empty; a number at
/// the top of its range (`high`) or the bottom.
fn moved(
    rules: &RuleSet,
    case: &Case,
    wanted: impl Fn(&str) -> bool,
    high: bool,
    direction: Direction,
) -> Vec<(String, Value)> {
    let mut answers: Vec<(String, Value)> = Vec::new();
    let mut trial = case.clone();
    // A question that applies only once another is answered (the weakness
    // question once thigh numbness is yes) joins in the next round.
    loop {
        let more: Vec<(String, Value)> = open_fields(rules, &trial)
            .filter(|(qualified, _)| wanted(qualified))
            .filter(|(qualified, _)| !answers.iter().any(|(f, _)| f == qualified))
            .filter_map(|(qualified, field)| {
                let answer = match (field.kind, direction) {
                    (Kind::Boolean, Direction::Raise) => {
                        Some(Value::Bool(rules.probes.leans_yes(&qualified)))
                    }
                    (Kind::Boolean, Direction::Lower) => {
                        Some(Value::Bool(!rules.probes.leans_yes(&qualified)))
                    }
                    (Kind::List, Direction::Raise) => Some(Value::List(field.values.clone())),
                    (Kind::List, Direction::Lower) => Some(Value::List(Vec::new())),
                    (Kind::Integer | Kind::Number, _) => {
                        let tried = candidates(field, &qualified, &rules.probes);
                        let end = if high { tried.last() } else { tried.first() };
                        end.map(|c| c.value.clone())
                    }
                    (Kind::Choice | Kind::Text, _) => None,
                }?;
                Some((qualified, answer))
            })
            .collect();
        if more.is_empty() {
            return answers;
        }
        for (field, value) in &more {
            trial = trial.answered(field, value);
        }
        answers.extend(more);
    }
}

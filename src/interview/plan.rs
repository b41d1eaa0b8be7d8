//! What to ask next. The plan is made again after every answer, from the case
//! as it stands and its what-if, because each answer changes which questions
//! apply and which could still change the assessment.
//!
//! The order, as a clinician takes a history (the order itself is data: the
//! `[interview]` table of `vocabulary.toml`):
//! 1. the required fields (age, region): until they are known nothing can be
//!    assessed;
//! 2. the context questions that decide which rules apply (sex, side, onset,
//!    duration, operation, activity), in the vocabulary's order;
//! 3. the red-flag screen, one checklist per group of related red-flag
//!    questions, in the vocabulary's order, listing the group's questions that
//!    are still open;
//! 4. only the questions whose answer could still change the decision (the
//!    pipeline's `Deciding`), most serious first: the urgency up or down, and,
//!    below an urgency that withholds treatment, the destination or a
//!    treatment suggested or avoided too. At an urgency that withholds treatment (an emergency)
//!    only a change of the urgency counts, so a question that could change
//!    only where to or which treatment is moot (a hop test once
//!    non-weight-bearing is advised is not asked). The yes/no questions among
//!    them outside the checklists are asked as one checklist.
//!
//! Skipped at every stage: a field answered or already asked (an "unknown"
//! answer is not asked again), a question that does not apply (`applies_when`),
//! and a field no rule reads. A checklist is asked when one of its open
//! questions could change the decision; the context questions are all asked
//! (each one read by some rule decides which rules and questions apply: the
//! sex before a question about erections), unless the decision already
//! withholds treatment and they could not change its urgency.
//!
//! When nothing is planned, the interview asks the pipeline whether answers
//! could still raise the urgency together (`Pipeline::combination`); see
//! `interview/mod.rs` for that last step and what it guarantees.

use std::collections::HashSet;

use crate::case::{Case, Checklist};
use crate::pipeline::Deciding;
use crate::ruleset::RuleSet;

/// One prompt: a question, or a checklist of red-flag questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Prompt {
    One(String),
    /// The checklist (by its place in the vocabulary) and its open questions.
    Checklist(usize, Vec<String>),
    /// Yes/no questions outside the red-flag checklists whose answers could
    /// change the assessment, alone or only together, asked as one checklist.
    Together(Vec<String>),
}

impl Prompt {
    /// The fields the prompt asks.
    pub(crate) fn fields(&self) -> Vec<String> {
        match self {
            Prompt::One(field) => vec![field.clone()],
            Prompt::Checklist(_, fields) | Prompt::Together(fields) => fields.clone(),
        }
    }
}

/// What the plan is made from: the case, what was asked, and what could change.
pub(crate) struct Situation<'a> {
    pub(crate) rules: &'a RuleSet,
    pub(crate) case: &'a Case,
    /// Fields asked already, answered or not.
    pub(crate) asked: &'a HashSet<String>,
    /// The what-if's questions that could change the decision; empty while the
    /// case cannot be assessed.
    pub(crate) deciding: &'a [Deciding],
    /// The urgency rank of the case as it stands.
    pub(crate) rank: usize,
}

impl Situation<'_> {
    /// Whether the decision is an urgency that withholds treatment (an
    /// emergency): only a change of the urgency counts then, and a question
    /// that could change only the destination or a treatment is moot.
    pub(crate) fn withholds_treatment(&self) -> bool {
        self.rules
            .scale
            .urgencies
            .get(self.rank)
            .is_some_and(|u| u.withholds_treatment)
    }

    /// Whether an answer to `field` could change what counts at this urgency.
    pub(crate) fn could_change(&self, field: &str) -> bool {
        let moot_unless_urgency = self.withholds_treatment();
        self.deciding
            .iter()
            .any(|d| d.field == field && (d.changes_urgency || !moot_unless_urgency))
    }

    /// The questions, not yet asked, that could still change the decision.
    pub(crate) fn open_deciding(&self) -> usize {
        self.deciding
            .iter()
            .filter(|d| !self.asked.contains(&d.field) && self.could_change(&d.field))
            .count()
    }

    /// Whether `section.field` is open: unanswered, not asked, applying, read
    /// by some rule (or deciding whether one that is read applies).
    pub(crate) fn open(&self, qualified: &str) -> bool {
        let Some((section, name)) = qualified.split_once('.') else {
            return false;
        };
        let vocabulary = &self.rules.vocabulary;
        vocabulary.field(section, name).is_some()
            && !self.case.value(section, name).is_known()
            && !self.asked.contains(qualified)
            && vocabulary.applies(section, name, self.case)
            && crate::pipeline::matters(self.rules, qualified)
    }
}

/// Whether every required field of the case is answered, so it can be assessed.
pub(crate) fn assessable(rules: &RuleSet, case: &Case) -> bool {
    rules
        .vocabulary
        .sections
        .iter()
        .all(|(section_name, section)| {
            section
                .fields
                .iter()
                .all(|(name, field)| !field.required || case.value(section_name, name).is_known())
        })
}

/// The next prompt, or `None` when nothing planned could change the decision.
pub(crate) fn next(situation: &Situation<'_>) -> Option<Prompt> {
    let rules = situation.rules;
    let vocabulary = &rules.vocabulary;
    // 1. Required fields (asked again until answered: no assessment without).
    for qualified in vocabulary.qualified_names() {
        let (section, name) = qualified.split_once('.')?;
        let required = vocabulary.field(section, name).is_some_and(|f| f.required);
        if required && !situation.case.value(section, name).is_known() {
            return Some(Prompt::One(qualified));
        }
    }
    // 2. Context: what decides which rules and questions apply.
    if let Some(prompt) = context_prompt(situation) {
        return Some(prompt);
    }
    let order = &vocabulary.interview;
    // 3. The red-flag checklists whose open questions could change it.
    for (index, checklist) in order.checklists.iter().enumerate() {
        if let Some(prompt) = checklist_prompt(situation, index, checklist) {
            return Some(prompt);
        }
    }
    // 4. Anything else that could change it, most serious first.
    let mut deciding: Vec<&Deciding> = situation
        .deciding
        .iter()
        .filter(|d| situation.open(&d.field) && situation.could_change(&d.field))
        .collect();
    deciding.sort_by_key(|d| std::cmp::Reverse(d.rank));
    let first = deciding.first()?;
    // The yes/no questions that could each change it, outside the red-flag
    // checklists, are asked as one checklist: one prompt names those present,
    // and an unknown one stays unknown.
    let same: Vec<String> = deciding
        .iter()
        .filter(|d| yes_no(situation, &d.field) && order.checklist_of(&d.field).is_none())
        .map(|d| d.field.clone())
        .collect();
    if same.len() >= 2 && same.contains(&first.field) {
        return Some(Prompt::Together(same));
    }
    Some(prompt_for(situation, &first.field))
}

/// The next context question (sex, side, onset, ...: what decides which rules
/// and questions apply), in the vocabulary's order; moot at the urgency that
/// withholds treatment unless it could change the urgency (a patient with
/// saddle anaesthesia is offered to stop, not asked about their activity).
/// Until none is left, the interview does not offer to stop: the history
/// comes first, in its order.
pub(crate) fn context_prompt(situation: &Situation<'_>) -> Option<Prompt> {
    situation
        .rules
        .vocabulary
        .interview
        .context
        .iter()
        .find(|qualified| {
            let moot = situation.withholds_treatment() && !situation.could_change(qualified);
            situation.open(qualified) && !moot
        })
        .map(|qualified| Prompt::One(qualified.clone()))
}

/// Whether `field` is a yes/no question outside the red-flag checklists: one
/// that can join the checklist of questions that could change the assessment.
pub(crate) fn yes_no_outside_checklists(situation: &Situation<'_>, field: &str) -> bool {
    yes_no(situation, field)
        && situation
            .rules
            .vocabulary
            .interview
            .checklist_of(field)
            .is_none()
}

/// Whether `field` is a yes/no question.
fn yes_no(situation: &Situation<'_>, field: &str) -> bool {
    field
        .split_once('.')
        .and_then(|(s, n)| situation.rules.vocabulary.field(s, n))
        .is_some_and(|spec| spec.kind == crate::case::Kind::Boolean)
}

/// The prompt for a combination of answers that could change the assessment
/// only together (`fields`, the ones to ask first first): the first one's
/// red-flag checklist when it is in one; else every open yes/no question of it
/// as one checklist, when it has two or more; else its first open question.
pub(crate) fn prompt_for_together(situation: &Situation<'_>, fields: &[String]) -> Option<Prompt> {
    let open: Vec<&String> = fields.iter().filter(|f| situation.open(f)).collect();
    let first = open.first()?;
    let order = &situation.rules.vocabulary.interview;
    if order.checklist_of(first).is_some() {
        return Some(prompt_for(situation, first));
    }
    let together: Vec<String> = open
        .iter()
        .filter(|f| order.checklist_of(f).is_none() && yes_no(situation, f))
        .map(|f| (*f).clone())
        .collect();
    if together.len() >= 2 {
        return Some(Prompt::Together(together));
    }
    Some(prompt_for(situation, first))
}

/// The prompt that asks `field`: its checklist, with the checklist's other open
/// questions, when it is in one.
pub(crate) fn prompt_for(situation: &Situation<'_>, field: &str) -> Prompt {
    let order = &situation.rules.vocabulary.interview;
    let in_checklist = order
        .checklists
        .iter()
        .enumerate()
        .find(|(_, c)| c.fields.iter().any(|f| f == field));
    match in_checklist {
        Some((index, checklist)) => {
            let open = open_members(situation, checklist);
            Prompt::Checklist(index, open)
        }
        None => Prompt::One(field.to_string()),
    }
}

fn checklist_prompt(
    situation: &Situation<'_>,
    index: usize,
    checklist: &Checklist,
) -> Option<Prompt> {
    let open = open_members(situation, checklist);
    open.iter()
        .any(|field| situation.could_change(field))
        .then_some(Prompt::Checklist(index, open))
}

/// The questions of `checklist` still open for this case.
fn open_members(situation: &Situation<'_>, checklist: &Checklist) -> Vec<String> {
    checklist
        .fields
        .iter()
        .filter(|field| situation.open(field))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use crate::place::Origin;
    use crate::ruleset::RuleSource;

    fn rules() -> RuleSet {
        RuleSet::load(&RuleSource::Folder("rules".into())).expect("the shipped rules load")
    }

    fn case(rules: &RuleSet, json: &str) -> Case {
        let mut lenient = rules.vocabulary.clone();
        for section in lenient.sections.values_mut() {
            for field in section.fields.values_mut() {
                field.required = false;
            }
        }
        Case::from_json(json, &Origin::file("test"), &lenient).expect("a valid case")
    }

    /// The prompt for `case` with `asked` asked.
    fn planned(rules: &RuleSet, case: &Case, asked: &HashSet<String>) -> Option<Prompt> {
        let (deciding, rank) = if assessable(rules, case) {
            let assessed = Pipeline::new(rules)
                .what_if(true)
                .assess(case)
                .expect("assessed");
            (assessed.deciding, assessed.assessment.referral.rank)
        } else {
            (Vec::new(), 0)
        };
        next(&Situation {
            rules,
            case,
            asked,
            deciding: &deciding,
            rank,
        })
    }

    #[test]
    fn age_and_region_come_first() {
        let rules = rules();
        let empty = case(&rules, "{}");
        assert_eq!(
            planned(&rules, &empty, &HashSet::new()),
            Some(Prompt::One("patient.age".into()))
        );
        let half = case(&rules, r#"{"patient": {"age": 40}}"#);
        assert_eq!(
            planned(&rules, &half, &HashSet::new()),
            Some(Prompt::One("complaint.region".into()))
        );
    }

    #[test]
    fn context_comes_next_in_the_vocabulary_order_then_the_checklists() {
        let rules = rules();
        let case = case(
            &rules,
            r#"{"patient": {"age": 58}, "complaint": {"region": "hip"}}"#,
        );
        let mut asked = HashSet::new();
        let mut context = Vec::new();
        while let Some(Prompt::One(field)) = planned(&rules, &case, &asked) {
            asked.insert(field.clone());
            context.push(field);
        }
        // Every context question, in the vocabulary's order (sex, side, onset,
        // duration, operation, activity): each decides which rules and
        // questions apply, so all come before the first red-flag checklist
        // (her sex before a question about erections).
        let order = &rules.vocabulary.interview.context;
        assert_eq!(&context, order);
        match planned(&rules, &case, &asked) {
            Some(Prompt::Checklist(0, fields)) => {
                assert!(fields.len() > 1, "{fields:?}");
                assert!(fields.iter().all(|f| f.starts_with("screening.")));
            }
            other => panic!("the first checklist next: {other:?}"),
        }
    }

    #[test]
    fn a_checklist_lists_only_what_applies_and_is_not_asked() {
        let rules = rules();
        // A 6-year-old: no sexual-function question, whatever the checklist says.
        let child = case(
            &rules,
            r#"{"patient": {"age": 6, "sex": "male"}, "complaint": {"region": "hip"}}"#,
        );
        let asked: HashSet<String> = rules.vocabulary.interview.context.iter().cloned().collect();
        let Some(Prompt::Checklist(_, fields)) = planned(&rules, &child, &asked) else {
            panic!("a checklist");
        };
        assert!(
            !fields.contains(&"screening.new_sexual_dysfunction".to_string()),
            "{fields:?}"
        );
    }
}

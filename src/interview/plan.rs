//! Which question to ask next. The plan is made again after every answer, from
//! the case as it stands, because each answer changes which questions apply and
//! which could still change the referral.
//!
//! The order, as a clinician takes a history:
//! 1. the required fields (age, region), in vocabulary order: until they are
//!    known nothing can be assessed;
//! 2. the red-flag questions that apply (a section with `red_flag_questions`),
//!    those whose answer could raise the urgency most first, then in vocabulary
//!    order; each is asked even when no rule reads it, because an unanswered
//!    red flag is reported as not screened;
//! 3. the questions the what-if says could still change the assessment (raise
//!    the urgency or put a suggested treatment under avoid), most serious first;
//! 4. the remaining questions that apply and that some rule reads, in
//!    vocabulary order.
//!
//! Skipped: a field already answered or already asked (an "unknown" answer is
//! not asked again), a question that does not apply (`applies_when`), and, apart
//! from red flags, a field no rule or definition reads: "cannot change anything"
//! means exactly that no rule looks at it, found once from the rules' syntax trees
//! (`ruleset/probes.rs`), so no answer to it can change the assessment.

use std::collections::HashSet;

use crate::assessment::Change;
use crate::case::Case;
use crate::ruleset::{RuleSet, Scale};

/// Why a question is asked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Required,
    RedFlag,
    CouldChange,
    Remaining,
}

/// One planned question: `section.field` and why it is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub(crate) field: String,
    pub(crate) stage: Stage,
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

/// Every question still to ask, in order. `changes` is the what-if of the case
/// as it stands (empty while it cannot be assessed); `asked` the fields asked
/// already, answered or not.
pub(crate) fn plan(
    rules: &RuleSet,
    case: &Case,
    asked: &HashSet<String>,
    changes: &[Change],
) -> Vec<Planned> {
    let vocabulary = &rules.vocabulary;
    // Open questions that apply, in vocabulary order, with their section.
    let mut open: Vec<(String, bool, bool)> = Vec::new();
    for (section_name, section) in &vocabulary.sections {
        for (name, field) in &section.fields {
            let qualified = format!("{section_name}.{name}");
            if case.value(section_name, name).is_known()
                || asked.contains(&qualified)
                || !vocabulary.applies(section_name, name, case)
            {
                continue;
            }
            open.push((qualified, field.required, section.red_flag_questions));
        }
    }
    let mut planned: Vec<Planned> = open
        .iter()
        .filter(|(_, required, _)| *required)
        .map(|(field, _, _)| Planned {
            field: field.clone(),
            stage: Stage::Required,
        })
        .collect();
    if !planned.is_empty() {
        // Nothing else can be planned until the case can be assessed.
        return planned;
    }
    let worst = |field: &str| worst_change(&rules.scale, changes, field);
    let mut red_flags: Vec<(Option<usize>, usize, &String)> = open
        .iter()
        .enumerate()
        .filter(|(_, (_, _, red_flag))| *red_flag)
        .map(|(order, (field, _, _))| (worst(field), order, field))
        .collect();
    // The most serious possible change first (None, no change, sorts last).
    red_flags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let is_red_flag = |field: &str| red_flags.iter().any(|(_, _, f)| *f == field);
    planned.extend(red_flags.iter().map(|(_, _, field)| Planned {
        field: (*field).clone(),
        stage: Stage::RedFlag,
    }));
    // `could_change` is already most serious first.
    for change in changes {
        let open_here = open.iter().any(|(field, _, _)| *field == change.field);
        if open_here
            && !is_red_flag(&change.field)
            && !planned.iter().any(|p| p.field == change.field)
        {
            planned.push(Planned {
                field: change.field.clone(),
                stage: Stage::CouldChange,
            });
        }
    }
    for (field, _, _) in &open {
        if rules.probes.read.contains(field) && !planned.iter().any(|p| p.field == *field) {
            planned.push(Planned {
                field: field.clone(),
                stage: Stage::Remaining,
            });
        }
    }
    planned
}

/// The rank of the most urgent change an answer to `field` could make.
fn worst_change(scale: &Scale, changes: &[Change], field: &str) -> Option<usize> {
    changes
        .iter()
        .filter(|change| change.field == field)
        .filter_map(|change| scale.rank(&change.urgency))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Change;
    use crate::pipeline::Pipeline;
    use crate::place::Origin;
    use crate::ruleset::RuleSource;

    /// The what-if of `case`, as the interview plans with it.
    fn could_change(rules: &RuleSet, case: &Case) -> Vec<Change> {
        let assessed = Pipeline::new(rules)
            .what_if(true)
            .assess(case)
            .expect("assessed");
        assessed.assessment.could_change.unwrap_or_default()
    }

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

    fn planned(rules: &RuleSet, case: &Case, asked: &HashSet<String>) -> Vec<Planned> {
        let changes = if assessable(rules, case) {
            could_change(rules, case)
        } else {
            Vec::new()
        };
        plan(rules, case, asked, &changes)
    }

    #[test]
    fn age_and_region_come_first_and_alone() {
        let rules = rules();
        let empty = case(&rules, "{}");
        let fields: Vec<String> = planned(&rules, &empty, &HashSet::new())
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["patient.age", "complaint.region"]);
        let half = case(&rules, r#"{"patient": {"age": 40}}"#);
        assert_eq!(
            planned(&rules, &half, &HashSet::new())[0].field,
            "complaint.region"
        );
    }

    #[test]
    fn red_flags_come_next_and_what_does_not_apply_is_skipped() {
        let rules = rules();
        let case = case(
            &rules,
            r#"{"patient": {"age": 40}, "complaint": {"region": "hip", "onset": "gradual"}}"#,
        );
        let plan = planned(&rules, &case, &HashSet::new());
        let red_flags = plan
            .iter()
            .take_while(|p| p.stage == Stage::RedFlag)
            .count();
        assert!(red_flags > 5, "{plan:?}");
        assert!(
            plan[red_flags..].iter().all(|p| p.stage != Stage::RedFlag),
            "red flags together, first: {plan:?}"
        );
        assert!(
            plan.iter().all(|p| p.field != "screening.wound_concern"),
            "the wound question needs an operation (or an unknown onset): {plan:?}"
        );
        let with_surgery = case.answered(
            "history.surgery",
            &crate::case::Value::Text("labral_repair".into()),
        );
        assert!(
            planned(&rules, &with_surgery, &HashSet::new())
                .iter()
                .any(|p| p.field == "screening.wound_concern"),
            "after an operation the wound question applies"
        );
        for p in &plan {
            if p.stage == Stage::Remaining {
                assert!(
                    rules.probes.read.contains(&p.field),
                    "{p:?} is read by no rule"
                );
            }
        }
        let mut seen = HashSet::new();
        assert!(
            plan.iter().all(|p| seen.insert(&p.field)),
            "each once: {plan:?}"
        );
    }

    #[test]
    fn the_most_serious_red_flag_comes_first_and_asked_ones_are_not_asked_again() {
        let rules = rules();
        let case = case(
            &rules,
            r#"{"patient": {"age": 40}, "complaint": {"region": "buttock"}}"#,
        );
        let plan = planned(&rules, &case, &HashSet::new());
        let emergency = rules.scale.urgencies.len() - 1;
        let changes = could_change(&rules, &case);
        assert_eq!(
            worst_change(&rules.scale, &changes, &plan[0].field),
            Some(emergency),
            "first: a question that could make it an emergency: {plan:?}"
        );
        let asked: HashSet<String> = [plan[0].field.clone()].into();
        let again = planned(&rules, &case, &asked);
        assert!(again.iter().all(|p| p.field != plan[0].field));
        assert_eq!(again.len(), plan.len() - 1);
    }
}

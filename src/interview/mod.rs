//! `triage interview`: the case questions asked one at a time, in the order a
//! clinician takes a history (`plan.rs`), each answer read the same way on a
//! terminal and in the plain protocol (`answer.rs`), the case kept as the file it
//! will be saved as (`draft.rs`). Two drivers ask: `plain.rs` over any reader and
//! writer (scripts, tests), `terminal.rs` with prompts (a clinician).
//!
//! After every answer the case is assessed again (about 15 ms) and the what-if
//! run (about 25 ms) to plan what to ask next, both through the pipeline
//! (`pipeline/`). When the answers make the referral an urgency that withholds
//! treatment (an emergency: the assessment says so), the interview says so at
//! once, with the reason and destination, and offers to stop.

mod answer;
mod ask;
mod draft;
mod plain;
mod plan;
mod terminal;

use std::collections::HashSet;

use serde_json::Value as Json;

use crate::assessment::{Assessment, Change};
use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::ruleset::RuleSet;

pub(crate) use answer::Reply;
pub(crate) use ask::{Ask, Question, Stop};
pub(crate) use draft::Draft;
pub(crate) use plain::Plain;
pub(crate) use terminal::Terminal;

/// How an interview ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Every question that could matter was asked.
    Complete,
    /// The clinician stopped at an emergency.
    Stopped,
    /// The answers ran out (end of input): the rest stays unknown.
    OutOfAnswers,
    /// A script's answer was refused, and the interview ended there (its later
    /// answers were written for other questions): why, naming the line.
    Refused(String),
}

/// The answers given, and how the interview ended.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) draft: Draft,
    pub(crate) ended: Ended,
    /// How many questions were asked and answered with a value.
    pub(crate) answered: usize,
    /// The fields whose answer was taken back with `back` and never given
    /// again: their answers are kept (a `back` is a wish to change an answer,
    /// not to lose it), and the command says so.
    pub(crate) kept: Vec<String>,
}

/// Holds the interview: asks until the plan is empty, the clinician stops at an
/// emergency, or the answers run out. A rule failing on the case stops it with
/// the error (fail loud); the draft is then lost to the caller only if it does
/// not keep it, so the error carries nothing else.
pub(crate) fn interview(
    rules: &RuleSet,
    mut draft: Draft,
    asker: &mut dyn Ask,
) -> Result<Finished, Box<(Error, Draft)>> {
    // The fields asked, in order, for `back`; an unknown answer counts as asked.
    let mut history: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut answered = 0;
    // Whether the current emergency was announced; announced again only after
    // `back` has taken it away and a later answer brings it back.
    let mut announced = false;
    let mut again: Option<String> = None;
    // The what-if plans the questions; an answer it could not try (a rule failed
    // on it) is said once, and the final assessment reports it again.
    let pipeline = Pipeline::new(rules).what_if(true);
    let mut failures_said: HashSet<String> = HashSet::new();
    // The answers taken back with `back` and not given again, in order.
    let mut taken_back: Vec<(String, Json)> = Vec::new();
    let finish = |mut draft: Draft, ended, answered, taken_back: Vec<(String, Json)>| {
        let mut kept = Vec::new();
        for (field, value) in taken_back {
            // It validated when it was given, and validation is per field.
            if draft.set(&field, Some(value)).is_ok() {
                kept.push(field);
            }
        }
        Ok(Finished {
            draft,
            ended,
            answered,
            kept,
        })
    };
    // How the answers ended when the driver has no more: refused, or run out.
    let out = |asker: &dyn Ask| asker.refusal().map_or(Ended::OutOfAnswers, Ended::Refused);
    loop {
        let case = match draft.case() {
            Ok(case) => case,
            Err(error) => return Err(Box::new((error, draft))),
        };
        let mut changes: Vec<Change> = Vec::new();
        if plan::assessable(rules, &case) {
            let assessment = match pipeline.assess(&case) {
                Ok(assessed) => assessed.assessment,
                Err(stopped) => return Err(Box::new((stopped.error, draft))),
            };
            for failed in &assessment.what_if_failed {
                let line = failed.line();
                if failures_said.insert(line.clone()) {
                    asker.say(&line);
                }
            }
            let emergency = assessment.referral.withholds_treatment;
            if emergency && !announced {
                announced = true;
                match asker.offer_stop(&notice(rules, &assessment)) {
                    None => return finish(draft, out(asker), answered, taken_back),
                    Some(Stop::Now) => return finish(draft, Ended::Stopped, answered, taken_back),
                    Some(Stop::GoOn) => {}
                    Some(Stop::Back) => {
                        announced = false;
                        if let Some(field) =
                            undo(&mut draft, &mut history, &mut seen, &mut taken_back)
                        {
                            again = Some(field);
                        }
                        continue;
                    }
                }
            }
            announced &= emergency;
            changes = assessment.could_change.unwrap_or_default();
        }
        let next = again.take().or_else(|| {
            plan::plan(rules, &case, &seen, &changes)
                .into_iter()
                .next()
                .map(|planned| planned.field)
        });
        let Some(field) = next else {
            return finish(draft, Ended::Complete, answered, taken_back);
        };
        let Some(question) = question(rules, &field) else {
            // The plan names only vocabulary fields.
            return finish(draft, Ended::Complete, answered, taken_back);
        };
        loop {
            let Some(reply) = asker.ask(&question) else {
                return finish(draft, out(asker), answered, taken_back);
            };
            let value: Option<Json> = match reply {
                Reply::Back => {
                    if let Some(previous) =
                        undo(&mut draft, &mut history, &mut seen, &mut taken_back)
                    {
                        again = Some(previous);
                    } else {
                        asker.say("(this is the first question: nothing to go back to)");
                        again = Some(field.clone());
                    }
                    break;
                }
                // Without it there is no assessment: refused like any answer
                // not taken (asked again on a terminal; a script stops there).
                Reply::Unknown if question.spec.required => {
                    let why = format!(
                        "{} is needed to assess the case: unknown is not an answer here",
                        question.field
                    );
                    if asker.refused(&question, &why) {
                        continue;
                    }
                    return finish(draft, out(asker), answered, taken_back);
                }
                Reply::Unknown => None,
                Reply::Answer(value) => Some(value),
            };
            let known = value.is_some();
            match draft.set(&field, value) {
                Ok(()) => {
                    history.push(field.clone());
                    seen.insert(field.clone());
                    taken_back.retain(|(taken, _)| *taken != field);
                    answered += usize::from(known);
                    break;
                }
                Err(error) => {
                    if !asker.refused(&question, &crate::text::escaped_lines(&error.to_string())) {
                        return finish(draft, out(asker), answered, taken_back);
                    }
                }
            }
        }
    }
}

/// Takes back the last answer: the field is unknown and unasked again, and its
/// answer kept aside in `taken_back` (given back if the answers end before it is
/// answered again). Returns the field, to be asked next; `None` when nothing
/// was asked yet.
fn undo(
    draft: &mut Draft,
    history: &mut Vec<String>,
    asked: &mut HashSet<String>,
    taken_back: &mut Vec<(String, Json)>,
) -> Option<String> {
    let field = history.pop()?;
    asked.remove(&field);
    if let Some(value) = draft.answer(&field) {
        taken_back.retain(|(taken, _)| *taken != field);
        taken_back.push((field.clone(), value));
    }
    // Removing an answer always leaves a valid draft.
    let _ = draft.set(&field, None);
    Some(field)
}

/// The question for `section.field`, from the vocabulary.
fn question(rules: &RuleSet, field: &str) -> Option<Question> {
    let (section, name) = field.split_once('.')?;
    let spec = rules.vocabulary.field(section, name)?;
    Some(Question {
        field: field.to_string(),
        text: spec.question.clone(),
        spec: spec.clone(),
    })
}

/// `EMERGENCY: reason; reason -> the emergency department`.
pub(crate) fn notice(rules: &RuleSet, assessment: &Assessment) -> String {
    let referral = &assessment.referral;
    let destination = referral.destination.as_deref().map_or_else(
        || "no destination named".to_string(),
        |id| {
            rules
                .scale
                .destination(id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        },
    );
    format!(
        "{}: {} -> {destination}",
        referral.urgency.to_uppercase(),
        referral.reasons.join("; ")
    )
}

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
mod checklist;
mod draft;
mod ended;
mod plain;
mod plan;
mod terminal;
mod together;

use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::Value as Json;

use crate::assessment::Assessment;
use crate::error::Error;
use crate::pipeline::{Deciding, Memo, Pipeline};
use crate::ruleset::RuleSet;

pub(crate) use answer::Reply;
pub(crate) use ask::{Ask, Question, Stop};
use ask::{blank_field, notice, question};
pub(crate) use draft::Draft;
pub(crate) use ended::{Ended, Finished};
pub(crate) use plain::Plain;
pub(crate) use terminal::Terminal;

use plan::{Prompt, Situation};

/// The name of a checklist of questions that matter only together.
const TOGETHER: &str = "together";

/// The interview as it goes: the answers, what was asked, and the what-if.
struct State<'r> {
    rules: &'r RuleSet,
    pipeline: Pipeline<'r>,
    draft: Draft,
    /// Each prompt answered, in order, for `back`.
    history: Vec<Prompt>,
    /// Every field asked (an unknown answer counts as asked).
    asked: HashSet<String>,
    answered: usize,
    prompts: usize,
    /// The answers taken back with `back` and not given again, in order.
    taken_back: Vec<(String, Json)>,
    /// The latest what-if: what could change the decision, at which urgency.
    deciding: Vec<Deciding>,
    rank: usize,
    assessable: bool,
    /// The case and asked questions the latest what-if was made for, and its
    /// assessment: an answer "unknown" changes neither the case nor what is
    /// worth trying, so the what-if is not made again.
    assessed_for: Option<(String, usize, Assessment)>,
    /// What the searches for answers that matter together found, for the next.
    memo: RefCell<Memo>,
}

/// Holds the interview: asks until nothing unasked could change the
/// assessment, the clinician stops or finishes, or the answers run out. A rule
/// failing on the case stops it with the error (fail loud), with the draft.
pub(crate) fn interview(
    rules: &RuleSet,
    draft: Draft,
    asker: &mut dyn Ask,
) -> Result<Finished, Box<(Error, Draft)>> {
    let mut state = State {
        rules,
        pipeline: Pipeline::new(rules).what_if(true),
        draft,
        history: Vec::new(),
        asked: HashSet::new(),
        answered: 0,
        prompts: 0,
        taken_back: Vec::new(),
        deciding: Vec::new(),
        rank: 0,
        assessable: false,
        assessed_for: None,
        memo: RefCell::new(Memo::default()),
    };
    // The highest urgency announced, to offer to finish once per new finding.
    let mut announced: Option<usize> = None;
    let mut again: Option<Prompt> = None;
    // A failure the what-if met is said once; the final assessment reports it.
    let mut failures_said: HashSet<String> = HashSet::new();
    // How the answers ended when the driver has no more: refused, or run out.
    let out = |asker: &dyn Ask| asker.refusal().map_or(Ended::OutOfAnswers, Ended::Refused);
    loop {
        let assessment = match state.assess() {
            Ok(assessment) => assessment,
            Err(error) => return Err(Box::new((error, state.draft))),
        };
        if let Some(assessment) = &assessment {
            for failed in &assessment.what_if_failed {
                let line = failed.line();
                if failures_said.insert(line.clone()) {
                    asker.say(&line);
                }
            }
            // After an urgent or emergency finding (or a higher one), offer to
            // finish; `back` may take the finding away.
            announced = announced.filter(|rank| *rank <= state.rank);
            // Not while an unasked explicit answer could lower it: asked first.
            // Nor before the context questions: the history comes first.
            let context = state
                .context_pending()
                .map_err(|e| Box::new((e, state.draft.clone())))?;
            let offer =
                state.urgent() && !context && announced.is_none_or(|rank| state.rank > rank);
            let lowering = if offer && again.is_none() {
                state
                    .lowering()
                    .map_err(|e| Box::new((e, state.draft.clone())))?
            } else {
                None
            };
            if lowering.is_some() {
                again = lowering;
            } else if offer {
                announced = Some(state.rank);
                match asker.offer_stop(&notice(rules, assessment)) {
                    None => return state.finish(out(asker)),
                    Some(Stop::Now) => return state.finish(Ended::Stopped),
                    Some(Stop::GoOn) => {}
                    Some(Stop::Back) => {
                        announced = None;
                        again = state.undo();
                        continue;
                    }
                }
            }
        }
        let prompt = match again.take() {
            Some(prompt) => Some(prompt),
            None => match state.next() {
                Ok(prompt) => prompt,
                Err(error) => return Err(Box::new((error, state.draft))),
            },
        };
        let Some(prompt) = prompt else {
            return state.finish(Ended::Complete);
        };
        let question = state.question(&prompt);
        loop {
            let Some(reply) = asker.ask(&question) else {
                return state.finish(out(asker));
            };
            match state.take(&prompt, &question, reply) {
                Taken::Next => break,
                Taken::Back => {
                    again = state.undo();
                    if again.is_none() {
                        asker.say("(this is the first question: nothing to go back to)");
                        again = Some(prompt.clone());
                    }
                    break;
                }
                Taken::Finish => return state.finish(Ended::Finished),
                Taken::Refused(why) => {
                    if !asker.refused(&question, &why) {
                        return state.finish(out(asker));
                    }
                }
            }
        }
    }
}

/// What became of a reply.
enum Taken {
    Next,
    Back,
    Finish,
    /// Not taken, and why.
    Refused(String),
}

impl State<'_> {
    /// The case assessed with the what-if (trying no question asked already),
    /// when it can be; the what-if kept.
    fn assess(&mut self) -> Result<Option<Assessment>, Error> {
        let case = self.draft.case()?;
        self.assessable = plan::assessable(self.rules, &case);
        if !self.assessable {
            self.deciding.clear();
            self.rank = 0;
            return Ok(None);
        }
        let key = Draft::saved(&case);
        if let Some((text, asked, assessment)) = &self.assessed_for
            && *text == key
            && *asked <= self.asked.len()
        {
            // Only asked questions are new: what the what-if found for them
            // no longer matters (they are not asked again).
            let asked = &self.asked;
            self.deciding.retain(|d| !asked.contains(&d.field));
            return Ok(Some(assessment.clone()));
        }
        let assessed = self
            .pipeline
            .assess_skipping(&case, &self.asked)
            .map_err(|stopped| stopped.error)?;
        self.deciding = assessed.deciding;
        self.rank = assessed.assessment.referral.rank;
        self.assessed_for = Some((key, self.asked.len(), assessed.assessment.clone()));
        Ok(Some(assessed.assessment))
    }

    /// Whether the decision is one of the two highest urgencies.
    fn urgent(&self) -> bool {
        self.assessable && self.rank + 2 >= self.rules.scale.urgencies.len()
    }

    fn situation<'s>(
        &'s self,
        case: &'s crate::case::Case,
        asked: &'s HashSet<String>,
    ) -> Situation<'s> {
        Situation {
            rules: self.rules,
            case,
            asked,
            deciding: &self.deciding,
            rank: self.rank,
        }
    }

    /// The prompt as a driver asks it, with where the interview stands.
    fn question(&self, prompt: &Prompt) -> Question {
        let open = self
            .draft
            .case()
            .ok()
            .filter(|_| self.assessable)
            .map(|case| {
                let situation = self.situation(&case, &self.asked);
                match situation.open_deciding() {
                    // Asked for answers that matter only together (or that
                    // decide which questions apply): this prompt's.
                    0 => prompt.fields().iter().filter(|f| situation.open(f)).count(),
                    open => open,
                }
            });
        let number = self.prompts + 1;
        match prompt {
            Prompt::One(field) => question(self.rules, field, number, open),
            Prompt::Checklist(_, fields) | Prompt::Together(fields) => {
                let (name, text) = match prompt {
                    Prompt::Checklist(index, _) => {
                        let checklist = &self.rules.vocabulary.interview.checklists[*index];
                        (checklist.name.clone(), checklist.question.clone())
                    }
                    _ => (
                        TOGETHER.to_string(),
                        "These could change the assessment (each alike, or together): which are present?"
                            .to_string(),
                    ),
                };
                let members = fields
                    .iter()
                    .filter_map(|field| {
                        let (section, name) = field.split_once('.')?;
                        let spec = self.rules.vocabulary.field(section, name)?;
                        Some((field.clone(), spec.question.clone()))
                    })
                    .collect();
                let spec = fields
                    .first()
                    .and_then(|f| f.split_once('.'))
                    .and_then(|(s, n)| self.rules.vocabulary.field(s, n))
                    .cloned();
                Question {
                    field: name,
                    spec: spec.unwrap_or_else(|| blank_field(&text)),
                    text,
                    members,
                    number,
                    open,
                }
            }
        }
    }

    /// Takes `reply` to `prompt`: the draft and what was asked updated.
    fn take(&mut self, prompt: &Prompt, question: &Question, reply: Reply) -> Taken {
        let answers: Vec<(String, Option<Json>)> = match reply {
            Reply::Back => return Taken::Back,
            Reply::Finish => return Taken::Finish,
            // Without it there is no assessment: refused like any answer not
            // taken (asked again on a terminal; a script stops there).
            Reply::Unknown if question.members.is_empty() && question.spec.required => {
                return Taken::Refused(format!(
                    "{} is needed to assess the case: unknown is not an answer here",
                    question.field
                ));
            }
            Reply::Unknown => prompt.fields().into_iter().map(|f| (f, None)).collect(),
            Reply::Answer(value) => prompt
                .fields()
                .into_iter()
                .map(|f| (f, Some(value.clone())))
                .collect(),
            Reply::Checked(checked) => checked
                .into_iter()
                .map(|(f, answer)| (f, answer.map(Json::Bool)))
                .collect(),
        };
        let before = self.draft.clone();
        for (field, value) in &answers {
            if let Err(error) = self.draft.set(field, value.clone()) {
                self.draft = before;
                return Taken::Refused(crate::text::escaped_lines(&error.to_string()));
            }
        }
        for (field, value) in answers {
            self.taken_back.retain(|(taken, _)| *taken != field);
            self.answered += usize::from(value.is_some());
            self.asked.insert(field);
        }
        self.history.push(prompt.clone());
        self.prompts += 1;
        Taken::Next
    }

    /// Takes back the last prompt's answers: its fields unknown and unasked
    /// again, their answers kept aside in `taken_back` (given back if the
    /// answers end before they are answered again). Returns the prompt, to be
    /// asked next; `None` when nothing was asked yet.
    fn undo(&mut self) -> Option<Prompt> {
        let prompt = self.history.pop()?;
        for field in prompt.fields() {
            self.asked.remove(&field);
            if let Some(value) = self.draft.answer(&field) {
                self.taken_back.retain(|(taken, _)| *taken != field);
                self.taken_back.push((field.clone(), value));
                self.answered = self.answered.saturating_sub(1);
            }
            // Removing an answer always leaves a valid draft.
            let _ = self.draft.set(&field, None);
        }
        self.prompts = self.prompts.saturating_sub(1);
        Some(prompt)
    }

    /// The interview as it ended: the answers taken back given back, and how
    /// many unanswered questions could still change the assessment.
    fn finish(mut self, ended: Ended) -> Result<Finished, Box<(Error, Draft)>> {
        let mut kept = Vec::new();
        for (field, value) in std::mem::take(&mut self.taken_back) {
            // It validated when it was given, and validation is per field.
            if self.draft.set(&field, Some(value)).is_ok() {
                kept.push(field);
            }
        }
        let still_open = match self.still_open() {
            Ok(open) => open,
            Err(error) => return Err(Box::new((error, self.draft))),
        };
        Ok(Finished {
            draft: self.draft,
            ended,
            answered: self.answered,
            prompts: self.prompts,
            still_open,
            kept,
        })
    }
}

/// An interview held through the plain protocol in this process: how it went.
#[derive(Debug, Clone)]
pub struct PlainInterview {
    /// The case as answered, as it would be saved (unknowns left out).
    pub case: String,
    /// How it ended: `complete`, `stopped`, `finished`, `out of answers`, or
    /// `refused: why`.
    pub ended: String,
    /// The prompts answered (a checklist counts once; the offer to stop not).
    pub prompts: usize,
    /// The unanswered questions that could still change the assessment.
    pub still_open: usize,
}

/// Holds an interview over the plain protocol with `rules`: questions written
/// to `messages`, answers read from `answers`, as `triage interview` does when
/// standard input is not a terminal. For tests and tools that drive many
/// interviews without a process each.
pub fn plain_interview(
    rules: &RuleSet,
    answers: impl std::io::BufRead,
    messages: impl std::io::Write,
) -> Result<PlainInterview, Error> {
    let draft = Draft::new(&rules.vocabulary, crate::place::Origin::file("<interview>"));
    let mut plain = Plain::new(answers, messages);
    let finished = interview(rules, draft, &mut plain).map_err(|failed| failed.0)?;
    let case = finished.draft.case()?;
    Ok(PlainInterview {
        case: Draft::saved(&case),
        ended: match finished.ended {
            Ended::Complete => "complete".to_string(),
            Ended::Stopped => "stopped".to_string(),
            Ended::Finished => "finished".to_string(),
            Ended::OutOfAnswers => "out of answers".to_string(),
            Ended::Refused(why) => format!("refused: {why}"),
        },
        prompts: finished.prompts,
        still_open: finished.still_open,
    })
}

//! What the interview asks when the one-at-a-time plan (`plan.rs`) has nothing
//! left: answers that could change the urgency only together
//! (`Pipeline::combination`), every combination's yes/no questions gathered into
//! one checklist; and how many questions could still change the assessment
//! when it ends, alone or together (the honest closing line).

use std::collections::HashSet;

use super::State;
use super::plan::{self, Prompt, Situation};
use crate::error::Error;
use crate::pipeline::Direction;

/// How many combinations of answers one checklist gathers, in each direction:
/// each search costs a few hundred trials, and an interview waits for them.
const MAX_COMBINATIONS_GATHERED: usize = 4;

impl State<'_> {
    /// The next prompt: the plan's; when it has none, a question of a
    /// combination of answers that could still raise the urgency together.
    pub(super) fn next(&self) -> Result<Option<Prompt>, Error> {
        let case = self.draft.case()?;
        let situation = self.situation(&case, &self.asked);
        if let Some(prompt) = plan::next(&situation) {
            return Ok(Some(prompt));
        }
        if !self.assessable {
            return Ok(None);
        }
        // Every combination's yes/no questions are asked as one checklist: a
        // combination is looked for again as if the questions of those found
        // were asked, so that one prompt covers several pathways. A
        // combination whose first question is not yes/no is asked alone,
        // before any checklist is gathered, or after it.
        let mut gathered: Vec<String> = Vec::new();
        let mut as_if_asked = self.asked.clone();
        for direction in [Direction::Raise, Direction::Lower] {
            for _ in 0..MAX_COMBINATIONS_GATHERED {
                let combination = self.pipeline.combination(
                    &case,
                    &as_if_asked,
                    direction,
                    &mut self.memo.borrow_mut(),
                )?;
                let Some(combination) = combination else {
                    break;
                };
                // Its questions that can be asked now (one may apply only
                // once another is answered).
                let prompt = plan::prompt_for_together(&situation, &combination.fields);
                let together = match &prompt {
                    Some(Prompt::Together(fields)) => fields.clone(),
                    Some(Prompt::One(field))
                        if plan::yes_no_outside_checklists(&situation, field) =>
                    {
                        vec![field.clone()]
                    }
                    _ => Vec::new(),
                };
                match prompt {
                    Some(_) if !together.is_empty() => {
                        for field in together {
                            if !gathered.contains(&field) {
                                gathered.push(field);
                            }
                        }
                        as_if_asked.extend(combination.fields);
                    }
                    Some(prompt) if gathered.is_empty() => return Ok(Some(prompt)),
                    Some(_) | None => break,
                }
            }
        }
        Ok(match gathered.len() {
            0 => None,
            1 => gathered.pop().map(Prompt::One),
            _ => Some(Prompt::Together(gathered)),
        })
    }

    /// Whether a context question is still to be asked (see
    /// `plan::context_prompt`).
    pub(super) fn context_pending(&self) -> Result<bool, Error> {
        let case = self.draft.case()?;
        let situation = self.situation(&case, &self.asked);
        Ok(plan::context_prompt(&situation).is_some())
    }

    /// A prompt whose explicit answers could lower the urgency, alone or together.
    pub(super) fn lowering(&self) -> Result<Option<Prompt>, Error> {
        let case = self.draft.case()?;
        let situation = self.situation(&case, &self.asked);
        if let Some(d) = self
            .deciding
            .iter()
            .find(|d| d.lowers && situation.open(&d.field))
        {
            return Ok(Some(plan::prompt_for(&situation, &d.field)));
        }
        let mut memo = self.memo.borrow_mut();
        let together =
            self.pipeline
                .combination(&case, &self.asked, Direction::Lower, &mut memo)?;
        Ok(together.and_then(|c| plan::prompt_for_together(&situation, &c.fields)))
    }

    /// How many unanswered questions (asked or not) could still change the
    /// assessment of the draft as it ends, alone or together.
    pub(super) fn still_open(&self) -> Result<usize, Error> {
        let case = self.draft.case()?;
        if !plan::assessable(self.rules, &case) {
            // Without the required answers nothing is assessed: all is open.
            return Ok(self.rules.probes.read.len());
        }
        let assessed = self
            .pipeline
            .assess(&case)
            .map_err(|stopped| stopped.error)?;
        let none = HashSet::new();
        let situation = Situation {
            rules: self.rules,
            case: &case,
            asked: &none,
            deciding: &assessed.deciding,
            rank: assessed.assessment.referral.rank,
        };
        let alone = situation.open_deciding();
        if alone > 0 {
            return Ok(alone);
        }
        let mut together = 0;
        for direction in [Direction::Raise, Direction::Lower] {
            if let Some(c) =
                self.pipeline
                    .combination(&case, &none, direction, &mut self.memo.borrow_mut())?
            {
                together += c.fields.len();
            }
        }
        Ok(together)
    }
}

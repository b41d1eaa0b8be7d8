//! What the interview asks through, one driver per kind of input: a question,
//! the offer to stop at an emergency, and the answers they get.

use super::answer::Reply;
use crate::assessment::Assessment;
use crate::case::{Field, Kind};
use crate::ruleset::RuleSet;

/// One question as a driver asks it: one field, or a checklist of red-flag
/// questions (`members`), with where the interview stands.
#[derive(Debug, Clone)]
pub(crate) struct Question {
    /// `section.field` (a checklist: its name).
    pub(crate) field: String,
    /// The question from the vocabulary.
    pub(crate) text: String,
    pub(crate) spec: Field,
    /// A checklist's questions, `section.field` and the question of each; empty
    /// for one field.
    pub(crate) members: Vec<(String, String)>,
    /// This prompt's number (a checklist counts once), from 1.
    pub(crate) number: usize,
    /// How many unasked questions could still change the assessment; `None`
    /// before the case can be assessed (age and region unknown).
    pub(crate) open: Option<usize>,
}

impl Question {
    /// `#3, 12 could change it`: where the interview stands, for the prompt.
    pub(crate) fn progress(&self) -> String {
        match self.open {
            Some(open) => format!(
                "#{}, {} could change it",
                self.number,
                crate::text::plural(open, "open question", "open questions")
            ),
            None => format!("#{}", self.number),
        }
    }

    /// The checklist's fields, `section.field`.
    pub(crate) fn member_fields(&self) -> Vec<String> {
        self.members.iter().map(|(f, _)| f.clone()).collect()
    }
}

/// The clinician's answer to the offer to stop at an emergency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Stop asking and show the assessment now.
    Now,
    /// Go on with the remaining questions.
    GoOn,
    /// Undo the answer just given and ask it again (a slip of the finger).
    Back,
}

/// How the answers are asked for: one driver per kind of input.
pub(crate) trait Ask {
    /// Asks `question` until the answer is understood; `None` when there are no
    /// more answers (end of input, the clinician interrupting, or an answer the
    /// driver does not ask again: see [`Ask::refusal`]).
    fn ask(&mut self, question: &Question) -> Option<Reply>;
    /// Says why an understood answer was still refused. `true`: it is asked
    /// again (a clinician at the terminal); `false`: the interview ends there
    /// (a script, whose later answers would land on the wrong questions).
    fn refused(&mut self, question: &Question, why: &str) -> bool;
    /// Why the answers ended at a refused answer, naming its line: `None` when
    /// they simply ran out.
    fn refusal(&self) -> Option<String> {
        None
    }
    /// Tells the clinician that the answers make it an emergency (`notice`) and
    /// asks whether to stop; `None` when there are no more answers.
    fn offer_stop(&mut self, notice: &str) -> Option<Stop>;
    /// A plain message for the clinician.
    fn say(&mut self, message: &str);
}

/// A field for a prompt that is not one (a checklist without questions).
pub(crate) fn blank_field(question: &str) -> Field {
    Field::new(Kind::Boolean, question)
}

/// The question for `section.field`, from the vocabulary.
pub(crate) fn question(
    rules: &RuleSet,
    field: &str,
    number: usize,
    open: Option<usize>,
) -> Question {
    let spec = field
        .split_once('.')
        .and_then(|(section, name)| rules.vocabulary.field(section, name))
        .cloned()
        .unwrap_or_else(|| blank_field(field));
    Question {
        field: field.to_string(),
        text: spec.question.clone(),
        spec,
        members: Vec::new(),
        number,
        open,
    }
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

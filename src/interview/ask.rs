//! What the interview asks through, one driver per kind of input: a question,
//! the offer to stop at an emergency, and the answers they get.

use super::answer::Reply;
use crate::case::Field;

/// One question as a driver asks it.
#[derive(Debug, Clone)]
pub(crate) struct Question {
    /// `section.field`.
    pub(crate) field: String,
    /// The question from the vocabulary.
    pub(crate) text: String,
    pub(crate) spec: Field,
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

//! How an interview ended, and what it leaves: the answers and the count of
//! what could still change the assessment, for the closing line.

use super::draft::Draft;

/// How an interview ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Nothing unasked could change the assessment (as far as the interview
    /// can tell: see the module's documentation).
    Complete,
    /// The clinician stopped at an urgent or emergency finding.
    Stopped,
    /// The clinician finished early (`finish`, `done`).
    Finished,
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
    /// How many prompts were answered (a checklist counts once).
    pub(crate) prompts: usize,
    /// How many unanswered questions (asked and not known, or never asked)
    /// could still change the assessment; 0 only when none can.
    pub(crate) still_open: usize,
    /// The fields whose answer was taken back with `back` and never given
    /// again: their answers are kept (a `back` is a wish to change an answer,
    /// not to lose it), and the command says so.
    pub(crate) kept: Vec<String>,
}

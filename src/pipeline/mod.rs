//! One case assessed, in one place: its text read and validated, every rule file
//! run on it, the assessment built with the safety invariants, the what-if tried,
//! and the case named by where it came from. Every command, the interview, a batch
//! and the tests go through [`Pipeline`], so the same case gets the same answer
//! everywhere, and the assessment they get is complete when it is built: nothing
//! is added to it afterwards.
//!
//! A caller chooses only what costs time, never what changes the answer:
//! - the what-if (`could_change`): on for one case and in the interview; off for
//!   a batch unless asked, for `explain`, `test` and `diff`, and for many fast
//!   assessments (the property tests, a deep safety check);
//! - the trace of every case value each rule read, for `explain`;
//! - the case's origin (`batch.jsonl:7`), which every case of a batch carries.
//!
//! ```ignore
//! let pipeline = Pipeline::new(&rules).what_if(true);
//! let assessed = pipeline.assess_json(text, &Origin::file("case.json"))?;
//! println!("{}", assessed.assessment.referral.urgency);
//! ```

mod run;
mod whatif;

pub(crate) use whatif::{matters, threshold_answers, threshold_cases};

use std::collections::HashSet;

use crate::assessment::Assessment;
use crate::case::Case;
use crate::error::Error;
use crate::evaluation::{Evaluation, Evaluator, Options, Stopped};
use crate::place::Origin;
use crate::ruleset::RuleSet;

/// How cases are assessed with one rule set. Cheap to make and to copy; shared by
/// every thread of a batch.
// Each flag is one independent cost a caller opts into, set by its own builder
// method; no combination is invalid, so they stay plain flags.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Copy)]
pub struct Pipeline<'r> {
    rules: &'r RuleSet,
    what_if: bool,
    trace_reads: bool,
    origin: bool,
    screening: bool,
    evaluator: Evaluator,
}

/// A case assessed: the assessment, complete, and the trace of what every rule
/// file did for it (its `print` lines, and with [`Pipeline::trace_reads`] every
/// case value it read).
#[derive(Debug, Clone)]
pub struct Assessed {
    pub assessment: Assessment,
    pub trace: Evaluation,
    /// With the what-if: every unanswered question whose answer could change the
    /// decision (the urgency up or down, the destination, a suggested treatment
    /// put under avoid), in vocabulary order; what the interview asks.
    pub deciding: Vec<Deciding>,
}

pub use whatif::{Combination, Deciding, Direction, Memo};

impl<'r> Pipeline<'r> {
    /// The fastest pipeline: no what-if, no trace of reads, no origin.
    pub fn new(rules: &'r RuleSet) -> Self {
        Pipeline {
            rules,
            what_if: false,
            trace_reads: false,
            origin: false,
            screening: false,
            evaluator: Evaluator::Native,
        }
    }

    /// With `on`, also try every unanswered question that applies (the
    /// what-if): the assessment's `could_change`, and `what_if_failed` for the
    /// answers on which a rule failed.
    #[must_use]
    pub fn what_if(mut self, on: bool) -> Self {
        self.what_if = on;
        self
    }

    /// With `on`, also find the worst the unanswered red-flag questions could
    /// bring together (`not_screened_worst`: one more trial, every one of them
    /// answered yes), for the day list; the what-if finds it too.
    #[must_use]
    pub fn screening(mut self, on: bool) -> Self {
        self.screening = on;
        self
    }

    /// With `on`, keep every case value each rule file read, for `explain`.
    #[must_use]
    pub fn trace_reads(mut self, on: bool) -> Self {
        self.trace_reads = on;
        self
    }

    /// With `on`, name each assessment by where its case came from (`origin`),
    /// as every case of a batch is.
    #[must_use]
    pub fn origin(mut self, on: bool) -> Self {
        self.origin = on;
        self
    }

    /// Which way the rule files run (`Evaluator`): the answer is the same every
    /// way; the differential mode checks that it is, and stops a case where not.
    #[must_use]
    pub fn evaluator(mut self, evaluator: Evaluator) -> Self {
        self.evaluator = evaluator;
        self
    }

    /// The rule set the cases are assessed with.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// A case from its JSON text (or a FHIR QuestionnaireResponse), validated
    /// against the vocabulary, then assessed. A case that is not valid is stopped
    /// with an input error and an empty trace.
    pub fn assess_json(&self, text: &str, origin: &Origin) -> Result<Assessed, Box<Stopped>> {
        let case = Case::from_json(text, origin, &self.rules.vocabulary).map_err(|error| {
            Box::new(Stopped {
                error,
                partial: Evaluation::default(),
            })
        })?;
        self.assess(&case)
    }

    /// A validated case assessed; a rule that fails stops it, with the trace up
    /// to that rule (fail loud: never a partial answer).
    pub fn assess(&self, case: &Case) -> Result<Assessed, Box<Stopped>> {
        self.assess_skipping(case, &HashSet::new())
    }

    /// As [`Pipeline::assess`], with the what-if trying no answer to the
    /// questions in `skip`: for the interview, which plans with it and will
    /// not ask those again (asked already). Its `could_change` then leaves them
    /// out, so it is not a report's; the interview's final assessment is made
    /// with [`Pipeline::assess`].
    pub fn assess_skipping(
        &self,
        case: &Case,
        skip: &HashSet<String>,
    ) -> Result<Assessed, Box<Stopped>> {
        let options = Options {
            trace_reads: self.trace_reads,
            evaluator: self.evaluator,
        };
        let (built, trace) = run::evaluated(self.rules, case, options)?;
        let (could_change, mut what_if_failed, deciding) = if self.what_if {
            let trials = Options {
                trace_reads: false,
                ..options
            };
            let found = whatif::what_if(self.rules, case, (&built, &trace), trials, skip);
            (Some(found.changes), found.failed, found.deciding)
        } else {
            (None, Vec::new(), Vec::new())
        };
        let not_screened_worst = if self.what_if || self.screening {
            match whatif::red_flags_yes(self.rules, case, &trace, &built.not_screened) {
                Ok(worst) => worst,
                // Said once: a failure the one-at-a-time trials found already
                // explains why the answers all together fail too.
                Err(failed) => {
                    if what_if_failed.is_empty() {
                        what_if_failed.push(*failed);
                    }
                    None
                }
            }
        } else {
            None
        };
        let assessment = Assessment {
            origin: self.origin.then(|| case.origin.clone()),
            could_change,
            not_screened_worst,
            what_if_failed,
            ..built
        };
        Ok(Assessed {
            assessment,
            trace,
            deciding,
        })
    }

    /// What the one-at-a-time what-if cannot see: a smallest set of the open
    /// questions of `case` (leaving out `asked`) whose answers would move its
    /// urgency in `direction` only together, or `None` when no answers in that
    /// direction can (see `whatif/joint.rs` for what this covers). `memo` keeps
    /// what was tried for the next search on the same case.
    pub fn combination(
        &self,
        case: &Case,
        asked: &HashSet<String>,
        direction: Direction,
        memo: &mut Memo,
    ) -> Result<Option<Combination>, Error> {
        whatif::combination(self.rules, case, asked, direction, memo)
    }
}

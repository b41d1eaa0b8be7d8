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

pub(crate) use whatif::{threshold_answers, threshold_cases};

use crate::assessment::Assessment;
use crate::case::Case;
use crate::evaluation::{Evaluation, Evaluator, Options, Stopped};
use crate::place::Origin;
use crate::ruleset::RuleSet;

/// How cases are assessed with one rule set. Cheap to make and to copy; shared by
/// every thread of a batch.
#[derive(Clone, Copy)]
pub struct Pipeline<'r> {
    rules: &'r RuleSet,
    what_if: bool,
    trace_reads: bool,
    origin: bool,
    evaluator: Evaluator,
}

/// A case assessed: the assessment, complete, and the trace of what every rule
/// file did for it (its `print` lines, and with [`Pipeline::trace_reads`] every
/// case value it read).
#[derive(Debug, Clone)]
pub struct Assessed {
    pub assessment: Assessment,
    pub trace: Evaluation,
}

impl<'r> Pipeline<'r> {
    /// The fastest pipeline: no what-if, no trace of reads, no origin.
    pub fn new(rules: &'r RuleSet) -> Self {
        Pipeline {
            rules,
            what_if: false,
            trace_reads: false,
            origin: false,
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
        let options = Options {
            trace_reads: self.trace_reads,
            evaluator: self.evaluator,
        };
        let (built, trace) = run::evaluated(self.rules, case, options)?;
        let (could_change, what_if_failed) = if self.what_if {
            let trials = Options {
                trace_reads: false,
                ..options
            };
            let found = whatif::what_if(self.rules, case, (&built, &trace), trials);
            (Some(found.changes), found.failed)
        } else {
            (None, Vec::new())
        };
        let assessment = Assessment {
            origin: self.origin.then(|| case.origin.clone()),
            could_change,
            what_if_failed,
            ..built
        };
        Ok(Assessed { assessment, trace })
    }
}

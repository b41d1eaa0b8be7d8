//! `triage check --deep`: every safety property tried on generated cases.
//!
//! Case `g` of a run is case `g / P` of property `g % P` (P properties), so the
//! budget is shared evenly and a short run still tries every property. Each case
//! is assessed once and judged against every property whose premise it meets,
//! not only the one it was made for. The cases run on every core; what is kept
//! of each (counts, and the number of the first failing case) does not depend on
//! which thread ran it, so a run is the same on any machine. Each property's
//! first failing case is then made again from its number and minimised.

use rayon::prelude::*;

use super::domain::Domains;
use super::generator::Generator;
use super::minimise::minimise;
use super::property::Property;
use crate::assessment::Assessment;
use crate::case::Case;
use crate::error::Error;
use crate::pipeline::Pipeline;
use crate::ruleset::RuleSet;

/// The default number of cases: enough to reach every value of every field the
/// rules read for every property many times over, in well under two minutes on
/// two cores.
pub(crate) const DEFAULT_CASES: usize = 100_000;

/// The default seed.
pub(crate) const DEFAULT_SEED: u64 = 19;

/// What one property met in a run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Cases that met its premise (and so were judged against it).
    pub tried: u64,
    /// Of those, how many broke it.
    pub failed: u64,
    /// The number of its first failing case, if any.
    pub first: Option<usize>,
}

/// A failing case made small, with what the tool said of it.
#[derive(Debug, Clone)]
pub(crate) struct Counterexample {
    pub case: Case,
    /// `Ok` with the assessment, or the error the rules stopped on.
    pub result: Result<Assessment, Error>,
}

/// The result of a deep check.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub cases: usize,
    pub seed: u64,
    /// One per property, in file order.
    pub outcomes: Vec<Outcome>,
    /// The minimised counterexample of each property that failed.
    pub counterexamples: Vec<Option<Counterexample>>,
    /// Cases the rules stopped on with an error (a finding of its own).
    pub errors: u64,
    /// The first such case, minimised.
    pub error_case: Option<Counterexample>,
}

/// Counts kept while the cases run.
#[derive(Debug, Clone)]
struct Tally {
    outcomes: Vec<Outcome>,
    errors: u64,
    first_error: Option<usize>,
}

impl Tally {
    fn new(properties: usize) -> Tally {
        Tally {
            outcomes: vec![Outcome::default(); properties],
            errors: 0,
            first_error: None,
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (mine, theirs) in self.outcomes.iter_mut().zip(other.outcomes) {
            mine.tried += theirs.tried;
            mine.failed += theirs.failed;
            mine.first = min(mine.first, theirs.first);
        }
        self.errors += other.errors;
        self.first_error = min(self.first_error, other.first_error);
        self
    }
}

fn min(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether `property` fails on `case` (its premise holds, and the assessment
/// it is about breaks it).
fn breaks(property: &Property, rules: &RuleSet, case: &Case, assessment: &Assessment) -> bool {
    property.premise_holds(case, &rules.vocabulary)
        && property.outcome_in_scope(assessment, &rules.scale)
        && !property.violations(assessment, &rules.scale).is_empty()
}

/// Runs `cases` cases over `properties`, calling `progress` with each number
/// of cases done.
pub(crate) fn run(
    rules: &RuleSet,
    properties: &[Property],
    fixtures: &[Case],
    cases: usize,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Run {
    let domains = Domains::of(rules, properties);
    let generator = Generator {
        vocabulary: &rules.vocabulary,
        domains: &domains,
        fixtures,
        properties,
        seed,
    };
    let count = properties.len().max(1);
    let tally = (0..cases)
        .into_par_iter()
        .fold(
            || Tally::new(properties.len()),
            |mut tally, g| {
                if let Some(case) = generator.case(g % count, g / count) {
                    judge(rules, properties, &case, g, &mut tally);
                }
                progress(1);
                tally
            },
        )
        .reduce(|| Tally::new(properties.len()), Tally::merge);
    let remake = |g: usize| generator.case(g % count, g / count);
    let counterexamples = tally
        .outcomes
        .par_iter()
        .zip(properties)
        .map(|(outcome, property)| {
            let case = remake(outcome.first?)?;
            let small = minimise(&case, &domains, &rules.vocabulary, |c| {
                assess(rules, c).is_ok_and(|a| breaks(property, rules, c, &a))
            });
            let result = assess(rules, &small);
            Some(Counterexample {
                case: small,
                result,
            })
        })
        .collect();
    let error_case = tally.first_error.and_then(remake).map(|case| {
        let small = minimise(&case, &domains, &rules.vocabulary, |c| {
            assess(rules, c).is_err()
        });
        let result = assess(rules, &small);
        Counterexample {
            case: small,
            result,
        }
    });
    Run {
        cases,
        seed,
        outcomes: tally.outcomes,
        counterexamples,
        errors: tally.errors,
        error_case,
    }
}

/// One generated case assessed through the pipeline, the one place that composes
/// an assessment, without the what-if: the deep check asks what the tool says,
/// not what would change it.
fn assess(rules: &RuleSet, case: &Case) -> Result<Assessment, Error> {
    Pipeline::new(rules)
        .assess(case)
        .map(|assessed| assessed.assessment)
        .map_err(|stopped| stopped.error)
}

/// Assesses one case and judges it against every property.
fn judge(rules: &RuleSet, properties: &[Property], case: &Case, g: usize, tally: &mut Tally) {
    let Ok(assessment) = assess(rules, case) else {
        tally.errors += 1;
        tally.first_error = min(tally.first_error, Some(g));
        return;
    };
    for (property, outcome) in properties.iter().zip(&mut tally.outcomes) {
        if !property.premise_holds(case, &rules.vocabulary)
            || !property.outcome_in_scope(&assessment, &rules.scale)
        {
            continue;
        }
        outcome.tried += 1;
        if !property.violations(&assessment, &rules.scale).is_empty() {
            outcome.failed += 1;
            outcome.first = min(outcome.first, Some(g));
        }
    }
}

//! The safety case: what the clinical safety officer declares in `rules/safety/`,
//! and the proof the tool gives of it.
//!
//! - the declaration: safety properties (`property.rs`, read by
//!   `properties_file.rs`), the hazard log (`hazard.rs`, `hazards_file.rs`, on the
//!   DCB0129 matrix of `risk.rs`), the report's templates (`template.rs`), read
//!   together and checked against the rule set's names (`spec.rs`, `names.rs`,
//!   `reading.rs`); the engine's own promises are a table in code
//!   (`guarantees.rs`);
//! - the proof: `triage check --deep` (`deep_check.rs`) tries every property on
//!   generated cases (`generator.rs`: fixtures, a sweep of every answer of every
//!   field the rules read, random combinations; `domain.rs`, `forcing.rs`,
//!   `rng.rs`), each assessed once through the pipeline (`Pipeline::new(&rules).assess`), and minimises each
//!   counterexample (`minimise.rs`) before reporting it like a `check` finding
//!   (`findings.rs`);
//! - the report: `triage safety-case` (`report.rs`).
//!
//! The commands call the functions below, and nothing else of this module.

mod deep_check;
mod domain;
mod findings;
mod forcing;
mod generator;
mod guarantees;
mod hazard;
mod hazards_file;
mod minimise;
mod names;
mod properties_file;
mod property;
mod reading;
mod report;
mod risk;
mod rng;
mod spec;
mod template;

pub(crate) use deep_check::{DEFAULT_CASES, DEFAULT_SEED};
pub use guarantees::{GUARANTEES, Guarantee};
pub(crate) use template::ReportFormat;

pub(crate) use deep_check::Run;
pub(crate) use spec::Spec;

use crate::case::Case;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::ruleset::{Loaded, RuleSet};
use report::{About, Context};

/// `check`'s findings for the safety files, and the declared safety case when
/// they have no error. The one place `check` reads them.
pub(crate) fn check(loaded: &Loaded) -> (Option<Spec>, Vec<Diagnostic>) {
    let (spec, mut findings) = Spec::check(loaded);
    if let Some(spec) = &spec {
        let problems = report::check_templates(&About::of_loaded(loaded), spec);
        findings.extend(
            problems
                .iter()
                .flat_map(Error::flatten)
                .map(Error::diagnostic),
        );
        if !problems.is_empty() {
            return (None, findings);
        }
    }
    (spec, findings)
}

/// The declared safety case of a loaded rule set, or the errors `check` finds
/// in it: the rules are not used when their safety files are broken.
pub(crate) fn load(rules: &RuleSet) -> Result<Spec, Error> {
    let spec = Spec::of(rules)?;
    Error::all(report::check_templates(&About::of_rules(rules), &spec))?;
    Ok(spec)
}

/// Tries every property of `spec` on `cases` generated cases (seeded), calling
/// `progress` as cases are done.
pub(crate) fn deep_check(
    rules: &RuleSet,
    spec: &Spec,
    fixtures: &[Case],
    cases: usize,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Run {
    deep_check::run(rules, &spec.properties, fixtures, cases, seed, progress)
}

/// A run's findings, rendered like `check`'s, in file order.
pub(crate) fn deep_findings(run: &Run, spec: &Spec, rules: &RuleSet) -> Vec<String> {
    findings::render(run, &spec.properties, rules)
}

/// Whether a run found nothing wrong: every property tried and held, no rule error.
pub(crate) fn proved(run: &Run) -> bool {
    run.errors == 0 && run.outcomes.iter().all(|o| o.tried > 0 && o.failed == 0)
}

/// The safety case report for a run, in `format`, dated `date` (`YYYY-MM-DD`).
pub(crate) fn safety_case(
    rules: &RuleSet,
    spec: &Spec,
    run: &Run,
    format: ReportFormat,
    date: String,
) -> Result<String, Error> {
    let context = Context::build(&About::of_rules(rules), spec, Some(run), date);
    report::render(&context, spec, format)
}

/// The report's date: `TRIAGE_TODAY`, else today.
pub(crate) fn today() -> Result<String, String> {
    report::today()
}

//! How a case is evaluated: whether reads are traced, and which way the rule
//! files run (the answer is the same every way).

use std::sync::OnceLock;

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep every case value each rule read (for `explain` and `test`); `assess`
    /// does not pay for it. Files then always run in Rhai.
    pub trace_reads: bool,
    /// Which way the files run; the answer is the same every way.
    pub evaluator: Evaluator,
}

/// Which way the rule files run. The answer never differs; the differential
/// mode checks that it does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Evaluator {
    /// Natively where the native evaluation can tell, in Rhai otherwise; or as
    /// the environment variable `TRIAGE_EVALUATOR` says (`rhai`, `differential`).
    #[default]
    Native,
    /// Every file in Rhai.
    Rhai,
    /// Every file in Rhai, and natively too where the native evaluation can tell:
    /// any difference between the two traces stops the case with an error.
    Differential,
}

impl Evaluator {
    /// The names `TRIAGE_EVALUATOR` takes.
    pub const NAMES: &'static str = "native, rhai or differential";

    /// The evaluator `TRIAGE_EVALUATOR` names, or `None` for a name it does not
    /// know: the command line refuses such a name before any case is assessed,
    /// so nothing falls back in silence.
    #[must_use]
    pub fn named(name: &str) -> Option<Evaluator> {
        match name {
            "native" | "" => Some(Evaluator::Native),
            "rhai" => Some(Evaluator::Rhai),
            "differential" => Some(Evaluator::Differential),
            _ => None,
        }
    }

    /// The evaluator to use: the default gives way to `TRIAGE_EVALUATOR`.
    pub(super) fn resolved(self) -> Evaluator {
        static FROM_ENV: OnceLock<Option<Evaluator>> = OnceLock::new();
        match self {
            Evaluator::Native => FROM_ENV
                .get_or_init(|| {
                    let name = std::env::var("TRIAGE_EVALUATOR").ok()?;
                    match Evaluator::named(&name) {
                        Some(Evaluator::Native) => None,
                        Some(named) => Some(named),
                        None => {
                            // Only a library caller gets here: `triage` refused the name.
                            eprintln!(
                                "warning: TRIAGE_EVALUATOR={name} is not known ({}): the native evaluation is used",
                                Evaluator::NAMES
                            );
                            None
                        }
                    }
                })
                .unwrap_or(Evaluator::Native),
            other => other,
        }
    }
}

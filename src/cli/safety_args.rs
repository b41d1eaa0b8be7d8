//! The raw arguments of the safety case: `check --deep`'s generated cases and
//! `triage safety-case` (kept beside `args.rs`, which holds the rest).

use clap::{Args, ValueEnum};

/// How the deep check generates its cases (`check --deep`, `safety-case`).
#[derive(Debug, Args)]
pub struct DeepArgs {
    /// How many generated cases the deep check tries.
    #[arg(long, value_name = "N", default_value_t = crate::safety::DEFAULT_CASES)]
    pub cases: usize,

    /// The seed of the generated cases: the same seed and rules give the same cases.
    #[arg(long, value_name = "SEED", default_value_t = crate::safety::DEFAULT_SEED)]
    pub seed: u64,

    /// The folder of fixtures the deep check also starts from (skipped when absent).
    #[arg(long, value_name = "DIR", default_value = "fixtures")]
    pub fixtures: String,
}

pub(super) const SAFETY_CASE_ABOUT: &str = "\
Print the clinical safety case report (DCB0129) of the rules: their scope and intended use \
(from rules/safety/safety_case.md.j2 or .html.j2), the hazard log with each hazard's \
initial and residual risk, and the evidence for every control: a safety property verified \
over N generated cases with 0 counterexamples at the rule set's sha256 (the deep check runs \
first), or an engine guarantee and the tests that prove it, or a rule file and its review. \
The same rules give the same report, apart from its date (TRIAGE_TODAY=YYYY-MM-DD fixes it).";

pub(super) const SAFETY_CASE_EXIT: &str = "\
Exit codes:
  0  printed, and every safety property held
  1  printed, but a safety property failed (its counterexamples are on stderr)
  2  the command line was wrong
  4  the rules or their safety files could not be loaded";

/// Output format of `safety-case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SafetyCaseFormat {
    Markdown,
    Html,
}

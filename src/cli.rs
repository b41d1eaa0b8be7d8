//! The command line as typed: raw arguments only. What they mean is decided in
//! [`crate::app`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Triage support for physiotherapists: hip, groin and hamstring presentations.";

const LONG_ABOUT: &str = "\
Triage support for physiotherapists: hip, groin and hamstring presentations.

Describe a patient in a JSON case file and `triage assess` tells you whether and how \
urgently to refer (emergency, urgent, soon, routine, none) and to whom, which treatments \
to consider and which to avoid, when to review, and which red-flag questions were not \
answered. Every line names the rule file and line behind it.

It supports clinical judgement; it does not replace it.";

const EXIT_CODES: &str = "\
Exit codes:
  0  done, nothing wrong
  1  the command found problems (check errors, test failures, diff changes)
  2  the command line was wrong
  3  a case could not be read or is invalid (in a batch: at least one)
  4  the rules could not be loaded, or a rule failed while assessing
  5  diff: a case's urgency went down under the new rules (safety warning)";

/// `triage`: the command line.
#[derive(Debug, Parser)]
#[command(name = "triage", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess cases: referral decision, red flags, treatments, what to avoid, review plan.
    #[command(after_help = EXIT_CODES)]
    Assess(AssessArgs),
}

/// Where the rules are.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rules folder: Rhai rule files plus vocabulary.toml, treatments.toml and referrals.toml.
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
}

/// Arguments of `triage assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Case files: a .json file holds one case, a .jsonl file one case per line; `-` reads standard input.
    #[arg(value_name = "CASE", required = true)]
    pub cases: Vec<String>,

    #[command(flatten)]
    pub rules: RulesArgs,

    /// `text` is the report for reading; `json` is for other programs (one object per case).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Read standard input as JSON Lines (one case per line) instead of one case.
    #[arg(long)]
    pub jsonl: bool,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for a clinician, urgency first.
    Text,
    /// JSON, as described in the case and assessment contract.
    Json,
}

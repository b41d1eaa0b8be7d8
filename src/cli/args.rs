//! The command line as typed: raw arguments only, as clap reads them. What they
//! mean (which rules, which layout and colours, whether the what-if runs) is
//! decided once, in `settings.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use super::safety_args::{DeepArgs, SafetyCaseFormat};
use super::safety_args::{SAFETY_CASE_ABOUT, SAFETY_CASE_EXIT};

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
  4  the rules could not be loaded, or a rule failed while assessing (also on an
     answer the what-if tried: the report says which)
  5  diff: a case's urgency went down under the new rules (safety warning)
  6  the output could not be written (a reader closing the pipe early is not an error)";

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

    /// Ask the case questions one at a time, red flags first, then print the assessment.
    #[command(long_about = INTERVIEW_ABOUT, after_help = INTERVIEW_EXIT)]
    Interview(InterviewArgs),

    /// Find every mistake in the rules folder without running a case.
    #[command(long_about = CHECK_ABOUT, after_help = CHECK_EXIT)]
    Check(CheckArgs),

    /// Run every case that has an expected outcome and report pass or fail, then which rule lines never fired.
    #[command(long_about = TEST_ABOUT, after_help = TEST_EXIT)]
    Test(TestArgs),

    /// Show everything the rules did and read for one case: why it said what it said, and why not.
    #[command(long_about = EXPLAIN_ABOUT, after_help = EXPLAIN_EXIT)]
    Explain(ExplainArgs),

    /// Compare two versions of the rules on the same cases; urgencies that went down come first.
    #[command(long_about = DIFF_ABOUT, after_help = DIFF_EXIT)]
    Diff(DiffArgs),

    /// List the case fields, treatments, urgencies, destinations and the rules API.
    #[command(after_help = REFERENCE_EXIT)]
    Fields(FieldsArgs),

    /// Print a JSON Schema (draft 2020-12) of a case, for editors and other programs.
    #[command(after_help = REFERENCE_EXIT)]
    Schema(SchemaArgs),

    /// Print the case vocabulary as a FHIR R4 Questionnaire, for record systems; `assess` reads its QuestionnaireResponse.
    #[command(long_about = QUESTIONNAIRE_ABOUT, after_help = QUESTIONNAIRE_EXIT)]
    Questionnaire(QuestionnaireArgs),

    /// Print the clinical safety case: scope, the hazard log with its risks, and the evidence for every control.
    #[command(name = "safety-case", long_about = SAFETY_CASE_ABOUT, after_help = SAFETY_CASE_EXIT)]
    SafetyCase(SafetyCaseArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),

    /// Print a manual page (roff): `triage man > triage.1`, `triage man assess`, or every page with `--dir`.
    Man(ManArgs),
}

const CHECK_ABOUT: &str = "\
Find every mistake in the rules folder without running a case.

Compiles every rule file and reads every data file, then reports all problems at once, \
each with its file, line and column, the line itself and a caret: syntax errors; case \
fields that are not in the vocabulary (with a did-you-mean); treatment ids, urgencies and \
destinations that are not known; misuse of the rules API; rule files without the required \
header (Covers, Sources, Reviewed) or reviewed too long ago; treatments in the catalogue \
that no rule suggests.

Errors would change or stop an assessment; `assess` refuses rules that have any. Warnings \
(an overdue review, an unused treatment) are advice. Set TRIAGE_TODAY=YYYY-MM-DD to check \
review dates against another day.

The safety files (rules/safety/: the safety properties, the hazard log, the report's \
templates) are checked too. With --deep, every safety property is then tried on generated \
cases (every fixture, every answer of every field the rules read, every threshold, random \
combinations; seeded, so a run is repeatable), and each counterexample is printed minimised, \
at the property's line, as a case ready to save as a fixture.";

const CHECK_EXIT: &str = "\
Exit codes:
  0  no errors (warnings may have been printed; see --deny-warnings)
  1  at least one error (or a warning, with --deny-warnings), or a counterexample with --deep
  2  the command line was wrong
  4  there is no rules folder to check, or one found cannot be used (empty, incomplete)";

const TEST_ABOUT: &str = "\
Run every case that carries an expected outcome (its `expect` object) and print each \
failure: what was expected and what came out (cases the rules failed on are grouped by \
the error). Then a summary line `N passed, N failed`, then the rule lines with an action \
that fired in no case, so you can see what the cases do not cover (the first ten; \
--verbose lists every case and every such line).";

const TEST_EXIT: &str = "\
Exit codes:
  0  every case passed
  1  at least one case failed, could not be read, or no case had an expected outcome
  2  the command line was wrong
  4  the rules could not be loaded (run `triage check`)";

const EXPLAIN_ABOUT: &str = "\
Show the full trace of one case: every rule file in the order it ran (also those that did \
nothing), the case values each file read with their line, each action it took with its \
line, and the rule lines that did not fire. Suggestions the engine removed say why. The \
assessment follows.";

const EXPLAIN_EXIT: &str = "\
Exit codes:
  0  explained
  2  the command line was wrong
  3  the case could not be read or is invalid
  4  the rules could not be loaded, or a rule failed on this case (the trace up to it is shown)";

const DIFF_ABOUT: &str = "\
Assess the same cases under OLD and NEW rules and show what changed per case: urgency up or \
down, destination, red flags, treatments and avoid entries added or removed, review steps. \
Cases whose urgency went DOWN are listed first as a SAFETY WARNING.

OLD and NEW are rules folders, or a git revision and path written REV:PATH \
(for example HEAD~1:rules or main:rules; PATH is from the top of the repository, or \
./PATH from the current folder). With one --rules, it is OLD and NEW is the rules \
`assess` would use ($TRIAGE_RULES, else ./rules, ...).";

const DIFF_EXIT: &str = "\
Exit codes:
  0  no case changed
  1  some cases changed, none went down in urgency
  2  the command line was wrong
  3  a case could not be read or is not valid (the others are still compared)
  4  a rule set could not be loaded (or taken from git), or a rule failed on a case
     under OLD or NEW (those cases are listed first, and are not compared)
  5  SAFETY WARNING: at least one case's urgency went down";

const REFERENCE_EXIT: &str = "\
Exit codes:
  0  printed
  2  the command line was wrong
  4  the data files of the rules folder could not be loaded";

/// Arguments of `triage check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub rules: RulesArgs,

    /// A rule file reviewed longer ago than this many days gets a warning.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_review_age_days: u32,

    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,

    /// Check again whenever a rule or data file changes, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,

    /// Also try every safety property on generated cases and report each
    /// counterexample (see --cases, --seed, --fixtures).
    #[arg(long)]
    pub deep: bool,

    #[command(flatten)]
    pub deep_check: DeepArgs,
}

/// Arguments of `triage safety-case`.
#[derive(Debug, Args)]
pub struct SafetyCaseArgs {
    #[command(flatten)]
    pub rules: RulesArgs,

    /// `markdown`, or `html` for a page to print or publish.
    #[arg(long, value_enum, default_value_t = SafetyCaseFormat::Markdown)]
    pub format: SafetyCaseFormat,

    #[command(flatten)]
    pub deep_check: DeepArgs,
}

/// Arguments of `triage test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Case files or folders (folders are searched for .json and .jsonl files);
    /// `fixtures` when none is given. With paths given, coverage counts only the
    /// rule files those cases reached.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub rules: RulesArgs,

    /// Print every case (PASS and SKIP lines too) and every rule line that fired in no case.
    #[arg(long, short)]
    pub verbose: bool,

    /// Print only the failures and the summary, coverage as one line.
    #[arg(long, conflicts_with = "verbose")]
    pub brief: bool,

    /// Run again whenever a rule file or case changes, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Arguments of `triage explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The case file (.json; a .jsonl file explains each of its cases); `-` reads standard input.
    #[arg(value_name = "CASE")]
    pub case: String,

    #[command(flatten)]
    pub rules: RulesArgs,

    /// Show only this rule file's trace (a path such as `red_flags/cauda_equina.rhai`).
    #[arg(long, value_name = "PATH")]
    pub file: Option<String>,

    /// Show only the rule files that acted on this case.
    #[arg(long)]
    pub acted: bool,

    /// Explain again whenever a rule file or the case changes, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Arguments of `triage diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD rules, then NEW rules: a folder, or REV:PATH for a git revision (e.g. HEAD~1:rules).
    #[arg(long = "rules", value_name = "OLD|NEW", required = true)]
    pub rules: Vec<String>,

    /// Case files or folders (folders are searched for .json and .jsonl files); a
    /// JSON Lines file (.jsonl, .ndjson) is a case library of any length, one case per line.
    #[arg(value_name = "CASES", default_value = "fixtures")]
    pub cases: Vec<String>,

    /// Also list the cases whose only changes are not the urgency or the
    /// destination (treatments, avoid, review, red flags, not screened); without
    /// it they are counted by kind.
    #[arg(long)]
    pub all: bool,
    /// Also compare each case with every numeric field set just either side of each
    /// threshold the rules compare it with (and to the ends of its range): a moved
    /// threshold shows even when no case sits at it.
    #[arg(long)]
    pub thresholds: bool,
}

/// Arguments of `triage fields`.
#[derive(Debug, Args)]
pub struct FieldsArgs {
    #[command(flatten)]
    pub rules: RulesArgs,

    /// `text` for reading; `json` for other programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Arguments of `triage completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `triage man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`triage-assess(1)`); the main page without it.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,

    /// Write every page (triage.1, triage-assess.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

/// Arguments of `triage schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub rules: RulesArgs,
}

const QUESTIONNAIRE_ABOUT: &str = "\
Print the case vocabulary as a FHIR R4 Questionnaire (JSON), for a record system to \
render: one group item per section, one item per field with linkId `section.field`, \
typed from the vocabulary, its allowed values as answerOptions (valueCoding), and when \
it applies as enableWhen. Its version is the rule set's SHA-256. `triage assess` reads a \
QuestionnaireResponse to it in place of a case.";

const QUESTIONNAIRE_EXIT: &str = "\
Exit codes:
  0  printed
  2  the command line was wrong
  4  the rules could not be loaded (run `triage check`)";

/// `triage questionnaire`.
#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Where the rules are.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rules folder (Rhai rule files plus vocabulary.toml, treatments.toml and
    /// referrals.toml), or REV:PATH from git. Default: $TRIAGE_RULES, else ./rules,
    /// else the rules installed beside the binary or in the user's data folder, else
    /// the built-in rules (said on stderr). A folder found there that cannot be the
    /// rules (empty, unreadable, incomplete) is an error, never skipped.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// How an assessment is written, for `assess` and `interview` alike.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// `text` is the report for reading; `markdown` is the same for clinical notes;
    /// `json` is for other programs (one object per case).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Colour the urgency banner (and the interview's prompts): on a terminal
    /// (auto, the default, off when NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Add each suggested treatment's dosage, form cues and progression from the catalogue.
    #[arg(long)]
    pub detail: bool,
}

/// Arguments of `triage assess`.
// Each flag is one independent switch of the command line, as clap reads it.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Case files: a .json file holds one case, a .jsonl file one case per line; `-` reads standard input.
    #[arg(value_name = "CASE", required = true)]
    pub cases: Vec<String>,

    #[command(flatten)]
    pub rules: RulesArgs,

    #[command(flatten)]
    pub report: ReportArgs,

    /// Read standard input as JSON Lines (one case per line) instead of one case.
    #[arg(long)]
    pub jsonl: bool,

    /// In a batch, also try every unanswered question (the what-if, `could_change`);
    /// it is always on for a single case, off for a batch unless asked.
    #[arg(long)]
    pub what_if: bool,

    /// Skip the what-if even for a single case (the answer comes faster, without
    /// the questions that would change it).
    #[arg(long, conflicts_with = "what_if")]
    pub no_what_if: bool,

    /// Print a day list instead of the reports: one line per case (its id, or where it
    /// came from; urgency; destination; the top reason), most urgent first. Cases that
    /// could not be assessed come before all others.
    #[arg(long)]
    pub summary: bool,

    /// Also write the patient's home exercise handout to FILE: the suggested exercises
    /// in plain words with dosage, form cues and progression, and when to stop and seek
    /// help; never a treatment under avoid. FILE ending in .md or .markdown gives
    /// Markdown, .html or .htm gives HTML. One case only. With an emergency referral
    /// the handout has no exercises: it tells the patient where to go.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["summary", "jsonl"])]
    pub handout: Option<PathBuf>,
}

const INTERVIEW_ABOUT: &str = "\
Ask the case questions one at a time, with the questions from the vocabulary: age and \
region, the red-flag questions that apply, the questions that could still change the \
referral (most serious first), then the rest that apply. Questions that cannot apply, or \
that no rule reads, are skipped. Every question takes `?` (or an empty answer) for \
unknown, and `back`. As soon as the answers make it an emergency, it says so with the \
reason and destination and offers to stop. At the end it prints the assessment as \
`assess` does.

On a terminal it uses prompts with choices. Otherwise (a script) it speaks a plain \
protocol: each question is one line on stderr, \
`? <question> [<section.field>] (<allowed answers>)`, then one answer line is read from \
stdin; the offer to stop is `? ... [stop] (y/n)`. The end of input ends the questions: \
the case is assessed as it stands. An answer line that is refused ends the interview \
(exit 3, naming the line): the script's later lines were written for other questions.";

const INTERVIEW_EXIT: &str = "\
Exit codes:
  0  the interview ended and the assessment was printed
  2  the command line was wrong (a --from batch of more than one case, a --save file
     that exists without --force)
  3  the --from case is invalid, the answers ended before a required field (age,
     region), or a script's answer line was refused
  4  the rules could not be loaded, or a rule failed on the case (also on an answer
     the what-if tried: the report says which)
  6  the assessment or the --save file could not be written";

/// Arguments of `triage interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Start from this partial case (.json) and ask only what is missing.
    #[arg(long, value_name = "CASE")]
    pub from: Option<String>,

    /// Write the case as answered to FILE (JSON, unknowns left out): `assess FILE`
    /// gives the same assessment. Written whole or not at all; an existing file is
    /// replaced only with --force, and a case with no answer is not written.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Let --save replace a file that already exists.
    #[arg(long, requires = "save")]
    pub force: bool,

    #[command(flatten)]
    pub rules: RulesArgs,

    #[command(flatten)]
    pub report: ReportArgs,
}

/// Output format of `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For reading.
    Text,
    /// For other programs.
    Json,
}

/// Output format of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A report for a clinician, urgency first, wrapped to the terminal.
    Text,
    /// JSON, as described in the case and assessment contract.
    Json,
    /// The text report's content in Markdown, to paste into clinical notes.
    Markdown,
    /// A CDS Hooks 2.0 response (`{"cards": [...]}`) for a record system.
    CdsHooks,
}

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

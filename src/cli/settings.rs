//! The command line resolved once, before any command runs (ripgrep's `LowArgs`
//! to `HiArgs`): `args.rs` holds what was typed, [`Settings`] what it means. The
//! rule set, the output format, the layout of stdout, the colours of stdout and
//! stderr, whether the what-if runs and what to watch are decided here and
//! nowhere else, so two commands given the same flags cannot read them in two
//! ways.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::args::{ColorWhen, Command, ReportArgs, ReportFormat, RulesArgs};
use super::failure::Failure;
use crate::case::is_jsonl;
use crate::evaluation::Evaluator;
use crate::report::{Detail, Layout};
use crate::ruleset::{RuleSource, candidates, discover};

/// The environment variable that names the rules folder when `--rules` does not.
pub(crate) const RULES_VARIABLE: &str = "TRIAGE_RULES";
/// The environment variable that chooses how rule files run (the answer is the same).
const EVALUATOR_VARIABLE: &str = "TRIAGE_EVALUATOR";

/// What the command line means for this run.
// Each flag is one independent decision read from the command line once.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub(crate) struct Settings {
    /// The rule set every command uses (for `diff`, NEW), resolved by
    /// [`resolve_rules`]; `None` for the commands that use none (completions, man).
    rules: Option<RuleSource>,
    /// `diff`: the OLD rule set.
    pub(crate) old_rules: Option<RuleSource>,
    /// How an assessment is written.
    pub(crate) format: ReportFormat,
    /// The text layout of stdout: width, colour, detail.
    pub(crate) layout: Layout,
    /// Whether to colour what is drawn on stderr (the interview's prompts).
    pub(crate) stderr_color: bool,
    /// `assess`: whether the cases are a batch (several, JSON Lines, a day list).
    pub(crate) batch: bool,
    /// Whether every case gets the what-if: on for one case and the interview,
    /// off for a batch unless `--what-if`, off with `--no-what-if`.
    pub(crate) what_if: bool,
    /// `assess --summary`: whether every case also gets the worst its unanswered
    /// red-flag questions could bring (the day list shows it).
    pub(crate) screening: bool,
    /// `--watch`: the files and folders to watch, when asked.
    pub(crate) watch: Option<Vec<PathBuf>>,
}

impl Settings {
    /// The settings `command` asks for; a failure when they cannot be resolved
    /// (a rules folder that cannot be used, a flag that contradicts another).
    pub(crate) fn of(command: &Command) -> Result<Settings, Failure> {
        evaluator_named()?;
        let mut settings = Settings {
            rules: None,
            old_rules: None,
            format: ReportFormat::Text,
            layout: layout(ColorWhen::Auto, false),
            stderr_color: colored(ColorWhen::Auto, &std::io::stderr()),
            batch: false,
            what_if: false,
            screening: false,
            watch: None,
        };
        match command {
            Command::Assess(args) => {
                settings.rules = Some(rules_of(&args.rules)?);
                settings.report(&args.report);
                settings.batch = args.cases.len() > 1
                    || args.jsonl
                    || args.summary
                    || args.cases.iter().any(|path| is_jsonl(path));
                settings.what_if = args.what_if || (!args.no_what_if && !settings.batch);
                settings.screening = args.summary;
            }
            Command::Interview(args) => {
                settings.rules = Some(rules_of(&args.rules)?);
                settings.report(&args.report);
                settings.what_if = true;
            }
            Command::Check(args) => {
                settings.rules = Some(rules_of(&args.rules)?);
                settings.watch_if(args.watch, &[]);
            }
            Command::Test(args) => {
                settings.rules = Some(rules_of(&args.rules)?);
                let paths: Vec<PathBuf> = args.paths.iter().map(PathBuf::from).collect();
                settings.watch_if(args.watch, &paths);
            }
            Command::Explain(args) => {
                if args.watch && args.case == "-" {
                    return Err(Failure::usage(
                        "--watch needs a case file: standard input can be read only once",
                    ));
                }
                settings.rules = Some(rules_of(&args.rules)?);
                settings.watch_if(args.watch, &[PathBuf::from(&args.case)]);
            }
            Command::Diff(args) => {
                let (old, new) = match args.rules.as_slice() {
                    [old] => (old, None),
                    [old, new] => (old, Some(new)),
                    _ => {
                        return Err(Failure::usage(
                            "give two rule sets: --rules OLD --rules NEW (a folder, or REV:PATH from git)",
                        ));
                    }
                };
                settings.old_rules = Some(RuleSource::parse(old));
                settings.rules = Some(match new {
                    Some(new) => RuleSource::parse(new),
                    None => resolve_rules(None)?,
                });
            }
            Command::Fields(args) => settings.rules = Some(rules_of(&args.rules)?),
            Command::Schema(args) => settings.rules = Some(rules_of(&args.rules)?),
            Command::Questionnaire(args) => settings.rules = Some(rules_of(&args.rules)?),
            Command::SafetyCase(args) => settings.rules = Some(rules_of(&args.rules)?),
            Command::Completions(_) | Command::Man(_) => {}
        }
        Ok(settings)
    }

    /// The rule set of this run.
    pub(crate) fn rules(&self) -> Result<&RuleSource, Failure> {
        self.rules
            .as_ref()
            .ok_or_else(|| Failure::usage("this command uses no rules"))
    }

    fn report(&mut self, args: &ReportArgs) {
        self.format = args.format;
        self.layout = layout(args.color, args.detail);
        self.stderr_color = colored(args.color, &std::io::stderr());
    }

    /// With `watch`, the rules folder (when the rules are in one) and `more`.
    fn watch_if(&mut self, watch: bool, more: &[PathBuf]) {
        if !watch {
            return;
        }
        let mut paths: Vec<PathBuf> = match &self.rules {
            Some(RuleSource::Folder(dir)) => vec![dir.clone()],
            _ => Vec::new(),
        };
        paths.extend(more.iter().cloned());
        self.watch = Some(paths);
    }
}

fn rules_of(args: &RulesArgs) -> Result<RuleSource, Failure> {
    resolve_rules(args.rules.as_deref())
}

/// The rule set to use, the same for every command: `given` (`--rules DIR`, or
/// `TRIAGE_EVALUATOR`, when set, names an evaluator: any other value is refused
/// rather than run another way than asked.
fn evaluator_named() -> Result<(), Failure> {
    let Some(name) = std::env::var_os(EVALUATOR_VARIABLE) else {
        return Ok(());
    };
    match name.to_str().map(Evaluator::named) {
        Some(Some(_)) => Ok(()),
        _ => Err(Failure::usage(format!(
            "{EVALUATOR_VARIABLE}={} is not an evaluator: use {}, or unset it",
            name.to_string_lossy(),
            Evaluator::NAMES
        ))),
    }
}

/// `REV:PATH` from git), else what `TRIAGE_RULES` names, else the first candidate folder that
/// exists (`./rules`, beside the binary, the user's data folder), else the rules
/// built into the binary.
///
/// Nothing falls back in silence: `TRIAGE_RULES` set but empty, or a candidate
/// that exists but cannot be the rules (empty, unreadable, incomplete, not a
/// folder), is a failure naming it; the built-in rules are said on stderr.
pub(crate) fn resolve_rules(given: Option<&Path>) -> Result<RuleSource, Failure> {
    if let Some(dir) = given {
        return Ok(named(dir));
    }
    if let Some(dir) = std::env::var_os(RULES_VARIABLE) {
        if dir.is_empty() {
            return Err(Failure::message(
                super::exit::Exit::RuleError,
                format!(
                    "{RULES_VARIABLE} is set but empty, so it names no rules folder: name one in it, or unset it; the rules are never taken from elsewhere in its place"
                ),
            ));
        }
        return Ok(named(Path::new(&dir)));
    }
    let discovered = discover(&candidates())
        .map_err(|error| Failure::of(error).then("no rules were loaded, so nothing was done"))?;
    if discovered.source == RuleSource::Embedded {
        eprintln!(
            "note: using the {}: no rules folder was found (looked in {}); name one with --rules DIR or {RULES_VARIABLE}",
            discovered.source.shown(),
            discovered.looked_in.join(", ")
        );
    }
    Ok(discovered.source)
}

/// The rules a user named: a folder, or a git `REV:PATH` (as `diff` reads them).
fn named(given: &Path) -> RuleSource {
    given.to_str().map_or_else(
        || RuleSource::Folder(given.to_path_buf()),
        RuleSource::parse,
    )
}

/// The text layout of stdout: the terminal's width and colour when it is a
/// terminal, 80 columns and no colour otherwise (a pipe, a file, `NO_COLOR`,
/// `--color never`).
fn layout(color: ColorWhen, detail: bool) -> Layout {
    let width = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0))
    } else {
        80
    };
    Layout {
        width: width.clamp(40, 160),
        color: colored(color, &std::io::stdout()),
        detail: Detail { treatments: detail },
    }
}

/// Whether to colour `stream`: as asked, or (auto) when it is a terminal and
/// `NO_COLOR` is not set.
fn colored<S: anstream::stream::RawStream>(when: ColorWhen, stream: &S) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => !matches!(
            anstream::AutoStream::choice(stream),
            anstream::ColorChoice::Never
        ),
    }
}

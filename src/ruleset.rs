//! A rule set: the folder of Rhai rule files and data files, loaded and compiled
//! once, fingerprinted with SHA-256 so every assessment names the exact rules used.

use std::fs;
use std::path::{Path, PathBuf};

use rhai::{EvalAltResult, Position};
use sha2::{Digest, Sha256};

use crate::case::Case;
use crate::catalogue::Catalogue;
use crate::engine::{Action, FileTrace, RuleEngine, RunFailure, case_sections, limits};
use crate::error::{Error, Location};
use crate::scale::Scale;
use crate::suggest::closest;
use crate::vocabulary::Vocabulary;

/// The case vocabulary file inside a rules folder.
pub const VOCABULARY_FILE: &str = "vocabulary.toml";
/// The treatment catalogue file inside a rules folder.
pub const TREATMENTS_FILE: &str = "treatments.toml";
/// The referral scale (urgencies and destinations) inside a rules folder.
pub const REFERRALS_FILE: &str = "referrals.toml";

/// One compiled rule file.
pub struct RuleFile {
    /// Path as shown to users, e.g. `rules/red_flags/fracture.rhai`.
    pub path: String,
    pub source: String,
    pub ast: rhai::AST,
}

/// The fingerprint of a rule set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fingerprint {
    /// SHA-256 over every rule and data file (paths and contents, in path order).
    pub sha256: String,
    /// How many files went into the hash.
    pub files: usize,
}

/// Everything needed to assess cases, loaded from one folder.
pub struct RuleSet {
    pub dir: PathBuf,
    /// How the folder is named in messages (the path as typed, or `REV:rules`).
    pub shown_dir: String,
    pub vocabulary: Vocabulary,
    pub catalogue: Catalogue,
    pub scale: Scale,
    pub rules: Vec<RuleFile>,
    pub fingerprint: Fingerprint,
    engine: RuleEngine,
}

/// What all rule files did for one case, file by file, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub files: Vec<FileTrace>,
}

/// A rule or data file as read from a rules folder.
pub struct SourceFile {
    /// Path inside the rules folder, with forward slashes (`red_flags/fracture.rhai`).
    pub relative: String,
    /// Path as shown to users (`rules/red_flags/fracture.rhai`).
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// Whether this is a Rhai rule file (the others are data files).
    pub fn is_rule(&self) -> bool {
        self.relative.ends_with(".rhai")
    }
}

/// A rules folder as read and compiled, problems and all. `triage check` inspects
/// this directly, so that one broken file does not hide the problems of the others;
/// [`RuleSet::load`] turns it into a rule set only when nothing is wrong.
pub struct Loaded {
    pub dir: PathBuf,
    /// How the folder is named in messages (the path as typed, or `REV:rules`).
    pub shown_dir: String,
    /// Every `.rhai` and `.toml` file, in path order.
    pub sources: Vec<SourceFile>,
    pub fingerprint: Fingerprint,
    pub vocabulary: Option<Vocabulary>,
    pub catalogue: Option<Catalogue>,
    pub scale: Option<Scale>,
    /// The rule files that compiled.
    pub rules: Vec<RuleFile>,
    /// Rule files not compiled because the vocabulary (which names the sections) did not load.
    pub not_compiled: Vec<String>,
    /// Problems found while reading data files and compiling rule files.
    pub problems: Vec<Error>,
    engine: RuleEngine,
}

impl Loaded {
    /// Reads every file of a rules folder and compiles every rule file, collecting
    /// all problems. Fails only when the folder itself cannot be read.
    pub fn read(dir: &Path) -> Result<Loaded, Error> {
        Loaded::read_as(dir, &display_path(dir))
    }

    /// Like [`Loaded::read`], naming the folder `shown_dir` in every message (used
    /// for rules taken from a git revision into a temporary folder).
    pub fn read_as(dir: &Path, shown_dir: &str) -> Result<Loaded, Error> {
        if !dir.is_dir() {
            return Err(Error::RulesUnreadable {
                path: shown_dir.to_string(),
                reason: "no rules folder here (give one with --rules DIR)".to_string(),
            });
        }
        let mut files = Vec::new();
        collect_files(dir, dir, &mut files).map_err(|e| Error::RulesUnreadable {
            path: shown_dir.to_string(),
            reason: e.to_string(),
        })?;
        files.sort();

        let mut problems = Vec::new();
        let mut hasher = Sha256::new();
        let mut sources = Vec::new();
        for relative in &files {
            let relative_text = relative.to_string_lossy().replace('\\', "/");
            let shown = shown_path(shown_dir, &relative_text);
            let text = match fs::read(dir.join(relative)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(error) => {
                        problems.push(Error::RulesUnreadable {
                            path: shown,
                            reason: format!(
                                "is not UTF-8 text ({}); save it as UTF-8",
                                crate::input::not_utf8_place(error.as_bytes(), &error.utf8_error())
                            ),
                        });
                        continue;
                    }
                },
                Err(error) => {
                    problems.push(Error::RulesUnreadable {
                        path: shown,
                        reason: error.to_string(),
                    });
                    continue;
                }
            };
            hasher.update(relative_text.as_bytes());
            hasher.update([0]);
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
            sources.push(SourceFile {
                relative: relative_text,
                path: shown,
                text,
            });
        }
        let fingerprint = Fingerprint {
            sha256: hex(&hasher.finalize()),
            files: sources.len(),
        };

        let data = |name: &str| sources.iter().find(|source| source.relative == name);
        let mut parse_data = |name: &str| match data(name) {
            Some(source) => Some(source),
            None => {
                problems.push(Error::RulesUnreadable {
                    path: shown_path(shown_dir, name),
                    reason: "is missing: every rules folder needs it".to_string(),
                });
                None
            }
        };
        let vocabulary_file = parse_data(VOCABULARY_FILE);
        let treatments_file = parse_data(TREATMENTS_FILE);
        let referrals_file = parse_data(REFERRALS_FILE);
        let vocabulary = vocabulary_file.and_then(|f| {
            Vocabulary::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });
        let catalogue = treatments_file.and_then(|f| {
            Catalogue::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });
        let scale = referrals_file.and_then(|f| {
            Scale::from_toml(&f.path, &f.text)
                .map_err(|e| problems.push(e))
                .ok()
        });

        let engine = RuleEngine::new();
        let mut rules = Vec::new();
        let mut not_compiled = Vec::new();
        match &vocabulary {
            Some(vocabulary) => {
                let section_names: Vec<String> = vocabulary.sections.keys().cloned().collect();
                for source in sources.iter().filter(|s| s.is_rule()) {
                    match engine.compile(&source.text, &section_names) {
                        Ok(mut ast) => {
                            ast.set_source(source.path.as_str());
                            rules.push(RuleFile {
                                path: source.path.clone(),
                                source: source.text.clone(),
                                ast,
                            });
                        }
                        Err(error) => problems.push(parse_error(
                            &source.path,
                            &source.text,
                            &error,
                            &section_names,
                        )),
                    }
                }
            }
            None => {
                not_compiled = sources
                    .iter()
                    .filter(|s| s.is_rule())
                    .map(|s| s.path.clone())
                    .collect();
            }
        }

        Ok(Loaded {
            dir: dir.to_path_buf(),
            shown_dir: shown_dir.to_string(),
            sources,
            fingerprint,
            vocabulary,
            catalogue,
            scale,
            rules,
            not_compiled,
            problems,
            engine,
        })
    }

    /// The section variable names rules may read (empty when the vocabulary did not load).
    pub fn section_names(&self) -> Vec<String> {
        self.vocabulary
            .as_ref()
            .map(|v| v.sections.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The path shown for `name` inside this folder, e.g. `rules/treatments.toml`.
    pub fn shown(&self, name: &str) -> String {
        shown_path(&self.shown_dir, name)
    }

    /// A rule set, when nothing that would change an outcome is wrong: loading
    /// problems and the static errors of [`crate::lint::outcome_errors`] (unknown
    /// fields, ids, urgencies, destinations, misused rules API). Header problems and
    /// warnings are left to `triage check`.
    pub fn into_rule_set(self) -> Result<RuleSet, Error> {
        let mut problems = self.problems.clone();
        problems.extend(crate::lint::outcome_errors(&self));
        problems.sort_by_cached_key(crate::lint::sort_key);
        match (self.vocabulary, self.catalogue, self.scale) {
            (Some(vocabulary), Some(catalogue), Some(scale)) if problems.is_empty() => {
                Ok(RuleSet {
                    dir: self.dir,
                    shown_dir: self.shown_dir,
                    vocabulary,
                    catalogue,
                    scale,
                    rules: self.rules,
                    fingerprint: self.fingerprint,
                    engine: self.engine,
                })
            }
            _ if problems.len() == 1 => Err(problems.remove(0)),
            _ => Err(Error::RulesInvalid(problems)),
        }
    }
}

/// `shown_dir/relative`, or just `relative` for the current folder.
fn shown_path(shown_dir: &str, relative: &str) -> String {
    let dir = shown_dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        relative.to_string()
    } else {
        format!("{dir}/{relative}")
    }
}

impl RuleSet {
    /// Loads and compiles a rules folder, reporting every problem at once.
    pub fn load(dir: &Path) -> Result<RuleSet, Error> {
        Loaded::read(dir)?.into_rule_set()
    }

    /// Loads a rules folder that is shown as `shown_dir` in messages and traces.
    pub fn load_as(dir: &Path, shown_dir: &str) -> Result<RuleSet, Error> {
        Loaded::read_as(dir, shown_dir)?.into_rule_set()
    }

    /// The engine the rules were compiled with.
    pub fn engine(&self) -> &RuleEngine {
        &self.engine
    }

    /// Runs every rule file on the case, in path order. Any rule error stops the
    /// whole evaluation: there is never a partial answer.
    pub fn evaluate(&self, case: &Case) -> Result<Evaluation, Error> {
        match self.evaluate_traced(case) {
            (evaluation, None) => Ok(evaluation),
            (_, Some(error)) => Err(error),
        }
    }

    /// Runs the rule files like [`RuleSet::evaluate`], but keeps the trace of every
    /// file that ran, including the one that failed, for `triage explain`.
    pub fn evaluate_traced(&self, case: &Case) -> (Evaluation, Option<Error>) {
        let sections = case_sections(case);
        let guard = self.engine.begin();
        let mut evaluation = Evaluation::default();
        for rule in &self.rules {
            let (trace, result) = self
                .engine
                .run_file(&guard, &rule.path, &rule.ast, &sections);
            let checked = match result {
                Err(failure) => Err(self.run_error(rule, failure)),
                Ok(()) => self.check_actions(rule, &trace),
            };
            evaluation.files.push(trace);
            if let Err(error) = checked {
                return (evaluation, Some(error));
            }
        }
        (evaluation, None)
    }

    /// Checks every action of a rule file against the scale and catalogue.
    fn check_actions(&self, rule: &RuleFile, trace: &FileTrace) -> Result<(), Error> {
        let catalogue_file = shown_path(&self.shown_dir, TREATMENTS_FILE);
        for recorded in &trace.actions {
            let problem = match &recorded.action {
                Action::Refer {
                    urgency,
                    destination,
                    reason,
                } => urgency_problem(&self.scale, urgency)
                    .or_else(|| destination_problem(&self.scale, destination))
                    .or_else(|| blank_problem(reason, "refer() needs a reason")),
                Action::Suggest { treatment, why } | Action::Avoid { treatment, why } => {
                    treatment_problem(&self.catalogue, &catalogue_file, treatment)
                        .or_else(|| blank_problem(why, "give the reason as the second argument"))
                }
                Action::RedFlag { id, text } => blank_problem(id, "red_flag() needs an id")
                    .or_else(|| blank_problem(text, "red_flag() needs a text")),
                Action::Review { text } => blank_problem(text, "review() needs a text"),
            };
            if let Some(problem) = problem {
                let at = Location::in_source(
                    &rule.path,
                    &rule.source,
                    recorded.origin.line,
                    recorded.origin.column,
                );
                return Err(problem.at(at));
            }
        }
        Ok(())
    }

    fn run_error(&self, rule: &RuleFile, failure: RunFailure) -> Error {
        match failure {
            RunFailure::Script(error) => script_error(rule, *error),
            RunFailure::TimedOut(position) => Error::rule(
                located(rule, position),
                format!(
                    "the rules ran longer than {} ms on this case and were stopped (is there a loop that never ends?)",
                    limits::MAX_TIME_PER_CASE.as_millis()
                ),
            ),
            RunFailure::Panicked(message) => Error::rule(
                Location::file_only(&rule.path),
                format!("the rule engine failed while running this file ({message}); the assessment was stopped"),
            )
            .with_help("this is usually an assignment with `=` where `==` was meant, or a change to a constant"),
        }
    }
}

/// A problem with one argument of a rules-API call, before it is given a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgProblem {
    pub message: String,
    pub help: Option<String>,
}

impl ArgProblem {
    /// The problem as a rule error at `location`.
    pub fn at(self, location: Location) -> Error {
        let error = Error::rule(location, self.message);
        match self.help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }
}

fn with_hint(word: &str, known: &[&str], what: &str) -> String {
    let all = format!("{what} {}", known.join(", "));
    match closest(word, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? ({all})"),
        None => all,
    }
}

/// Why `urgency` cannot be given to refer(), if it cannot. Shared by the run-time
/// check and `triage check`, so both say the same thing.
pub fn urgency_problem(scale: &Scale, urgency: &str) -> Option<ArgProblem> {
    let referable: Vec<&str> = scale.urgencies[1..].iter().map(|u| u.id.as_str()).collect();
    if referable.contains(&urgency) {
        return None;
    }
    if urgency == scale.lowest().id {
        return Some(ArgProblem {
            message: format!("refer() with urgency \"{urgency}\" is not a referral"),
            help: Some("leave the refer() out instead".to_string()),
        });
    }
    Some(ArgProblem {
        message: format!("unknown urgency \"{urgency}\""),
        help: Some(with_hint(urgency, &referable, "the urgencies are")),
    })
}

/// Why `destination` cannot be given to refer(), if it cannot.
pub fn destination_problem(scale: &Scale, destination: &str) -> Option<ArgProblem> {
    if scale.destination(destination).is_some() {
        return None;
    }
    let known: Vec<&str> = scale.destinations.iter().map(|d| d.id.as_str()).collect();
    Some(ArgProblem {
        message: format!("unknown destination \"{destination}\""),
        help: Some(with_hint(destination, &known, "the destinations are")),
    })
}

/// Why `treatment` cannot be suggested or avoided, if it cannot.
pub fn treatment_problem(
    catalogue: &Catalogue,
    catalogue_file: &str,
    treatment: &str,
) -> Option<ArgProblem> {
    if catalogue.get(treatment).is_some() {
        return None;
    }
    let ids = || catalogue.treatments.keys().map(String::as_str);
    let containing = || ids().find(|id| treatment.len() >= 4 && id.contains(treatment));
    // `postural_advice` for `postural_education`: the same first word, if only one id has it.
    let same_first_word = || {
        let first = treatment.split('_').next().filter(|w| w.len() >= 4)?;
        let mut matching = ids().filter(|id| id.split('_').next() == Some(first));
        matching.next().filter(|_| matching.next().is_none())
    };
    let help = match closest(treatment, ids())
        .or_else(containing)
        .or_else(same_first_word)
    {
        Some(close) => {
            format!("did you mean `{close}`? Every treatment must be in {catalogue_file}")
        }
        None => format!("every treatment must be in {catalogue_file} (see `triage fields`)"),
    };
    Some(ArgProblem {
        message: format!("unknown treatment \"{treatment}\""),
        help: Some(help),
    })
}

/// A problem when a text argument is blank.
pub fn blank_problem(text: &str, message: &str) -> Option<ArgProblem> {
    text.trim().is_empty().then(|| ArgProblem {
        message: message.to_string(),
        help: None,
    })
}

fn located(rule: &RuleFile, position: Position) -> Location {
    match (position.line(), position.position()) {
        (Some(line), column) => {
            Location::in_source(&rule.path, &rule.source, line, column.unwrap_or(1))
        }
        (None, _) => Location::file_only(&rule.path),
    }
}

/// Turns a Rhai runtime error into a located rule error with a plain message.
fn script_error(rule: &RuleFile, error: EvalAltResult) -> Error {
    // Errors inside a rule's own function are wrapped; the inner one has the real line.
    let mut error = error;
    let mut inside = None;
    while let EvalAltResult::ErrorInFunctionCall(name, _, inner, _) = error {
        inside.get_or_insert(name);
        error = *inner;
    }
    let position = error.position();
    let (message, help) = plain_runtime_message(error);
    let message = match inside {
        Some(name) => format!("{message} (in function `{name}`)"),
        None => message,
    };
    let located_error = Error::rule(located(rule, position), message);
    match help {
        Some(help) => located_error.with_help(help),
        None => located_error,
    }
}

fn plain_runtime_message(mut error: EvalAltResult) -> (String, Option<String>) {
    use EvalAltResult as E;
    let api_help = "the rules API is refer(urgency, destination, reason), red_flag(id, text), suggest(treatment, why), avoid(treatment, why), review(text): each argument is text in quotes";
    match &error {
        E::ErrorRuntime(value, _) => (value.to_string(), None),
        E::ErrorTooManyOperations(_) => (
            format!(
                "the rule was stopped after {} operations (is there a loop that never ends?)",
                limits::MAX_OPERATIONS
            ),
            None,
        ),
        E::ErrorStackOverflow(_) => (
            "too many nested function calls: the rule was stopped (runaway recursion?)".to_string(),
            None,
        ),
        E::ErrorDataTooLarge(what, _) => (
            format!("{what} grew larger than the engine allows; the rule was stopped"),
            None,
        ),
        E::ErrorTerminated(_, _) => ("the rule was stopped by the time limit".to_string(), None),
        E::ErrorMismatchDataType(expected, actual, _) if actual == "()" => (
            format!("a value here is unknown (not answered) where {expected} was needed"),
            Some(
                "unknown is not \"no\": write yes(x), no(x) or known(x), or compare with `== true`"
                    .to_string(),
            ),
        ),
        E::ErrorFunctionNotFound(signature, _) if signature.contains("()") => (
            format!("cannot use an unknown (not answered) value here: {signature}"),
            Some(
                "check known(x) first, or use yes(x) / no(x), which treat unknown safely"
                    .to_string(),
            ),
        ),
        E::ErrorFunctionNotFound(signature, _) => {
            let name = signature.split([' ', '(']).next().unwrap_or_default();
            let is_api = ["refer", "red_flag", "suggest", "avoid", "review"].contains(&name);
            (
                format!("no function {signature}"),
                is_api.then(|| api_help.to_string()),
            )
        }
        E::ErrorVariableNotFound(name, _) => (format!("unknown variable `{name}`"), None),
        E::ErrorAssignmentToConstant(name, _) => (
            format!("`{name}` is read-only and cannot be assigned (to compare, write `==`)"),
            None,
        ),
        E::ErrorDotExpr(message, _) | E::ErrorPropertyNotFound(message, _) => {
            (message.to_string(), None)
        }
        _ => {
            error.clear_position();
            (error.to_string(), None)
        }
    }
}

/// Turns a Rhai parse error into a located rule error.
fn parse_error(path: &str, source: &str, error: &rhai::ParseError, sections: &[String]) -> Error {
    let position = error.position();
    let location = match position.line() {
        Some(line) => Location::in_source(path, source, line, position.position().unwrap_or(1)),
        None => Location::file_only(path),
    };
    match error.err_type() {
        rhai::ParseErrorType::VariableUndefined(name) => {
            let located = Error::rule(
                location,
                format!("unknown variable `{name}` (case sections and `let` variables only)"),
            );
            match closest(name, sections.iter().map(String::as_str)) {
                Some(section) => {
                    located.with_help(format!("did you mean the section `{section}`?"))
                }
                None => located.with_help(format!("the case sections are {}", sections.join(", "))),
            }
        }
        other => Error::rule(location, other.to_string()),
    }
}

/// Collects `.rhai` and `.toml` files below `dir`, as paths relative to `root`.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect_files(root, &path, out)?;
        } else if file_type.is_file()
            && path
                .extension()
                .is_some_and(|ext| ext == "rhai" || ext == "toml")
            && let Ok(relative) = path.strip_prefix(root)
        {
            out.push(relative.to_path_buf());
        }
    }
    Ok(())
}

/// A path as users typed it, with forward slashes and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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
use crate::suggest::did_you_mean;
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

impl RuleSet {
    /// Loads and compiles a rules folder, reporting every problem at once.
    pub fn load(dir: &Path) -> Result<RuleSet, Error> {
        let unreadable = |path: &Path, reason: String| Error::RulesUnreadable {
            path: display_path(path),
            reason,
        };
        if !dir.is_dir() {
            return Err(unreadable(
                dir,
                "no rules folder here (give one with --rules DIR)".to_string(),
            ));
        }
        let mut files = Vec::new();
        collect_files(dir, dir, &mut files).map_err(|e| unreadable(dir, e.to_string()))?;
        files.sort();

        let mut hasher = Sha256::new();
        let mut sources = Vec::new();
        for relative in &files {
            let path = dir.join(relative);
            let bytes = fs::read(&path).map_err(|e| unreadable(&path, e.to_string()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| unreadable(&path, "is not UTF-8 text".to_string()))?;
            let shown = display_path(&path);
            hasher.update(relative.to_string_lossy().replace('\\', "/").as_bytes());
            hasher.update([0]);
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
            sources.push((relative.clone(), shown, text));
        }
        let fingerprint = Fingerprint {
            sha256: hex(&hasher.finalize()),
            files: files.len(),
        };

        let mut problems = Vec::new();
        let data = |name: &str| {
            sources
                .iter()
                .find(|(relative, _, _)| relative == Path::new(name))
                .map(|(_, shown, text)| (shown.as_str(), text.as_str()))
        };
        let missing = |name: &str| {
            Error::RulesUnreadable {
                path: display_path(&dir.join(name)),
                reason: "is missing: every rules folder needs it".to_string(),
            }
        };
        let vocabulary = match data(VOCABULARY_FILE) {
            Some((shown, text)) => Vocabulary::from_toml(shown, text).map_err(|e| problems.push(e)).ok(),
            None => {
                problems.push(missing(VOCABULARY_FILE));
                None
            }
        };
        let catalogue = match data(TREATMENTS_FILE) {
            Some((shown, text)) => Catalogue::from_toml(shown, text).map_err(|e| problems.push(e)).ok(),
            None => {
                problems.push(missing(TREATMENTS_FILE));
                None
            }
        };
        let scale = match data(REFERRALS_FILE) {
            Some((shown, text)) => Scale::from_toml(shown, text).map_err(|e| problems.push(e)).ok(),
            None => {
                problems.push(missing(REFERRALS_FILE));
                None
            }
        };

        let engine = RuleEngine::new();
        let section_names: Vec<String> = vocabulary
            .as_ref()
            .map(|v| v.sections.keys().cloned().collect())
            .unwrap_or_default();
        let mut rules = Vec::new();
        for (relative, shown, text) in sources {
            if relative.extension().is_none_or(|ext| ext != "rhai") {
                continue;
            }
            match engine.compile(&text, &section_names) {
                Ok(mut ast) => {
                    ast.set_source(shown.as_str());
                    rules.push(RuleFile {
                        path: shown,
                        source: text,
                        ast,
                    });
                }
                Err(error) => problems.push(parse_error(&shown, &text, &error)),
            }
        }

        match (vocabulary, catalogue, scale) {
            (Some(vocabulary), Some(catalogue), Some(scale)) if problems.is_empty() => Ok(RuleSet {
                dir: dir.to_path_buf(),
                vocabulary,
                catalogue,
                scale,
                rules,
                fingerprint,
                engine,
            }),
            _ if problems.len() == 1 => Err(problems.remove(0)),
            _ => Err(Error::RulesInvalid(problems)),
        }
    }

    /// The engine the rules were compiled with.
    pub fn engine(&self) -> &RuleEngine {
        &self.engine
    }

    /// Runs every rule file on the case, in path order. Any rule error stops the
    /// whole evaluation: there is never a partial answer.
    pub fn evaluate(&self, case: &Case) -> Result<Evaluation, Error> {
        let sections = case_sections(case);
        let guard = self.engine.begin();
        let mut evaluation = Evaluation::default();
        for rule in &self.rules {
            let (trace, result) = self.engine.run_file(&guard, &rule.path, &rule.ast, &sections);
            if let Err(failure) = result {
                return Err(self.run_error(rule, failure));
            }
            self.check_actions(rule, &trace)?;
            evaluation.files.push(trace);
        }
        Ok(evaluation)
    }

    /// Checks every action of a rule file against the scale and catalogue.
    fn check_actions(&self, rule: &RuleFile, trace: &FileTrace) -> Result<(), Error> {
        for recorded in &trace.actions {
            let at = || {
                Location::in_source(
                    &rule.path,
                    &rule.source,
                    recorded.origin.line,
                    recorded.origin.column,
                )
            };
            let problem = match &recorded.action {
                Action::Refer {
                    urgency,
                    destination,
                    reason,
                } => self
                    .check_urgency(urgency)
                    .or_else(|| self.check_destination(destination))
                    .or_else(|| blank(reason, "refer() needs a reason")),
                Action::Suggest { treatment, why } | Action::Avoid { treatment, why } => self
                    .check_treatment(treatment)
                    .or_else(|| blank(why, "give the reason as the second argument")),
                Action::RedFlag { id, text } => blank(id, "red_flag() needs an id")
                    .or_else(|| blank(text, "red_flag() needs a text")),
                Action::Review { text } => blank(text, "review() needs a text"),
            };
            if let Some(message) = problem {
                return Err(Error::rule(at(), message));
            }
        }
        Ok(())
    }

    fn check_urgency(&self, urgency: &str) -> Option<String> {
        let referable: Vec<&str> = self.scale.urgencies[1..].iter().map(|u| u.id.as_str()).collect();
        if referable.contains(&urgency) {
            return None;
        }
        if urgency == self.scale.lowest().id {
            return Some(format!(
                "refer() with urgency \"{urgency}\" is not a referral: leave the refer() out instead"
            ));
        }
        Some(format!(
            "unknown urgency \"{urgency}\"{} (allowed: {})",
            did_you_mean(urgency, referable.iter().copied()),
            referable.join(", ")
        ))
    }

    fn check_destination(&self, destination: &str) -> Option<String> {
        if self.scale.destination(destination).is_some() {
            return None;
        }
        let known: Vec<&str> = self.scale.destinations.iter().map(|d| d.id.as_str()).collect();
        Some(format!(
            "unknown destination \"{destination}\"{} (allowed: {})",
            did_you_mean(destination, known.iter().copied()),
            known.join(", ")
        ))
    }

    fn check_treatment(&self, treatment: &str) -> Option<String> {
        if self.catalogue.get(treatment).is_some() {
            return None;
        }
        Some(format!(
            "unknown treatment \"{treatment}\"{} (the catalogue is {})",
            did_you_mean(treatment, self.catalogue.treatments.keys().map(String::as_str)),
            self.dir.join(TREATMENTS_FILE).display()
        ))
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

fn blank(text: &str, message: &str) -> Option<String> {
    text.trim().is_empty().then(|| message.to_string())
}

fn located(rule: &RuleFile, position: Position) -> Location {
    match (position.line(), position.position()) {
        (Some(line), column) => Location::in_source(&rule.path, &rule.source, line, column.unwrap_or(1)),
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
            Some("unknown is not \"no\": write yes(x), no(x) or known(x), or compare with `== true`".to_string()),
        ),
        E::ErrorFunctionNotFound(signature, _) if signature.contains("()") => (
            format!("cannot use an unknown (not answered) value here: {signature}"),
            Some("check known(x) first, or use yes(x) / no(x), which treat unknown safely".to_string()),
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
            (format!("{message}"), None)
        }
        _ => {
            error.clear_position();
            (error.to_string(), None)
        }
    }
}

/// Turns a Rhai parse error into a located rule error.
fn parse_error(path: &str, source: &str, error: &rhai::ParseError) -> Error {
    let position = error.position();
    let location = match position.line() {
        Some(line) => Location::in_source(path, source, line, position.position().unwrap_or(1)),
        None => Location::file_only(path),
    };
    let message = match error.err_type() {
        rhai::ParseErrorType::VariableUndefined(name) => {
            format!("unknown variable `{name}` (case sections and `let` variables only)")
        }
        other => other.to_string(),
    };
    Error::rule(location, message)
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

//! The checks that keep a rule set from loading, and the argument checks of the
//! rules API. Both are driven by the API table's argument kinds, so a literal
//! argument refused by `triage check` and the same text refused at run time get
//! the same words.

use crate::engine::{self, ApiFunction, ArgKind, Call, Param, RuleEngine};
use crate::error::Error;
use crate::place::Location;
use crate::text::closest;

use super::catalogue::Catalogue;
use super::header::{Date, Header, KEYS};
use super::rule_file::RuleFile;
use super::scale::Scale;
use super::source::SourceFile;
use crate::case::Vocabulary;

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

/// What the argument checks compare against: the scale and the catalogue, when
/// they loaded.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub scale: Option<&'a Scale>,
    pub catalogue: Option<&'a Catalogue>,
    /// The catalogue's path as shown, for the help text.
    pub catalogue_file: &'a str,
}

impl Known<'_> {
    /// Why `text` cannot be given as `param` of `function`, if it cannot.
    pub fn problem(&self, function: &ApiFunction, param: &Param, text: &str) -> Option<ArgProblem> {
        match param.kind {
            ArgKind::Urgency => self.scale.and_then(|scale| urgency_problem(scale, text)),
            ArgKind::Destination => self
                .scale
                .and_then(|scale| destination_problem(scale, text)),
            ArgKind::Treatment => self
                .catalogue
                .and_then(|catalogue| treatment_problem(catalogue, self.catalogue_file, text)),
            ArgKind::RedFlagId => blank_problem(function, param, text)
                .or_else(|| forging_problem(text))
                .or_else(|| snake_case_problem("red-flag id", text)),
            ArgKind::Text => blank_problem(function, param, text).or_else(|| forging_problem(text)),
            ArgKind::DefinitionName => blank_problem(function, param, text)
                .or_else(|| forging_problem(text))
                .or_else(|| snake_case_problem("definition name", text)),
            ArgKind::Answer | ArgKind::Answers | ArgKind::Values => None,
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

/// Why `urgency` cannot be given to a referral, if it cannot.
fn urgency_problem(scale: &Scale, urgency: &str) -> Option<ArgProblem> {
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

/// Why `destination` cannot be given to a referral, if it cannot.
fn destination_problem(scale: &Scale, destination: &str) -> Option<ArgProblem> {
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
fn treatment_problem(
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

/// A problem when a text would forge or hide a line of the report.
fn forging_problem(text: &str) -> Option<ArgProblem> {
    crate::text::forging(text).map(|what| ArgProblem {
        message: format!("this text holds {what}, which could forge or hide a line of the report"),
        help: Some("write it on one line, as plain text".to_string()),
    })
}

/// A problem when a red-flag id is not snake_case (`cauda_equina`).
fn snake_case_problem(what: &str, id: &str) -> Option<ArgProblem> {
    let snake = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (!snake).then(|| ArgProblem {
        message: format!(
            "the {what} \"{}\" is not snake_case",
            crate::text::shown(id)
        ),
        help: Some("write it in lower case with underscores, e.g. \"recent_surgery\"".to_string()),
    })
}

/// A problem when a text argument is blank.
fn blank_problem(function: &ApiFunction, param: &Param, text: &str) -> Option<ArgProblem> {
    if !text.trim().is_empty() {
        return None;
    }
    let message = match param.name {
        "why" => "give the reason as the second argument".to_string(),
        "id" => format!("{}() needs an id", function.name),
        other => format!("{}() needs a {other}", function.name),
    };
    Some(ArgProblem {
        message,
        help: None,
    })
}

/// The static errors that would change or stop an assessment; a rule set with any
/// of these does not load.
pub(super) fn outcome_errors(
    rules: &[RuleFile],
    vocabulary: Option<&Vocabulary>,
    known: &Known,
) -> Vec<Error> {
    let mut errors = Vec::new();
    for rule in rules {
        if let Some(vocabulary) = vocabulary {
            errors.extend(field_findings(rule, vocabulary));
            errors.extend(super::comparisons::never_true(rule, vocabulary));
        }
        errors.extend(call_findings(rule, known));
        errors.extend(redefinitions(rule));
        let sections: Vec<String> = vocabulary
            .map(|v| v.sections.keys().cloned().collect())
            .unwrap_or_default();
        errors.extend(super::indirect::indirect_findings(rule, &sections));
    }
    errors.extend(super::definitions::definition_findings(rules));
    errors
}

/// Script functions that would replace a rules-API function or a refused one:
/// `fn refer(a, b, c) {}` would make every later referral vanish, and
/// `fn yes(x) { true }` would turn unknown answers into yes.
fn redefinitions(rule: &RuleFile) -> Vec<Error> {
    engine::script_functions(&rule.ast)
        .into_iter()
        .filter(|name| {
            engine::lookup(name).is_some()
                || engine::REFUSED_FUNCTIONS
                    .iter()
                    .any(|(refused, _)| refused == name)
        })
        .map(|name| {
            let (line, column) = definition_of(&rule.source, &name);
            Error::rule(
                at(rule, line, column),
                format!("a rule file cannot define its own `{name}`: it is part of the rules API"),
            )
            .with_help("give the function another name")
        })
        .collect()
}

/// Line and column of `fn name` in `source` (1, 1 when it cannot be found).
fn definition_of(source: &str, name: &str) -> (usize, usize) {
    for (index, line) in source.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(found) = rest.find("fn ") {
            let after = rest[found + 3..].trim_start();
            let name_end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if &after[..name_end] == name {
                let column = line[..offset + found].chars().count() + 1;
                return (index + 1, column);
            }
            offset += found + 3;
            rest = &rest[found + 3..];
        }
    }
    (1, 1)
}

/// File, line and column of a problem, for sorting.
pub(super) fn sort_key(error: &Error) -> (String, usize, usize) {
    match error {
        Error::Rule { location, .. } => (location.file.clone(), location.line, location.column),
        Error::RulesUnreadable { path, .. } => (path.clone(), 0, 0),
        other => (other.to_string(), 0, 0),
    }
}

fn at(rule: &RuleFile, line: usize, column: usize) -> Location {
    Location::in_source(&rule.path, &rule.source, line, column)
}

/// Reads of `section.field` where the field is not in the vocabulary.
fn field_findings(rule: &RuleFile, vocabulary: &Vocabulary) -> Vec<Error> {
    let sections: Vec<String> = vocabulary.sections.keys().cloned().collect();
    engine::field_uses(&rule.ast, &sections)
        .into_iter()
        .filter(|u| vocabulary.field(&u.section, &u.field).is_none())
        .map(|u| {
            let fields = vocabulary
                .sections
                .get(&u.section)
                .map(|s| s.fields.keys().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            let elsewhere = vocabulary
                .sections
                .iter()
                .find(|(_, section)| section.fields.contains_key(&u.field))
                .map(|(name, _)| name.as_str());
            let help = match (closest(&u.field, fields.iter().copied()), elsewhere) {
                (Some(close), _) => format!("did you mean `{}.{close}`?", u.section),
                (None, Some(other)) => format!(
                    "`{}` is a field of `{other}`: write `{other}.{}`",
                    u.field, u.field
                ),
                (None, None) => format!(
                    "the fields of `{}` are listed by `triage fields`; a new field is added in vocabulary.toml",
                    u.section
                ),
            };
            Error::rule(
                at(rule, u.line, u.column),
                format!("`{}.{}` is not a field of the case vocabulary", u.section, u.field),
            )
            .with_help(help)
        })
        .collect()
}

/// Misused rules-API calls, and literal arguments the scale or catalogue does not know.
fn call_findings(rule: &RuleFile, known: &Known) -> Vec<Error> {
    let own = engine::script_functions(&rule.ast);
    let mut errors = Vec::new();
    for call in engine::calls(&rule.ast) {
        // `print` and `debug` of a literal text: refused here as at run time when
        // the text could forge or hide a line of output.
        if matches!(call.function.as_str(), "print" | "debug")
            && let Some(arg) = call.args.first()
            && let Some(problem) = arg.literal.as_deref().and_then(forging_problem)
        {
            errors.push(problem.at(at(rule, arg.line, arg.column)));
            continue;
        }
        if let Some((_, why)) = engine::REFUSED_FUNCTIONS
            .iter()
            .find(|(name, _)| *name == call.function)
        {
            errors.push(Error::rule(at(rule, call.line, call.column), *why));
            continue;
        }
        if own.contains(&call.function) {
            continue;
        }
        let Some(function) = engine::lookup(&call.function) else {
            if let Some(meant) = misspelled_api(&call.function) {
                errors.push(
                    Error::rule(
                        at(rule, call.line, call.column),
                        format!("unknown function `{}`", call.function),
                    )
                    .with_help(format!(
                        "did you mean `{meant}`? (the rules API is listed by `triage fields`)"
                    )),
                );
            }
            continue;
        };
        if call.args.len() != function.params.len() {
            errors.push(Error::rule(
                at(rule, call.line, call.column),
                format!(
                    "`{}` takes {} ({}), but this call gives {}",
                    function.name,
                    crate::text::plural(function.params.len(), "argument", "arguments"),
                    function.param_names().join(", "),
                    call.args.len()
                ),
            ));
            continue;
        }
        errors.extend(argument_findings(rule, &call, function, known));
    }
    errors
}

/// A function name that looks like a typo of a rules-API function.
fn misspelled_api(name: &str) -> Option<&'static str> {
    if name.chars().count() < 4 {
        return None;
    }
    let names: Vec<&'static str> = engine::API
        .iter()
        .map(|f| f.name)
        .filter(|n| n.len() >= 5)
        .collect();
    closest(name, names.iter().copied())
        .and_then(|found| names.iter().copied().find(|n| *n == found))
}

/// The literal arguments of one call that its parameter kinds refuse.
fn argument_findings(
    rule: &RuleFile,
    call: &Call,
    function: &ApiFunction,
    known: &Known,
) -> Vec<Error> {
    call.args
        .iter()
        .zip(function.params)
        .filter_map(|(arg, param)| {
            let text = arg.literal.as_deref()?;
            let problem = known.problem(function, param, text)?;
            Some(problem.at(at(rule, arg.line, arg.column)))
        })
        .collect()
}

/// Compiles `source` on `engine` as a rule file, turning parse errors into located
/// rule errors. An unknown variable does not hide the file's other problems: it
/// is reported, declared, and the file compiled again, so the syntax tree still
/// comes back for the other checks (with the errors, which keep it from running).
pub(crate) fn compile(
    engine: &RuleEngine,
    path: &str,
    source: &str,
    sections: &[String],
) -> (Option<rhai::AST>, Vec<Error>) {
    let mut declared = sections.to_vec();
    let mut errors = Vec::new();
    for _ in 0..MAX_UNKNOWN_VARIABLES {
        match engine.compile(source, &declared) {
            Ok(ast) => return (Some(ast), errors),
            Err(error) => {
                errors.push(engine::parse_error(path, source, &error, sections));
                match error.err_type() {
                    rhai::ParseErrorType::VariableUndefined(name) => declared.push(name.clone()),
                    _ => return (None, errors),
                }
            }
        }
    }
    (None, errors)
}

/// How many unknown variables in one file are reported before giving up on it.
const MAX_UNKNOWN_VARIABLES: usize = 50;

/// A rule file's header, as every rule file must have it: what it covers, its
/// sources, a valid review date. A file without one is not a reviewed rule, so it
/// stops the rules from loading like any other error.
pub(crate) fn header_errors(source: &SourceFile) -> Vec<Error> {
    let header = Header::parse(&source.text);
    let first_line = || Location::in_source(&source.path, &source.text, 1, 1);
    let template = "start the file with:\n  // Covers: what this file covers\n  // Sources: [S1] where the rules come from\n  // Reviewed: YYYY-MM-DD\n  // Decisions: judgement calls (optional)";
    if !header.present {
        return vec![
            Error::rule(
                first_line(),
                "this rule file has no header (what it covers, its sources, its review date)",
            )
            .with_help(template),
        ];
    }
    let mut errors = Vec::new();
    for (key, required, what) in KEYS {
        match header.get(key) {
            None if *required => errors.push(
                Error::rule(
                    first_line(),
                    format!("the header has no `// {key}:` line ({what})"),
                )
                .with_help(template),
            ),
            Some(entry) if entry.value.is_empty() => errors.push(Error::rule(
                Location::in_source(&source.path, &source.text, entry.line, entry.value_column),
                format!("`// {key}:` is empty: give {what}"),
            )),
            _ => {}
        }
    }
    if let Some(entry) = header.get("Reviewed").filter(|e| !e.value.is_empty()) {
        let date_text = entry.value.split_whitespace().next().unwrap_or_default();
        if Date::parse(date_text).is_none() {
            errors.push(
                Error::rule(
                    Location::in_source(&source.path, &source.text, entry.line, entry.value_column),
                    format!("`{}` is not a review date", entry.value),
                )
                .with_help(
                    "write the date of the last clinical review as YYYY-MM-DD, e.g. 2026-11-21",
                ),
            );
        }
    }
    errors
}

//! Rhai's errors in plain words for the person editing the rule. Rhai writes for
//! Rust programmers (`no function * (&str | ImmutableString | String, i64)`,
//! `Cannot assign to indexer of constant`); every message here says what went
//! wrong in the rule's terms, and keeps the position so it still points at the line.

use rhai::{Dynamic, EvalAltResult, Position};

use super::{api, limits};
use crate::error::Error;
use crate::place::Location;
use crate::text::{closest, did_you_mean};

/// Rhai's wording for some errors is written for Rust programmers (`no function *
/// (&str | ImmutableString | String, i64)`, `Cannot assign to indexer of constant`).
/// This rewrites those into plain words for the person editing the rule; the
/// position is kept, so the message still points at the line.
// Rhai passes errors boxed; this keeps them so.
#[allow(clippy::unnecessary_box_returns)]
pub(super) fn plain(error: EvalAltResult) -> Box<EvalAltResult> {
    use EvalAltResult as E;
    let runtime =
        |text: String, position: Position| Box::new(E::ErrorRuntime(Dynamic::from(text), position));
    match error {
        E::ErrorInFunctionCall(name, source, inner, position) => {
            // Closures are named `anon$<hash>` inside Rhai.
            let name = if name.starts_with("anon$") {
                "closure".to_string()
            } else {
                name
            };
            Box::new(E::ErrorInFunctionCall(
                name,
                source,
                plain(*inner),
                position,
            ))
        }
        E::ErrorNonPureMethodCallOnConstant(name, position) if name.starts_with("index$set$") => {
            runtime(
                "the case is read-only: its fields cannot be assigned (to compare, write `==`)"
                    .to_string(),
                position,
            )
        }
        E::ErrorDataTooLarge(what, position) => {
            let what = if what.contains("string") {
                format!(
                    "a text (or the texts of one list, which count together) grew past {}",
                    limits::size(limits::MAX_STRING_SIZE)
                )
            } else if what.contains("array") {
                format!("a list grew longer than {} items", limits::MAX_ARRAY_SIZE)
            } else if what.contains("map") {
                format!(
                    "an object map grew larger than {} entries",
                    limits::MAX_MAP_SIZE
                )
            } else {
                format!("{what} grew too large")
            };
            runtime(
                format!("{what}, the engine's limit: the rule was stopped"),
                position,
            )
        }
        // Signatures with `()` are about unknown answers; they are explained elsewhere.
        E::ErrorFunctionNotFound(signature, position) if !signature.contains("()") => {
            let (name, types) = match signature.split_once(" (") {
                Some((name, rest)) => (name, rest.trim_end_matches(')')),
                None => (signature.as_str(), ""),
            };
            let types: Vec<String> = types
                .split(", ")
                .filter(|t| !t.is_empty())
                .map(plain_type)
                .collect();
            if !name.is_empty() && !name.chars().any(|c| c.is_alphanumeric() || c == '_') {
                let message = match types.as_slice() {
                    [one] => format!("type mismatch: `{name}` cannot be used on {one}"),
                    [left, right] => {
                        format!("type mismatch: `{name}` cannot be used between {left} and {right}")
                    }
                    _ => format!("type mismatch: `{name}` cannot be used here"),
                };
                return runtime(message, position);
            }
            let hint = did_you_mean(name, api::names().filter(|known| *known != name));
            Box::new(E::ErrorFunctionNotFound(
                format!("{name} ({}){hint}", types.join(", ")),
                position,
            ))
        }
        other => Box::new(other),
    }
}

/// A Rhai type name in words.
fn plain_type(name: &str) -> String {
    match name {
        "i64" | "i32" => "a whole number",
        "f64" | "f32" => "a decimal number",
        "bool" => "true/false",
        "char" => "a character",
        "array" => "a list",
        "map" => "an object map",
        "CaseSection" => "a case section",
        "Fn" => "a function",
        text if text.contains("String") || text.contains("str") => "text",
        other => return other.to_string(),
    }
    .to_string()
}

/// Where `position` is in the rule file `path`.
pub(crate) fn located(path: &str, source: &str, position: Position) -> Location {
    match (position.line(), position.position()) {
        (Some(line), column) => Location::in_source(path, source, line, column.unwrap_or(1)),
        (None, _) => Location::file_only(path),
    }
}

/// Turns a Rhai runtime error into a located rule error with a plain message.
pub(crate) fn script_error(path: &str, source: &str, error: EvalAltResult) -> Error {
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
    let located_error = Error::rule(located(path, source, position), message);
    match help {
        Some(help) => located_error.with_help(help),
        None => located_error,
    }
}

fn plain_runtime_message(mut error: EvalAltResult) -> (String, Option<String>) {
    use EvalAltResult as E;
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
            let is_action = api::lookup(name).is_some_and(api::ApiFunction::is_action);
            (
                format!("no function {signature}"),
                is_action.then(action_help),
            )
        }
        E::ErrorVariableNotFound(name, _) => (format!("unknown variable `{name}`"), None),
        E::ErrorAssignmentToConstant(name, _) => (
            format!("`{name}` is read-only and cannot be assigned (to compare, write `==`)"),
            None,
        ),
        E::ErrorDotExpr(message, _) | E::ErrorPropertyNotFound(message, _) => {
            (message.clone(), None)
        }
        _ => {
            error.clear_position();
            (error.to_string(), None)
        }
    }
}

/// The rules API's recording functions, for a call with the wrong arguments.
fn action_help() -> String {
    let actions: Vec<String> = api::API
        .iter()
        .filter(|f| f.is_action())
        .map(api::ApiFunction::signature)
        .collect();
    format!(
        "the rules API is {}: each argument is text in quotes",
        actions.join(", ")
    )
}

/// Turns a Rhai parse error into a located rule error.
pub(crate) fn parse_error(
    path: &str,
    source: &str,
    error: &rhai::ParseError,
    sections: &[String],
) -> Error {
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
            if let Some(help) = operator_for(name) {
                return located.with_help(help);
            }
            match closest(name, sections.iter().map(String::as_str)) {
                Some(section) => {
                    located.with_help(format!("did you mean the section `{section}`?"))
                }
                None => located.with_help(format!("the case sections are {}", sections.join(", "))),
            }
        }
        other => {
            let word = position
                .line()
                .and_then(|line| word_at(source, line, position.position().unwrap_or(1)));
            let error = Error::rule(location, other.to_string());
            match word.as_deref().and_then(operator_for) {
                Some(help) => error.with_help(help),
                None => error,
            }
        }
    }
}

/// The word that starts at `column` (1-based, in characters) of `line`.
fn word_at(source: &str, line: usize, column: usize) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let word: String = text
        .chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// The help for a word another language uses as an operator: `and`, `or`, `not`.
fn operator_for(word: &str) -> Option<&'static str> {
    match word {
        "and" | "AND" => Some("write `and` as `&&`: `yes(a) && yes(b)`"),
        "or" | "OR" => Some("write `or` as `||`: `yes(a) || yes(b)`"),
        "not" | "NOT" => Some("write `not` as `!`: `!yes(a)`, or use `no(a)` for a known no"),
        _ => None,
    }
}

//! Calls a rule file makes that would fail or mislead: a rules-API function with
//! the wrong number of arguments or a mis-spelled name (`sugest`), a literal
//! argument the data files do not know (an urgency, a destination, a treatment id)
//! or that could forge a line of the report, a refused function (`sleep`), and a
//! script function that would replace one of the rules API (`fn yes(x) { true }`).

use super::syntax::{Call, calls, script_functions};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, ApiFunction};
use crate::place::Location;
use crate::ruleset::{Known, RuleFile, forging_problem};
use crate::text::closest;

fn at(rule: &RuleFile, line: usize, column: usize) -> Location {
    Location::in_source(&rule.path, &rule.source, line, column)
}

/// Every misused call of `rule`, and every redefinition of the rules API: errors.
pub(crate) fn diagnostics(rule: &RuleFile, known: &Known) -> Vec<Diagnostic> {
    let own = script_functions(&rule.ast);
    let mut found = Vec::new();
    for call in calls(&rule.ast) {
        // `print` and `debug` of a literal text: refused here as at run time when
        // the text could forge or hide a line of output.
        if matches!(call.function.as_str(), "print" | "debug")
            && let Some(arg) = call.args.first()
            && let Some(problem) = arg.literal.as_deref().and_then(forging_problem)
        {
            found.push(problem.diagnostic(at(rule, arg.line, arg.column)));
            continue;
        }
        if let Some((_, why)) = engine::REFUSED_FUNCTIONS
            .iter()
            .find(|(name, _)| *name == call.function)
        {
            found.push(Diagnostic::error(at(rule, call.line, call.column), *why));
            continue;
        }
        if own.contains(&call.function) {
            continue;
        }
        let Some(function) = engine::lookup(&call.function) else {
            if let Some(meant) = misspelled_api(&call.function) {
                found.push(
                    Diagnostic::error(
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
            found.push(Diagnostic::error(
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
        found.extend(argument_findings(rule, &call, function, known));
    }
    found.extend(redefinitions(rule));
    found
}

/// Script functions that would replace a rules-API function or a refused one:
/// `fn refer(a, b, c) {}` would make every later referral vanish, and
/// `fn yes(x) { true }` would turn unknown answers into yes.
fn redefinitions(rule: &RuleFile) -> Vec<Diagnostic> {
    script_functions(&rule.ast)
        .into_iter()
        .filter(|name| {
            engine::lookup(name).is_some()
                || engine::REFUSED_FUNCTIONS
                    .iter()
                    .any(|(refused, _)| refused == name)
        })
        .map(|name| {
            let (line, column) = definition_of(&rule.source, &name);
            Diagnostic::error(
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
) -> Vec<Diagnostic> {
    call.args
        .iter()
        .zip(function.params)
        .filter_map(|(arg, param)| {
            let text = arg.literal.as_deref()?;
            let problem = known.problem(function, param, text)?;
            Some(problem.diagnostic(at(rule, arg.line, arg.column)))
        })
        .collect()
}

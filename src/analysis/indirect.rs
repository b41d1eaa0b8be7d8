//! `check` refuses what `assess` would refuse about how actions are reached and
//! what definitions hold: an action reached through a pointer or method-call
//! syntax written literally (`Fn("define")`, `"x".refer(...)`), a definition
//! made where it could run twice (a loop, a function), and a definition whose
//! value is of a kind `define` cannot take. The run-time side is in `evaluation`
//! (every recorded action must be a direct call) and in the `define` function
//! itself (its value's kind).

use crate::diagnostic::Diagnostic;
use crate::engine::{self, DEFINED};
use crate::place::Location;
use crate::ruleset::RuleFile;

/// The indirect actions and refused definition values of one rule file: errors.
/// `sections` are the case's section names.
pub(crate) fn diagnostics(rule: &RuleFile, sections: &[String]) -> Vec<Diagnostic> {
    let at = |line, column| Location::in_source(&rule.path, &rule.source, line, column);
    let mut found: Vec<Diagnostic> = engine::indirect_actions(&rule.ast)
        .into_iter()
        .map(|indirect| match indirect.function {
            Some(function) => Diagnostic::error(
                at(indirect.line, indirect.column),
                format!(
                    "`{function}` is reached through {}: a rules-API action is called directly by name, so that every check sees it",
                    indirect.how
                ),
            )
            .with_help(format!(
                "call `{function}(...)` where it is meant; no pointer, `call`, `curry` or method syntax"
            )),
            None => Diagnostic::error(
                at(indirect.line, indirect.column),
                format!(
                    "{}: `check` cannot see whether it is a rules-API action, which must be called directly by name",
                    indirect.how
                ),
            )
            .with_help("write the function's name in quotes, `Fn(\"name\")`, or call it directly"),
        })
        .collect();
    found.extend(
        engine::repeatable_definitions(&rule.ast)
            .into_iter()
            .map(|((line, column), place)| {
                Diagnostic::error(
                    at(line, column),
                    format!("a definition is made {place}: run twice, it would define the same name twice"),
                )
                .with_help("a definition is made once, at the top of its file: compute the value first (a function may compute it), then define it")
            }),
    );
    let mut variables = sections.to_vec();
    variables.push(DEFINED.to_string());
    found.extend(
        engine::refused_definition_values(&rule.ast, &variables)
            .into_iter()
            .map(|refused| {
                Diagnostic::error(
                    at(refused.line, refused.column),
                    format!("a definition cannot hold {}", refused.what),
                )
                .with_help("a definition holds true/false, a number, a text, a list of texts, or unknown `()`")
            }),
    );
    found
}

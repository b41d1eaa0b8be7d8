//! What the evaluation checks of each file's trace, and how a file's failure
//! reads: every action called directly and with arguments the data files know,
//! each definition made once.

use crate::engine::{self, Action, Definitions, FileTrace, RunFailure, limits};
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::{Known, RuleFile};

/// Adds the definitions a definition file made, each name once: a name already
/// defined (in this file or an earlier one) stops the case, naming both places.
pub(super) fn make_definitions(
    definitions: &Definitions,
    rule: &RuleFile,
    trace: &FileTrace,
) -> Result<(), Error> {
    for recorded in &trace.actions {
        if let Action::Define { name, value } = &recorded.action
            && let Err(first) = definitions.make(name, value, &recorded.origin)
        {
            let at = Location::in_source(
                &rule.path,
                &rule.source,
                recorded.origin.line.unwrap_or(1),
                recorded.column,
            );
            return Err(Error::rule(
                at,
                format!("`{name}` is already defined at {first}: a definition is made once, never replaced"),
            )
            .with_help("change the first definition, or give this one another name"));
        }
    }
    Ok(())
}

/// Checks every action of a rule file: called directly by name (so `check` saw
/// it), and its arguments against the scale and catalogue, by the argument
/// kinds of the rules-API table (those written as literals were checked when
/// the rules loaded).
pub(super) fn check_actions(
    known: &Known,
    rule: &RuleFile,
    trace: &FileTrace,
) -> Result<(), Error> {
    for recorded in &trace.actions {
        let Some(function) = engine::recording(recorded.action.kind()) else {
            continue;
        };
        let line = recorded.origin.line.unwrap_or(1);
        if engine::is_direct(&rule.literal_actions, line, recorded.column) {
            // Called directly, with the literal texts checked when the rules loaded.
            continue;
        }
        if !engine::is_direct(&rule.direct_actions, line, recorded.column) {
            let at = Location::in_source(&rule.path, &rule.source, line, recorded.column);
            return Err(Error::rule(
                at,
                format!(
                    "`{}` was reached through a function pointer (`Fn`, `call`, `curry`) or method-call syntax: a rules-API action is called directly by name, so that `triage check` sees every one",
                    function.name
                ),
            )
            .with_help(format!("write `{}` where it is meant", function.signature())));
        }
        let arguments = recorded.action.arguments();
        let problem = function
            .params
            .iter()
            .zip(arguments)
            .find_map(|(param, text)| known.problem(function, param, text));
        if let Some(problem) = problem {
            let at = Location::in_source(
                &rule.path,
                &rule.source,
                recorded.origin.line.unwrap_or(1),
                recorded.column,
            );
            return Err(problem.at(at));
        }
    }
    Ok(())
}

pub(super) fn run_error(rule: &RuleFile, failure: RunFailure) -> Error {
    match failure {
        RunFailure::Script(error) => engine::script_error(&rule.path, &rule.source, *error),
        RunFailure::TimedOut(position) => Error::rule(
            engine::located(&rule.path, &rule.source, position),
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
        RunFailure::NotRun(message) => Error::rule(
            Location::file_only(&rule.path),
            format!("this rule file could not be run ({message}); the assessment was stopped"),
        )
        .with_help("this is a fault in triage, not in the rules: please report it"),
    }
}

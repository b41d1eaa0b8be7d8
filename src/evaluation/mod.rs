//! Evaluation: every rule file of a rule set run on one case, in path order, each
//! with a fresh scope, and every recorded action checked against the data files.
//! Any error stops the whole case: there is never a partial answer.

use std::time::Instant;

use crate::case::Case;
use crate::engine::{
    self, DEFINED, Definitions, RunFailure, RunFile, case_sections, definitions_view, limits,
};
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::{RuleFile, RuleSet, TREATMENTS_FILE};

/// What a trace holds, for the commands that show it (`explain`, `test`, `diff`)
/// without reaching into the engine.
pub(crate) use crate::engine::{Action, ActionKind, FileTrace, recording};

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep every case value each rule read (for `explain` and `test`); `assess`
    /// does not pay for it.
    pub trace_reads: bool,
}

/// What all rule files did for one case, file by file, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub files: Vec<FileTrace>,
}

/// A case the rules stopped on: the error, and the trace up to it (for `explain`).
#[derive(Debug, Clone)]
pub struct Stopped {
    pub error: Error,
    pub partial: Evaluation,
}

impl Evaluation {
    /// Every `print`/`debug` line of every file, with its file.
    pub fn printed(&self) -> impl Iterator<Item = &engine::Printed> {
        self.files.iter().flat_map(|f| &f.printed)
    }
}

/// Runs every rule file on the case, in path order.
pub fn evaluate(
    rules: &RuleSet,
    case: &Case,
    options: Options,
) -> Result<Evaluation, Box<Stopped>> {
    run(rules, case, options, None)
}

/// Runs the rule files on `case` again, taking from `base` (the complete
/// evaluation of a case that differs from `case` only in answers no such file
/// reads, through the definitions either) the trace of every rule file for which
/// `rerun` says no; a definition file taken so makes its definitions as it made
/// them for `base`. What the what-if tries differs in a few answers, which few
/// files read: the others did exactly what they did for `base`, because a rule
/// file sees only the case and the definitions (a fresh scope each).
pub(crate) fn evaluate_again(
    rules: &RuleSet,
    case: &Case,
    base: &Evaluation,
    rerun: &dyn Fn(&RuleFile) -> bool,
) -> Result<Evaluation, Box<Stopped>> {
    run(rules, case, Options::default(), Some((base, rerun)))
}

/// [`evaluate`], reusing `reuse`'s traces where it says so.
fn run(
    rules: &RuleSet,
    case: &Case,
    options: Options,
    reuse: Option<(&Evaluation, &dyn Fn(&RuleFile) -> bool)>,
) -> Result<Evaluation, Box<Stopped>> {
    let mut sections = case_sections(case, options.trace_reads);
    let (view, definitions) = definitions_view(DEFINED, options.trace_reads);
    sections.push(view);
    let deadline = Instant::now() + limits::MAX_TIME_PER_CASE;
    let catalogue_file = rules.shown(TREATMENTS_FILE);
    let known = rules.known(&catalogue_file);
    let mut evaluation = Evaluation::default();
    let mut run = rules.engine().case_run(&sections);
    for (index, rule) in rules.rules.iter().enumerate() {
        if let Some((base, rerun)) = reuse
            && !rerun(rule)
            && let Some(trace) = base.files.get(index)
        {
            // A definition file's definitions, as it made them for `base`.
            if let Err(error) = make_definitions(&definitions, rule, trace) {
                return Err(Box::new(Stopped {
                    error,
                    partial: evaluation,
                }));
            }
            evaluation.files.push(trace.clone());
            continue;
        }
        let file = RunFile {
            path: &rule.path,
            ast: &rule.ast,
            definitions: rule.definitions,
        };
        let (trace, result) = run.run_file(&file, options.trace_reads, deadline);
        let checked = match result {
            Err(failure) => Err(run_error(rule, failure)),
            Ok(()) => check_actions(&known, rule, &trace)
                .and_then(|()| make_definitions(&definitions, rule, &trace)),
        };
        evaluation.files.push(trace);
        if let Err(error) = checked {
            return Err(Box::new(Stopped {
                error,
                partial: evaluation,
            }));
        }
    }
    Ok(evaluation)
}

/// Adds the definitions a definition file made, each name once: a name already
/// defined (in this file or an earlier one) stops the case, naming both places.
fn make_definitions(
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
/// kinds of the rules-API table.
fn check_actions(
    known: &crate::ruleset::Known,
    rule: &RuleFile,
    trace: &FileTrace,
) -> Result<(), Error> {
    for recorded in &trace.actions {
        let Some(function) = engine::recording(recorded.action.kind()) else {
            continue;
        };
        let line = recorded.origin.line.unwrap_or(1);
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

fn run_error(rule: &RuleFile, failure: RunFailure) -> Error {
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
    }
}

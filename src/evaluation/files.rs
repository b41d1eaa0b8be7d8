//! Running the rule files of one case, one at a time: natively where the
//! native evaluation can tell what Rhai would do (`engine::native`), in Rhai
//! otherwise; or, in the differential mode, both, with every trace compared.
//! Rhai's side of the case (its scope of section variables and the files'
//! resolution caches) is set up only when a file first needs it.

use std::time::Instant;

use super::options::{Evaluator, Options};
use crate::case::{Case, Vocabulary};
use crate::engine::{
    self, CaseRun, CaseSection, DEFINED, Definitions, FileTrace, NativeEnv, Recorded, RunFailure,
    RunFile, case_sections, definitions_view, limits,
};
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::{RuleFile, RuleSet};

/// The files of one case being run.
pub(super) struct Files<'r> {
    rules: &'r RuleSet,
    case: &'r Case,
    trace_reads: bool,
    evaluator: Evaluator,
    /// The `defined` variable, for Rhai's scope.
    view: CaseSection,
    /// The definitions made so far, which both ways of running read.
    pub(super) definitions: Definitions,
    deadline: Instant,
    /// Whether the case's fields are where the vocabulary puts them.
    in_vocabulary_order: bool,
    rhai: Option<CaseRun<'r>>,
}

impl<'r> Files<'r> {
    pub(super) fn new(rules: &'r RuleSet, case: &'r Case, options: Options) -> Self {
        let (view, definitions) = definitions_view(DEFINED, options.trace_reads);
        Files {
            rules,
            case,
            trace_reads: options.trace_reads,
            evaluator: options.evaluator.resolved(),
            view,
            definitions,
            deadline: Instant::now() + limits::MAX_TIME_PER_CASE,
            in_vocabulary_order: in_vocabulary_order(case, &rules.vocabulary),
            rhai: None,
        }
    }

    /// Runs the file at `index` of the rule set: its trace, and the error that
    /// stopped it, if any.
    pub(super) fn run(&mut self, index: usize, rule: &RuleFile) -> (FileTrace, Result<(), Error>) {
        let native = self.native(rule).map(|actions| FileTrace {
            file: rule.path.clone(),
            actions,
            ..FileTrace::default()
        });
        match (self.evaluator, native) {
            (Evaluator::Native, Some(trace)) => (trace, Ok(())),
            (Evaluator::Differential, Some(native)) => {
                let (trace, result) = self.rhai(index, rule);
                let difference = match result {
                    Err(failure) => Some(format!(
                        "Rhai stopped: {}",
                        super::checks::run_error(rule, failure)
                    )),
                    Ok(()) => first_difference(&native, &trace),
                };
                match difference {
                    None => (trace, Ok(())),
                    Some(difference) => (trace, Err(differs(rule, &difference))),
                }
            }
            _ => {
                let (trace, result) = self.rhai(index, rule);
                (
                    trace,
                    result.map_err(|failure| super::checks::run_error(rule, failure)),
                )
            }
        }
    }

    /// What the file records, if the native evaluation can tell (never when
    /// reads are traced: it does not trace them).
    fn native(&self, rule: &RuleFile) -> Option<Vec<Recorded>> {
        if self.trace_reads || self.evaluator == Evaluator::Rhai {
            return None;
        }
        let actions = self.definitions.with_all(|all| {
            let env = NativeEnv {
                case: self.case,
                definitions: all,
                path: &rule.path,
                definitions_file: rule.definitions,
                in_vocabulary_order: self.in_vocabulary_order,
            };
            engine::run_native(&rule.native, &env).ok()
        })?;
        // Past the case's time budget, Rhai says so, as it would have.
        (Instant::now() <= self.deadline).then_some(actions)
    }

    fn rhai(&mut self, index: usize, rule: &RuleFile) -> (FileTrace, Result<(), RunFailure>) {
        let (case, view, rules, tracing) = (self.case, &self.view, self.rules, self.trace_reads);
        let run = self.rhai.get_or_insert_with(|| {
            let mut sections = case_sections(case, tracing);
            sections.push(view.clone());
            rules.engine().case_run(&sections)
        });
        let file = RunFile {
            path: &rule.path,
            rule_file: &rule.name,
            ast: &rule.ast,
            definitions: rule.definitions,
        };
        run.run_file(index, &file, tracing, self.deadline)
    }
}

/// Whether every section and field of `case` is the vocabulary's, in its order.
fn in_vocabulary_order(case: &Case, vocabulary: &Vocabulary) -> bool {
    case.sections.len() == vocabulary.sections.len()
        && case.sections.iter().zip(&vocabulary.sections).all(
            |((name, fields), (known, section))| {
                name == known
                    && fields.len() == section.fields.len()
                    && fields
                        .keys()
                        .zip(section.fields.keys())
                        .all(|(a, b)| a == b)
            },
        )
}

/// Where the native trace and Rhai's first differ, if they do.
fn first_difference(native: &FileTrace, rhai: &FileTrace) -> Option<String> {
    if native == rhai {
        return None;
    }
    let count = native.actions.len().max(rhai.actions.len());
    let at = (0..count).find(|&i| native.actions.get(i) != rhai.actions.get(i));
    Some(match at {
        Some(i) => format!(
            "action {} is {:?} natively and {:?} in Rhai",
            i + 1,
            native.actions.get(i),
            rhai.actions.get(i)
        ),
        None => format!(
            "Rhai also read {} fields and printed {} lines",
            rhai.reads.len(),
            rhai.printed.len()
        ),
    })
}

fn differs(rule: &RuleFile, difference: &str) -> Error {
    Error::rule(
        Location::file_only(&rule.path),
        format!("the native evaluation of this file differs from Rhai's (differential mode): {difference}"),
    )
    .with_help("this is a fault in triage's native evaluation, not in the rules: please report it with the case")
}

//! The checks of shared definitions, made when the rules load: only definition
//! files define, with a literal snake_case name, each name once; only the other
//! files act; `defined.name` is read only after it is made.

use super::syntax::{calls, field_uses};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, ActionKind, DEFINED};
use crate::place::Location;
use crate::ruleset::RuleFile;
use crate::text::closest;

fn at(rule: &RuleFile, line: usize, column: usize) -> Location {
    Location::in_source(&rule.path, &rule.source, line, column)
}

/// A `define("name", ...)` with a literal name: where a shared definition is made.
#[derive(Debug, Clone)]
pub(crate) struct DefinitionSite {
    pub(crate) name: String,
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Every definition made with a literal name, in the order the files run.
pub(crate) fn definition_sites(rules: &[RuleFile]) -> Vec<DefinitionSite> {
    rules
        .iter()
        .filter(|rule| rule.definitions)
        .flat_map(|rule| {
            calls(&rule.ast)
                .into_iter()
                .filter(|call| call.records(ActionKind::Define))
                .filter_map(|call| {
                    let name = call.args.first()?.literal.clone()?;
                    Some(DefinitionSite {
                        name,
                        file: rule.path.clone(),
                        line: call.line,
                        column: call.column,
                    })
                })
        })
        .collect()
}

/// The rules of shared definitions: only definition files define, and only with
/// a literal name, each name once; only the other files refer, suggest, avoid,
/// raise red flags or review; `defined.name` is read only after it is made.
pub(crate) fn diagnostics(rules: &[RuleFile]) -> Vec<Diagnostic> {
    let sites = definition_sites(rules);
    let mut errors = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        if let Some(first) = sites[..index].iter().find(|s| s.name == site.name)
            && let Some(rule) = rules.iter().find(|r| r.path == site.file)
        {
            errors.push(
                Diagnostic::error(
                    at(rule, site.line, site.column),
                    format!(
                        "`{}` is already defined at {}:{}",
                        site.name, first.file, first.line
                    ),
                )
                .with_help("each definition is made once; change the first one, or give this one another name"),
            );
        }
    }
    for (position, rule) in rules.iter().enumerate() {
        for call in calls(&rule.ast) {
            let defining = call.records(ActionKind::Define);
            let Some(function) = engine::lookup(&call.function) else {
                continue;
            };
            if rule.definitions && function.is_action() && !defining {
                errors.push(
                    Diagnostic::error(
                        at(rule, call.line, call.column),
                        format!("a definition file cannot call `{}`", function.name),
                    )
                    .with_help("definition files only make definitions; move this to a rule file outside rules/definitions/"),
                );
            } else if defining && !rule.definitions {
                errors.push(
                    Diagnostic::error(
                        at(rule, call.line, call.column),
                        "definitions are made only in files under rules/definitions/",
                    )
                    .with_help("move the definition there, then read it here as `defined.name`"),
                );
            } else if defining && call.args.first().is_some_and(|a| a.literal.is_none()) {
                errors.push(
                    Diagnostic::error(
                        at(rule, call.line, call.column),
                        "a definition's name must be written in quotes, as a literal",
                    )
                    .with_help("so that every rule that reads it can be checked before any case is assessed"),
                );
            }
        }
        for read in field_uses(&rule.ast, &[DEFINED.to_string()]) {
            let made_before = |site: &&DefinitionSite| {
                let file_index = rules.iter().position(|r| r.path == site.file);
                file_index.is_some_and(|i| i < position || (i == position && site.line < read.line))
            };
            if sites
                .iter()
                .filter(made_before)
                .any(|s| s.name == read.field)
            {
                continue;
            }
            let location = at(rule, read.line, read.column);
            let message = format!("`{DEFINED}.{}` is not defined before this line", read.field);
            let help = match sites.iter().find(|s| s.name == read.field) {
                Some(later) => format!(
                    "it is defined later, at {}:{}: definitions run first, in path order, and a definition may read only earlier ones",
                    later.file, later.line
                ),
                None => match closest(&read.field, sites.iter().map(|s| s.name.as_str())) {
                    Some(close) => format!("did you mean `{DEFINED}.{close}`? (`triage fields` lists the definitions)"),
                    None => "definitions are made with define(\"name\", value) in rules/definitions/ (`triage fields` lists them)".to_string(),
                },
            };
            errors.push(Diagnostic::error(location, message).with_help(help));
        }
    }
    errors
}

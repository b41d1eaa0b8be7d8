//! Static analysis of compiled rule files, without running any case.
//!
//! It walks the Rhai syntax tree to find what a rule file reads (`screening.night_pain`)
//! and which rules-API calls it makes with which literal arguments
//! (`suggest("stretching", ...)`), each with its line and column. `triage check` uses
//! this to catch mis-spelled fields and unknown ids before a patient is assessed;
//! `triage test` and `triage explain` use the call sites to show which rule lines
//! never fired.

use std::collections::{BTreeMap, BTreeSet};

use rhai::{AST, ASTNode, Expr, FnCallExpr, Position, Stmt};

use super::api;
use super::trace::ActionKind;

/// A `section.field` read found in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldUse {
    pub section: String,
    pub field: String,
    /// 1-based line and column of the field name.
    pub line: usize,
    pub column: usize,
}

/// One function call in a rule file (operators excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    pub function: String,
    /// Each argument: its text when it is a string literal, and where it starts.
    pub args: Vec<Arg>,
    /// 1-based line and column of the function name.
    pub line: usize,
    pub column: usize,
}

/// An argument of a call, as far as it can be known without running the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    /// The text of a string literal; `None` for anything computed.
    pub literal: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl Call {
    /// Whether this call records the action `kind`.
    pub(crate) fn records(&self, kind: ActionKind) -> bool {
        api::lookup(&self.function)
            .is_some_and(|f| matches!(f.role, api::Role::Action(k) if k == kind))
    }

    /// Whether this call records an action (refer, red_flag, suggest, avoid, review).
    pub(crate) fn is_action(&self) -> bool {
        api::lookup(&self.function).is_some_and(api::ApiFunction::is_action)
    }
}

fn line_column(position: Position) -> (usize, usize) {
    (
        position.line().unwrap_or(0),
        position.position().unwrap_or(1),
    )
}

/// Every `section.field` (or `section["field"]`) read on one of `sections`.
pub(crate) fn field_uses(ast: &AST, sections: &[String]) -> Vec<FieldUse> {
    let mut uses = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Expr(Expr::Dot(binary, ..) | Expr::Index(binary, ..))) = path.last()
            && let Expr::Variable(variable, _, _) = &binary.lhs
            && variable.2.is_empty()
            && sections.iter().any(|s| s.as_str() == variable.1.as_str())
            && let Some((field, position)) = first_member(&binary.rhs)
        {
            let (line, column) = line_column(position);
            uses.push(FieldUse {
                section: variable.1.to_string(),
                field,
                line,
                column,
            });
        }
        true
    });
    uses.sort_by_key(|u| (u.line, u.column));
    uses.dedup();
    uses
}

/// Whether the file uses one of `sections` other than to read a named field
/// (`section.field`, `section["field"]`): a computed name (`section[name]`), the
/// whole section passed on, or kept in a variable. Such a file may read any of
/// its fields, which the static reads above cannot list.
pub(crate) fn reads_sections_dynamically(ast: &AST, sections: &[String]) -> bool {
    let mut dynamic = false;
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Expr(Expr::Variable(variable, _, _))) = path.last()
            && variable.2.is_empty()
            && sections.iter().any(|s| s.as_str() == variable.1.as_str())
        {
            let named = match path.len().checked_sub(2).map(|i| &path[i]) {
                Some(ASTNode::Expr(Expr::Dot(binary, ..) | Expr::Index(binary, ..))) => {
                    matches!(&binary.lhs, Expr::Variable(lhs, _, _) if lhs.1 == variable.1)
                        && first_member(&binary.rhs).is_some()
                }
                _ => false,
            };
            dynamic |= !named;
        }
        true
    });
    dynamic
}

/// What each definition of a definition file depends on: for every
/// `define("name", value)`, the `section.field`s of `sections` (`defined` among
/// them) its value reads, directly or through the `let` variables it uses (and
/// theirs). `None` when the file is not plain enough to tell: a definition not
/// at the top level, a name that is not a literal, or a function of its own
/// (then every definition depends on everything the file reads).
pub(crate) fn definition_reads(
    ast: &AST,
    sections: &[String],
) -> Option<Vec<(String, BTreeSet<(String, String)>)>> {
    if ast.iter_functions().next().is_some() {
        return None;
    }
    // What an expression reads: fields, and the variables it uses.
    let reads_of = |expr: &Expr| {
        let mut fields = BTreeSet::new();
        let mut variables = BTreeSet::new();
        expr.walk(&mut Vec::new(), &mut |path: &[ASTNode]| {
            match path.last() {
                Some(ASTNode::Expr(Expr::Dot(binary, ..) | Expr::Index(binary, ..))) => {
                    if let Expr::Variable(variable, _, _) = &binary.lhs
                        && sections.iter().any(|s| s.as_str() == variable.1.as_str())
                        && let Some((field, _)) = first_member(&binary.rhs)
                    {
                        fields.insert((variable.1.to_string(), field));
                    }
                }
                Some(ASTNode::Expr(Expr::Variable(variable, _, _)))
                    if !sections.iter().any(|s| s.as_str() == variable.1.as_str()) =>
                {
                    variables.insert(variable.1.to_string());
                }
                _ => {}
            }
            true
        });
        (fields, variables)
    };
    type Reads = (BTreeSet<(String, String)>, BTreeSet<String>);
    let mut variables: BTreeMap<String, Reads> = BTreeMap::new();
    let mut defines: Vec<(String, Reads)> = Vec::new();
    let mut plain = true;
    for statement in ast.statements() {
        let call = match statement {
            Stmt::FnCall(call, _) => Some(&**call),
            Stmt::Expr(expr) => match &**expr {
                Expr::FnCall(call, _) => Some(&**call),
                _ => None,
            },
            _ => None,
        };
        if let Some(call) = call.filter(|c| c.name.as_str() == "define") {
            match call.args.as_slice() {
                [Expr::StringConstant(name, _), value] => {
                    defines.push((name.to_string(), reads_of(value)));
                }
                _ => plain = false,
            }
            continue;
        }
        match statement {
            Stmt::Var(declaration, _, _) => {
                let entry = variables.entry(declaration.0.name.to_string()).or_default();
                let (fields, used) = reads_of(&declaration.1);
                entry.0.extend(fields);
                entry.1.extend(used);
            }
            Stmt::Assignment(assignment) => match &assignment.1.lhs {
                Expr::Variable(variable, _, _) => {
                    let entry = variables.entry(variable.1.to_string()).or_default();
                    let (fields, used) = reads_of(&assignment.1.rhs);
                    entry.0.extend(fields);
                    entry.1.extend(used);
                }
                _ => plain = false,
            },
            other => {
                // Anything else that defines (inside a block) is not plain.
                let mut nested = false;
                other.walk(&mut Vec::new(), &mut |path: &[ASTNode]| {
                    if let Some(ASTNode::Stmt(Stmt::FnCall(call, _)) | ASTNode::Expr(Expr::FnCall(call, _))) = path.last()
                        && call.name.as_str() == "define"
                    {
                        nested = true;
                    }
                    true
                });
                plain &= !nested;
            }
        }
    }
    if !plain {
        return None;
    }
    // Every variable's fields, through the variables it uses, to a fixpoint.
    let mut resolved: BTreeMap<String, BTreeSet<(String, String)>> = variables
        .iter()
        .map(|(name, (fields, _))| (name.clone(), fields.clone()))
        .collect();
    loop {
        let mut grew = false;
        for (name, (_, used)) in &variables {
            let more: BTreeSet<(String, String)> = used
                .iter()
                .filter_map(|u| resolved.get(u))
                .flatten()
                .cloned()
                .collect();
            if let Some(fields) = resolved.get_mut(name) {
                let before = fields.len();
                fields.extend(more);
                grew |= fields.len() > before;
            }
        }
        if !grew {
            break;
        }
    }
    Some(
        defines
            .into_iter()
            .map(|(name, (mut fields, used))| {
                for u in &used {
                    if let Some(more) = resolved.get(u) {
                        fields.extend(more.iter().cloned());
                    }
                }
                (name, fields)
            })
            .collect(),
    )
}

/// The member named right after the section variable: `field` in `section.field.x`.
pub(super) fn first_member(expr: &Expr) -> Option<(String, Position)> {
    match expr {
        Expr::Property(property, position) => Some((property.2.to_string(), *position)),
        Expr::StringConstant(text, position) => Some((text.to_string(), *position)),
        Expr::Dot(inner, ..) | Expr::Index(inner, ..) => first_member(&inner.lhs),
        _ => None,
    }
}

/// Every named function call (not operators, not method calls), in source order.
pub(crate) fn calls(ast: &AST) -> Vec<Call> {
    let mut calls = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        let found = match path.last() {
            Some(
                ASTNode::Stmt(Stmt::FnCall(call, position))
                | ASTNode::Expr(Expr::FnCall(call, position)),
            ) => Some((call, *position)),
            _ => None,
        };
        if let Some((call, position)) = found
            && !call.is_operator_call()
            && !call.is_qualified()
        {
            calls.push(describe_call(call, position));
        }
        true
    });
    calls.sort_by_key(|c| (c.line, c.column));
    calls.dedup();
    calls
}

fn describe_call(call: &FnCallExpr, position: Position) -> Call {
    let (line, column) = line_column(position);
    let args = call
        .args
        .iter()
        .map(|arg| {
            let (line, column) = line_column(arg.start_position());
            Arg {
                literal: match arg {
                    Expr::StringConstant(text, _) => Some(text.to_string()),
                    _ => None,
                },
                line,
                column,
            }
        })
        .collect();
    Call {
        function: call.name.to_string(),
        args,
        line,
        column,
    }
}

/// Names of the functions a rule file defines itself (`fn name(...) { ... }`).
pub(crate) fn script_functions(ast: &AST) -> Vec<String> {
    ast.iter_functions().map(|f| f.name.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleEngine;

    fn compile(source: &str) -> AST {
        let sections: Vec<String> = ["screening", "complaint", "activity"]
            .iter()
            .map(ToString::to_string)
            .collect();
        match RuleEngine::new().compile(source, &sections) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        }
    }

    #[test]
    fn finds_field_reads_with_positions() {
        let ast = compile(
            "let a = yes(screening.nigth_pain);\nif \"x\" in complaint.aggravated_by && complaint.pain_now.abs() > 2 { }\nlet b = activity[\"level\"];\n",
        );
        let uses: Vec<(String, usize, usize)> = field_uses(
            &ast,
            &["screening".into(), "complaint".into(), "activity".into()],
        )
        .into_iter()
        .map(|u| (format!("{}.{}", u.section, u.field), u.line, u.column))
        .collect();
        assert_eq!(
            uses,
            vec![
                ("screening.nigth_pain".to_string(), 1, 23),
                ("complaint.aggravated_by".to_string(), 2, 21),
                ("complaint.pain_now".to_string(), 2, 48),
                ("activity.level".to_string(), 3, 18),
            ]
        );
    }

    #[test]
    fn finds_api_calls_with_literal_arguments() {
        let ast = compile(
            "if yes(screening.x) {\n    suggest(\"stretching\", \"why\");\n}\nlet u = \"soon\";\nrefer(u, \"gp\", `r ${u}`);\nfn helper() { review(\"later\"); }\n",
        );
        let calls = calls(&ast);
        let summary: Vec<(String, usize, usize, Vec<Option<String>>)> = calls
            .iter()
            .map(|c| {
                (
                    c.function.clone(),
                    c.line,
                    c.column,
                    c.args.iter().map(|a| a.literal.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("yes".to_string(), 1, 4, vec![None]),
                (
                    "suggest".to_string(),
                    2,
                    5,
                    vec![Some("stretching".into()), Some("why".into())]
                ),
                (
                    "refer".to_string(),
                    5,
                    1,
                    vec![None, Some("gp".into()), None]
                ),
                ("review".to_string(), 6, 15, vec![Some("later".into())]),
            ]
        );
        assert_eq!((calls[1].args[0].line, calls[1].args[0].column), (2, 13));
        assert_eq!(script_functions(&ast), vec!["helper".to_string()]);
    }
}

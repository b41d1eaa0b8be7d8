//! What a compiled rule file says, read from its Rhai syntax tree without running
//! any case: what it reads (`screening.night_pain`) and which functions it calls
//! with which literal arguments (`suggest("stretching", ...)`), each with its line
//! and column. The checks of this room are built on these; `triage test` and
//! `triage explain` use the call sites to show which rule lines never fired.

use rhai::{AST, ASTNode, Expr, FnCallExpr, Position, Stmt};

use crate::engine::{self as api, ActionKind};

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
        api::lookup(&self.function).is_some_and(|f| f.records(kind))
    }

    /// Whether this call records an action (refer, red_flag, suggest, avoid, review).
    pub(crate) fn is_action(&self) -> bool {
        api::lookup(&self.function).is_some_and(api::ApiFunction::is_action)
    }
}

/// The 1-based line and column of a position (column 1 when Rhai has none).
pub(crate) fn line_column(position: Position) -> (usize, usize) {
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

/// The member named right after the section variable: `field` in `section.field.x`.
pub(crate) fn first_member(expr: &Expr) -> Option<(String, Position)> {
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
    fn sees_inside_rule_blocks() {
        // Rhai's walk descends into a custom syntax's inputs, so every check sees the
        // reads and calls written inside `rule name { ... }`.
        let ast = compile(
            "rule night {\n    if yes(screening.night_pain) {\n        suggest(\"stretching\", \"why\");\n    }\n}\n",
        );
        let reads: Vec<String> = field_uses(&ast, &["screening".into()])
            .into_iter()
            .map(|u| format!("{}.{}:{}", u.section, u.field, u.line))
            .collect();
        assert_eq!(reads, vec!["screening.night_pain:2".to_string()]);
        let names: Vec<(String, usize)> = calls(&ast)
            .into_iter()
            .map(|c| (c.function, c.line))
            .collect();
        assert_eq!(
            names,
            vec![("yes".to_string(), 2), ("suggest".to_string(), 3)]
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

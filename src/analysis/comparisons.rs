//! The comparisons a rule file makes between a case field and a literal, found
//! without running a case: `complaint.region == "hip"`, `patient.age > 40`,
//! `"stairs" in complaint.aggravated_by`, `any_of(x, ["a", "b"])`, `yes(x)`,
//! `is_not(x, "sudden")`. They are checked against the vocabulary
//! (`never_true.rs`), so a comparison that can never be true is refused before any
//! patient is assessed, and the what-if tries the answers either side of them
//! (`probes.rs`). A comparison on a name bound once to a field (`let weeks =
//! history.weeks_of_physio;` then `weeks >= 6`) counts as one on the field, so
//! the what-if tries either side of its thresholds too.

use std::collections::HashMap;

use rhai::{AST, ASTNode, Expr, Position, Stmt};

use super::syntax::{first_member, line_column};
use crate::engine::{Helper, is_helper};

/// A literal on the other side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// What a comparison asks of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Test {
    /// `==`, `!=`, `<`, `>`, `<=`, `>=` (the operator).
    Compare(&'static str),
    /// `literal in field`.
    Contains,
    /// `any_of(field, [literals])`.
    AnyOf,
    /// `yes(field)`: the field must be true/false.
    Yes,
    /// `no(field)`: the field must be true/false.
    No,
    /// `not_yes(field)`: the field must be true/false.
    NotYes,
    /// `is_not(field, literal)`.
    IsNot,
}

/// One comparison of a case field with a literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub(crate) test: Test,
    pub(crate) section: String,
    pub(crate) field: String,
    /// The literal, or `None` for `yes`/`no`.
    pub(crate) literal: Option<Literal>,
    /// Where the literal (or, for `yes`/`no`, the field) is.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

const OPERATORS: [&str; 6] = ["==", "!=", "<", ">", "<=", ">="];

/// Names bound once in the file, each to a field read (`let weeks =
/// history.weeks_of_physio;`), with the section and field.
type Aliases = HashMap<String, (String, String)>;

/// The names of `ast` bound with `let` exactly once, to a field of `sections`.
fn aliases(ast: &AST, sections: &[String]) -> Aliases {
    let mut bound: HashMap<String, Option<(String, String)>> = HashMap::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Var(declaration, _, _))) = path.last() {
            let name = declaration.0.name.to_string();
            let field =
                field_of(&declaration.1, sections).map(|(section, field, _)| (section, field));
            bound
                .entry(name)
                .and_modify(|twice| *twice = None)
                .or_insert(field);
        }
        true
    });
    bound
        .into_iter()
        .filter_map(|(name, field)| Some((name, field?)))
        .collect()
}

/// `section.field` when `expr` reads one of `sections` or is a name bound to
/// one (`aliases`).
fn field_or_alias_of(
    expr: &Expr,
    sections: &[String],
    aliases: &Aliases,
) -> Option<(String, String, Position)> {
    if let Expr::Variable(variable, _, position) = expr
        && let Some((section, field)) = aliases.get(variable.1.as_str())
    {
        return Some((section.clone(), field.clone(), *position));
    }
    field_of(expr, sections)
}

/// `section.field` when `expr` reads one of `sections`.
pub(crate) fn field_of(expr: &Expr, sections: &[String]) -> Option<(String, String, Position)> {
    let (Expr::Dot(binary, ..) | Expr::Index(binary, ..)) = expr else {
        return None;
    };
    let Expr::Variable(variable, _, _) = &binary.lhs else {
        return None;
    };
    let section = variable.1.as_str();
    if !sections.iter().any(|s| s == section) {
        return None;
    }
    let (field, position) = first_member(&binary.rhs)?;
    Some((section.to_string(), field, position))
}

fn literal_of(expr: &Expr) -> Option<(Literal, Position)> {
    match expr {
        Expr::StringConstant(text, position) => Some((Literal::Text(text.to_string()), *position)),
        #[allow(clippy::cast_precision_loss)]
        Expr::IntegerConstant(number, position) => {
            Some((Literal::Number(*number as f64), *position))
        }
        Expr::FloatConstant(number, position) => Some((Literal::Number(**number), *position)),
        Expr::BoolConstant(value, position) => Some((Literal::Bool(*value), *position)),
        _ => None,
    }
}

/// Every comparison of a field of `sections` with a literal, in source order.
pub(crate) fn comparisons(ast: &AST, sections: &[String]) -> Vec<Comparison> {
    let aliases = aliases(ast, sections);
    let field_of = |expr: &Expr| field_or_alias_of(expr, sections, &aliases);
    let mut found = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        let Some(ASTNode::Expr(Expr::FnCall(call, _))) = path.last() else {
            return true;
        };
        let name = call.name.as_str();
        let args: Vec<&Expr> = call.args.iter().collect();
        let mut push = |test: Test,
                        field: (String, String, Position),
                        literal: Option<(Literal, Position)>| {
            let position = literal.as_ref().map_or(field.2, |(_, p)| *p);
            let (line, column) = line_column(position);
            found.push(Comparison {
                test,
                section: field.0,
                field: field.1,
                literal: literal.map(|(l, _)| l),
                line,
                column,
            });
        };
        if let Some(op) = OPERATORS.iter().find(|op| **op == name)
            && call.is_operator_call()
            && let [left, right] = args.as_slice()
        {
            if let (Some(field), Some(literal)) = (field_of(left), literal_of(right)) {
                push(Test::Compare(op), field, Some(literal));
            } else if let (Some(literal), Some(field)) = (literal_of(left), field_of(right)) {
                push(Test::Compare(op), field, Some(literal));
            }
        } else if name == "contains"
            && let [list, item] = args.as_slice()
            && let (Some(field), Some(literal)) = (field_of(list), literal_of(item))
        {
            push(Test::Contains, field, Some(literal));
        } else if is_helper(name, Helper::AnyOf)
            && let [list, Expr::Array(items, _)] = args.as_slice()
            && let Some(field) = field_of(list)
        {
            for item in items {
                if let Some(literal) = literal_of(item) {
                    push(Test::AnyOf, field.clone(), Some(literal));
                }
            }
        } else if is_helper(name, Helper::IsNot)
            && let [value, other] = args.as_slice()
            && let Some(field) = field_of(value)
            && let Some(literal) = literal_of(other)
        {
            push(Test::IsNot, field, Some(literal));
        } else if let Some(test) = [
            (Helper::Yes, Test::Yes),
            (Helper::No, Test::No),
            (Helper::NotYes, Test::NotYes),
        ]
        .into_iter()
        .find_map(|(helper, test)| is_helper(name, helper).then_some(test))
            && let [value] = args.as_slice()
            && let Some(field) = field_of(value)
        {
            push(test, field, None);
        }
        true
    });
    found.sort_by_key(|c| (c.line, c.column));
    found
}

//! The comparisons a rule file makes between a case field and a literal, found
//! without running a case: `complaint.region == "hip"`, `patient.age > 40`,
//! `"stairs" in complaint.aggravated_by`, `any_of(x, ["a", "b"])`, `yes(x)`. The
//! rule set checks them against the vocabulary, so a comparison that can never be
//! true is refused before any patient is assessed. A comparison on a name bound
//! once to a field (`let weeks = history.weeks_of_physio;` then `weeks >= 6`)
//! counts as one on the field, so the what-if tries either side of its
//! thresholds too.

use std::collections::HashMap;

use rhai::{AST, ASTNode, Expr, Position, Stmt};

use super::analysis::first_member;
use super::api::{Helper, is_helper};

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
    /// For `!=`: whether an enclosing `&&` first checks `known(field)`.
    pub(crate) guarded_by_known: bool,
}

const OPERATORS: [&str; 6] = ["==", "!=", "<", ">", "<=", ">="];

fn line_column(position: Position) -> (usize, usize) {
    (
        position.line().unwrap_or(0),
        position.position().unwrap_or(1),
    )
}

/// Names bound once in the file, each to a field read (`let weeks =
/// history.weeks_of_physio;`), with the section and field.
type Aliases = HashMap<String, (String, String)>;

/// The names of `ast` bound with `let` exactly once, to a field of `sections`.
fn aliases(ast: &AST, sections: &[String]) -> Aliases {
    let mut bound: HashMap<String, Option<(String, String)>> = HashMap::new();
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Var(declaration, _, _))) = path.last() {
            let name = declaration.0.name.to_string();
            let field = field_of(&declaration.1, sections, &Aliases::new())
                .map(|(section, field, _)| (section, field));
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

/// `section.field` when `expr` reads one of `sections` (or is a name bound to
/// one, in `aliases`).
fn field_of(
    expr: &Expr,
    sections: &[String],
    aliases: &Aliases,
) -> Option<(String, String, Position)> {
    if let Expr::Variable(variable, _, position) = expr
        && let Some((section, field)) = aliases.get(variable.1.as_str())
    {
        return Some((section.clone(), field.clone(), *position));
    }
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

/// Whether `expr` is `known(section.field)`.
fn is_known_of(
    expr: &Expr,
    section: &str,
    field: &str,
    sections: &[String],
    aliases: &Aliases,
) -> bool {
    let Expr::FnCall(call, _) = expr else {
        return false;
    };
    is_helper(call.name.as_str(), Helper::Known)
        && call
            .args
            .first()
            .and_then(|arg| field_of(arg, sections, aliases))
            .is_some_and(|(s, f, _)| s == section && f == field)
}

/// Every comparison of a field of `sections` with a literal, in source order.
pub(crate) fn comparisons(ast: &AST, sections: &[String]) -> Vec<Comparison> {
    let aliases = aliases(ast, sections);
    let field_of = |expr: &Expr| field_of(expr, sections, &aliases);
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
            let guarded_by_known = path.iter().rev().skip(1).any(|node| match node {
                ASTNode::Expr(Expr::And(operands, _)) => operands
                    .iter()
                    .any(|operand| is_known_of(operand, &field.0, &field.1, sections, &aliases)),
                _ => false,
            });
            found.push(Comparison {
                test,
                section: field.0,
                field: field.1,
                literal: literal.map(|(l, _)| l),
                line,
                column,
                guarded_by_known,
            });
        };
        if let Some(op) = OPERATORS.iter().find(|op| **op == name)
            && call.is_operator_call()
            && let [left, right] = args.as_slice()
        {
            if let (Some(field), Some(literal)) = (field_of(left), literal_of(right)) {
                push(Test::Compare(op), field, Some(literal));
            } else if let (Some(literal), Some(field)) =
                (literal_of(left), field_of(right))
            {
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
        } else if (is_helper(name, Helper::Yes) || is_helper(name, Helper::No))
            && let [value] = args.as_slice()
            && let Some(field) = field_of(value)
        {
            let test = if is_helper(name, Helper::Yes) {
                Test::Yes
            } else {
                Test::No
            };
            push(test, field, None);
        }
        true
    });
    found.sort_by_key(|c| (c.line, c.column));
    found
}

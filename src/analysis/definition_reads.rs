//! What a definition file's definitions read, and whether a file reads a case
//! section other than by a named field: the finer reading the interview's search
//! needs (`reach.rs`), from the syntax tree.

use std::collections::{BTreeMap, BTreeSet};

use rhai::{AST, ASTNode, Expr, Stmt};

use super::syntax::first_member;
use crate::engine::{ActionKind, lookup};

/// Whether a call of `name` makes a definition.
fn makes_definition(name: &str) -> bool {
    lookup(name).is_some_and(|f| f.records(ActionKind::Define))
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

/// `(section, field)`s read.
type Fields = BTreeSet<(String, String)>;

/// What an expression or a variable reads: fields, and the variables it uses.
type Reads = (Fields, BTreeSet<String>);

/// What each definition of a definition file depends on: for every
/// `define("name", value)`, the `section.field`s of `sections` (`defined` among
/// them) its value reads, directly or through the `let` variables it uses (and
/// theirs). `None` when the file is not plain enough to tell: a definition not
/// at the top level, a name that is not a literal, or a function of its own
/// (then every definition depends on everything the file reads).
pub(crate) fn definition_reads(ast: &AST, sections: &[String]) -> Option<Vec<(String, Fields)>> {
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
        if let Some(call) = call.filter(|c| makes_definition(c.name.as_str())) {
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
                    if let Some(
                        ASTNode::Stmt(Stmt::FnCall(call, _)) | ASTNode::Expr(Expr::FnCall(call, _)),
                    ) = path.last()
                        && makes_definition(call.name.as_str())
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

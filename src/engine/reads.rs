//! What a rule file's trace can depend on, read from its syntax tree: the case
//! fields it reads, the definitions it reads and the definitions it makes. A
//! file reads nothing else (its scope starts with only the section variables and
//! `defined`, and it runs nothing that reads the clock or a file), so when none
//! of these changed, the file records what it recorded before. The what-if uses
//! this to run again only the files an answer can change.
//!
//! Anything the syntax does not say for certain counts as reading everything: a
//! section variable used other than as `section.field` (or `section["field"]`),
//! passed on, captured or aliased; a definition made under a computed name.

use rhai::{AST, ASTNode, Expr, Stmt};

use super::api::{self, DEFINED};
use super::trace::ActionKind;

/// What a file's trace depends on, and the definitions it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reads {
    /// The case fields read, `section.field`, sorted.
    pub(crate) fields: Vec<String>,
    /// The definitions read (`defined.name`), sorted.
    pub(crate) definitions: Vec<String>,
    /// The definitions made (`define("name", ...)`), sorted.
    pub(crate) makes: Vec<String>,
    /// A read or a definition the syntax cannot name: the file depends on
    /// everything, and may make any definition.
    pub(crate) everything: bool,
}

impl Default for Reads {
    /// A file not read (yet): it depends on everything.
    fn default() -> Self {
        Reads {
            fields: Vec::new(),
            definitions: Vec::new(),
            makes: Vec::new(),
            everything: true,
        }
    }
}

impl Reads {
    /// Whether the file may record something else when the fields `changed` and
    /// the definitions `redefined` (sorted) may have changed.
    pub(crate) fn depends_on(&self, changed: &[&str], redefined: &[String]) -> bool {
        self.everything
            || changed.iter().any(|field| {
                self.fields
                    .binary_search_by(|f| f.as_str().cmp(field))
                    .is_ok()
            })
            || redefined
                .iter()
                .any(|name| self.definitions.binary_search(name).is_ok())
    }
}

/// What the file at `ast` reads and makes; `sections` are the case's section
/// variables.
pub(crate) fn reads(ast: &AST, sections: &[String]) -> Reads {
    let mut found = Reads {
        everything: false,
        ..Reads::default()
    };
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Expr(variable @ Expr::Variable(name, _, _))) => {
                let name = name.1.as_str();
                let is_section = sections.iter().any(|s| s == name);
                if is_section || name == DEFINED {
                    match member(path, variable) {
                        Some(field) if name == DEFINED => found.definitions.push(field),
                        Some(field) => found.fields.push(format!("{name}.{field}")),
                        None => found.everything = true,
                    }
                }
            }
            Some(ASTNode::Stmt(Stmt::FnCall(call, _)) | ASTNode::Expr(Expr::FnCall(call, _)))
                if api::lookup(&call.name).is_some_and(|f| f.records(ActionKind::Define)) =>
            {
                match call.args.first() {
                    Some(Expr::StringConstant(name, _)) => found.makes.push(name.to_string()),
                    _ => found.everything = true,
                }
            }
            // `x.define(...)`, or any other call that could reach `define`, is refused
            // when it runs; were it not, a computed name is covered here.
            Some(ASTNode::Expr(Expr::MethodCall(call, _)))
                if api::lookup(&call.name).is_some_and(|f| f.records(ActionKind::Define)) =>
            {
                found.everything = true;
            }
            _ => {}
        }
        true
    });
    for list in [&mut found.fields, &mut found.definitions, &mut found.makes] {
        list.sort_unstable();
        list.dedup();
    }
    found
}

/// The member read right on `variable`, the last node of `path`: `field` in
/// `variable.field...` or `variable["field"]...`; `None` for any other use.
fn member(path: &[ASTNode], variable: &Expr) -> Option<String> {
    let parent = path.len().checked_sub(2).and_then(|i| path.get(i))?;
    let ASTNode::Expr(Expr::Dot(binary, ..) | Expr::Index(binary, ..)) = parent else {
        return None;
    };
    if !std::ptr::eq(std::ptr::from_ref(&binary.lhs), variable) {
        return None;
    }
    match &binary.rhs {
        Expr::Property(property, _) => Some(property.2.to_string()),
        Expr::StringConstant(text, _) => Some(text.to_string()),
        Expr::Dot(inner, ..) | Expr::Index(inner, ..) => match &inner.lhs {
            Expr::Property(property, _) => Some(property.2.to_string()),
            Expr::StringConstant(text, _) => Some(text.to_string()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleEngine;

    fn of(source: &str) -> Reads {
        let sections = vec!["screening".to_string(), "complaint".to_string()];
        let mut declared = sections.clone();
        declared.push(DEFINED.to_string());
        match RuleEngine::new().compile(source, &declared) {
            Ok(ast) => reads(&ast, &sections),
            Err(error) => panic!("does not compile: {error}"),
        }
    }

    #[test]
    fn reads_fields_and_definitions_by_name() {
        let found = of(
            "let a = yes(screening.night_pain) && defined.adult;\nif complaint[\"region\"] == \"hip\" && complaint.side.len() > 0 { define(\"x\", a); }",
        );
        assert_eq!(
            found.fields,
            vec!["complaint.region", "complaint.side", "screening.night_pain"]
        );
        assert_eq!(found.definitions, vec!["adult"]);
        assert_eq!(found.makes, vec!["x"]);
        assert!(!found.everything);
        assert!(found.depends_on(&["complaint.side"], &[]));
        assert!(found.depends_on(&[], &["adult".to_string()]));
        assert!(!found.depends_on(&["screening.fever"], &["child".to_string()]));
    }

    #[test]
    fn a_section_used_any_other_way_is_everything() {
        for source in [
            "let c = complaint; if c.region == \"hip\" {}",
            "let f = |x| screening.fever; f.call(1);",
            "fn g(s) { s.fever } g(screening);",
            "let name = \"fever\"; let v = screening[name];",
            "define(\"a\" + \"b\", true);",
            "let d = defined;",
        ] {
            assert!(of(source).everything, "{source}");
        }
    }
}

//! A property getter for every name rules read with a dot (`complaint.region`,
//! `defined.febrile`), registered once the rules have compiled. Without one, Rhai
//! first looks for a getter, builds a "property not found" error and only then
//! falls back to the section's indexer, on every read. Each getter also carries
//! where its name usually sits (its index in each section, and among the
//! definitions in the order the files make them), so a read is one comparison
//! instead of a search. The answer is the same either way: every read goes
//! through [`CaseSection`], which checks the name at the hinted place and
//! searches when it is not there, and refuses names that do not exist.

use std::collections::HashMap;
use std::sync::Arc;

use rhai::{AST, ASTNode, Expr, NativeCallContext, Stmt};

use super::api;
use super::case_view::{CaseSection, Hint};
use super::sandbox::RuleEngine;
use super::trace::ActionKind;

impl RuleEngine {
    /// Registers a getter for every field of `sections` (each section's field
    /// names, in vocabulary order) and every definition `definitions` makes (in
    /// the order the definition files make them).
    pub fn register_getters(&mut self, sections: &[Vec<&str>], definitions: &[String]) {
        let mut hints: HashMap<&str, Hint> = HashMap::new();
        for (index, fields) in sections.iter().enumerate() {
            for (place, field) in fields.iter().enumerate() {
                let hint = hints.entry(field).or_default();
                hint.in_sections.resize(sections.len(), None);
                hint.in_sections[index].get_or_insert(place);
            }
        }
        for (place, name) in definitions.iter().enumerate() {
            hints
                .entry(name.as_str())
                .or_default()
                .in_definitions
                .get_or_insert(place);
        }
        for (name, hint) in hints {
            let hint = Arc::new(hint);
            let field = name.to_string();
            self.engine.register_get(
                name,
                move |context: NativeCallContext, section: &mut CaseSection| {
                    section.get(&context, &field, Some(&hint))
                },
            );
        }
    }
}

/// The names the definition files make with a literal name (`define("name", ...)`),
/// in the order they appear, first time only: the order the definitions are
/// usually made in.
pub(crate) fn definition_names<'a>(files: impl IntoIterator<Item = &'a AST>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for ast in files {
        let mut found = Vec::new();
        ast.walk(&mut |path: &[ASTNode]| {
            if let Some(
                ASTNode::Stmt(Stmt::FnCall(call, position))
                | ASTNode::Expr(Expr::FnCall(call, position)),
            ) = path.last()
                && !call.is_qualified()
                && api::lookup(&call.name).is_some_and(|f| f.records(ActionKind::Define))
                && let Some(Expr::StringConstant(name, _)) = call.args.first()
            {
                found.push((*position, name.to_string()));
            }
            true
        });
        found.sort_by_key(|(position, _)| (position.line(), position.position()));
        for (_, name) in found {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

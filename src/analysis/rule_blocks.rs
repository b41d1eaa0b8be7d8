//! The named rule blocks of a rule file (`rule name { ... }`), which give every
//! action its stable id, and their checks: every action (`refer`, `red_flag`,
//! `suggest`, `avoid`, `review`) is inside one; blocks do not nest; a name is used
//! once in its file and is written in snake_case; a definition file has none (it
//! makes definitions, not rules). `triage test` and `triage explain` use the blocks
//! to name the rules that never fired.

use std::collections::BTreeMap;

use rhai::{AST, ASTNode, Expr, Stmt};

use super::syntax::line_column;
use crate::diagnostic::Diagnostic;
use crate::engine::{self, ActionKind, RULE_KEYWORD};
use crate::place::{Location, RuleId};
use crate::ruleset::RuleFile;

/// One rule block, where it is and the actions written inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleBlock {
    pub(crate) name: String,
    /// 1-based line and column of the name.
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// The enclosing rule block's name, when this one is (wrongly) inside another.
    pub(crate) inside: Option<String>,
    /// The line of each action call written inside the block, in source order.
    pub(crate) action_lines: Vec<usize>,
}

impl RuleBlock {
    /// The block's id in `rule`.
    pub(crate) fn id(&self, rule: &RuleFile) -> RuleId {
        RuleId::new(&rule.name, &self.name)
    }
}

/// An action call, and the rule block it is written in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ActionSite {
    function: String,
    line: usize,
    column: usize,
    block: Option<usize>,
}

/// The name and position of a rule block node, when `node` is one, and the
/// position of the block's closing brace.
fn rule_block_of<'a>(node: &'a ASTNode) -> Option<(&'a str, rhai::Position, rhai::Position)> {
    let ASTNode::Expr(Expr::Custom(custom, _)) = node else {
        return None;
    };
    if custom.tokens.first().map(rhai::ImmutableString::as_str) != Some(RULE_KEYWORD) {
        return None;
    }
    let end = match custom.inputs.get(1) {
        Some(Expr::Stmt(block)) => block.end_position(),
        _ => rhai::Position::NONE,
    };
    match custom.inputs.first() {
        Some(Expr::Variable(variable, _, position)) => Some((variable.1.as_str(), *position, end)),
        _ => None,
    }
}

/// Every rule block and every action call of a file, in source order.
fn scan(ast: &AST) -> (Vec<RuleBlock>, Vec<ActionSite>) {
    let mut blocks: Vec<RuleBlock> = Vec::new();
    // Where each block ends (line, column of its `}`), by its place in `blocks`.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut actions = Vec::new();
    // The rule blocks open on the current path, by their place in `blocks`.
    let mut open: Vec<(usize, usize)> = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        // The walk gives the whole path each time: forget the blocks it left.
        open.retain(|(depth, _)| *depth < path.len());
        let Some(node) = path.last() else {
            return true;
        };
        if let Some((name, position, end)) = rule_block_of(node) {
            let (line, column) = line_column(position);
            ends.push(if end.is_none() {
                (line, column)
            } else {
                line_column(end)
            });
            blocks.push(RuleBlock {
                name: name.to_string(),
                line,
                column,
                inside: open.last().map(|(_, index)| blocks[*index].name.clone()),
                action_lines: Vec::new(),
            });
            open.push((path.len(), blocks.len() - 1));
            return true;
        }
        let call = match node {
            ASTNode::Stmt(Stmt::FnCall(call, position))
            | ASTNode::Expr(Expr::FnCall(call, position)) => Some((call, *position)),
            _ => None,
        };
        if let Some((call, position)) = call
            && !call.is_operator_call()
            && engine::lookup(&call.name)
                .is_some_and(|f| f.is_action() && !f.records(ActionKind::Define))
        {
            let (line, column) = line_column(position);
            let block = open.last().map(|(_, index)| *index);
            if let Some(index) = block {
                blocks[index].action_lines.push(line);
            }
            actions.push(ActionSite {
                function: call.name.to_string(),
                line,
                column,
                block,
            });
        }
        true
    });
    // The walk reaches the body of a closure apart from where it is written (with
    // the functions, after the statements). A closure written inside a rule block
    // is part of that rule (a named function cannot be written inside a block):
    // the innermost block whose text holds the action.
    for action in actions.iter_mut().filter(|a| a.block.is_none()) {
        let place = (action.line, action.column);
        let holding = blocks
            .iter()
            .zip(&ends)
            .enumerate()
            .filter(|(_, (block, end))| (block.line, block.column) < place && place < **end)
            .max_by_key(|(_, (block, _))| (block.line, block.column))
            .map(|(index, _)| index);
        if let Some(index) = holding {
            action.block = Some(index);
            blocks[index].action_lines.push(action.line);
        }
    }
    blocks.sort_by_key(|b| (b.line, b.column));
    actions.sort_by_key(|a| (a.line, a.column));
    actions.dedup();
    for block in &mut blocks {
        block.action_lines.sort_unstable();
        block.action_lines.dedup();
    }
    (blocks, actions)
}

/// The rule blocks of a compiled rule file, in source order.
pub(crate) fn rule_blocks(ast: &AST) -> Vec<RuleBlock> {
    scan(ast).0
}

fn at(rule: &RuleFile, line: usize, column: usize) -> Location {
    Location::in_source(&rule.path, &rule.source, line, column)
}

/// Whether `name` is snake_case: lower-case letters, digits and underscores,
/// starting with a letter.
fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The problems with the rule blocks of `rule`: errors.
pub(crate) fn diagnostics(rule: &RuleFile) -> Vec<Diagnostic> {
    let (blocks, actions) = scan(&rule.ast);
    let mut found = Vec::new();
    let mut first_of: BTreeMap<&str, &RuleBlock> = BTreeMap::new();
    for block in &blocks {
        let here = at(rule, block.line, block.column);
        if rule.definitions {
            found.push(
                Diagnostic::error(
                    here,
                    format!("a definition file makes definitions, not rules: `{RULE_KEYWORD} {}` does not belong here", block.name),
                )
                .with_help("move the rule to a rule file outside rules/definitions/, and read the definitions there as `defined.name`"),
            );
            continue;
        }
        if let Some(outer) = &block.inside {
            found.push(
                Diagnostic::error(
                    here,
                    format!("the rule block `{}` is inside the rule block `{outer}`: rule blocks cannot be nested", block.name),
                )
                .with_help(format!("end `{outer}` before this block starts, or make these actions part of `{outer}`")),
            );
            continue;
        }
        if !is_snake_case(&block.name) {
            found.push(
                Diagnostic::error(here.clone(), format!("the rule name `{}` is not snake_case", block.name))
                    .with_help("name the rule in lower case with underscores, as a physiotherapist would say it, e.g. `suspected_cauda_equina`"),
            );
        }
        match first_of.get(block.name.as_str()) {
            Some(first) => found.push(
                Diagnostic::error(
                    here,
                    format!(
                        "the rule name `{}` is already used at line {}: every rule of a file needs its own name",
                        block.name, first.line
                    ),
                )
                .with_help(format!(
                    "the id of a rule is its file and name ({}): rename one of the two blocks",
                    block.id(rule)
                )),
            ),
            None => {
                first_of.insert(block.name.as_str(), block);
            }
        }
    }
    if !rule.definitions {
        for action in actions.iter().filter(|a| a.block.is_none()) {
            found.push(
                Diagnostic::error(
                    at(rule, action.line, action.column),
                    format!(
                        "`{}` is outside any rule block: every referral, red flag, suggestion, avoid and review is made inside a named rule, so that it has a stable id",
                        action.function
                    ),
                )
                .with_help(format!(
                    "put it in a rule block: `{RULE_KEYWORD} a_name {{ ... }}`, named as a physiotherapist would say it"
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleEngine;

    fn rule_file(source: &str, definitions: bool) -> RuleFile {
        let ast = match RuleEngine::new().compile(source, &["screening".to_string()]) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        };
        RuleFile {
            path: "rules/hip/x.rhai".to_string(),
            name: "hip/x".to_string(),
            source: source.to_string(),
            direct_actions: engine::direct_action_sites(&ast),
            literal_actions: Vec::new(),
            ast,
            definitions,
            presentation: None,
            native: crate::engine::Program::default(),
            reads: crate::engine::Reads::default(),
        }
    }

    fn messages(source: &str) -> Vec<String> {
        diagnostics(&rule_file(source, false))
            .into_iter()
            .map(|d| format!("{}: {}", d.location.map_or(0, |l| l.line), d.message))
            .collect()
    }

    #[test]
    fn finds_the_blocks_and_the_actions_inside_them() {
        let rule = rule_file(
            "let a = 1;\nrule first {\n    if a > 0 {\n        review(\"x\");\n    }\n}\nif a > 2 {\n    rule second { suggest(\"t\", \"w\"); avoid(\"u\", \"w\"); }\n}\n",
            false,
        );
        let blocks = rule_blocks(&rule.ast);
        let summary: Vec<(String, usize, Vec<usize>)> = blocks
            .iter()
            .map(|b| (b.name.clone(), b.line, b.action_lines.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("first".to_string(), 2, vec![4]),
                ("second".to_string(), 8, vec![8]),
            ]
        );
        assert_eq!(blocks[1].id(&rule).to_string(), "hip/x#second");
        assert!(diagnostics(&rule).is_empty());
    }

    #[test]
    fn refuses_actions_outside_nested_blocks_duplicates_and_bad_names() {
        assert_eq!(
            messages("review(\"x\");\n"),
            vec![
                "1: `review` is outside any rule block: every referral, red flag, suggestion, avoid and review is made inside a named rule, so that it has a stable id"
            ]
        );
        let nested = messages("rule outer {\n    rule inner { review(\"x\"); }\n}\n");
        assert_eq!(nested.len(), 1, "{nested:?}");
        assert!(nested[0].starts_with("2: the rule block `inner` is inside"));
        let twice = messages("rule a { review(\"x\"); }\nrule a { review(\"y\"); }\n");
        assert_eq!(
            twice,
            vec![
                "2: the rule name `a` is already used at line 1: every rule of a file needs its own name"
            ]
        );
        let camel = messages("rule HipPain { review(\"x\"); }\n");
        assert!(camel[0].contains("not snake_case"), "{camel:?}");
    }

    #[test]
    fn an_action_in_a_closure_belongs_to_the_block_it_is_written_in() {
        let rule = rule_file(
            "rule night_pain {\n    let later = |text| review(text);\n    later.call(\"x\");\n}\nlet outside = |text| review(text);\nfn helper() { review(\"y\"); }\n",
            false,
        );
        let blocks = rule_blocks(&rule.ast);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].action_lines, vec![2]);
        let found = messages(&rule.source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("5: `review` is outside any rule block"));
        assert!(found[1].starts_with("6: `review` is outside any rule block"));
    }

    #[test]
    fn a_definition_file_has_no_rule_blocks() {
        let found = diagnostics(&rule_file("rule a { let x = 1; }\n", true));
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("makes definitions, not rules"));
    }
}

//! Rules-API actions are called directly by name, and nowhere else.
//!
//! Every static check of `triage check` (literal arguments, where definitions
//! are made, each definition made once, the lines `test` and `explain` show)
//! reads the direct calls of the syntax tree: `refer("urgent", ...)`. An action
//! reached any other way (`Fn("define").call(...)`, `call(f, ...)`, a curried
//! pointer, `"name".define(...)`, a pointer handed to `map` or `for_each`) would
//! escape them all. So the places of the direct calls are kept when the rules
//! load ([`direct_action_sites`]); an action recorded anywhere else is refused at
//! run time, and the literal forms are refused by `check` ([`indirect_actions`]).
//! A definition's value of a kind `define` cannot hold is also found here
//! ([`refused_definition_values`]), so `check` refuses what `assess` would.

use rhai::{AST, ASTNode, Expr, FnCallExpr, Position, Stmt};

use super::api::{self, Role};
use super::trace::ActionKind;

/// Where a rule file calls a rules-API action directly: 1-based line and column
/// of the function name, as Rhai reports the position of the call at run time.
pub(crate) type Site = (usize, usize);

/// How an action is reached other than by a direct call, found without running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndirectAction {
    /// The rules-API action (`define`); `None` for `Fn` of a computed name, which
    /// may name any of them.
    pub function: Option<&'static str>,
    /// `Fn("define")`, or method-call syntax `x.define(...)`.
    pub how: &'static str,
    pub line: usize,
    pub column: usize,
}

/// A `define(name, value)` whose value is surely of a kind a definition cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefusedValue {
    /// What the value is, in words (`a single character`).
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

fn line_column(position: Position) -> Site {
    (
        position.line().unwrap_or(0),
        position.position().unwrap_or(1),
    )
}

/// The action `name` records, if it is a rules-API action.
fn action(name: &str) -> Option<(&'static str, ActionKind)> {
    api::lookup(name).and_then(|f| match f.role {
        Role::Action(kind) => Some((f.name, kind)),
        Role::Helper(..) => None,
    })
}

/// Every function call of the file with its position: statements and
/// expressions, method calls marked.
fn each_call(ast: &AST, mut found: impl FnMut(&FnCallExpr, Position, bool)) {
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(
                ASTNode::Stmt(Stmt::FnCall(call, position))
                | ASTNode::Expr(Expr::FnCall(call, position)),
            ) if !call.is_operator_call() && !call.is_qualified() => {
                found(call, *position, false);
            }
            Some(ASTNode::Expr(Expr::MethodCall(call, position))) => found(call, *position, true),
            _ => {}
        }
        true
    });
}

/// The places of the file's direct action calls, sorted: the only places an
/// action may be recorded from.
pub(crate) fn direct_action_sites(ast: &AST) -> Vec<Site> {
    let mut sites = Vec::new();
    each_call(ast, |call, position, method| {
        if !method && action(&call.name).is_some() {
            sites.push(line_column(position));
        }
    });
    sites.sort_unstable();
    sites.dedup();
    sites
}

/// The places of the direct action calls whose every checked argument (by its
/// kind in the rules-API table) is written as a text literal, sorted. `triage
/// check` checked those texts against the data files when the rules loaded (the
/// rules do not load otherwise), so an action recorded there needs no check of
/// its arguments again on every case.
pub(crate) fn literal_action_sites(ast: &AST) -> Vec<Site> {
    let mut sites = Vec::new();
    each_call(ast, |call, position, method| {
        let Some(function) = api::lookup(&call.name) else {
            return;
        };
        let literal = function.params.len() == call.args.len()
            && function.params.iter().zip(&call.args).all(|(param, arg)| {
                !param.kind.checked() || matches!(arg, Expr::StringConstant(..))
            });
        if !method && function.is_action() && literal {
            sites.push(line_column(position));
        }
    });
    sites.sort_unstable();
    sites.dedup();
    sites
}

/// Whether an action recorded at `line`:`column` was called directly.
pub(crate) fn is_direct(sites: &[Site], line: usize, column: usize) -> bool {
    sites.binary_search(&(line, column)).is_ok()
}

/// The literal ways to reach an action other than a direct call: a pointer made
/// with `Fn("action")` (whatever then calls it), and method-call syntax.
pub(crate) fn indirect_actions(ast: &AST) -> Vec<IndirectAction> {
    let mut found = Vec::new();
    each_call(ast, |call, position, method| {
        let (line, column) = line_column(position);
        if method {
            if let Some((function, _)) = action(&call.name) {
                found.push(IndirectAction {
                    function: Some(function),
                    how: "method-call syntax (`x.name(...)`)",
                    line,
                    column,
                });
            }
            return;
        }
        if call.name != "Fn" {
            return;
        }
        match call.args.first() {
            Some(Expr::StringConstant(name, _)) => {
                if let Some((function, _)) = action(name) {
                    found.push(IndirectAction {
                        function: Some(function),
                        how: "a function pointer (`Fn(\"...\")`)",
                        line,
                        column,
                    });
                }
            }
            _ => found.push(IndirectAction {
                function: None,
                how: "a function pointer to a name computed at run time",
                line,
                column,
            }),
        }
    });
    found.sort_by_key(|f| (f.line, f.column));
    found.dedup();
    found
}

/// Direct `define(name, value)` calls whose value is surely of a kind no
/// definition can hold (it would stop every case at run time). `variables` are
/// the names that hold something other than a value (the case sections and
/// `defined`).
pub(crate) fn refused_definition_values(ast: &AST, variables: &[String]) -> Vec<RefusedValue> {
    let mut found = Vec::new();
    each_call(ast, |call, _, method| {
        if method || !matches!(action(&call.name), Some((_, ActionKind::Define))) {
            return;
        }
        let Some(value) = call.args.get(1) else {
            return;
        };
        if let Some(what) = refused_value(value, variables) {
            let (line, column) = line_column(value.start_position());
            found.push(RefusedValue { what, line, column });
        }
    });
    found
}

/// Direct `define(...)` calls that may run more than once: inside a loop, or
/// inside a function (which may be called twice). Either would make the same
/// definition twice, which stops every case at run time; a definition is made
/// once, at the top of its file (an `if` around it is fine).
pub(crate) fn repeatable_definitions(ast: &AST) -> Vec<(Site, &'static str)> {
    let defines = |path: &[ASTNode]| match path.last() {
        Some(
            ASTNode::Stmt(Stmt::FnCall(call, position))
            | ASTNode::Expr(Expr::FnCall(call, position)),
        ) if matches!(action(&call.name), Some((_, ActionKind::Define))) => {
            Some(line_column(*position))
        }
        _ => None,
    };
    let mut everywhere = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        everywhere.extend(defines(path));
        true
    });
    let mut top_level = Vec::new();
    let mut found = Vec::new();
    for statement in ast.statements() {
        statement.walk(&mut Vec::new(), &mut |path: &[ASTNode]| {
            if let Some(site) = defines(path) {
                top_level.push(site);
                let looped = path.iter().any(|node| {
                    matches!(
                        node,
                        ASTNode::Stmt(Stmt::While(..) | Stmt::Do(..) | Stmt::For(..))
                    )
                });
                if looped {
                    found.push((site, "inside a loop"));
                }
            }
            true
        });
    }
    found.extend(
        everywhere
            .into_iter()
            .filter(|site| !top_level.contains(site))
            .map(|site| (site, "inside a function")),
    );
    found.sort_unstable();
    found.dedup();
    found
}

/// What `expr` surely is, when a definition cannot hold it (true/false, a
/// number, a text, a list of texts and unknown are what it can).
fn refused_value(expr: &Expr, variables: &[String]) -> Option<&'static str> {
    match expr {
        Expr::CharConstant(..) => Some("a single character (write it in double quotes)"),
        Expr::DynamicConstant(value, _) if value.is_fnptr() => Some("a function"),
        Expr::FnCall(call, _) if call.name == "Fn" || call.name == "curry" => Some("a function"),
        Expr::FnCall(call, _) if call.is_operator_call() && call.name.starts_with("..") => {
            Some("a range")
        }
        Expr::Map(..) => Some("an object map"),
        Expr::Variable(variable, ..)
            if variable.2.is_empty() && variables.iter().any(|v| *v == variable.1.as_str()) =>
        {
            Some("a whole section, not one of its answers")
        }
        Expr::Array(items, _) => items.iter().find_map(|item| match item {
            Expr::Array(..) => Some("a list of lists"),
            Expr::StringConstant(..) | Expr::InterpolatedString(..) => None,
            Expr::IntegerConstant(..)
            | Expr::FloatConstant(..)
            | Expr::BoolConstant(..)
            | Expr::CharConstant(..)
            | Expr::Unit(..) => Some("a list holding something other than texts"),
            other => {
                refused_value(other, variables).map(|_| "a list holding something other than texts")
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleEngine;
    use crate::engine::run::RunFile;

    fn compile(source: &str) -> AST {
        match RuleEngine::new().compile(source, &["screening".to_string()]) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        }
    }

    #[test]
    fn an_action_recorded_through_a_pointer_is_not_at_a_direct_site() {
        let source = "rule r {\nreview(\"direct\");\nlet f = Fn(\"review\");\nf.call(\"pointer\");\ncall(f, \"call\");\nlet g = f.curry(\"curried\");\ng.call();\n\"method\".review();\nlet m = [\"mapped\"].map(|x| review(x));\nhelper();\n}\nfn helper() { review(\"in a function\"); }\n";
        let ast = compile(source);
        let sites = direct_action_sites(&ast);
        let engine = RuleEngine::new();
        let file = RunFile {
            path: "t.rhai",
            rule_file: "t",
            ast: &ast,
            definitions: false,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let (trace, result) = engine.run_file(&file, &[], false, deadline);
        assert!(result.is_ok(), "{result:?}");
        let direct: Vec<(String, bool)> = trace
            .actions
            .iter()
            .map(|recorded| {
                let text = recorded.action.arguments()[0].to_string();
                let line = recorded.origin.line.unwrap_or(0);
                (text, is_direct(&sites, line, recorded.column))
            })
            .collect();
        let expected: Vec<(String, bool)> = [
            ("direct", true),
            ("pointer", false),
            ("call", false),
            ("curried", false),
            ("method", false),
            ("mapped", true),
            ("in a function", true),
        ]
        .iter()
        .map(|(t, d)| ((*t).to_string(), *d))
        .collect();
        assert_eq!(direct, expected);
        let indirect: Vec<(Option<&str>, usize)> = indirect_actions(&ast)
            .iter()
            .map(|i| (i.function, i.line))
            .collect();
        assert_eq!(indirect, vec![(Some("review"), 3), (Some("review"), 8)]);
        let computed = indirect_actions(&compile("let n = \"x\";\nlet f = Fn(n);\n"));
        assert_eq!(computed.len(), 1);
        assert_eq!((computed[0].function, computed[0].line), (None, 2));
    }

    #[test]
    fn an_action_inside_a_rule_block_is_a_direct_call() {
        let source = "rule outer_rule {\n    if true {\n        review(\"in a block\");\n    }\n    review(\"also\");\n}\nrule other { let f = Fn(\"review\"); f.call(\"pointer\"); }\n";
        let ast = compile(source);
        let sites = direct_action_sites(&ast);
        assert_eq!(sites, vec![(3, 9), (5, 5)]);
        let engine = RuleEngine::new();
        let file = RunFile {
            path: "t.rhai",
            rule_file: "t",
            ast: &ast,
            definitions: false,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let (trace, result) = engine.run_file(&file, &[], false, deadline);
        assert!(result.is_ok(), "{result:?}");
        let direct: Vec<(String, bool, Option<String>)> = trace
            .actions
            .iter()
            .map(|recorded| {
                let text = recorded.action.arguments()[0].to_string();
                let line = recorded.origin.line.unwrap_or(0);
                (
                    text,
                    is_direct(&sites, line, recorded.column),
                    recorded.rule_id.as_ref().map(ToString::to_string),
                )
            })
            .collect();
        let expected: Vec<(String, bool, Option<String>)> = [
            ("in a block", true, "t#outer_rule"),
            ("also", true, "t#outer_rule"),
            ("pointer", false, "t#other"),
        ]
        .iter()
        .map(|(t, d, id)| ((*t).to_string(), *d, Some((*id).to_string())))
        .collect();
        assert_eq!(direct, expected);
        let indirect: Vec<usize> = indirect_actions(&ast).iter().map(|i| i.line).collect();
        assert_eq!(indirect, vec![7]);
    }

    #[test]
    fn definition_values_of_a_kind_define_cannot_hold_are_found() {
        let ast = compile(
            "define(\"a\", 'c');\ndefine(\"b\", Fn(\"yes\"));\ndefine(\"c\", [1, 2]);\ndefine(\"d\", screening);\ndefine(\"e\", 1..3);\ndefine(\"f\", [\"x\", `y`]);\ndefine(\"g\", yes(screening.x));\ndefine(\"h\", |x| x);\n",
        );
        let found: Vec<(usize, &str)> = refused_definition_values(&ast, &["screening".to_string()])
            .iter()
            .map(|r| (r.line, r.what))
            .collect();
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 8], "{found:?}");
        let looped = compile(
            "for i in 0..2 {\n  define(\"x\", i);\n}\nif true { define(\"y\", 1); }\nloop { define(\"z\", 1); break; }\nfn d() { define(\"w\", 1) }\n",
        );
        let sites: Vec<Site> = repeatable_definitions(&looped)
            .into_iter()
            .map(|(site, _)| site)
            .collect();
        assert_eq!(sites, vec![(2, 3), (5, 8), (6, 10)]);
    }
}

//! Unknown-safe comparisons: a negation that would count an unknown answer as
//! the opposite is an error, and the error names the form that says what is meant.
//!
//! Refused (see `knowing.rs` for why):
//! - `a != b` where `a` or `b` may be unknown or hides an unknown: an optional case
//!   field, a definition or variable that may hold one, or a true/false made by
//!   comparing one (`screening.night_pain != true` is true when never asked);
//! - `!e` where `e` may be unknown or hides an unknown: `!(x >= 52)`,
//!   `!(x == "v")`, `!("v" in x)`, `!defined.chronic_12_weeks_or_more` (a definition
//!   made by comparing an answer that may be unknown);
//! - `no(e)` where `e` hides an unknown (`no(x > 3)` is true when `x` is unknown).
//!
//! Allowed: negations of what the rules API names (`!yes(x)` is "not known to be
//! yes", `!any_of(...)`, `!(count_yes([...]) >= 2)`, definitions and variables made
//! only from those), of required fields, and of an answer tested first with
//! `known(x) && ...`, `unknown(x) || ...` or `if known(x) { ... }`. The safe forms:
//! `no(x)` (known to be no), `not_yes(x)` (not known to be yes: no or unknown),
//! `is_not(x, v)` (known and different), `unknown(x) || ...` to count unknown, and
//! the opposite comparison (`x < 52`, false when unknown).

use std::collections::BTreeMap;

use rhai::{ASTNode, Expr, FnCallExpr, Position, Stmt};

use super::knowing::{Knowing, all};
use super::negation_words as words;
use super::syntax::{first_member, line_column};
use crate::case::Vocabulary;
use crate::diagnostic::Diagnostic;
use crate::engine::{self, ActionKind, DEFINED, Helper, is_helper};
use crate::place::Location;
use crate::ruleset::RuleFile;

/// What each definition is, as far as unknown goes, in the order they are made.
type Definitions = BTreeMap<String, Knowing>;

/// The values known to be answered at a point of a rule: `section.field` for a
/// field, the bare name for a variable.
type Guards = Vec<String>;

/// Every unsafe negation of every rule file: errors. The files are read in the
/// order they run, so a definition is known before it is read.
pub(crate) fn diagnostics(rules: &[RuleFile], vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let mut definitions = Definitions::new();
    let mut found = Vec::new();
    for rule in rules {
        let mut reader = Reader {
            rule,
            vocabulary,
            definitions: &mut definitions,
            locals: BTreeMap::new(),
            aliases: BTreeMap::new(),
            found: Vec::new(),
        };
        reader.statements(rule.ast.statements(), &Guards::new());
        reader.function_bodies();
        found.extend(reader.found);
    }
    found.sort_by_cached_key(Diagnostic::sort_key);
    found.dedup();
    found
}

/// Reads one rule file, statement by statement, knowing its variables.
struct Reader<'a> {
    rule: &'a RuleFile,
    vocabulary: &'a Vocabulary,
    definitions: &'a mut Definitions,
    /// What each `let` variable of the file holds.
    locals: BTreeMap<String, Knowing>,
    /// Variables that are a case field read as it is: `let weeks = history.weeks_since_surgery;`.
    aliases: BTreeMap<String, String>,
    found: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The negations inside the file's own functions (`fn name(...) { ... }`),
    /// each read alone: a function's parameters may be given anything, unknown
    /// answers included, and its variables are not followed.
    fn function_bodies(&mut self) {
        let ast = &self.rule.ast;
        let main: Vec<*const Stmt> = ast.statements().iter().map(std::ptr::from_ref).collect();
        let params: BTreeMap<String, Knowing> = ast
            .iter_functions()
            .flat_map(|f| {
                f.params
                    .into_iter()
                    .map(|p| (p.to_string(), Knowing::MaybeUnknown))
            })
            .collect();
        self.locals = params;
        self.aliases.clear();
        ast.walk(&mut |path: &[ASTNode]| {
            let in_function = matches!(path.first(), Some(ASTNode::Stmt(top)) if !main.contains(&std::ptr::from_ref(*top)));
            if in_function
                && let Some(ASTNode::Expr(expr @ Expr::FnCall(call, _))) = path.last()
                && (call.is_operator_call() && matches!(call.name.as_str(), "!" | "!=")
                    || is_helper(call.name.as_str(), Helper::No))
            {
                self.expr(expr, &Guards::new());
            }
            true
        });
    }

    fn statements(&mut self, statements: &[Stmt], guards: &Guards) {
        for statement in statements {
            self.statement(statement, guards);
        }
    }

    fn statement(&mut self, statement: &Stmt, guards: &Guards) {
        match statement {
            Stmt::If(flow, _) => {
                self.expr(&flow.expr, guards);
                let mut then = guards.clone();
                then.extend(self.known_when(&flow.expr, true));
                self.statements(flow.body.statements(), &then);
                let mut otherwise = guards.clone();
                otherwise.extend(self.known_when(&flow.expr, false));
                self.statements(flow.branch.statements(), &otherwise);
            }
            Stmt::While(flow, _) | Stmt::Do(flow, _, _) => {
                self.expr(&flow.expr, guards);
                self.statements(flow.body.statements(), guards);
            }
            Stmt::For(parts, _) => {
                let (variable, _, flow) = &**parts;
                let items = self.expr(&flow.expr, guards);
                self.locals.insert(variable.name.to_string(), items);
                self.statements(flow.body.statements(), guards);
            }
            Stmt::Var(parts, _, _) => {
                let (variable, value, _) = &**parts;
                let knowing = self.expr(value, guards);
                let name = variable.name.to_string();
                match self.field_of(value) {
                    Some(field) => self.aliases.insert(name.clone(), field),
                    None => self.aliases.remove(&name),
                };
                self.locals.insert(name, knowing);
            }
            Stmt::Assignment(parts) => {
                let knowing = self.expr(&parts.1.rhs, guards);
                if let Expr::Variable(variable, _, _) = &parts.1.lhs {
                    let name = variable.1.to_string();
                    let before = self.locals.get(&name).copied().unwrap_or(Knowing::Known);
                    self.locals.insert(name, before.and(knowing));
                }
            }
            Stmt::FnCall(call, position) => {
                self.call(call, *position, guards);
            }
            Stmt::Block(block) => self.statements(block.statements(), guards),
            Stmt::Expr(expr)
            | Stmt::Return(Some(expr), _, _)
            | Stmt::BreakLoop(Some(expr), _, _) => {
                self.expr(expr, guards);
            }
            Stmt::Switch(parts, _) => {
                self.expr(&parts.0, guards);
                for case in &parts.1.expressions {
                    self.expr(&case.lhs, guards);
                    self.expr(&case.rhs, guards);
                }
            }
            _ => {}
        }
    }

    /// What is known of `expr`, reporting every unsafe negation inside it.
    fn expr(&mut self, expr: &Expr, guards: &Guards) -> Knowing {
        match expr {
            Expr::Array(items, _) => {
                let each: Vec<Knowing> = items.iter().map(|i| self.expr(i, guards)).collect();
                all(each)
            }
            Expr::InterpolatedString(parts, _) => {
                for part in parts {
                    self.expr(part, guards);
                }
                Knowing::Known
            }
            Expr::Variable(variable, _, _) => self.variable(&variable.1, guards),
            Expr::Dot(binary, ..) | Expr::Index(binary, ..) => {
                if let Some(field) = self.field_of(expr) {
                    let read = self.field(&field, guards);
                    if chain_calls(&binary.rhs, "contains") {
                        read.compared()
                    } else {
                        read
                    }
                } else {
                    let left = self.expr(&binary.lhs, guards);
                    let right = self.member_args(&binary.rhs, guards);
                    left.and(right)
                }
            }
            Expr::And(operands, _) => self.chain(operands, guards, true),
            Expr::Or(operands, _) => self.chain(operands, guards, false),
            Expr::Coalesce(operands, _) => {
                let each: Vec<Knowing> = operands.iter().map(|o| self.expr(o, guards)).collect();
                all(each)
            }
            Expr::FnCall(call, position) => self.call(call, *position, guards),
            Expr::MethodCall(call, _) => {
                let each: Vec<Knowing> = call.args.iter().map(|a| self.expr(a, guards)).collect();
                all(each)
            }
            Expr::Stmt(block) => {
                self.statements(block.statements(), guards);
                // The value of a block (an `if` used as a value): not followed.
                Knowing::Hidden
            }
            Expr::Custom(custom, _) => {
                // A rule block: its name, then its statements, in the file's scope.
                for input in custom.inputs.iter().skip(1) {
                    self.expr(input, guards);
                }
                Knowing::Known
            }
            Expr::ThisPtr(_) => Knowing::MaybeUnknown,
            _ => Knowing::Known,
        }
    }

    /// `a && b && ...` (`and`) or `a || b || ...`: a later operand knows what an
    /// earlier one tested (`known(x) && x != "v"`, `unknown(x) || !(x >= 52)`).
    fn chain(&mut self, operands: &[Expr], guards: &Guards, and: bool) -> Knowing {
        let mut guards = guards.clone();
        let mut knowing = Knowing::Known;
        for operand in operands {
            knowing = knowing.and(self.expr(operand, &guards));
            guards.extend(self.known_when(operand, and));
        }
        knowing.compared()
    }

    /// The arguments of the method calls in a member chain (`x.y.contains(v)`).
    fn member_args(&mut self, expr: &Expr, guards: &Guards) -> Knowing {
        match expr {
            Expr::MethodCall(call, _) => {
                let each: Vec<Knowing> = call.args.iter().map(|a| self.expr(a, guards)).collect();
                all(each)
            }
            Expr::Dot(binary, ..) | Expr::Index(binary, ..) => {
                let left = self.member_args(&binary.lhs, guards);
                left.and(self.member_args(&binary.rhs, guards))
            }
            _ => Knowing::Known,
        }
    }

    fn call(&mut self, call: &FnCallExpr, position: Position, guards: &Guards) -> Knowing {
        let name = call.name.as_str();
        let args: Vec<&Expr> = call.args.iter().collect();
        let each: Vec<Knowing> = args.iter().map(|a| self.expr(a, guards)).collect();
        if call.is_operator_call() {
            return match (name, args.as_slice(), each.as_slice()) {
                ("!", [operand], [knowing]) => {
                    if knowing.unsafe_to_negate() {
                        self.report_not(operand, *knowing, position);
                    }
                    if *knowing == Knowing::Known {
                        Knowing::Known
                    } else {
                        Knowing::Named
                    }
                }
                ("!=", [left, right], [l, r]) => {
                    if l.unsafe_to_negate() || r.unsafe_to_negate() {
                        self.report_not_equal(left, right, *l, *r, position);
                        Knowing::Named
                    } else {
                        l.and(*r)
                    }
                }
                ("==" | "<" | ">" | "<=" | ">=" | "contains", _, _) => all(each.clone()).compared(),
                _ => all(each.clone()),
            };
        }
        if name == "contains" {
            return all(each).compared();
        }
        let Some(function) = engine::lookup(name) else {
            // Rhai's own functions and the file's: what they are given.
            return all(each);
        };
        if function.records(ActionKind::Define)
            && self.rule.definitions
            && let (Some(Expr::StringConstant(defined, _)), Some(value)) =
                (args.first(), each.get(1))
        {
            self.definitions.insert(defined.to_string(), *value);
        }
        if function.is_action() {
            return Knowing::Known;
        }
        if is_helper(name, Helper::No)
            && let (Some(operand), Some(Knowing::Hidden)) = (args.first(), each.first())
        {
            self.report_no(operand, position);
        }
        if all(each) == Knowing::Known {
            Knowing::Known
        } else {
            Knowing::Named
        }
    }

    /// What is known of a variable read here.
    fn variable(&self, name: &str, guards: &Guards) -> Knowing {
        let guarded = guards.iter().any(|g| g == name)
            || self
                .aliases
                .get(name)
                .is_some_and(|field| guards.contains(field));
        if guarded {
            return Knowing::Known;
        }
        self.locals.get(name).copied().unwrap_or(Knowing::Known)
    }

    /// What is known of a field (`section.field`, or `defined.name`) read here.
    fn field(&self, field: &str, guards: &Guards) -> Knowing {
        if let Some(name) = field
            .strip_prefix(DEFINED)
            .and_then(|f| f.strip_prefix('.'))
        {
            let knowing = self
                .definitions
                .get(name)
                .copied()
                .unwrap_or(Knowing::Known);
            return if knowing == Knowing::MaybeUnknown && guards.iter().any(|g| g == field) {
                Knowing::Known
            } else {
                knowing
            };
        }
        let guarded = guards.iter().any(|g| g == field)
            || self
                .aliases
                .iter()
                .any(|(variable, aliased)| aliased == field && guards.contains(variable));
        let required = field
            .split_once('.')
            .and_then(|(section, name)| self.vocabulary.field(section, name))
            .is_some_and(|f| f.required);
        if guarded || required {
            Knowing::Known
        } else {
            Knowing::MaybeUnknown
        }
    }

    /// `section.field` (or `defined.name`) when `expr` reads one.
    fn field_of(&self, expr: &Expr) -> Option<String> {
        let (Expr::Dot(binary, ..) | Expr::Index(binary, ..)) = expr else {
            return None;
        };
        let Expr::Variable(variable, _, _) = &binary.lhs else {
            return None;
        };
        let section = variable.1.as_str();
        if section != DEFINED && !self.vocabulary.sections.contains_key(section) {
            return None;
        }
        let (field, _) = first_member(&binary.rhs)?;
        Some(format!("{section}.{field}"))
    }

    /// The values known to be answered when `expr` is `true` (or `false`):
    /// `known(x)`, `yes(x)`, `x == "v"` ... when true; `unknown(x)` when false.
    fn known_when(&self, expr: &Expr, true_: bool) -> Guards {
        let subject = |e: &Expr| match e {
            Expr::Variable(variable, _, _) => Some(variable.1.to_string()),
            other => self.field_of(other),
        };
        match expr {
            Expr::And(operands, _) if true_ => operands
                .iter()
                .flat_map(|o| self.known_when(o, true))
                .collect(),
            Expr::Or(operands, _) if !true_ => operands
                .iter()
                .flat_map(|o| self.known_when(o, false))
                .collect(),
            Expr::FnCall(call, _) => {
                let name = call.name.as_str();
                let first = call.args.first().and_then(subject);
                let answered = if call.is_operator_call() {
                    true_ && matches!(name, "==" | "<" | ">" | "<=" | ">=")
                } else if true_ {
                    [
                        Helper::Known,
                        Helper::Yes,
                        Helper::No,
                        Helper::IsNot,
                        Helper::AnyOf,
                    ]
                    .into_iter()
                    .any(|h| is_helper(name, h))
                } else {
                    is_helper(name, Helper::Unknown)
                };
                if !answered {
                    return Vec::new();
                }
                if call.is_operator_call() {
                    call.args.iter().filter_map(subject).collect()
                } else {
                    first.into_iter().collect()
                }
            }
            _ => Vec::new(),
        }
    }

    fn at(&self, position: Position) -> Location {
        let (line, column) = line_column(position);
        Location::in_source(&self.rule.path, &self.rule.source, line, column)
    }

    fn report(&mut self, position: Position, (message, help): (String, String)) {
        let at = self.at(position);
        self.found
            .push(Diagnostic::error(at, message).with_help(help));
    }

    fn report_not(&mut self, operand: &Expr, knowing: Knowing, position: Position) {
        self.report(position, words::not(operand, knowing));
    }

    fn report_not_equal(
        &mut self,
        left: &Expr,
        right: &Expr,
        l: Knowing,
        r: Knowing,
        position: Position,
    ) {
        let (subject, other, knowing) = if l.unsafe_to_negate() {
            (left, right, l)
        } else {
            (right, left, r)
        };
        self.report(position, words::not_equal(subject, other, knowing));
    }

    fn report_no(&mut self, operand: &Expr, position: Position) {
        self.report(position, words::no(operand));
    }
}

/// Whether a member chain calls the method `method` (`x.contains("v")`).
fn chain_calls(expr: &Expr, method: &str) -> bool {
    match expr {
        Expr::MethodCall(call, _) => call.name == method,
        Expr::Dot(binary, ..) | Expr::Index(binary, ..) => {
            chain_calls(&binary.lhs, method) || chain_calls(&binary.rhs, method)
        }
        _ => false,
    }
}

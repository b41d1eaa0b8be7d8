//! A rule file as the native evaluation runs it, compiled once when the rules
//! load from Rhai's syntax tree. Only a small part of the language is here: `let`
//! (and `const`), assignment to a variable of the file, `if`/`else`, plain blocks,
//! rule blocks, the rules-API calls, comparisons, `!`, `&&`, `||`, `in`, literals
//! and lists of them, case fields and definitions. Anything else becomes
//! [`Stmt::Opaque`] or [`Expr::Opaque`]: the native evaluation cannot tell what it
//! does, and the file runs in Rhai when a case reaches it. Names are resolved
//! here, once: Rhai's scope at any point of a file without loops or functions is
//! known from the text (every block's `let`s end with it).

use rhai::{AST, Expr as RExpr, FnCallExpr, Position, Stmt as RStmt};

use super::value::Op;
use crate::engine::api::{self, Helper, Role};
use crate::engine::trace::ActionKind;
use crate::place::RuleId;

/// The largest file compiled: loop-free, it cannot come near Rhai's limit on
/// operations (a few per node) however its guards turn out.
const MAX_NODES: usize = 50_000;

/// One compiled rule file.
#[derive(Debug)]
pub(crate) struct Program {
    pub(super) body: Vec<Stmt>,
    /// How many `let`s the file has: one slot each.
    pub(super) slots: usize,
}

impl Default for Program {
    /// A file not compiled (yet): the native evaluation cannot tell what it does,
    /// so it always runs in Rhai.
    fn default() -> Self {
        Program {
            body: vec![Stmt::Opaque],
            slots: 0,
        }
    }
}

#[derive(Debug)]
pub(super) enum Stmt {
    Let(usize, Expr),
    /// `x = value;` to a variable of the file's own (not a constant).
    Assign(usize, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    Block(Vec<Stmt>),
    /// A rule block: the id of its rule, made once here.
    Rule(RuleId, Vec<Stmt>),
    /// A rules-API action, with the line and column Rhai reports for the call.
    Act(ActionKind, Vec<Expr>, Position),
    /// An expression whose value is not used (`yes(x);`).
    Eval(Expr),
    Opaque,
}

#[derive(Debug)]
pub(super) enum Expr {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Slot(usize),
    /// `section.field`: the section's and the field's index in the vocabulary,
    /// and their names (checked on a case not known to be in vocabulary order).
    Field(usize, usize, Box<(String, String)>),
    /// `defined.name`, with the index it usually has among the definitions.
    Defined(String, Option<usize>),
    Array(Vec<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Op, Box<Expr>, Box<Expr>),
    /// `item in list` (Rhai's `contains(list, item)`).
    Contains(Box<Expr>, Box<Expr>),
    Helper(Helper, Vec<Expr>),
    Opaque,
}

/// What a name in a file refers to.
#[derive(Debug, Clone, Copy)]
enum Binding {
    /// A `let` (true) or a `const` (false).
    Slot(usize, bool),
    Section(usize),
    Defined,
}

/// What the compiler knows of the rule set: the sections and their fields, in
/// vocabulary order, the name of the definitions' variable and the definitions in
/// the order they are usually made.
pub(crate) struct Names<'a> {
    pub sections: &'a [(String, Vec<String>)],
    pub defined: &'a str,
    pub definitions: &'a [String],
}

/// The file being compiled: its part of every rule id (`hip/osteoarthritis`).
pub(crate) struct File<'a> {
    pub ast: &'a AST,
    pub rule_file: &'a str,
}

struct Compiler<'a> {
    names: &'a Names<'a>,
    rule_file: &'a str,
    /// The file's own functions: a call to one of these names is the file's.
    own_functions: Vec<String>,
    scope: Vec<(String, Binding)>,
    slots: usize,
    nodes: usize,
}

/// Compiles a rule file; never fails (what it does not know is opaque).
pub(crate) fn compile(file: &File, names: &Names) -> Program {
    let ast = file.ast;
    let mut scope: Vec<(String, Binding)> = names
        .sections
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (name.clone(), Binding::Section(index)))
        .collect();
    scope.push((names.defined.to_string(), Binding::Defined));
    let mut compiler = Compiler {
        names,
        rule_file: file.rule_file,
        own_functions: ast.iter_functions().map(|f| f.name.to_string()).collect(),
        scope,
        slots: 0,
        nodes: 0,
    };
    let body = compiler.block(ast.statements());
    if compiler.nodes > MAX_NODES {
        return Program::default();
    }
    Program {
        body,
        slots: compiler.slots,
    }
}

impl Compiler<'_> {
    /// A block: its `let`s end with it.
    fn block(&mut self, statements: &[RStmt]) -> Vec<Stmt> {
        let depth = self.scope.len();
        let body = statements.iter().map(|s| self.statement(s)).collect();
        self.scope.truncate(depth);
        body
    }

    fn statement(&mut self, statement: &RStmt) -> Stmt {
        self.nodes += 1;
        match statement {
            RStmt::Noop(_) => Stmt::Block(Vec::new()),
            RStmt::Var(x, flags, _) if !flags.contains(rhai::ASTFlags::EXPORTED) => {
                let (name, value, _) = &**x;
                let value = self.expr(value);
                let slot = self.slots;
                self.slots += 1;
                let mutable = !flags.contains(rhai::ASTFlags::CONSTANT);
                self.scope
                    .push((name.name.to_string(), Binding::Slot(slot, mutable)));
                Stmt::Let(slot, value)
            }
            RStmt::Assignment(x) => {
                let (operator, target) = &**x;
                match (&target.lhs, operator.is_op_assignment()) {
                    (RExpr::Variable(variable, _, _), false) if variable.2.is_empty() => {
                        match self.lookup(&variable.1) {
                            Some(Binding::Slot(slot, true)) => {
                                Stmt::Assign(slot, self.expr(&target.rhs))
                            }
                            _ => Stmt::Opaque,
                        }
                    }
                    _ => Stmt::Opaque,
                }
            }
            RStmt::If(x, _) => Stmt::If(
                self.expr(&x.expr),
                self.block(x.body.statements()),
                self.block(x.branch.statements()),
            ),
            RStmt::Block(block) => Stmt::Block(self.block(block.statements())),
            RStmt::FnCall(call, position) => match self.action(call, *position) {
                Some(action) => action,
                None => Stmt::Eval(self.call(call)),
            },
            RStmt::Expr(expr) => match &**expr {
                RExpr::Custom(custom, _) => self.rule_block(custom),
                RExpr::FnCall(call, position) => match self.action(call, *position) {
                    Some(action) => action,
                    None => Stmt::Eval(self.call(call)),
                },
                other => Stmt::Eval(self.expr(other)),
            },
            _ => Stmt::Opaque,
        }
    }

    /// `rule name { ... }`.
    fn rule_block(&mut self, custom: &rhai::CustomExpr) -> Stmt {
        let keyword = custom.tokens.first().map(rhai::ImmutableString::as_str);
        match (keyword, custom.inputs.first(), custom.inputs.get(1)) {
            (
                Some(crate::engine::rule_block::KEYWORD),
                Some(RExpr::Variable(name, _, _)),
                Some(RExpr::Stmt(block)),
            ) if custom.inputs.len() == 2 && name.2.is_empty() => {
                let id = RuleId::new(self.rule_file, &name.1);
                Stmt::Rule(id, self.block(block.statements()))
            }
            _ => Stmt::Opaque,
        }
    }

    /// A direct call of a rules-API action, if this is one.
    fn action(&mut self, call: &FnCallExpr, position: Position) -> Option<Stmt> {
        let function = api::lookup(&call.name)?;
        let Role::Action(kind) = function.role else {
            return None;
        };
        if !self.plain(call) || call.args.len() != function.params.len() {
            return Some(Stmt::Opaque);
        }
        let args = call.args.iter().map(|a| self.expr(a)).collect();
        Some(Stmt::Act(kind, args, position))
    }

    /// A call Rhai resolves to the sandbox's own function of that name: not
    /// qualified, not capturing, and not shadowed by a function of the file.
    fn plain(&self, call: &FnCallExpr) -> bool {
        !call.is_qualified()
            && !call.capture_parent_scope
            && !self.own_functions.iter().any(|f| *f == call.name.as_str())
    }

    fn expr(&mut self, expr: &RExpr) -> Expr {
        self.nodes += 1;
        match expr {
            RExpr::Unit(_) => Expr::Unit,
            RExpr::BoolConstant(b, _) => Expr::Bool(*b),
            RExpr::IntegerConstant(i, _) => Expr::Int(*i),
            RExpr::FloatConstant(f, _) => Expr::Float(**f),
            RExpr::StringConstant(s, _) => Expr::Str(s.to_string()),
            RExpr::Array(items, _) => Expr::Array(items.iter().map(|e| self.expr(e)).collect()),
            RExpr::And(items, _) => Expr::And(items.iter().map(|e| self.expr(e)).collect()),
            RExpr::Or(items, _) => Expr::Or(items.iter().map(|e| self.expr(e)).collect()),
            RExpr::Variable(x, _, _) if x.2.is_empty() => match self.lookup(&x.1) {
                Some(Binding::Slot(slot, _)) => Expr::Slot(slot),
                _ => Expr::Opaque,
            },
            RExpr::Dot(x, _, _) => self.member(&x.lhs, &x.rhs),
            RExpr::FnCall(call, _) => self.call(call),
            _ => Expr::Opaque,
        }
    }

    fn lookup(&self, name: &str) -> Option<Binding> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, binding)| *binding)
    }

    /// `section.field` or `defined.name`; any other member is opaque.
    fn member(&mut self, lhs: &RExpr, rhs: &RExpr) -> Expr {
        let (RExpr::Variable(variable, _, _), RExpr::Property(property, _)) = (lhs, rhs) else {
            return Expr::Opaque;
        };
        if !variable.2.is_empty() {
            return Expr::Opaque;
        }
        let field = property.2.as_str();
        match self.lookup(&variable.1) {
            Some(Binding::Section(section)) => {
                let (name, fields) = &self.names.sections[section];
                fields
                    .iter()
                    .position(|f| f == field)
                    .map_or(Expr::Opaque, |index| {
                        Expr::Field(section, index, Box::new((name.clone(), field.to_string())))
                    })
            }
            Some(Binding::Defined) => Expr::Defined(
                field.to_string(),
                self.names.definitions.iter().position(|d| d == field),
            ),
            _ => Expr::Opaque,
        }
    }

    fn call(&mut self, call: &FnCallExpr) -> Expr {
        let args = &call.args;
        if call.is_operator_call() {
            if call.is_qualified() {
                return Expr::Opaque;
            }
            return match (Op::of(&call.name), args.len(), call.name.as_str()) {
                (Some(op), 2, _) => Expr::Compare(
                    op,
                    Box::new(self.expr(&args[0])),
                    Box::new(self.expr(&args[1])),
                ),
                (None, 1, "!") => Expr::Not(Box::new(self.expr(&args[0]))),
                _ => Expr::Opaque,
            };
        }
        if !self.plain(call) {
            return Expr::Opaque;
        }
        if call.name == "contains" && args.len() == 2 {
            return Expr::Contains(Box::new(self.expr(&args[0])), Box::new(self.expr(&args[1])));
        }
        match api::lookup(&call.name) {
            Some(function) if args.len() == function.params.len() => match function.role {
                Role::Helper(helper, _) => {
                    Expr::Helper(helper, args.iter().map(|a| self.expr(a)).collect())
                }
                Role::Action(_) => Expr::Opaque,
            },
            _ => Expr::Opaque,
        }
    }
}

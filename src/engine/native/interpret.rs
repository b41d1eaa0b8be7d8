//! Running a compiled [`Program`] on one case: what Rhai would record, or
//! [`CannotTell`]. Nothing here has an effect outside the run, so a run that
//! cannot tell is simply dropped and the file run by Rhai from its start.

use rhai::Position;

use super::program::{Expr, Program, Stmt};
use super::value::{self, CannotTell, Told, Val};
use crate::case::Case;
use crate::engine::api::Helper;
use crate::engine::case_view::Definition;
use crate::engine::limits;
use crate::engine::trace::{Action, ActionKind, Recorded};
use crate::place::{Origin, RuleId};

/// What a file runs with.
pub(crate) struct Env<'a> {
    pub case: &'a Case,
    /// The definitions made by the files before this one.
    pub definitions: &'a [Definition],
    /// The file's path, as traces name it.
    pub path: &'a str,
    /// A file under `rules/definitions/`, which may only define.
    pub definitions_file: bool,
    /// The case's sections and fields are the vocabulary's, in its order (as
    /// validation builds every case): a field is then found by its place alone.
    pub in_vocabulary_order: bool,
}

struct Run<'a> {
    env: &'a Env<'a>,
    slots: Vec<Val<'a>>,
    actions: Vec<Recorded>,
    rule: Option<&'a RuleId>,
}

/// The actions the file records on the case, in order, or [`CannotTell`].
pub(crate) fn run(program: &Program, env: &Env) -> Told<Vec<Recorded>> {
    let mut run = Run {
        env,
        slots: vec![Val::Unit; program.slots],
        actions: Vec::new(),
        rule: None,
    };
    run.block(&program.body)?;
    Ok(run.actions)
}

impl<'a> Run<'a> {
    fn block(&mut self, body: &'a [Stmt]) -> Told<()> {
        body.iter()
            .try_for_each(|statement| self.statement(statement))
    }

    fn statement(&mut self, statement: &'a Stmt) -> Told<()> {
        match statement {
            Stmt::Let(slot, value) | Stmt::Assign(slot, value) => {
                let value = self.expr(value)?;
                *self.slots.get_mut(*slot).ok_or(CannotTell)? = value;
            }
            Stmt::If(guard, then, otherwise) => {
                let guard = self.expr(guard)?.as_bool().ok_or(CannotTell)?;
                self.block(if guard { then } else { otherwise })?;
            }
            Stmt::Block(body) => self.block(body)?,
            Stmt::Rule(id, body) => {
                // A rule block in a definition file, or inside another, is an error.
                if self.env.definitions_file || self.rule.is_some() {
                    return Err(CannotTell);
                }
                self.rule = Some(id);
                self.block(body)?;
                self.rule = None;
            }
            Stmt::Act(kind, args, position) => self.act(*kind, args, *position)?,
            Stmt::Eval(expr) => {
                self.expr(expr)?;
            }
            Stmt::Opaque => return Err(CannotTell),
        }
        Ok(())
    }

    /// What `Recorder::act` records, where it records without an error.
    fn act(&mut self, kind: ActionKind, args: &'a [Expr], position: Position) -> Told<()> {
        let defining = kind == ActionKind::Define;
        if defining != self.env.definitions_file || self.actions.len() >= limits::MAX_ACTIONS {
            return Err(CannotTell);
        }
        let action = if defining {
            let [name, value] = args else {
                return Err(CannotTell);
            };
            let Val::Str(name) = self.expr(name)? else {
                return Err(CannotTell);
            };
            Action::Define {
                name: name.to_string(),
                value: self.expr(value)?.to_value()?,
            }
        } else {
            let texts = args
                .iter()
                .map(|arg| match self.expr(arg)? {
                    Val::Str(text) => Ok(text.to_string()),
                    _ => Err(CannotTell),
                })
                .collect::<Told<Vec<String>>>()?;
            kind.build(texts)
        };
        let rule_id = match (self.rule, defining) {
            (Some(id), false) => Some(id.clone()),
            (None, true) => None,
            _ => return Err(CannotTell),
        };
        self.actions.push(Recorded {
            action,
            origin: Origin::line(self.env.path.to_string(), position.line().unwrap_or(0)),
            rule_id,
            column: position.position().unwrap_or(0),
        });
        Ok(())
    }

    fn expr(&self, expr: &'a Expr) -> Told<Val<'a>> {
        Ok(match expr {
            Expr::Unit => Val::Unit,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Int(i) => Val::Int(*i),
            Expr::Float(f) => Val::Float(*f),
            Expr::Str(s) => Val::Str(s),
            Expr::Slot(slot) => self.slots.get(*slot).cloned().ok_or(CannotTell)?,
            Expr::Field(section, field, names) => {
                let (section_name, fields) = self
                    .env
                    .case
                    .sections
                    .get_index(*section)
                    .ok_or(CannotTell)?;
                let (field_name, value) = fields.get_index(*field).ok_or(CannotTell)?;
                let in_place = self.env.in_vocabulary_order
                    || (*section_name == names.0 && *field_name == names.1);
                if !in_place {
                    return Err(CannotTell);
                }
                Val::of(value)
            }
            Expr::Defined(name, hint) => {
                let all = self.env.definitions;
                let hinted = hint.and_then(|h| all.get(h)).filter(|d| d.name == *name);
                // A definition made earlier in this same file is read by Rhai from
                // the file's recorder: not done here.
                let found = hinted
                    .or_else(|| all.iter().find(|d| d.name == *name))
                    .ok_or(CannotTell)?;
                Val::of(&found.value)
            }
            Expr::Array(items) => value::array(
                items
                    .iter()
                    .map(|item| self.expr(item))
                    .collect::<Told<_>>()?,
            )?,
            Expr::And(items) => {
                for item in items {
                    if !self.expr(item)?.as_bool().ok_or(CannotTell)? {
                        return Ok(Val::Bool(false));
                    }
                }
                Val::Bool(true)
            }
            Expr::Or(items) => {
                for item in items {
                    if self.expr(item)?.as_bool().ok_or(CannotTell)? {
                        return Ok(Val::Bool(true));
                    }
                }
                Val::Bool(false)
            }
            Expr::Not(inner) => Val::Bool(value::not(&self.expr(inner)?)?),
            Expr::Compare(op, a, b) => {
                Val::Bool(value::compare(*op, &self.expr(a)?, &self.expr(b)?)?)
            }
            Expr::Contains(list, item) => {
                Val::Bool(value::contains(&self.expr(list)?, &self.expr(item)?)?)
            }
            Expr::Helper(helper, args) => self.helper(*helper, args)?,
            Expr::Opaque => return Err(CannotTell),
        })
    }

    /// The rules-API helpers (`api.rs`).
    fn helper(&self, helper: Helper, args: &'a [Expr]) -> Told<Val<'a>> {
        Ok(match (helper, args) {
            (Helper::Yes, [v]) => Val::Bool(self.expr(v)?.as_bool() == Some(true)),
            (Helper::No, [v]) => Val::Bool(self.expr(v)?.as_bool() == Some(false)),
            (Helper::NotYes, [v]) => Val::Bool(self.expr(v)?.as_bool() != Some(true)),
            (Helper::Known, [v]) => Val::Bool(self.expr(v)? != Val::Unit),
            (Helper::Unknown, [v]) => Val::Bool(self.expr(v)? == Val::Unit),
            (Helper::IsNot, [a, b]) => Val::Bool(value::is_not(&self.expr(a)?, &self.expr(b)?)?),
            (Helper::AnyOf, [list, wanted]) => {
                Val::Bool(value::any_of(&self.expr(list)?, &self.expr(wanted)?)?)
            }
            (Helper::CountYes, [values]) => Val::Int(value::count_yes(&self.expr(values)?)?),
            _ => return Err(CannotTell),
        })
    }
}

//! The values of the native evaluation and what the sandbox's operators and
//! helpers do with them, exactly as Rhai 1.27 does (its built-in operators, with
//! fast operators off; the sandbox's refusals of mixed comparisons; the rules-API
//! helpers of `api.rs`). Wherever Rhai would raise an error, or where exactness
//! would need more than this file knows (a float's text, a list compared with a
//! list), the answer is [`CannotTell`], and the file runs in Rhai instead.

use std::borrow::Cow;

use crate::case::Value;
use crate::engine::limits;

/// The native evaluation cannot tell what Rhai would do here (most often: Rhai
/// would raise an error). The file is then run by Rhai, which says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CannotTell;

pub(super) type Told<T> = Result<T, CannotTell>;

/// A value as a rule holds it: a case answer, a definition, a literal.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val<'a> {
    /// Rhai's `()`: an unknown answer.
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// A list of texts as the case (or a definition) holds it.
    List(&'a [String]),
    /// A list written in the rule, `[a, b]`.
    Array(Vec<Val<'a>>),
}

/// The items of a list, as values.
enum Items<'v, 'a> {
    List(std::slice::Iter<'a, String>),
    Array(std::slice::Iter<'v, Val<'a>>),
}

impl<'a> Iterator for Items<'_, 'a> {
    type Item = Val<'a>;

    fn next(&mut self) -> Option<Val<'a>> {
        match self {
            Items::List(items) => items.next().map(|s| Val::Str(s)),
            Items::Array(items) => items.next().cloned(),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub(super) fn of(name: &str) -> Option<Op> {
        Some(match name {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            _ => return None,
        })
    }

    fn ordering(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Op::Eq => ordering == Equal,
            Op::Ne => ordering != Equal,
            Op::Lt => ordering == Less,
            Op::Le => ordering != Greater,
            Op::Gt => ordering == Greater,
            Op::Ge => ordering != Less,
        }
    }
}

/// A value's type as Rhai dispatches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unit,
    Bool,
    Int,
    Float,
    Str,
    Array,
}

impl<'a> Val<'a> {
    fn kind(&self) -> Kind {
        match self {
            Val::Unit => Kind::Unit,
            Val::Bool(_) => Kind::Bool,
            Val::Int(_) => Kind::Int,
            Val::Float(_) => Kind::Float,
            Val::Str(_) => Kind::Str,
            Val::List(_) | Val::Array(_) => Kind::Array,
        }
    }

    /// A case answer or a definition as a rule reads it (`to_dynamic`).
    pub(super) fn of(value: &'a Value) -> Val<'a> {
        match value {
            Value::Unknown => Val::Unit,
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Number(n) => Val::Float(*n),
            Value::Text(t) => Val::Str(t),
            Value::List(items) => Val::List(items),
        }
    }

    /// What `define` keeps (`value_of`): unknown, true/false, a number, a text or
    /// a list of texts; anything else is an error in Rhai.
    pub(super) fn to_value(&self) -> Told<Value> {
        Ok(match self {
            Val::Unit => Value::Unknown,
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(i) => Value::Int(*i),
            Val::Float(f) => Value::Number(*f),
            Val::Str(s) => Value::Text((*s).to_string()),
            Val::List(items) => Value::List(items.to_vec()),
            Val::Array(items) => Value::List(
                items
                    .iter()
                    .map(|item| match item {
                        Val::Str(s) => Ok((*s).to_string()),
                        _ => Err(CannotTell),
                    })
                    .collect::<Told<_>>()?,
            ),
        })
    }

    /// `as_bool()`: only true/false is one.
    pub(super) fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of a list, whichever way it was made.
    fn items(&self) -> Option<Items<'_, 'a>> {
        match self {
            Val::List(items) => Some(Items::List(items.iter())),
            Val::Array(items) => Some(Items::Array(items.iter())),
            _ => None,
        }
    }

    /// Rhai's text of the value (`to_string()`), where it is certain: texts,
    /// true/false, whole numbers and unknown (`""`).
    fn text(&self) -> Told<Cow<'a, str>> {
        match self {
            Val::Unit => Ok(Cow::Borrowed("")),
            Val::Bool(true) => Ok(Cow::Borrowed("true")),
            Val::Bool(false) => Ok(Cow::Borrowed("false")),
            Val::Int(i) => Ok(Cow::Owned(i.to_string())),
            Val::Str(s) => Ok(Cow::Borrowed(s)),
            Val::Float(_) | Val::List(_) | Val::Array(_) => Err(CannotTell),
        }
    }

    /// Rhai's data sizes of the value (`calc_data_sizes`): array items (nested
    /// ones counted again) and bytes of text.
    fn sizes(&self) -> (usize, usize) {
        match self {
            Val::Str(s) => (0, s.len()),
            Val::List(items) => (items.len(), items.iter().map(String::len).sum()),
            Val::Array(items) => items.iter().fold((0, 0), |(a, s), item| {
                let (ia, is) = item.sizes();
                (a + 1 + ia, s + is)
            }),
            _ => (0, 0),
        }
    }
}

/// A list literal `[a, b]`, refused (as cannot tell) well before Rhai's size
/// limits, which count every item of every nested list and every byte of text.
pub(super) fn array(items: Vec<Val<'_>>) -> Told<Val<'_>> {
    let (count, bytes) = Val::Array(Vec::new()).sizes();
    let (count, bytes) = items.iter().fold((count, bytes), |(a, s), item| {
        let (ia, is) = item.sizes();
        (a + 1 + ia, s + is)
    });
    if count > limits::MAX_ARRAY_SIZE / 2 || bytes > limits::MAX_STRING_SIZE / 2 {
        return Err(CannotTell);
    }
    Ok(Val::Array(items))
}

/// `a <op> b`, as Rhai answers it in the sandbox.
pub(super) fn compare(op: Op, a: &Val, b: &Val) -> Told<bool> {
    use Kind::{Array, Bool, Float, Int, Str, Unit};
    Ok(match (a.kind(), b.kind()) {
        // The sandbox refuses these (`refuse_mixed_comparisons`): an error.
        (Int | Float | Bool | Array, Str)
        | (Str, Int | Float | Bool | Array)
        | (Bool, Int | Float)
        | (Int | Float, Bool)
        // Rhai's own list comparison calls `==` on each item: not done here.
        | (Array, Array) => return Err(CannotTell),
        (Int, Int) => match (a, b) {
            (Val::Int(x), Val::Int(y)) => op.ordering(x.cmp(y)),
            _ => return Err(CannotTell),
        },
        (Bool, Bool) => match (a, b) {
            (Val::Bool(x), Val::Bool(y)) => op.ordering(x.cmp(y)),
            _ => return Err(CannotTell),
        },
        (Str, Str) => match (a, b) {
            (Val::Str(x), Val::Str(y)) => op.ordering(x.cmp(y)),
            _ => return Err(CannotTell),
        },
        (Unit, Unit) => op == Op::Eq,
        (Int | Float, Int | Float) => float_compare(op, number(a)?, number(b)?),
        // Different kinds, not both numbers: equal never, different always,
        // and every ordering false (Rhai's built-in default).
        _ => op == Op::Ne,
    })
}

#[allow(clippy::cast_precision_loss)]
fn number(value: &Val) -> Told<f64> {
    match value {
        Val::Int(i) => Ok(*i as f64),
        Val::Float(f) => Ok(*f),
        _ => Err(CannotTell),
    }
}

/// Rhai's built-in comparison of two numbers when one is a float: within a
/// relative epsilon, as written in its `impl_float!` (checked build).
#[allow(clippy::float_cmp)]
fn float_compare(op: Op, x: f64, y: f64) -> bool {
    let max = if x * y == 0.0 {
        1.0
    } else {
        x.abs().max(y.abs())
    };
    let e = f64::EPSILON;
    match op {
        Op::Eq => max == 0.0 || (x - y).abs() / max <= e,
        Op::Ne => max != 0.0 && (x - y).abs() / max > e,
        Op::Gt => max != 0.0 && (x - y) / max > e,
        Op::Ge => max == 0.0 || (x - y) / max > -e,
        Op::Lt => max != 0.0 && (y - x) / max > e,
        Op::Le => max == 0.0 || (y - x) / max > -e,
    }
}

/// `!x`: only for true/false (Rhai has no other `!`).
pub(super) fn not(value: &Val) -> Told<bool> {
    value.as_bool().map(|b| !b).ok_or(CannotTell)
}

/// `item in list` (the sandbox's `contains`): the same kind and the same text;
/// unknown contains nothing.
pub(super) fn contains(list: &Val, item: &Val) -> Told<bool> {
    if *list == Val::Unit {
        return Ok(false);
    }
    for candidate in list.items().ok_or(CannotTell)? {
        if candidate.kind() == item.kind() && candidate.text()? == item.text()? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `is_not(a, b)` (`api.rs`): false when either is unknown; numbers compared
/// exactly as floats; otherwise the same kind with a different text; different
/// kinds an error.
#[allow(clippy::float_cmp)]
pub(super) fn is_not(a: &Val, b: &Val) -> Told<bool> {
    if *a == Val::Unit || *b == Val::Unit {
        return Ok(false);
    }
    if let (Ok(x), Ok(y)) = (number(a), number(b)) {
        return Ok(x != y);
    }
    if a.kind() == b.kind() {
        return Ok(a.text()? != b.text()?);
    }
    Err(CannotTell)
}

/// `any_of(list, values)` (`api.rs`): `values` must be a list; a `list` that is
/// not one has none of them; items match by their text.
pub(super) fn any_of(list: &Val, wanted: &Val) -> Told<bool> {
    let wanted = wanted.items().ok_or(CannotTell)?;
    let Some(items) = list.items() else {
        return Ok(false);
    };
    let wanted: Vec<Cow<str>> = wanted.map(|w| w.text()).collect::<Told<_>>()?;
    for item in items {
        if wanted.contains(&item.text()?) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `count_yes([a, b])` (`api.rs`): how many are true; the argument must be a list.
pub(super) fn count_yes(values: &Val) -> Told<i64> {
    let count = values
        .items()
        .ok_or(CannotTell)?
        .filter(|v| v.as_bool() == Some(true))
        .count();
    Ok(i64::try_from(count).unwrap_or(i64::MAX))
}

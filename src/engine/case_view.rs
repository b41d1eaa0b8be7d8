//! The case as rules see it: one read-only variable per section
//! (`screening.night_pain`). Reading a field that is not in the vocabulary is an
//! error rather than a silent `()`, and writing to the case is refused.

use std::sync::{Arc, RwLock};

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, NativeCallContext};

use super::trace::with_recorder;
use crate::case::{Case, Value};
use crate::place::Origin;
use crate::text::did_you_mean;

/// Where a name usually sits, for a property getter (`engine/getters.rs`): its
/// index in each section (by the section's index in the vocabulary), and its
/// index among the definitions.
#[derive(Debug, Default, Clone)]
pub(super) struct Hint {
    pub(super) in_sections: Vec<Option<usize>>,
    pub(super) in_definitions: Option<usize>,
}

/// One case section, shared (not copied) by every rule file that runs on the case.
/// Its fields are few (at most a few dozen), so they are found by comparing names
/// in vocabulary order, which is faster than hashing the name.
#[derive(Clone)]
pub struct CaseSection {
    name: ImmutableString,
    /// The section's index in the vocabulary, by which a getter's [`Hint`] says
    /// where its field is.
    index: usize,
    values: Arc<[(String, Dynamic)]>,
    /// For the shared definitions (`defined.x`) rather than a case section: the
    /// definitions made so far, added to as definition files run.
    defined: Option<Definitions>,
    /// Whether reads are recorded (for `explain` and `test`); when not, a read
    /// touches nothing but the section.
    tracing: bool,
}

impl CaseSection {
    /// The section's name, as rules write it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of `field`, which `hint` (from a getter) says where to look for
    /// first; an indexer read has none.
    pub(super) fn get(
        &self,
        context: &NativeCallContext,
        field: &str,
        hint: Option<&Hint>,
    ) -> Result<Dynamic, Box<EvalAltResult>> {
        if let Some(defined) = &self.defined {
            let hint = hint.and_then(|h| h.in_definitions);
            return defined.get(context, &self.name, field, self.tracing, hint);
        }
        let hinted = hint
            .and_then(|h| h.in_sections.get(self.index).copied().flatten())
            .and_then(|place| self.values.get(place))
            .filter(|(name, _)| name == field);
        let Some((_, dynamic)) =
            hinted.or_else(|| self.values.iter().find(|(name, _)| name == field))
        else {
            let hint = did_you_mean(field, self.values.iter().map(|(name, _)| name.as_str()));
            return Err(format!(
                "`{}.{field}` is not a field of the case vocabulary{hint}",
                self.name
            )
            .into());
        };
        if self.tracing {
            let position = context.call_position();
            with_recorder(context, |recorder| {
                recorder.read(
                    || format!("{}.{field}", self.name),
                    &to_value(dynamic),
                    position,
                )
            })?;
        }
        Ok(dynamic.clone())
    }

    // Rhai's native functions fail with a boxed error; this builds one.
    #[allow(clippy::unnecessary_box_returns)]
    pub(super) fn refuse_write(&self, field: &str) -> Box<EvalAltResult> {
        format!(
            "the case is read-only: `{}.{field}` cannot be changed (to compare, write `==`)",
            self.name
        )
        .into()
    }
}

fn to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Unknown => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Int(i) => Dynamic::from_int(*i),
        Value::Number(n) => Dynamic::from_float(*n),
        Value::Text(t) => Dynamic::from(ImmutableString::from(t.as_str())),
        Value::List(items) => Dynamic::from_array(
            items
                .iter()
                .map(|t| Dynamic::from(ImmutableString::from(t.as_str())))
                .collect::<Array>(),
        ),
    }
}

/// The value a rule read, back from what the rule was given (for the trace):
/// `to_dynamic` gives each kind of value its own Rhai type, so nothing is lost.
fn to_value(dynamic: &Dynamic) -> Value {
    value_of(dynamic).unwrap_or_else(|_| Value::Text(dynamic.to_string()))
}

/// The case as the section variables rules read, built once per case; `tracing`
/// records every read (for `explain` and `test`).
pub(crate) fn case_sections(case: &Case, tracing: bool) -> Vec<CaseSection> {
    case.sections
        .iter()
        .enumerate()
        .map(|(index, (name, fields))| {
            let values = fields
                .iter()
                .map(|(field, value)| (field.clone(), to_dynamic(value)))
                .collect();
            CaseSection {
                name: name.as_str().into(),
                index,
                values,
                defined: None,
                tracing,
            }
        })
        .collect()
}

/// One shared definition made in a case: its name, its value and the rule line
/// that made it.
#[derive(Clone)]
pub(crate) struct Definition {
    pub(crate) name: String,
    pub(crate) value: Value,
    pub(crate) origin: Origin,
}

/// The shared definitions made so far in one case, shared by the `defined`
/// variable and the evaluation that adds to it after each definition file.
#[derive(Clone, Default)]
pub(crate) struct Definitions(Arc<RwLock<Vec<Definition>>>);

impl Definitions {
    /// Adds a definition made at `origin`. A name is defined once: a second
    /// definition never replaces the first (a later file could otherwise turn a
    /// red flag off for every file after it); `Err` gives where the first was made.
    pub(crate) fn make(&self, name: &str, value: &Value, origin: &Origin) -> Result<(), Origin> {
        let Ok(mut all) = self.0.write() else {
            return Err(origin.clone());
        };
        if let Some(first) = all.iter().find(|d| d.name == name) {
            return Err(first.origin.clone());
        }
        all.push(Definition {
            name: name.to_string(),
            value: value.clone(),
            origin: origin.clone(),
        });
        Ok(())
    }

    /// `f` on every definition made so far, in the order they were made (none if
    /// the store is unreadable, which only a panic while writing could cause).
    pub(crate) fn with_all<T>(&self, f: impl FnOnce(&[Definition]) -> T) -> T {
        match self.0.read() {
            Ok(all) => f(&all),
            Err(_) => f(&[]),
        }
    }

    fn get(
        &self,
        context: &NativeCallContext,
        variable: &str,
        field: &str,
        tracing: bool,
        hint: Option<usize>,
    ) -> Result<Dynamic, Box<EvalAltResult>> {
        let found = self.0.read().ok().and_then(|all| {
            let hinted = hint
                .and_then(|place| all.get(place))
                .filter(|d| d.name == field);
            hinted
                .or_else(|| all.iter().find(|d| d.name == field))
                .map(|d| to_dynamic(&d.value))
        });
        // Else a definition made earlier in the running definition file.
        let found = match found {
            Some(value) => Some(value),
            None => with_recorder(context, |recorder| Ok(recorder.defined(field)))?
                .map(|value| to_dynamic(&value)),
        };
        let Some(value) = found else {
            let names: Vec<String> = self
                .0
                .read()
                .map(|all| all.iter().map(|d| d.name.clone()).collect())
                .unwrap_or_default();
            let hint = did_you_mean(field, names.iter().map(String::as_str));
            return Err(format!(
                "`{variable}.{field}` is not defined before this file (definitions are made in rules/definitions/, in path order){hint}"
            )
            .into());
        };
        if tracing {
            let position = context.call_position();
            with_recorder(context, |recorder| {
                recorder.read(
                    || format!("{variable}.{field}"),
                    &to_value(&value),
                    position,
                )
            })?;
        }
        Ok(value)
    }
}

/// The variable through which rules read the shared definitions, and the handle
/// that adds to them.
pub(crate) fn definitions_view(name: &str, tracing: bool) -> (CaseSection, Definitions) {
    let definitions = Definitions::default();
    let view = CaseSection {
        name: name.into(),
        index: usize::MAX,
        values: Arc::from(Vec::new()),
        defined: Some(definitions.clone()),
        tracing,
    };
    (view, definitions)
}

/// A value a rule computed, as a definition holds it: true/false, a number, a
/// text, a list of texts, or unknown.
pub(super) fn value_of(value: &Dynamic) -> Result<Value, String> {
    if value.is_unit() {
        return Ok(Value::Unknown);
    }
    if let Ok(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Ok(i) = value.as_int() {
        return Ok(Value::Int(i));
    }
    if let Ok(f) = value.as_float() {
        return Ok(Value::Number(f));
    }
    if value.is_string() {
        return Ok(Value::Text(value.to_string()));
    }
    if let Some(items) = value.clone().try_cast::<Array>() {
        let texts: Option<Vec<String>> = items
            .iter()
            .map(|item| item.is_string().then(|| item.to_string()))
            .collect();
        if let Some(texts) = texts {
            return Ok(Value::List(texts));
        }
    }
    Err(format!(
        "a definition's value must be true/false, a number, a text, a list of texts or unknown, not {}",
        value.type_name()
    ))
}

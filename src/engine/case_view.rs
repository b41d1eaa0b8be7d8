//! The case as rules see it: one read-only variable per section
//! (`screening.night_pain`). Reading a field that is not in the vocabulary is an
//! error rather than a silent `()`, and writing to the case is refused.

use std::sync::Arc;

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, NativeCallContext};

use super::trace::with_recorder;
use crate::case::{Case, Value};
use crate::text::did_you_mean;

/// One case section, shared (not copied) by every rule file that runs on the case.
/// Its fields are few (at most a few dozen), so they are found by comparing names
/// in vocabulary order, which is faster than hashing the name.
#[derive(Clone)]
pub struct CaseSection {
    name: ImmutableString,
    values: Arc<[(String, Dynamic)]>,
    /// Whether reads are recorded (for `explain` and `test`); when not, a read
    /// touches nothing but the section.
    tracing: bool,
}

impl CaseSection {
    /// The section's name, as rules write it.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(super) fn get(
        &self,
        context: &NativeCallContext,
        field: &str,
    ) -> Result<Dynamic, Box<EvalAltResult>> {
        let Some((_, dynamic)) = self.values.iter().find(|(name, _)| name == field) else {
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
    if dynamic.is_unit() {
        Value::Unknown
    } else if let Ok(b) = dynamic.as_bool() {
        Value::Bool(b)
    } else if let Ok(i) = dynamic.as_int() {
        Value::Int(i)
    } else if let Ok(n) = dynamic.as_float() {
        Value::Number(n)
    } else if let Some(items) = dynamic.read_lock::<Array>() {
        Value::List(items.iter().map(ToString::to_string).collect())
    } else {
        Value::Text(dynamic.to_string())
    }
}

/// The case as the section variables rules read, built once per case; `tracing`
/// records every read (for `explain` and `test`).
pub(crate) fn case_sections(case: &Case, tracing: bool) -> Vec<CaseSection> {
    case.sections
        .iter()
        .map(|(name, fields)| {
            let values = fields
                .iter()
                .map(|(field, value)| (field.clone(), to_dynamic(value)))
                .collect();
            CaseSection {
                name: name.as_str().into(),
                values,
                tracing,
            }
        })
        .collect()
}

//! The case as rules see it: one read-only variable per section
//! (`screening.night_pain`). Reading a field that is not in the vocabulary is an
//! error rather than a silent `()`, and writing to the case is refused.

use std::sync::Arc;

use indexmap::IndexMap;
use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, NativeCallContext};

use super::trace::with_recorder;
use crate::case::{Case, Value};
use crate::text::did_you_mean;

/// One case section, shared (not copied) by every rule file that runs on the case.
#[derive(Clone)]
pub struct CaseSection {
    name: ImmutableString,
    values: Arc<IndexMap<String, (Dynamic, Value)>>,
    /// The shared definitions (`defined.x`) rather than a case section.
    definitions: bool,
    /// Whether reads are recorded for a trace; without one a read costs no lock.
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
        let Some((dynamic, value)) = self.values.get(field) else {
            // A definition made earlier in the running definition file.
            if self.definitions
                && let Some(value) = with_recorder(context, |recorder| Ok(recorder.defined(field)))?
            {
                return Ok(to_dynamic(&value));
            }
            let hint = did_you_mean(field, self.values.keys().map(String::as_str));
            if self.definitions {
                return Err(format!(
                    "`{}.{field}` is not defined before this file (definitions are made in rules/definitions/, in path order){hint}",
                    self.name
                )
                .into());
            }
            return Err(format!(
                "`{}.{field}` is not a field of the case vocabulary{hint}",
                self.name
            )
            .into());
        };
        if self.tracing {
            let position = context.call_position();
            with_recorder(context, |recorder| {
                recorder.read(|| format!("{}.{field}", self.name), value, position)
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

/// The case as the section variables rules read, built once per case; `tracing`
/// records every read (for `explain`).
pub(crate) fn case_sections(case: &Case, tracing: bool) -> Vec<CaseSection> {
    case.sections
        .iter()
        .map(|(name, fields)| {
            let values = fields
                .iter()
                .map(|(field, value)| (field.clone(), (to_dynamic(value), value.clone())))
                .collect();
            CaseSection {
                name: name.as_str().into(),
                values: Arc::new(values),
                definitions: false,
                tracing,
            }
        })
        .collect()
}

/// The variable through which rules read the shared definitions made so far.
pub(crate) fn definitions_view(
    name: &str,
    definitions: &IndexMap<String, Value>,
    tracing: bool,
) -> CaseSection {
    CaseSection {
        name: name.into(),
        values: Arc::new(
            definitions
                .iter()
                .map(|(key, value)| (key.clone(), (to_dynamic(value), value.clone())))
                .collect(),
        ),
        definitions: true,
        tracing,
    }
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

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
            let hint = did_you_mean(field, self.values.keys().map(String::as_str));
            return Err(format!(
                "`{}.{field}` is not a field of the case vocabulary{hint}",
                self.name
            )
            .into());
        };
        let position = context.call_position();
        with_recorder(context, |recorder| {
            recorder.read(|| format!("{}.{field}", self.name), value, position)
        })?;
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

/// The case as the section variables rules read, built once per case.
pub(crate) fn case_sections(case: &Case) -> Vec<CaseSection> {
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
            }
        })
        .collect()
}

//! A field's value after validation: unknown is a value of its own.

use serde_json::Value as Json;

/// A field's value after validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Left out or `null`: not known, not asked. Never treated as "no".
    Unknown,
    Bool(bool),
    Int(i64),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// Whether the value was given.
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown)
    }

    /// The value as JSON, for traces and reports.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Unknown => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Value::Text(t) => Json::String(t.clone()),
            Value::List(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
        }
    }
}

//! Strict JSON reading for cases: duplicate keys are refused (serde_json would keep
//! the last one silently), and errors carry line and column.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::case::describe;
use crate::error::Error;

/// Parses `text` as one JSON object, refusing duplicate keys anywhere in it.
pub fn parse_object(text: &str, origin: &str) -> Result<Map<String, Value>, Error> {
    let syntax = |line: usize, column: usize, message: String| Error::CaseSyntax {
        origin: origin.to_string(),
        line,
        column,
        message,
    };
    if text.trim().is_empty() {
        return Err(syntax(1, 1, "empty input: expected a case as a JSON object { ... }".into()));
    }
    let value = serde_json::from_str::<Strict>(text)
        .map_err(|e| syntax(e.line(), e.column(), plain_message(&e)))?
        .0;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(syntax(
            1,
            1,
            format!("expected a case as a JSON object {{ ... }}, found {}", describe(&other)),
        )),
    }
}

/// serde_json's message without its trailing " at line L column C" (we show that separately).
fn plain_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    match error.classify() {
        serde_json::error::Category::Eof => format!("{text}: the JSON ends too early (truncated?)"),
        _ => text,
    }
}

/// A JSON value that was read without duplicate keys.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key \"{key}\": each field may appear only once"
                )));
            }
            let Strict(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Strict(Value::Object(map)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_duplicate_keys() {
        let err = parse_object(r#"{"a": 1, "a": 2}"#, "x.json").unwrap_err();
        assert!(err.to_string().contains("duplicate key \"a\""), "{err}");
    }

    #[test]
    fn refuses_non_objects() {
        let err = parse_object("[1]", "x.json").unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
    }
}

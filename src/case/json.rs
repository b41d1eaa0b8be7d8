//! Strict JSON reading for cases: duplicate keys are refused (serde_json would keep
//! the last one silently), and every error carries a line, a column and a message a
//! clinician can act on (serde_json's own wording, such as "expected value", says
//! nothing about what to write instead).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::place::Origin;
use crate::text::shown;

/// Deepest nesting serde_json accepts before refusing; a case needs three levels
/// (case → section → list), so anything near this is not a case.
pub(super) use crate::limits::MAX_JSON_NESTING as MAX_NESTING;

/// The byte-order mark some editors (Windows Notepad) put at the start of UTF-8
/// files. It is not content, so it is skipped rather than reported as "expected value".
const BOM: char = '\u{feff}';

/// Parses `text` as one JSON object, refusing duplicate keys anywhere in it.
///
/// `origin` names the input in messages. When it names one line of a JSON Lines
/// batch, positions are given as `file:line:column` of the batch rather than
/// line 1 of the one-line text.
pub(crate) fn parse_object(text: &str, origin: &Origin) -> Result<Map<String, Value>, Error> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let syntax = |line: usize, column: usize, message: String| {
        let line = match origin.line {
            Some(batch_line) if !text.contains('\n') => batch_line,
            _ => line,
        };
        Error::CaseSyntax {
            file: origin.file.clone(),
            line,
            column,
            message,
        }
    };
    if text.trim().is_empty() {
        return Err(syntax(
            1,
            1,
            "empty input: expected a case as a JSON object { ... }".into(),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictSeed { path: None }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| {
            let (line, column) = char_position(text, e.line(), e.column());
            syntax(line, column, plain_message(&e))
        })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(syntax(
            1,
            1,
            format!(
                "expected a case as a JSON object {{ ... }}, found {}",
                describe(&other)
            ),
        )),
    }
}

/// serde_json counts columns in bytes and reports column 0 when the problem is the
/// end of a line (as for a truncated file). Users count characters, and column 0
/// points nowhere, so this gives the 1-based character column, moving to the last
/// character of the previous line when serde_json says column 0.
fn char_position(text: &str, line: usize, byte_column: usize) -> (usize, usize) {
    let line = line.max(1);
    let lines: Vec<&str> = text.split('\n').collect();
    if byte_column == 0 && line > 1 {
        let previous = lines.get(line - 2).copied().unwrap_or_default();
        let previous = previous.strip_suffix('\r').unwrap_or(previous);
        return (line - 1, previous.chars().count().max(1));
    }
    let current = lines.get(line - 1).copied().unwrap_or_default();
    let mut end = byte_column.min(current.len());
    while !current.is_char_boundary(end) {
        end -= 1;
    }
    (line, current[..end].chars().count().max(1))
}

/// A plain message for a serde_json error: what was found and what to write instead.
fn plain_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the position is shown separately.
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    if error.classify() == serde_json::error::Category::Eof {
        return "the JSON ends before the case is complete (is the file cut short? check the closing } and ])"
            .to_string();
    }
    let plain = match text.as_str() {
        "expected value" => {
            "expected a JSON value here: text in double quotes, a number, true, false, null, a [list] or an {object} (JSON has no comments, NaN or single quotes)"
        }
        "expected ident" => "expected true, false or null (written in lower case)",
        "key must be a string" => {
            "expected a field name in double quotes, like \"age\" (JSON has no comments or single quotes)"
        }
        "expected `:`" => "expected `:` between a field name and its value",
        "expected `,` or `}`" => {
            "expected `,` before the next field or `}` to close the object (JSON has no comments)"
        }
        "expected `,` or `]`" => "expected `,` before the next item or `]` to close the list",
        "trailing comma" => "a comma before a closing bracket: remove the trailing comma",
        "trailing characters" => {
            "more text after the end of the case: a .json file holds one case (put several cases in a .jsonl file, one per line)"
        }
        "recursion limit exceeded" => {
            return format!(
                "the JSON is nested more than {MAX_NESTING} levels deep; a case is sections of fields, at most three levels"
            );
        }
        "number out of range" => "a number too large to represent",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a control character (such as a raw tab or line break) inside text in quotes: write it as \\t or \\n, or remove it"
        }
        _ => return text,
    };
    plain.to_string()
}

/// Where a value is in the case (`screening`, `complaint.aggravated_by`): the key
/// and a link to where its parent is, written out only for a message (building
/// the text for every key would cost more than the rest of the parse).
#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    key: &'p str,
}

/// The path as text, keys joined with dots; empty at the top of the case.
fn path_text(path: Option<&Path<'_>>) -> String {
    let mut keys = Vec::new();
    let mut at = path;
    while let Some(path) = at {
        keys.push(path.key);
        at = path.parent;
    }
    keys.reverse();
    keys.join(".")
}

/// Deserialises one JSON value without duplicate keys, knowing where it is so a
/// duplicate can be named precisely.
struct StrictSeed<'p> {
    path: Option<&'p Path<'p>>,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor { path: self.path })
    }
}

struct StrictVisitor<'p> {
    path: Option<&'p Path<'p>>,
}

impl<'de> Visitor<'de> for StrictVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictSeed { path: self.path })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                let path = path_text(self.path);
                let (place, what) = if path.is_empty() {
                    (String::new(), "section")
                } else {
                    (format!(" in `{}`", shown(&path)), "field")
                };
                return Err(de::Error::custom(format!(
                    "duplicate key \"{}\"{place}: each {what} may appear only once (which one is meant is not guessed)",
                    shown(&key)
                )));
            }
            let here = Path {
                parent: self.path,
                key: &key,
            };
            let value = access.next_value_seed(StrictSeed { path: Some(&here) })?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

/// A short description of a JSON value for error messages: its type and, if short, the value.
pub(super) fn describe(value: &Value) -> String {
    // Escaped: a JSON string keeps a bidirectional override or a line separator
    // as it is, and the message must not.
    let text = crate::text::escaped(&value.to_string());
    let shown = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    };
    let kind = match value {
        Value::Null => return "null".to_string(),
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    format!("{kind} {shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse_object(text, &Origin::file("x.json"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn refuses_duplicate_keys_and_names_the_section() {
        let err = message(r#"{"patient": {"age": 1, "age": 2}}"#);
        assert!(err.contains("duplicate key \"age\" in `patient`"), "{err}");
    }

    #[test]
    fn refuses_non_objects() {
        assert!(message("[1]").contains("JSON object"));
    }

    #[test]
    fn skips_a_byte_order_mark() {
        assert!(parse_object("\u{feff}{}", &Origin::file("x.json")).is_ok());
    }

    #[test]
    fn a_truncated_file_points_at_its_last_character() {
        let err = message("{\"a\":\n");
        assert!(err.starts_with("x.json:1:5: the JSON ends"), "{err}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let err = message("{\"é\": x}");
        assert!(err.starts_with("x.json:1:7:"), "{err}");
    }

    #[test]
    fn a_batch_line_is_named_by_its_line_in_the_batch() {
        let err = parse_object("{\"a\": }", &Origin::line("b.jsonl", 7))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.jsonl:7:7:"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_with_a_plain_message() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(message(&text).contains("nested more than 128 levels"));
    }
}

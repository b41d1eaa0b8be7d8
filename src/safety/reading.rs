//! Reading the safety files (TOML): parse errors with their line and column and a
//! did-you-mean for a mis-typed key or word, and the place of a value inside the
//! file for the checks made after parsing (`toml::Spanned` keeps its byte range).

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::case::toml_error;
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::SourceFile;
use crate::text::did_you_mean;

/// Parses a safety file; an unknown key or word gets a did-you-mean.
pub(super) fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Error> {
    toml::from_str(&file.text).map_err(|error| {
        let located = toml_error(&file.path, &file.text, &error);
        match suggestion(error.message()) {
            Some(help) => located.with_help(help),
            None => located,
        }
    })
}

/// For serde's `unknown field `x`, expected one of `a`, `b`` (and `unknown
/// variant`), the closest expected word.
fn suggestion(message: &str) -> Option<String> {
    if !(message.starts_with("unknown field") || message.starts_with("unknown variant")) {
        return None;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (unknown, expected) = quoted.split_first()?;
    let hint = did_you_mean(unknown, expected.iter().copied());
    let hint = hint.trim_start_matches(": ");
    if hint.is_empty() {
        Some(format!("write one of {}", expected.join(", ")))
    } else {
        Some(hint.to_string())
    }
}

/// The place of a span of the file.
pub(super) fn at(file: &SourceFile, span: &Range<usize>) -> Location {
    Location::at_offset(&file.path, &file.text, span.start)
}

/// The place of `"token"` inside a span (a field or value inside an inline
/// table), else the span's start.
pub(super) fn at_token(file: &SourceFile, span: &Range<usize>, token: &str) -> Location {
    let quoted = format!("\"{token}\"");
    let inside = file.text.get(span.clone()).unwrap_or_default();
    match inside.find(&quoted) {
        Some(offset) => Location::at_offset(&file.path, &file.text, span.start + offset),
        None => at(file, span),
    }
}

/// Whether an id is snake_case: lower-case letters, digits and underscores,
/// starting with a letter.
pub(super) fn is_snake_case(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_gets_the_closest_expected_one() {
        let message = "unknown field `whne`, expected one of `id`, `when`, `when_any`";
        assert_eq!(suggestion(message).as_deref(), Some("did you mean `when`?"));
        let far = "unknown field `zzzzzz`, expected `id` or `when`";
        assert_eq!(suggestion(far).as_deref(), Some("write one of id, when"));
        assert_eq!(suggestion("missing field `id`"), None);
    }
}

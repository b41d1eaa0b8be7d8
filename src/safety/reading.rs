//! Reading the safety files (TOML): parse errors with their line and column and a
//! did-you-mean for a mis-typed key or word, and the place of a value inside the
//! file for the checks made after parsing (`toml::Spanned` keeps its byte range).

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::case::toml_error;
use crate::error::Error;
use crate::place::{LineStarts, Location};
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

/// Places in one safety file. A safety file names a place for every property,
/// hazard and control, so its line starts are found once, not counted from the
/// top of the file for every place.
pub(super) struct Places<'a> {
    file: &'a SourceFile,
    starts: LineStarts,
}

impl<'a> Places<'a> {
    pub(super) fn of(file: &'a SourceFile) -> Self {
        Places {
            file,
            starts: LineStarts::of(&file.text),
        }
    }

    /// The place of a span of the file.
    pub(super) fn at(&self, span: &Range<usize>) -> Location {
        self.starts
            .location(&self.file.path, &self.file.text, span.start)
    }

    /// The place of `"token"` inside a span (a field or value inside an inline
    /// table), else the span's start.
    pub(super) fn at_token(&self, span: &Range<usize>, token: &str) -> Location {
        let quoted = format!("\"{token}\"");
        let inside = self.file.text.get(span.clone()).unwrap_or_default();
        match inside.find(&quoted) {
            Some(offset) => {
                self.starts
                    .location(&self.file.path, &self.file.text, span.start + offset)
            }
            None => self.at(span),
        }
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

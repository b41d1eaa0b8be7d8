//! Places as types: where a case came from ([`Origin`]), where in a rule or data
//! file something is ([`Location`]), and which rule took an action ([`RuleId`]). Text like `"bad:7"` is never parsed back into a
//! place, so a case file whose name holds a colon is never mistaken for a line.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::text::{escaped, needs_escaping};

/// A file and, when it matters, one line of it: a case (`case.json`, `<stdin>`,
/// `batch.jsonl:7`) or the rule line behind an action (`rules/hip/oa.rhai:14`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file as shown to the user (`<stdin>` for standard input).
    pub file: String,
    /// The 1-based line: a case's line in a JSON Lines batch, or a rule's line.
    pub line: Option<usize>,
}

impl Origin {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            line: None,
        }
    }

    /// One line of a file.
    pub fn line(file: impl Into<String>, line: usize) -> Self {
        Origin {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written as it is when nothing needs escaping (every report names many
        // rule lines, so this is on the way of every case).
        if needs_escaping(&self.file) {
            f.write_str(&escaped(&self.file))?;
        } else {
            f.write_str(&self.file)?;
        }
        match self.line {
            Some(line) => write!(f, ":{line}"),
            None => Ok(()),
        }
    }
}

/// Serialised as the text users read (`rules/x.rhai:14`), as the contract shows it.
impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The stable name of a rule: the rule file's path inside the rule set, without
/// `.rhai`, then `#` and the name of the rule block that took the action, as in
/// `red_flags/cauda_equina#suspected_cauda_equina`. Unlike a file and line, it does
/// not change when lines are added elsewhere in the file, so assessments, coverage,
/// `diff` and safety properties can point at a rule across edits. The file is part
/// of the name so that an author need only keep names unique within one file (the
/// unit of clinical review); moving a rule to another file is a change a reviewer
/// should see.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// The id of rule `name` in the rule file `file` (its path in the rule set,
    /// with or without `.rhai`). Shared, not copied, by every action of the rule.
    pub fn new(file: &str, name: &str) -> Self {
        let file = file.strip_suffix(".rhai").unwrap_or(file);
        RuleId(Arc::from(format!("{file}#{name}")))
    }

    /// The rule's name inside its file: `suspected_cauda_equina`.
    pub fn name(&self) -> &str {
        self.0.rsplit_once('#').map_or(&*self.0, |(_, name)| name)
    }

    /// The whole id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A place in a rule or data file, with the text of that line for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File path as shown to the user, e.g. `rules/red_flags/fracture.rhai`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole source line, without its line ending (empty when unknown).
    pub source_line: String,
}

impl Location {
    /// Finds the line and column of a 1-based `line`/`column` pair in `source`.
    pub fn in_source(file: &str, source: &str, line: usize, column: usize) -> Self {
        let source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
            .to_string();
        Location {
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            source_line,
        }
    }

    /// Location of a byte offset in `source`. An offset inside a multi-byte
    /// character (a parser's off-by-one) moves back to the character's start
    /// rather than panicking on the slice.
    pub fn at_offset(file: &str, source: &str, offset: usize) -> Self {
        LineStarts::of(source).location(file, source, offset)
    }
    /// A location that names a whole file (line 1), used when no line applies.
    pub fn file_only(file: &str) -> Self {
        Location {
            file: file.to_string(),
            line: 1,
            column: 1,
            source_line: String::new(),
        }
    }
}

/// Where each line of a text starts: built once for a file whose many places
/// are wanted (a safety file names one for every property), so that each place
/// is a binary search rather than a count from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `source`.
    pub(crate) fn of(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts(starts)
    }

    /// The location of a byte offset in `source` (the text these starts are
    /// of), as [`Location::at_offset`] gives it.
    pub(crate) fn location(&self, file: &str, source: &str, offset: usize) -> Location {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.0.partition_point(|&start| start <= offset);
        let line_start = self.0[line - 1];
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        let source_line = source[line_start..line_end].trim_end_matches('\r');
        Location {
            file: file.to_string(),
            line,
            column: source[line_start..offset].chars().count() + 1,
            source_line: source_line.to_string(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", escaped(&self.file), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_inside_a_character_does_not_panic() {
        let location = Location::at_offset("f.toml", "a = \"é\"\nb", 6);
        assert_eq!((location.line, location.column), (1, 6));
        let end = Location::at_offset("f.toml", "a\nb", 99);
        assert_eq!((end.line, end.column), (2, 2));
    }

    #[test]
    fn a_colon_in_a_file_name_is_not_a_line() {
        let origin = Origin::file("bad:7");
        assert_eq!(origin.line, None);
        assert_eq!(origin.to_string(), "bad:7");
        assert_eq!(Origin::line("b.jsonl", 3).to_string(), "b.jsonl:3");
    }

    #[test]
    fn a_rule_id_is_the_file_without_its_extension_and_the_name() {
        let id = RuleId::new("red_flags/cauda_equina.rhai", "suspected_cauda_equina");
        assert_eq!(
            id.to_string(),
            "red_flags/cauda_equina#suspected_cauda_equina"
        );
        assert_eq!(id.name(), "suspected_cauda_equina");
        assert_eq!(RuleId::new("hip/oa", "x"), RuleId::new("hip/oa.rhai", "x"));
    }
}

#[cfg(test)]
mod line_starts_tests {
    use super::*;

    #[test]
    fn a_place_from_the_line_starts_is_the_place_counted_from_the_top() {
        let source = "first\r\nsecond line\n\nfourth é here\nlast";
        let starts = LineStarts::of(source);
        for offset in 0..=source.len() + 3 {
            let counted = {
                let mut at = offset.min(source.len());
                while !source.is_char_boundary(at) {
                    at -= 1;
                }
                let before = &source[..at];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                Location::in_source(
                    "f",
                    source,
                    line,
                    source[line_start..at].chars().count() + 1,
                )
            };
            assert_eq!(
                starts.location("f", source, offset),
                counted,
                "offset {offset}"
            );
        }
    }
}

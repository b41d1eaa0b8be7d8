//! The header every rule file starts with (what it covers, its sources, when it was
//! last reviewed, and the judgement calls made), and its checks.
//!
//! The header is what lets a reviewer trust a rule file: a file without one, or
//! with a line missing or empty, or a review date that is not a date, is an error
//! (the rules do not load); a review date older than allowed, or in the future, is
//! a warning of `triage check`.

use super::date::Date;
use crate::diagnostic::Diagnostic;
use crate::place::Location;
use crate::ruleset::SourceFile;

/// How old a review may be, for `triage check`'s warnings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReviewAge {
    pub today: Date,
    /// A rule file reviewed longer ago than this many days gets a warning.
    pub max_days: i64,
}

/// The header keys, in the order a file should give them, and whether each is required.
pub(crate) const KEYS: &[(&str, bool, &str)] = &[
    ("Covers", true, "what the file covers"),
    ("Sources", true, "the evidence the rules come from"),
    (
        "Reviewed",
        true,
        "the date of the last clinical review, as YYYY-MM-DD",
    ),
    (
        "Presentation",
        false,
        "the presentation the file recognises, as the report names it",
    ),
    (
        "Decisions",
        false,
        "judgement calls where the sources leave a choice",
    ),
];

/// One `// Key: value` entry of a header, continuation lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    /// The value, continuation lines joined with single spaces.
    pub value: String,
    /// 1-based line of the `// Key:` line.
    pub line: usize,
    /// 1-based column where the value starts on that line.
    pub value_column: usize,
}

/// The header of a rule file: the leading `//` comment block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// Whether the file starts (after blank lines) with a `//` comment at all.
    pub present: bool,
    /// Entries with a known key, in file order.
    pub entries: Vec<Entry>,
    /// The last line of the comment block (0 when there is none).
    pub last_line: usize,
}

impl Header {
    /// Reads the leading comment block of a rule file.
    pub(crate) fn parse(source: &str) -> Header {
        let mut header = Header::default();
        for (index, line) in source.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.is_empty() && !header.present {
                continue;
            }
            let Some(comment) = trimmed.strip_prefix("//") else {
                break;
            };
            header.present = true;
            header.last_line = index + 1;
            let text = comment.trim();
            let key = KEYS.iter().map(|(k, _, _)| *k).find(|key| {
                text.get(..key.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(key))
                    && text[key.len()..].starts_with(':')
            });
            match key {
                Some(key) => {
                    let value = text[key.len() + 1..].trim();
                    // `value` lies inside `line`: its offset is the distance between them.
                    let value_offset = (value.as_ptr() as usize)
                        .saturating_sub(line.as_ptr() as usize)
                        .min(line.len());
                    header.entries.push(Entry {
                        key: key.to_string(),
                        value: value.to_string(),
                        line: index + 1,
                        value_column: line[..value_offset].chars().count() + 1,
                    });
                }
                None => {
                    if let Some(last) = header.entries.last_mut()
                        && !text.is_empty()
                    {
                        if !last.value.is_empty() {
                            last.value.push(' ');
                        }
                        last.value.push_str(text);
                    }
                }
            }
        }
        header
    }

    /// The entry for `key`, if the header has one.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// The problems of a rule file's header: errors when it is missing, a line is
/// missing or empty, or the review date is not a date; with `review`, a warning
/// when the review is older than allowed or in the future.
pub(crate) fn diagnostics(source: &SourceFile, review: Option<&ReviewAge>) -> Vec<Diagnostic> {
    let header = Header::parse(&source.text);
    let first_line = || Location::in_source(&source.path, &source.text, 1, 1);
    let template = "start the file with:\n  // Covers: what this file covers\n  // Sources: [S1] where the rules come from\n  // Reviewed: YYYY-MM-DD\n  // Decisions: judgement calls (optional)";
    if !header.present {
        return vec![
            Diagnostic::error(
                first_line(),
                "this rule file has no header (what it covers, its sources, its review date)",
            )
            .with_help(template),
        ];
    }
    let mut found = Vec::new();
    for (key, required, what) in KEYS {
        match header.get(key) {
            None if *required => found.push(
                Diagnostic::error(
                    first_line(),
                    format!("the header has no `// {key}:` line ({what})"),
                )
                .with_help(template),
            ),
            Some(entry) if entry.value.is_empty() => found.push(Diagnostic::error(
                Location::in_source(&source.path, &source.text, entry.line, entry.value_column),
                format!("`// {key}:` is empty: give {what}"),
            )),
            _ => {}
        }
    }
    let Some(entry) = header.get("Reviewed").filter(|e| !e.value.is_empty()) else {
        return found;
    };
    let location = Location::in_source(&source.path, &source.text, entry.line, entry.value_column);
    let date_text = entry.value.split_whitespace().next().unwrap_or_default();
    match (Date::parse(date_text), review) {
        (None, _) => found.push(
            Diagnostic::error(location, format!("`{}` is not a review date", entry.value))
                .with_help(
                    "write the date of the last clinical review as YYYY-MM-DD, e.g. 2026-11-21",
                ),
        ),
        (Some(date), Some(review)) => found.extend(review_age(date, review, location)),
        (Some(_), None) => {}
    }
    found
}

/// A warning when `date` is older than allowed, or after today.
fn review_age(date: Date, review: &ReviewAge, location: Location) -> Option<Diagnostic> {
    let age = review.today.days_since(date);
    if age > review.max_days {
        Some(
            Diagnostic::warning(
                location,
                format!(
                    "last reviewed {date}, {age} days ago: older than the {} days allowed",
                    review.max_days
                ),
            )
            .with_help("review the file against its sources, then update `// Reviewed:`"),
        )
    } else if age < 0 {
        Some(Diagnostic::warning(
            location,
            format!("the review date {date} is after today ({})", review.today),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_header_with_continuations() {
        let source = "\n// Covers: hip pain\n//   in runners\n// Sources: [S1] one;\n//          [S2] two\n// Reviewed: 2026-11-21\nlet x = 1;\n// Covers: not header\n";
        let header = Header::parse(source);
        assert!(header.present);
        assert_eq!(header.last_line, 6);
        assert_eq!(
            header.get("Covers").map(|e| e.value.as_str()),
            Some("hip pain in runners")
        );
        assert_eq!(
            header.get("Sources").map(|e| e.value.as_str()),
            Some("[S1] one; [S2] two")
        );
        let reviewed = header.get("Reviewed").cloned();
        assert_eq!(
            reviewed.as_ref().map(|e| (e.line, e.value_column)),
            Some((6, 14))
        );
        assert_eq!(header.get("Decisions"), None);
    }

    #[test]
    fn no_header() {
        let header = Header::parse("let x = 1;\n");
        assert!(!header.present);
        assert!(header.entries.is_empty());
    }
}

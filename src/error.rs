//! The one error type of physio-triage.
//!
//! Every variant says *where* the problem is: the case file and field, or the rule
//! file, line and column. Rule errors render like a compiler's, with the offending
//! line and a caret, because the person reading them is editing that file.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

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
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() + 1;
        Self::in_source(file, source, line, column)
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

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How serious a finding is: errors stop the tool, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Everything that can go wrong, each with where it went wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A case file could not be read at all (missing, a directory, not UTF-8, too large).
    #[error("{origin}: {reason}")]
    CaseUnreadable { origin: String, reason: String },

    /// A case is not well-formed JSON, or not a JSON object.
    #[error("{origin}:{line}:{column}: {message}")]
    CaseSyntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// A case is JSON but breaks the vocabulary: unknown field, wrong type, bad value.
    #[error("{origin}: {field}: {message}")]
    CaseField {
        origin: String,
        field: String,
        message: String,
    },

    /// The rules folder or one of its files could not be read.
    #[error("{path}: {reason}")]
    RulesUnreadable { path: String, reason: String },

    /// A problem in a rule or data file, found while loading, checking or running it.
    #[error("{location}: {message}")]
    Rule {
        location: Location,
        message: String,
        help: Option<String>,
        severity: Severity,
    },

    /// Several rule problems found at once (loading reports all of them, not just the first).
    #[error("{} problems in the rules", .0.len())]
    RulesInvalid(Vec<Error>),
}

/// What kind of failure an error is, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The case given by the user is wrong.
    Input,
    /// The rule set is wrong (or failed while running).
    Rules,
}

impl Error {
    /// A rule error at `location` with a plain-words message.
    pub fn rule(location: Location, message: impl Into<String>) -> Self {
        Error::Rule {
            location,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    /// Adds a hint (for example "did you mean ...?") to a rule or case error.
    pub fn with_help(mut self, text: impl Into<String>) -> Self {
        if let Error::Rule { help, .. } = &mut self {
            *help = Some(text.into());
        }
        self
    }

    /// Marks a rule finding as a warning rather than an error.
    pub fn as_warning(mut self) -> Self {
        if let Error::Rule { severity, .. } = &mut self {
            *severity = Severity::Warning;
        }
        self
    }

    /// Whether the user's case or the rules are to blame.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::CaseUnreadable { .. } | Error::CaseSyntax { .. } | Error::CaseField { .. } => {
                ErrorClass::Input
            }
            Error::RulesUnreadable { .. } | Error::Rule { .. } | Error::RulesInvalid(_) => {
                ErrorClass::Rules
            }
        }
    }

    /// Errors and warnings in this error (a list for `RulesInvalid`, itself otherwise).
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::RulesInvalid(all) => all.iter().flat_map(Error::flatten).collect(),
            other => vec![other],
        }
    }

    /// The severity of a single finding (case and I/O errors are always errors).
    pub fn severity(&self) -> Severity {
        match self {
            Error::Rule { severity, .. } => *severity,
            _ => Severity::Error,
        }
    }

    /// Renders for a terminal: `file:line:col`, the source line and a caret for rule
    /// errors, a single plain line for the others.
    pub fn render(&self) -> String {
        match self {
            Error::RulesInvalid(all) => {
                all.iter().map(Error::render).collect::<Vec<_>>().join("\n")
            }
            Error::Rule {
                location,
                message,
                help,
                severity,
            } => render_snippet(location, message, help.as_deref(), *severity),
            other => format!("error: {other}"),
        }
    }
}

fn render_snippet(
    location: &Location,
    message: &str,
    help: Option<&str>,
    severity: Severity,
) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    if location.source_line.is_empty() {
        let mut text = format!("{}: {message}\n --> {location}", level_name(severity));
        if let Some(help) = help {
            text.push_str(&format!("\n = help: {help}"));
        }
        return text;
    }
    let line = &location.source_line;
    // Columns are counted in characters; annotate-snippets wants byte offsets.
    let start = line
        .char_indices()
        .nth(location.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let end = start + token_len(&line[start..]);
    let mut report = vec![
        level.primary_title(message).element(
            Snippet::source(line.as_str())
                .line_start(location.line)
                .path(location.file.as_str())
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        ),
    ];
    if let Some(help) = help {
        report.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    Renderer::plain().render(&report).to_string()
}

/// Byte length of the token a caret points at: a whole name or quoted string, so
/// the caret underlines `nigth_pain` or `"urgnet"` rather than one letter.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    let end = if first == '"' || first == '`' {
        chars
            .find(|(_, c)| *c == first)
            .map(|(i, c)| i + c.len_utf8())
    } else if first.is_ascii_digit() {
        // Numbers and dates: `38.5`, `2026-11-21`, `21/11/2026`.
        chars
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')))
            .map(|(i, _)| i)
    } else if first.is_alphanumeric() || first == '_' {
        chars
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map(|(i, _)| i)
    } else {
        None
    };
    let whole_token = first == '"' || first == '`' || first.is_alphanumeric() || first == '_';
    match end {
        Some(end) => end,
        None if whole_token => rest.len(),
        None => first.len_utf8(),
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
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
}

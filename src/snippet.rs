//! A message at a place in a file, rendered like a compiler's: `file:line:col`,
//! the line itself and a caret under the offending token. Shared by errors (which
//! stop the tool) and `check`'s diagnostics (which may be warnings).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::place::Location;

/// How serious a finding is: errors stop the tool, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `error` or `warning`, as printed before a message.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Renders `message` at `location`, with the source line and a caret when the
/// line is known, and an optional help line.
pub(crate) fn render(
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
        let mut text = format!("{}: {message}\n --> {location}", severity.word());
        if let Some(help) = help {
            text.push_str("\n = help: ");
            text.push_str(help);
        }
        return text;
    }
    // A character that could forge or hide output is shown as one replacement
    // character, so the caret's column still matches.
    let line: String = location
        .source_line
        .chars()
        .map(|c| {
            if crate::text::is_forging(c) && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let line = &line;
    let file = crate::text::escaped(&location.file);
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
                .path(file.as_str())
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        ),
    ];
    if let Some(help) = help {
        report.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    Renderer::plain().render(&report)
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

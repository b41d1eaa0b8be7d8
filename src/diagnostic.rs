//! A problem with the rules at a place in a file: an error (the rules cannot be
//! used, or a rule failed on a case) or a warning (advice, such as an overdue
//! review). One type for both, so that a finding of `triage check` and the error
//! that stops `triage assess` are the same value, rendered the same way; "the
//! rules load" means that the analysis found no diagnostic of error severity.

use std::fmt;

use crate::place::Location;
use crate::snippet::{self, Severity};

/// One problem with the rules, rendered like a compiler's diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where, when the problem is in a file's text (a missing file has no line).
    pub location: Option<Location>,
    pub message: String,
    /// A hint: what is allowed, or "did you mean ...?".
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Some(location),
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// An error that no line of a file can show (a missing data file).
    pub fn error_without_place(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this keeps the rules from loading.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// File, line and column, for sorting (problems without a line come first in
    /// their file, which their message names first: `rules/x.toml: is missing`).
    pub fn sort_key(&self) -> (String, usize, usize) {
        if let Some(location) = &self.location {
            (location.file.clone(), location.line, location.column)
        } else {
            let file = self.message.split(": ").next().unwrap_or_default();
            (file.to_string(), 0, 0)
        }
    }

    /// The problem for a terminal: `file:line:col`, the line and a caret.
    pub fn render(&self) -> String {
        match &self.location {
            Some(location) => {
                snippet::render(location, &self.message, self.help.as_deref(), self.severity)
            }
            None => format!("{}: {}", self.severity.word(), self.message),
        }
    }
}

/// `file:line:col: message`, on one line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

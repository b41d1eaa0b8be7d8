//! A finding of `triage check`: an error (the rules will not load) or a warning
//! (advice, such as an overdue review), at a place in a file. Kept apart from
//! [`Error`], which is what stops the tool.

use crate::error::Error;
use crate::place::Location;
use crate::snippet::{self, Severity};

/// One finding, rendered like a compiler's diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diagnostic {
    pub severity: Severity,
    /// Where, when the finding is in a file's text (a missing file has no line).
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error finding at `location`.
    pub(crate) fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Some(location),
            message: message.into(),
            help: None,
        }
    }

    /// The same finding, as a warning.
    #[must_use]
    pub(crate) fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint.
    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// File, line and column, for sorting (findings without a line come first in their file).
    pub(crate) fn sort_key(&self) -> (String, usize, usize) {
        match &self.location {
            Some(location) => (location.file.clone(), location.line, location.column),
            None => (self.message.clone(), 0, 0),
        }
    }

    /// The finding for a terminal.
    pub(crate) fn render(&self) -> String {
        match &self.location {
            Some(location) => {
                snippet::render(location, &self.message, self.help.as_deref(), self.severity)
            }
            None => format!("{}: {}", self.severity.word(), self.message),
        }
    }
}

/// Every error that stops loading is also an error finding of `check`.
impl From<&Error> for Diagnostic {
    fn from(error: &Error) -> Self {
        match error {
            Error::Rule {
                location,
                message,
                help,
            } => Diagnostic {
                severity: Severity::Error,
                location: Some(location.clone()),
                message: message.clone(),
                help: help.clone(),
            },
            other => Diagnostic {
                severity: Severity::Error,
                location: None,
                message: other.to_string(),
                help: None,
            },
        }
    }
}

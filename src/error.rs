//! The one error type of physio-triage.
//!
//! Every variant says *where* the problem is: the case and field, or the rule file,
//! line and column. Rule errors render like a compiler's, with the offending line
//! and a caret, because the person reading them is editing that file. A problem in
//! the rules is a [`Diagnostic`], the same type `triage check` prints (where it may
//! also be a warning, which is advice and never an error).

use crate::diagnostic::Diagnostic;
use crate::place::{Location, Origin};

/// Everything that can go wrong, each with where it went wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A case could not be read at all (missing, a directory, not UTF-8, too large).
    #[error("{origin}: {reason}")]
    CaseUnreadable { origin: Origin, reason: String },

    /// A case is not well-formed JSON, or not a JSON object. `line` is the line of
    /// the file (of the batch, for a JSON Lines case).
    #[error("{}:{line}:{column}: {message}", crate::text::escaped(file))]
    CaseSyntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// A case is JSON but breaks the vocabulary: unknown field, wrong type, bad value.
    #[error("{origin}: {field}: {message}")]
    CaseField {
        origin: Origin,
        field: String,
        message: String,
    },

    /// A case is JSON but breaks the vocabulary in several places: every problem,
    /// in field order, so that one run shows everything to mend (one problem alone
    /// is a `CaseField`, rendered as it always was).
    #[error("{origin}: {} problems in this case:{}", .problems.len(), numbered(.problems))]
    CaseInvalid {
        origin: Origin,
        problems: Vec<FieldProblem>,
    },

    /// The rules folder or one of its files could not be read.
    #[error("{}: {reason}", crate::text::escaped(path))]
    RulesUnreadable { path: String, reason: String },

    /// A problem in a rule or data file, found while loading or running it
    /// (always of error severity).
    #[error("{0}")]
    Rule(Diagnostic),

    /// Several rule problems found at once (loading reports all of them, not just the first).
    #[error("{} problems in the rules", .0.len())]
    RulesInvalid(Vec<Error>),
}

/// One problem with one field of a case: `section.field` (or a top-level key) and
/// what is wrong with it, in words that say what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The problems one per line, numbered and indented under the case's name.
fn numbered(problems: &[FieldProblem]) -> String {
    let mut text = String::new();
    for (index, problem) in problems.iter().enumerate() {
        text.push_str(&format!("\n  {}. {problem}", index + 1));
    }
    text
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
        Error::Rule(Diagnostic::error(location, message))
    }

    /// Adds a hint (for example "did you mean ...?") to a rule error.
    #[must_use]
    pub fn with_help(mut self, text: impl Into<String>) -> Self {
        if let Error::Rule(diagnostic) = &mut self {
            diagnostic.help = Some(text.into());
        }
        self
    }

    /// This error as a diagnostic: itself for a rule error, its text otherwise.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Error::Rule(diagnostic) => diagnostic.clone(),
            other => Diagnostic::error_without_place(other.to_string()),
        }
    }

    /// One error for a list of problems: the problem itself when there is one.
    pub fn all(mut problems: Vec<Error>) -> Result<(), Error> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::RulesInvalid(problems)),
        }
    }

    /// One error for a case's problems: none is no error (see [`Error::case_invalid`]).
    pub fn case_problems(origin: &Origin, problems: Vec<FieldProblem>) -> Result<(), Error> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::case_invalid(origin, problems))
        }
    }

    /// The error for a case's problems: one is a `CaseField` (its rendering
    /// unchanged), several (or, never meant, none) a `CaseInvalid`.
    pub fn case_invalid(origin: &Origin, mut problems: Vec<FieldProblem>) -> Error {
        if problems.len() == 1 {
            let FieldProblem { field, message } = problems.remove(0);
            Error::CaseField {
                origin: origin.clone(),
                field,
                message,
            }
        } else {
            Error::CaseInvalid {
                origin: origin.clone(),
                problems,
            }
        }
    }

    /// The field problems of a case error (empty for other errors), for programs
    /// that show each problem beside its field.
    pub fn field_problems(&self) -> Vec<FieldProblem> {
        match self {
            Error::CaseField { field, message, .. } => vec![FieldProblem {
                field: field.clone(),
                message: message.clone(),
            }],
            Error::CaseInvalid { problems, .. } => problems.clone(),
            _ => Vec::new(),
        }
    }

    /// Whether the user's case or the rules are to blame.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::CaseUnreadable { .. }
            | Error::CaseSyntax { .. }
            | Error::CaseField { .. }
            | Error::CaseInvalid { .. } => ErrorClass::Input,
            Error::RulesUnreadable { .. } | Error::Rule(_) | Error::RulesInvalid(_) => {
                ErrorClass::Rules
            }
        }
    }

    /// The single problems in this error (a list for `RulesInvalid`, itself otherwise).
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::RulesInvalid(all) => all.iter().flat_map(Error::flatten).collect(),
            other => vec![other],
        }
    }

    /// Renders for a terminal: `file:line:col`, the source line and a caret for rule
    /// errors, a single plain line for the others.
    pub fn render(&self) -> String {
        match self {
            Error::RulesInvalid(all) => {
                all.iter().map(Error::render).collect::<Vec<_>>().join("\n")
            }
            Error::Rule(diagnostic) => diagnostic.render(),
            other => format!("error: {other}"),
        }
    }
}

//! The exit codes of `triage`, chosen so scripts can tell what went wrong.

use std::process::ExitCode;

use crate::error::ErrorClass;

/// A documented exit status. The numbers are part of the tool's interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything asked for was done, and nothing was found wrong.
    Success = 0,
    /// The command ran and found problems: `check` errors, `test` failures, `diff` changes.
    Findings = 1,
    /// The command line was wrong (unknown option, missing argument).
    Usage = 2,
    /// A case could not be read or is invalid (in a batch: at least one case).
    BadInput = 3,
    /// The rules could not be loaded (or a rules folder found cannot be used), or a
    /// rule failed while assessing: on a case, on an answer the what-if tried, or,
    /// in `diff`, on a case under either rule set.
    RuleError = 4,
    /// `diff`: at least one case's urgency went down under the new rules.
    SafetyWarning = 5,
    /// The output could not be written (a full disk, a failing device). A reader
    /// that closes the pipe early (`| head`) is not a failure.
    OutputFailed = 6,
}

impl Exit {
    /// The numeric status.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

impl From<ErrorClass> for Exit {
    fn from(class: ErrorClass) -> Self {
        match class {
            ErrorClass::Input => Exit::BadInput,
            ErrorClass::Rules => Exit::RuleError,
        }
    }
}

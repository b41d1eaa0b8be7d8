//! The rule author's side: fixtures with their reviewed expected outcomes.

mod expect;
mod fixture;

pub use expect::Expectation;
pub use fixture::Fixture;

/// The rules API as a rule author reads it (`triage fields`), and the name of
/// the definitions' variable: the command line reaches the engine only here.
pub(crate) use crate::engine::{API, DEFINED};

//! The rule author's side: `check`'s findings, the rule file header's governance,
//! and fixtures with their reviewed expected outcomes.

mod diagnostic;
mod expect;
mod fixture;
pub(crate) mod lint;

pub(crate) use diagnostic::Diagnostic;
pub use expect::Expectation;
pub use fixture::Fixture;

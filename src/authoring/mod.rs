//! The rule author's side: fixtures with their reviewed expected outcomes.

mod expect;
mod fixture;

pub use expect::Expectation;
pub use fixture::Fixture;

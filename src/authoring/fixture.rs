//! A fixture: a case that carries its reviewed expected outcome under `expect`.
//! Only `triage test` reads the expectation; `assess` ignores it.

use super::expect::Expectation;
use crate::case::{Case, EXPECT_KEY, Vocabulary, parse_object};
use crate::error::Error;
use crate::place::Origin;

/// A case and, when it has one, its reviewed expected outcome.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub case: Case,
    pub expect: Option<Expectation>,
}

impl Fixture {
    /// Parses a case and its `expect` object; a malformed `expect` is an error
    /// naming the key, since a test cannot pass against an outcome it cannot read.
    pub fn from_json(
        text: &str,
        origin: &Origin,
        vocabulary: &Vocabulary,
    ) -> Result<Fixture, Error> {
        let mut object = parse_object(text, origin)?;
        let expect = match object.shift_remove(EXPECT_KEY) {
            None => None,
            Some(value) => {
                Some(
                    Expectation::from_json(value).map_err(|message| Error::CaseField {
                        origin: origin.clone(),
                        field: EXPECT_KEY.to_string(),
                        message,
                    })?,
                )
            }
        };
        let case = Case::from_object(object, origin, vocabulary)?;
        Ok(Fixture { case, expect })
    }
}

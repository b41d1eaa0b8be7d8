//! What the searches for answers that matter together (`joint.rs`) found, kept
//! for the next search on the same case: an interview asks again after every
//! answer, and an "unknown" answer leaves the case and most trials the same.

use rayon::prelude::*;

use crate::case::Case;
use crate::case::Value;
use crate::error::Error;

/// The urgencies already found for answers tried on one case, kept between
/// searches while the case stays the same (an interview's "unknown" answers
/// leave it so, and the next search tries mostly the same answers).
#[derive(Debug, Default)]
pub struct Memo {
    case: String,
    ranks: std::collections::HashMap<String, usize>,
}

impl Memo {
    /// Forgets what was found when `case` is not the one it was found for.
    pub(super) fn for_case(&mut self, case: &Case) {
        let key = format!("{:?}", case.sections);
        if self.case != key {
            self.case = key;
            self.ranks.clear();
        }
    }

    /// The urgency rank for each of `tried`: found before, or by `rank` (on
    /// every core) and kept.
    pub(super) fn ranks(
        &mut self,
        tried: &[Vec<(String, Value)>],
        rank: impl Fn(&[(String, Value)]) -> Result<usize, Error> + Sync,
    ) -> Result<Vec<usize>, Error> {
        let keys: Vec<String> = tried.iter().map(|answers| format!("{answers:?}")).collect();
        let missing: Vec<usize> = (0..tried.len())
            .filter(|i| !self.ranks.contains_key(&keys[*i]))
            .collect();
        let found: Vec<usize> = missing
            .par_iter()
            .map(|i| rank(&tried[*i]))
            .collect::<Result<_, _>>()?;
        for (i, r) in missing.into_iter().zip(found) {
            self.ranks.insert(keys[i].clone(), r);
        }
        Ok(keys
            .iter()
            .map(|k| self.ranks.get(k).copied().unwrap_or(0))
            .collect())
    }
}

//! The referral scale: urgencies from lowest to highest, and the destinations a
//! referral may go to. Loaded from `rules/referrals.toml`, so the engine itself
//! knows only that urgencies are ordered, that the lowest means "no referral", and
//! that some urgencies withhold treatment.

use serde::{Deserialize, Serialize};

use crate::case::{locate_key, toml_error};
use crate::error::Error;
use crate::place::Location;

/// One urgency level.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Urgency {
    pub id: String,
    /// What it means in time, e.g. "same or next day".
    pub meaning: String,
    /// When the highest urgency has this set, no treatment is suggested at all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withholds_treatment: bool,
}

/// One place a patient may be referred to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    pub id: String,
    pub name: String,
}

/// Urgencies (lowest first) and destinations.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[serde(rename = "urgency")]
    pub urgencies: Vec<Urgency>,
    #[serde(rename = "destination")]
    pub destinations: Vec<Destination>,
}

impl Scale {
    /// Parses `referrals.toml`; `file` is the path shown in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, Error> {
        let scale: Scale = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        if scale.urgencies.len() < 2 {
            return Err(Error::rule(
                Location::file_only(file),
                "the scale needs at least two urgencies: the first means no referral",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for id in scale
            .urgencies
            .iter()
            .map(|u| &u.id)
            .chain(scale.destinations.iter().map(|d| &d.id))
        {
            if !seen.insert(id) {
                return Err(Error::rule(
                    locate_key(file, text, id),
                    format!("`{id}` is listed twice"),
                ));
            }
        }
        Ok(scale)
    }

    /// Rank of an urgency (0 = no referral), if it exists.
    pub fn rank(&self, urgency: &str) -> Option<usize> {
        self.urgencies.iter().position(|u| u.id == urgency)
    }

    /// The "no referral" urgency (the lowest).
    pub fn lowest(&self) -> &Urgency {
        &self.urgencies[0]
    }

    /// The urgency at `rank`.
    pub fn urgency(&self, rank: usize) -> &Urgency {
        &self.urgencies[rank.min(self.urgencies.len() - 1)]
    }

    /// The destination with this id.
    pub fn destination(&self, id: &str) -> Option<&Destination> {
        self.destinations.iter().find(|d| d.id == id)
    }
}

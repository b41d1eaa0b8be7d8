//! The referral scale: urgencies from lowest to highest, and the destinations a
//! referral may go to. Loaded from `rules/referrals.toml`, so the engine itself
//! knows only that urgencies are ordered, that the lowest means "no referral", and
//! that some urgencies withhold treatment.

use serde::{Deserialize, Serialize};

use crate::case::toml_error;
use crate::error::Error;
use crate::place::Location;

/// The urgencies of the case contract, lowest first. They are the contract's
/// names, not clinical facts: what each means lives in `referrals.toml`.
pub(crate) const CONTRACT_URGENCIES: [&str; 5] = ["none", "routine", "soon", "urgent", "emergency"];

/// The first line holding `"value"` in a TOML file, for errors about a value.
fn locate_value(file: &str, text: &str, value: &str) -> Location {
    locate_nth_value(file, text, value, 1)
}

/// The `n`th line (from 1) holding `"value"`, for an id written twice; the whole
/// file when there is no such line.
fn locate_nth_value(file: &str, text: &str, value: &str, n: usize) -> Location {
    let quoted = format!("\"{value}\"");
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(&quoted))
        .nth(n.saturating_sub(1))
        .map_or_else(
            || Location::file_only(file),
            |(index, line)| {
                let column = line
                    .find(&quoted)
                    .map_or(1, |b| line[..b].chars().count() + 1);
                Location::in_source(file, text, index + 1, column)
            },
        )
}

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
        Error::all(scale.problems(file, text))?;
        Ok(scale)
    }

    /// What the engine relies on: the contract's urgencies in the contract's order
    /// (escalation only means "higher in this list"), only the highest withholding
    /// treatment, every id and name given, no id twice.
    fn problems(&self, file: &str, text: &str) -> Vec<Error> {
        let mut problems = Vec::new();
        let ids: Vec<&str> = self.urgencies.iter().map(|u| u.id.as_str()).collect();
        if ids != CONTRACT_URGENCIES {
            let at = self
                .urgencies
                .iter()
                .zip(CONTRACT_URGENCIES)
                .find(|(u, wanted)| u.id != **wanted)
                .map_or_else(
                    || Location::file_only(file),
                    |(u, _)| locate_value(file, text, &u.id),
                );
            problems.push(
                Error::rule(
                    at,
                    format!(
                        "the urgencies must be exactly {}, lowest first (the case contract's scale), but they are {}",
                        CONTRACT_URGENCIES.join(", "),
                        ids.join(", ")
                    ),
                )
                .with_help("the engine enforces escalation by this order; add meaning, not levels"),
            );
        }
        let highest = self.urgencies.len().saturating_sub(1);
        for (rank, urgency) in self.urgencies.iter().enumerate() {
            let at = || locate_value(file, text, &urgency.id);
            if urgency.withholds_treatment != (rank == highest) {
                let message = if rank == highest {
                    format!(
                        "`{}`, the highest urgency, must have `withholds_treatment = true` (an emergency referral withholds all treatment)",
                        urgency.id
                    )
                } else {
                    format!(
                        "only the highest urgency withholds treatment, not `{}`",
                        urgency.id
                    )
                };
                problems.push(Error::rule(at(), message));
            }
            if urgency.meaning.trim().is_empty() {
                problems.push(Error::rule(
                    at(),
                    format!("urgency `{}` has an empty `meaning`", urgency.id),
                ));
            }
        }
        for destination in &self.destinations {
            if destination.id.trim().is_empty() || destination.name.trim().is_empty() {
                problems.push(Error::rule(
                    locate_value(file, text, &destination.id),
                    "every destination needs an `id` and a `name`",
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for id in ids
            .iter()
            .copied()
            .chain(self.destinations.iter().map(|d| d.id.as_str()))
        {
            if !seen.insert(id) {
                // The second time the id is written is the one to remove.
                problems.push(Error::rule(
                    locate_nth_value(file, text, id, 2),
                    format!("`{id}` is listed twice"),
                ));
            }
        }
        problems
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

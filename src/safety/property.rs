//! A safety property: what must be true of the assessment of every case that
//! meets its premise, "whatever else the case says". Written by the clinical
//! safety officer in `rules/safety/properties.toml` (read by `properties_file.rs`)
//! and tried on generated cases by the deep check.
//!
//! The premise uses the vocabulary's condition language (`applies_when`), read
//! strictly: a condition on an unanswered field does not hold, because a property
//! about a "yes" says nothing of a case where the question was not answered.

use std::fmt;

use crate::assessment::Assessment;
use crate::case::{Case, Condition, Vocabulary};
use crate::place::{Location, Origin};
use crate::ruleset::Scale;

/// A case the guidance itself takes out of a property, with its reason.
#[derive(Debug, Clone)]
pub(crate) struct Exception {
    /// The case is excepted when every one of these holds for sure.
    pub when: Vec<Condition>,
    pub reason: String,
    pub source: String,
}

/// One declared safety property.
#[derive(Debug, Clone)]
pub(crate) struct Property {
    /// snake_case, unique in the file.
    pub id: String,
    /// The property in plain words.
    pub statement: String,
    /// Where it comes from (guidance, the clinical notes' row).
    pub source: String,
    /// Every one of these holds...
    pub when: Vec<Condition>,
    /// ...and at least one of these, when there are any.
    pub when_any: Vec<Condition>,
    /// The property is about assessments at least this urgent (a premise on the
    /// outcome, for promises such as "an emergency withholds every treatment").
    pub when_urgency_at_least: Option<String>,
    pub exceptions: Vec<Exception>,
    /// The conclusions.
    pub urgency_at_least: Option<String>,
    pub destination_one_of: Vec<String>,
    pub never_suggest: Vec<String>,
    pub must_avoid: Vec<String>,
    pub red_flag_raised: Vec<String>,
    pub suggests_nothing: bool,
    /// Where the property's id is, for findings.
    pub place: Location,
}

/// One way an assessment breaks a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Violation {
    UrgencyTooLow {
        urgency: String,
        wanted: String,
    },
    NoReferralTo {
        destinations: Vec<String>,
        at_least: Option<String>,
    },
    Suggested {
        treatment: String,
        rule: Origin,
    },
    NotAvoided {
        treatment: String,
    },
    RedFlagNotRaised {
        wanted: Vec<String>,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::UrgencyTooLow { urgency, wanted } => write!(
                f,
                "the urgency is {}, and it must be at least {}",
                urgency.to_uppercase(),
                wanted.to_uppercase()
            ),
            Violation::NoReferralTo {
                destinations,
                at_least,
            } => write!(
                f,
                "no referral{} goes to {}",
                at_least
                    .as_ref()
                    .map(|u| format!(" at least {}", u.to_uppercase()))
                    .unwrap_or_default(),
                or_list(destinations)
            ),
            Violation::Suggested { treatment, rule } => {
                write!(f, "`{treatment}` is suggested ({rule})")
            }
            Violation::NotAvoided { treatment } => {
                write!(f, "`{treatment}` is not listed under avoid")
            }
            Violation::RedFlagNotRaised { wanted } => {
                write!(f, "the red flag {} is not raised", or_list(wanted))
            }
        }
    }
}

/// `a`, `a or b`, `a, b or c`, each in backticks.
fn or_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

impl Property {
    /// Every condition of the premise, `when` then `when_any`.
    pub(crate) fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.when.iter().chain(&self.when_any)
    }

    /// Whether the case meets the premise: every `when` holds for sure, one of
    /// `when_any` does (when there are any), each of those fields is a question
    /// that applies to the case (a "yes" to a question that cannot be asked of
    /// it says nothing), and no exception holds.
    pub(crate) fn premise_holds(&self, case: &Case, vocabulary: &Vocabulary) -> bool {
        let met = |condition: &Condition| {
            condition.holds_for_sure(case)
                && condition
                    .target()
                    .is_none_or(|(section, field)| vocabulary.applies(section, field, case))
        };
        self.when.iter().all(met)
            && (self.when_any.is_empty() || self.when_any.iter().any(met))
            && !self
                .exceptions
                .iter()
                .any(|e| e.when.iter().all(|c| c.holds_for_sure(case)))
    }

    /// Whether the property speaks of this assessment: always, unless it is only
    /// about assessments at least some urgency.
    pub(crate) fn outcome_in_scope(&self, assessment: &Assessment, scale: &Scale) -> bool {
        self.when_urgency_at_least
            .as_ref()
            .is_none_or(|wanted| scale.rank(&assessment.referral.urgency) >= scale.rank(wanted))
    }

    /// Every way the assessment breaks the property's conclusions (none: it holds).
    pub(crate) fn violations(&self, assessment: &Assessment, scale: &Scale) -> Vec<Violation> {
        let mut found = Vec::new();
        let rank = |urgency: &str| scale.rank(urgency).unwrap_or(0);
        if let Some(wanted) = &self.urgency_at_least
            && rank(&assessment.referral.urgency) < rank(wanted)
        {
            found.push(Violation::UrgencyTooLow {
                urgency: assessment.referral.urgency.clone(),
                wanted: wanted.clone(),
            });
        }
        if !self.destination_one_of.is_empty() {
            let floor = self.urgency_at_least.as_deref().map_or(1, rank).max(1);
            let reached = assessment.referrals.iter().any(|r| {
                rank(&r.urgency) >= floor && self.destination_one_of.contains(&r.destination)
            });
            if !reached {
                found.push(Violation::NoReferralTo {
                    destinations: self.destination_one_of.clone(),
                    at_least: self.urgency_at_least.clone(),
                });
            }
        }
        for treatment in &assessment.treatments {
            if self.suggests_nothing || self.never_suggest.contains(&treatment.id) {
                found.push(Violation::Suggested {
                    treatment: treatment.id.clone(),
                    rule: treatment.rule.clone(),
                });
            }
        }
        for treatment in &self.must_avoid {
            if !assessment.avoid.iter().any(|a| &a.id == treatment) {
                found.push(Violation::NotAvoided {
                    treatment: treatment.clone(),
                });
            }
        }
        if !self.red_flag_raised.is_empty()
            && !assessment
                .red_flags
                .iter()
                .any(|f| self.red_flag_raised.contains(&f.id))
        {
            found.push(Violation::RedFlagNotRaised {
                wanted: self.red_flag_raised.clone(),
            });
        }
        found
    }
}

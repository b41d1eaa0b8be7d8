//! A fixture's reviewed expected outcome, and the check of an assessment against it.
//!
//! The expectation is written and reviewed by a clinician; it outranks any snapshot.
//! It travels inside the case file under `expect`, so a fixture is still a case
//! that `triage assess` accepts.

use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::ruleset::RuleSet;

/// What a reviewed case must produce. Only what is written is checked.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Why this outcome is right, in the reviewer's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The referral urgency, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// The destination of the most urgent referral (`"none"` for no referral).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Red-flag ids that must be raised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<String>,
    /// Treatments that must be suggested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_suggest: Vec<String>,
    /// Treatments that must not be suggested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_not_suggest: Vec<String>,
    /// Treatments that must be listed under avoid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_avoid: Vec<String>,
    /// When true, no treatment at all may be suggested.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_treatments: bool,
    /// Words that must appear in at least one review entry (case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_mentions: Vec<String>,
    /// Screening questions that must be reported as not answered (`screening.x`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_screened: Vec<String>,
}

impl Expectation {
    /// Reads the `expect` object of a case; the error names the offending key.
    pub fn from_json(value: serde_json::Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| format!("{e}"))
    }

    /// Names in the expectation that the rule set does not know (a typo in an
    /// expectation would otherwise make `must_not_suggest` pass vacuously).
    pub fn unknown_names(&self, rules: &RuleSet) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(urgency) = &self.urgency
            && rules.scale.rank(urgency).is_none()
        {
            problems.push(format!("expect.urgency: unknown urgency \"{urgency}\""));
        }
        if let Some(destination) = &self.destination
            && destination != "none"
            && rules.scale.destination(destination).is_none()
        {
            problems.push(format!(
                "expect.destination: unknown destination \"{destination}\""
            ));
        }
        let lists = [
            ("must_suggest", &self.must_suggest),
            ("must_not_suggest", &self.must_not_suggest),
            ("must_avoid", &self.must_avoid),
        ];
        for (key, ids) in lists {
            for id in ids {
                if rules.catalogue.get(id).is_none() {
                    problems.push(format!("expect.{key}: unknown treatment \"{id}\""));
                }
            }
        }
        for question in &self.not_screened {
            let known = question
                .split_once('.')
                .is_some_and(|(section, field)| rules.vocabulary.field(section, field).is_some());
            if !known {
                problems.push(format!("expect.not_screened: unknown field \"{question}\""));
            }
        }
        problems
    }

    /// Every way `assessment` differs from this expectation, in words a clinician reads.
    /// Empty means the case passes.
    pub fn check(&self, assessment: &Assessment) -> Vec<String> {
        let mut failures = Vec::new();
        let referral = &assessment.referral;
        if let Some(urgency) = &self.urgency
            && *urgency != referral.urgency
        {
            failures.push(format!(
                "urgency: expected {urgency}, but the assessment says {}",
                referral.urgency
            ));
        }
        if let Some(destination) = &self.destination {
            let actual = referral.destination.as_deref().unwrap_or("none");
            if destination != actual {
                failures.push(format!(
                    "destination: expected {destination}, but the assessment says {actual}"
                ));
            }
        }
        let suggested: Vec<&str> = assessment
            .treatments
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        let avoided: Vec<&str> = assessment.avoid.iter().map(|t| t.id.as_str()).collect();
        let flags: Vec<&str> = assessment.red_flags.iter().map(|f| f.id.as_str()).collect();
        for id in &self.red_flags {
            if !flags.contains(&id.as_str()) {
                failures.push(format!("red flag `{id}` was expected but not raised"));
            }
        }
        for id in &self.must_suggest {
            if !suggested.contains(&id.as_str()) {
                failures.push(format!("treatment `{id}` was expected but not suggested"));
            }
        }
        for id in &self.must_not_suggest {
            if suggested.contains(&id.as_str()) {
                failures.push(format!(
                    "treatment `{id}` must not be suggested, but it was"
                ));
            }
        }
        for id in &self.must_avoid {
            if !avoided.contains(&id.as_str()) {
                failures.push(format!("`{id}` was expected under avoid but is not there"));
            }
        }
        if self.no_treatments && !suggested.is_empty() {
            failures.push(format!(
                "no treatment may be suggested, but the assessment suggests {}",
                suggested.join(", ")
            ));
        }
        for words in &self.review_mentions {
            let needle = words.to_lowercase();
            if !assessment
                .review
                .iter()
                .any(|r| r.text.to_lowercase().contains(&needle))
            {
                failures.push(format!("no review entry mentions \"{words}\""));
            }
        }
        for question in &self.not_screened {
            if !assessment.not_screened.contains(question) {
                failures.push(format!("`{question}` was expected under not screened"));
            }
        }
        failures
    }
}

//! What a handout template can read: the variables below and nothing else (the
//! templates run with strict undefined values, so any other name is an error).
//!
//! `build.rs` fills this from an assessment; the safety rules are there, before
//! the template: nothing under avoid and nothing withheld by the urgency can be
//! put in `exercises` or `advice`, so no template can show it. `samples.rs` holds
//! what `check` renders every template with.

use serde::Serialize;

use super::words::SafetyNet;

/// Everything a handout template can read.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// The case's `id`, or none.
    pub case_id: Option<String>,
    /// True when the urgency withholds all treatment (an emergency): then
    /// `exercises`, `advice` and `next_steps` are empty.
    pub withheld: bool,
    /// The onward referral, or none when there is none.
    pub referral: Option<PatientReferral>,
    /// The suggested exercises that may go on a handout, in the report's order.
    pub exercises: Vec<Item>,
    /// The suggested home advice that may go on a handout.
    pub advice: Vec<Item>,
    /// The review and escalation steps the rules gave, as written.
    pub next_steps: Vec<String>,
    /// When to stop an exercise and when to seek help, from `handout.toml`.
    pub safety_net: SafetyNet,
    /// The rule set behind the handout.
    pub rules: RulesName,
}

/// The referral, in the words of `referrals.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct PatientReferral {
    /// The urgency's id (`urgent`).
    pub urgency: String,
    /// What the urgency means (`to be seen the same or the next day`).
    pub meaning: String,
    /// Where to (`orthopaedics`), by its name in `referrals.toml`.
    pub destination: String,
}

/// One exercise or piece of advice on a handout.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The catalogue id (`hip_thrust_progression`), e.g. for an HTML anchor.
    pub id: String,
    /// In the patient's words, from `handout.toml`.
    pub name: String,
    pub purpose: String,
    /// The rule's reason for suggesting it for this patient (a phase limit, say).
    pub note: String,
    /// From `handout.toml`, else the catalogue; none when neither has it.
    pub dosage: Option<String>,
    pub form_cues: Option<String>,
    pub progression: Option<String>,
}

/// The rule set's name and hash, for a footer.
#[derive(Debug, Clone, Serialize)]
pub struct RulesName {
    pub name: String,
    pub sha256: String,
}

/// The variables of [`Context`], as a template names them.
pub(crate) const VARIABLES: [&str; 8] = [
    "case_id",
    "withheld",
    "referral",
    "exercises",
    "advice",
    "next_steps",
    "safety_net",
    "rules",
];

//! The assessment of one case, built from what the rules asked for.
//!
//! The safety invariants live here, in the engine, not in the rules: the highest
//! urgency wins and nothing lowers it; `avoid` beats `suggest`; an urgency that
//! withholds treatment (emergency) removes every suggestion; every unanswered
//! red-flag question is listed; every entry names the rule line behind it.
//!
//! The builder is called by the pipeline only (`pipeline/`), which adds what the
//! rules alone cannot give (the what-if, where a case of a batch came from); what
//! follows from the urgency (its rank, whether it withholds treatment) is decided
//! here once and carried by the referral, so no report re-derives it.

mod change;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::case::Case;
use crate::engine::{Action, Recorded};
use crate::evaluation::Evaluation;
use crate::place::{Origin, RuleId};
use crate::ruleset::{Fingerprint, RuleSet};

pub use change::{Change, FailedTrial, Range};

/// The decision on onward referral: the most urgent referral that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub urgency: String,
    pub destination: Option<String>,
    pub reasons: Vec<String>,
    /// The urgency's place on the referral scale (0: no referral), for the
    /// reports' colours and order; not in the JSON, which names the urgency.
    #[serde(skip)]
    pub rank: usize,
    /// Whether the urgency withholds every treatment (the emergency the scale
    /// marks so): decided here, once, for the reports, the handout and the
    /// interview's emergency notice.
    #[serde(skip)]
    pub withholds_treatment: bool,
}

/// One referral a rule asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralEntry {
    pub urgency: String,
    pub destination: String,
    pub reason: String,
    pub rule: Origin,
    /// The rule block behind it (stable when lines move; see [`RuleId`]).
    pub rule_id: Option<RuleId>,
}

/// A presentation the rules recognised: the `// Presentation:` header line of a
/// rule file that referred, raised a red flag, suggested or asked for a review
/// for this case (advising against a treatment alone is a precaution, not a
/// recognition).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presentation {
    pub name: String,
    /// The rule file, as the other entries name it.
    pub rule: String,
}

/// A red flag a rule raised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag {
    pub id: String,
    pub text: String,
    pub rule: Origin,
    pub rule_id: Option<RuleId>,
}

/// A treatment to consider, or one to avoid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreatmentEntry {
    pub id: String,
    pub name: String,
    pub why: String,
    pub rule: Origin,
    pub rule_id: Option<RuleId>,
}

/// A suggestion the engine removed, and why (avoided, or an emergency referral).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Withheld {
    pub id: String,
    pub name: String,
    pub because: WithheldReason,
    /// The suggestion's rule.
    pub rule: Origin,
    pub rule_id: Option<RuleId>,
}

/// Why the engine removed a suggestion.
#[derive(Debug, Clone, PartialEq)]
pub enum WithheldReason {
    /// A rule advised against it; avoid always beats suggest.
    Avoided { why: String, rule: Origin },
    /// The referral's urgency withholds every treatment (emergency).
    Urgency { urgency: String },
}

impl fmt::Display for WithheldReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WithheldReason::Avoided { why, rule } => write!(f, "advised against: {why} ({rule})"),
            WithheldReason::Urgency { urgency } => {
                write!(f, "no treatment is suggested with an {urgency} referral")
            }
        }
    }
}

/// Serialised as the sentence a reader sees, as the contract's `withheld` shows it.
impl Serialize for WithheldReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A review or escalation step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub text: String,
    pub rule: Origin,
    pub rule_id: Option<RuleId>,
}

/// The full assessment, in the contract's shape (`withheld` is an addition, and
/// so is `origin`, which only a case of a batch has).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Where the case came from, in a batch (`batch.jsonl:7`); `None` for a case
    /// assessed alone, whose JSON then has no `origin` key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    pub case_id: Option<String>,
    pub referral: Referral,
    pub referrals: Vec<ReferralEntry>,
    /// The presentations the rules recognised, in the order the files ran.
    pub presentations: Vec<Presentation>,
    pub red_flags: Vec<RedFlag>,
    pub treatments: Vec<TreatmentEntry>,
    pub avoid: Vec<TreatmentEntry>,
    pub review: Vec<Review>,
    pub not_screened: Vec<String>,
    pub withheld: Vec<Withheld>,
    /// The unanswered questions whose answer would raise the urgency or put a
    /// suggested treatment under avoid (the what-if); absent when not computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub could_change: Option<Vec<Change>>,
    /// The urgency if every unanswered red-flag question that applies were
    /// answered yes, all at once: the worst the unscreened questions could bring
    /// (together, not only one at a time). Absent when not computed (a batch
    /// without the what-if or the day list) or when none is unanswered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_screened_worst: Option<String>,
    /// The answers the what-if tried on which a rule failed: what they would
    /// change is not known until the rules are fixed, so each is reported, never
    /// dropped. Absent when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub what_if_failed: Vec<FailedTrial>,
    /// True when no rule referred, flagged, suggested, advised against or asked
    /// for a review: no rule covers this presentation, which is not reassurance.
    pub unmatched: bool,
    pub ruleset: Fingerprint,
    /// What the case was read with a caveat about (a FHIR response still in
    /// progress, say): the assessment stands, and the report says so. Absent when
    /// there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_warnings: Vec<String>,
}

impl Assessment {
    /// Whether unanswered red-flag questions could raise the urgency: the case
    /// is not screened, and its report must not look as if it were. Unknown (no
    /// what-if and no `not_screened_worst`) counts as could.
    pub fn incomplete(&self, scale: &crate::ruleset::Scale) -> bool {
        if self.not_screened.is_empty() {
            return false;
        }
        let single = self.could_change.as_ref().map(|changes| {
            changes.iter().any(|c| {
                self.not_screened.contains(&c.field)
                    && scale.rank(&c.urgency).unwrap_or(0) > self.referral.rank
            })
        });
        let together = self
            .not_screened_worst
            .as_deref()
            .map(|worst| scale.rank(worst).unwrap_or(0) > self.referral.rank);
        match (single, together) {
            (None, None) => true,
            (a, b) => a.unwrap_or(false) || b.unwrap_or(false),
        }
    }

    /// Builds the assessment from a finished evaluation, enforcing the invariants.
    /// Without the what-if and the origin: the pipeline adds those (see
    /// `pipeline/`), and is the only caller.
    pub fn build(rules: &RuleSet, case: &Case, evaluation: &Evaluation) -> Assessment {
        let recorded: Vec<&Recorded> = evaluation.files.iter().flat_map(|f| &f.actions).collect();
        let name_of = |id: &str| {
            rules
                .catalogue
                .get(id)
                .map_or_else(|| id.to_string(), |t| t.name.clone())
        };

        let mut referrals = Vec::new();
        let mut red_flags: Vec<RedFlag> = Vec::new();
        let mut suggested: Vec<TreatmentEntry> = Vec::new();
        let mut avoid: Vec<TreatmentEntry> = Vec::new();
        let mut review: Vec<Review> = Vec::new();
        for entry in recorded {
            let rule = entry.origin.clone();
            let rule_id = entry.rule_id.clone();
            match &entry.action {
                Action::Refer {
                    urgency,
                    destination,
                    reason,
                } => referrals.push(ReferralEntry {
                    urgency: urgency.clone(),
                    destination: destination.clone(),
                    reason: reason.clone(),
                    rule,
                    rule_id,
                }),
                Action::RedFlag { id, text } => {
                    if !red_flags.iter().any(|f| f.id == *id) {
                        red_flags.push(RedFlag {
                            id: id.clone(),
                            text: text.clone(),
                            rule,
                            rule_id,
                        });
                    }
                }
                Action::Suggest { treatment, why } => {
                    if !suggested.iter().any(|t| t.id == *treatment) {
                        suggested.push(TreatmentEntry {
                            id: treatment.clone(),
                            name: name_of(treatment),
                            why: why.clone(),
                            rule,
                            rule_id,
                        });
                    }
                }
                Action::Avoid { treatment, why } => {
                    if !avoid.iter().any(|t| t.id == *treatment) {
                        avoid.push(TreatmentEntry {
                            id: treatment.clone(),
                            name: name_of(treatment),
                            why: why.clone(),
                            rule,
                            rule_id,
                        });
                    }
                }
                // Definitions feed later rule files; they are not part of the answer.
                Action::Define { .. } => {}
                Action::Review { text } => {
                    if !review.iter().any(|r| r.text == *text) {
                        review.push(Review {
                            text: text.clone(),
                            rule,
                            rule_id,
                        });
                    }
                }
            }
        }

        // Highest urgency wins; the first referral at that urgency gives the destination.
        let rank = |urgency: &str| rules.scale.rank(urgency).unwrap_or(0);
        let top = referrals
            .iter()
            .enumerate()
            .max_by_key(|(index, r)| (rank(&r.urgency), std::cmp::Reverse(*index)))
            .map(|(_, r)| r);
        let referral = match top {
            Some(top) => {
                let mut reasons: Vec<String> = Vec::new();
                for r in &referrals {
                    if r.urgency == top.urgency
                        && r.destination == top.destination
                        && !reasons.contains(&r.reason)
                    {
                        reasons.push(r.reason.clone());
                    }
                }
                let rank = rank(&top.urgency);
                Referral {
                    urgency: top.urgency.clone(),
                    destination: Some(top.destination.clone()),
                    reasons,
                    rank,
                    withholds_treatment: rules.scale.urgency(rank).withholds_treatment,
                }
            }
            None => Referral {
                urgency: rules.scale.lowest().id.clone(),
                destination: None,
                reasons: Vec::new(),
                rank: 0,
                withholds_treatment: rules.scale.lowest().withholds_treatment,
            },
        };
        let withhold_all = referral.withholds_treatment;

        // Avoid beats suggest; a withholding urgency removes every suggestion.
        let mut treatments = Vec::new();
        let mut withheld = Vec::new();
        for suggestion in suggested {
            if let Some(avoided) = avoid.iter().find(|a| a.id == suggestion.id) {
                withheld.push(Withheld {
                    id: suggestion.id,
                    name: suggestion.name,
                    because: WithheldReason::Avoided {
                        why: avoided.why.clone(),
                        rule: avoided.rule.clone(),
                    },
                    rule: suggestion.rule,
                    rule_id: suggestion.rule_id,
                });
            } else if withhold_all {
                withheld.push(Withheld {
                    id: suggestion.id,
                    name: suggestion.name,
                    because: WithheldReason::Urgency {
                        urgency: referral.urgency.clone(),
                    },
                    rule: suggestion.rule,
                    rule_id: suggestion.rule_id,
                });
            } else {
                treatments.push(suggestion);
            }
        }

        // Unanswered red-flag questions, of those that apply to this patient.
        let not_screened = rules
            .vocabulary
            .sections
            .iter()
            .filter(|(_, section)| section.red_flag_questions)
            .flat_map(|(name, section)| {
                section
                    .fields
                    .keys()
                    .filter(|field| !case.value(name, field).is_known())
                    .filter(|field| rules.vocabulary.applies(name, field, case))
                    .map(move |field| format!("{name}.{field}"))
            })
            .collect();
        let presentations = evaluation
            .files
            .iter()
            .filter(|file| {
                file.actions
                    .iter()
                    .any(|a| !matches!(a.action, Action::Avoid { .. } | Action::Define { .. }))
            })
            .filter_map(|file| {
                let rule = rules.rules.iter().find(|r| r.path == file.file)?;
                Some(Presentation {
                    name: rule.presentation.clone()?,
                    rule: rule.path.clone(),
                })
            })
            .collect();
        let unmatched = referrals.is_empty()
            && red_flags.is_empty()
            && treatments.is_empty()
            && withheld.is_empty()
            && avoid.is_empty()
            && review.is_empty();

        Assessment {
            origin: None,
            case_id: case.id.clone(),
            referral,
            referrals,
            presentations,
            red_flags,
            treatments,
            avoid,
            review,
            not_screened,
            withheld,
            could_change: None,
            not_screened_worst: None,
            what_if_failed: Vec::new(),
            unmatched,
            ruleset: rules.fingerprint.clone(),
            input_warnings: case.warnings.clone(),
        }
    }
}

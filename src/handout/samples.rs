//! The sample handouts `check` renders every template with, so that what no
//! static check sees is found before a patient's handout needs it: a misspelt
//! attribute, a filter on a value of the wrong kind, and a handout that does not
//! tell the patient where to go.
//!
//! One sample for every referral urgency of the scale (most urgent first) with
//! every destination (the urgency that withholds treatment is the emergency
//! handout: nothing but the referral and the safety net; the others have
//! everything filled in), and one with nothing at all (no referral, no exercise, no advice). "Tells the
//! patient where to go" is generic: the handout of a referral names its
//! destination, in the patient's words of `referrals.toml`.

use indexmap::IndexMap;

use super::context::{Context, Item, PatientReferral, RulesName};
use super::words::{Kind, PatientWords, SafetyNet};
use crate::ruleset::Scale;

/// One sample handout and what its render must say.
pub(super) struct Sample {
    /// What the sample is, after "the sample handout": `with everything filled
    /// in (an URGENT referral to the GP)`.
    pub(super) name: String,
    pub(super) context: Context,
    /// The words the handout must contain: the destination's name, when there
    /// is a referral.
    pub(super) must_name: Option<String>,
}

/// The exercises or advice of a full sample: the first treatment of `kind`
/// with everything filled in, and again with nothing optional (so that a
/// template that prints a missing dosage unguarded fails).
fn items(treatments: &IndexMap<String, PatientWords>, kind: Kind) -> Vec<Item> {
    treatments
        .iter()
        .find(|(_, words)| words.kind == kind)
        .map(|(id, words)| Item {
            id: id.clone(),
            name: words.name.clone(),
            purpose: words.purpose.clone(),
            note: "A note from the rule for this patient.".to_string(),
            dosage: Some("A dosage.".to_string()),
            form_cues: Some("Form cues.".to_string()),
            progression: Some("A progression.".to_string()),
        })
        .into_iter()
        .flat_map(|full| {
            let bare = Item {
                note: String::new(),
                dosage: None,
                form_cues: None,
                progression: None,
                ..full.clone()
            };
            [full, bare]
        })
        .collect()
}

/// Every sample handout. Without a scale (`referrals.toml` did not load, which
/// is reported on its own) one referral to "somewhere" stands in for each kind.
pub(super) fn samples(
    treatments: &IndexMap<String, PatientWords>,
    safety_net: &SafetyNet,
    scale: Option<&Scale>,
) -> Vec<Sample> {
    let rules = RulesName {
        name: "rules".to_string(),
        sha256: "0".repeat(64),
    };
    let sample = |urgency: &str, meaning: &str, withheld: bool, destination: &str| {
        let filled = !withheld;
        let referral = format!(
            "{} {} referral to {destination}",
            if urgency.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            },
            urgency.to_uppercase()
        );
        Sample {
            name: if withheld {
                format!("of {referral} (it withholds treatment)")
            } else {
                format!("with everything filled in ({referral})")
            },
            context: Context {
                case_id: filled.then(|| "sample".to_string()),
                withheld,
                referral: Some(PatientReferral {
                    urgency: urgency.to_string(),
                    meaning: meaning.to_string(),
                    destination: destination.to_string(),
                }),
                exercises: if filled {
                    items(treatments, Kind::Exercise)
                } else {
                    Vec::new()
                },
                advice: if filled {
                    items(treatments, Kind::Advice)
                } else {
                    Vec::new()
                },
                next_steps: if filled {
                    vec!["Review in 6 weeks.".to_string()]
                } else {
                    Vec::new()
                },
                safety_net: safety_net.clone(),
                rules: rules.clone(),
            },
            must_name: Some(destination.to_string()),
        }
    };
    let mut all = Vec::new();
    if let Some(scale) = scale {
        // Most urgent first: a failure names the most serious handout it breaks.
        for urgency in scale.urgencies.iter().skip(1).rev() {
            for destination in &scale.destinations {
                all.push(sample(
                    &urgency.id,
                    &urgency.meaning,
                    urgency.withholds_treatment,
                    &destination.name,
                ));
            }
        }
    } else {
        all.push(sample("soon", "what the urgency means", false, "somewhere"));
        all.push(sample(
            "emergency",
            "what the urgency means",
            true,
            "somewhere",
        ));
    }
    all.push(Sample {
        name: "with nothing to show".to_string(),
        context: Context {
            case_id: None,
            withheld: false,
            referral: None,
            exercises: Vec::new(),
            advice: Vec::new(),
            next_steps: Vec::new(),
            safety_net: SafetyNet::default(),
            rules,
        },
        must_name: None,
    });
    all
}

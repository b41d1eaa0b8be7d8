//! The patient's home exercise handout: an assessment's exercises and advice in
//! plain words, with the safety net, rendered by the rule set's template
//! (`rules/handout/`).
//!
//! What a patient may read is decided here, not in the template, which only
//! lays out what it is given:
//! - only suggestions the assessment kept (avoid beats suggest; a withholding
//!   urgency removes all), and of those only the treatments `handout.toml` lists
//!   (hands-on care stays with the clinician);
//! - a treatment under avoid is never put in, even if it were somehow still
//!   among the suggestions (checked again here, by id);
//! - when the urgency withholds treatment, no exercise, no advice and no review
//!   step: the handout says where to go, and gives the safety net.

use super::context::{Context, Item, PatientReferral, RulesName};
use super::handout::Handout;
use super::template::Format;
use super::words::Kind;
use crate::assessment::Assessment;
use crate::error::Error;
use crate::ruleset::{RuleSet, Treatment};

/// A handout, and what the clinician should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenHandout {
    /// The handout's text, in the format asked for.
    pub text: String,
    /// How many exercises and pieces of advice it holds.
    pub items: usize,
    /// True when the urgency withheld every treatment (an emergency).
    pub withheld: bool,
}

impl Handout {
    /// The context a handout template reads, for this assessment.
    pub fn context(&self, assessment: &Assessment, rules: &RuleSet) -> Context {
        let handout = self;
        // Decided once, by the assessment: never re-derived from the scale here.
        let rank = assessment.referral.rank;
        let withheld = assessment.referral.withholds_treatment;
        let avoided = |id: &str| assessment.avoid.iter().any(|a| a.id == id);
        let mut exercises = Vec::new();
        let mut advice = Vec::new();
        if !withheld {
            for suggestion in &assessment.treatments {
                let Some(words) = handout.treatments.get(&suggestion.id) else {
                    continue;
                };
                if avoided(&suggestion.id) {
                    continue;
                }
                let catalogue = rules.catalogue.get(&suggestion.id);
                let from_catalogue = |field: fn(&Treatment) -> &Option<String>| {
                    catalogue.and_then(|t| field(t).clone())
                };
                let item = Item {
                    id: suggestion.id.clone(),
                    name: words.name.clone(),
                    purpose: words.purpose.clone(),
                    note: suggestion.why.clone(),
                    dosage: words
                        .dosage
                        .clone()
                        .or_else(|| from_catalogue(|t| &t.dosage)),
                    form_cues: words
                        .form_cues
                        .clone()
                        .or_else(|| from_catalogue(|t| &t.form_cues)),
                    progression: words
                        .progression
                        .clone()
                        .or_else(|| from_catalogue(|t| &t.progression)),
                };
                match words.kind {
                    Kind::Exercise => exercises.push(item),
                    Kind::Advice => advice.push(item),
                }
            }
        }
        let referral = match &assessment.referral.destination {
            Some(destination) if rank > 0 => Some(PatientReferral {
                urgency: assessment.referral.urgency.clone(),
                meaning: rules.scale.urgency(rank).meaning.clone(),
                destination: rules
                    .scale
                    .destination(destination)
                    .map_or_else(|| destination.clone(), |d| d.name.clone()),
            }),
            _ => None,
        };
        Context {
            case_id: assessment.case_id.clone(),
            withheld,
            referral,
            exercises,
            advice,
            next_steps: if withheld {
                Vec::new()
            } else {
                assessment.review.iter().map(|r| r.text.clone()).collect()
            },
            safety_net: handout.safety_net.clone(),
            rules: RulesName {
                name: rules.shown_dir.clone(),
                sha256: assessment.ruleset.sha256.clone(),
            },
        }
    }

    /// The handout of an assessment in `format`; an error naming the missing file
    /// when the rule set has no template for it, or the template's error.
    pub fn write(
        &self,
        assessment: &Assessment,
        rules: &RuleSet,
        format: Format,
    ) -> Result<WrittenHandout, Error> {
        let template = self
            .template(format)
            .ok_or_else(|| Error::RulesUnreadable {
                path: rules.shown(format.template()),
                reason: "is missing: this rule set has no handout template for this format"
                    .to_string(),
            })?;
        let context = self.context(assessment, rules);
        Ok(WrittenHandout {
            text: template.render(&context)?,
            items: context.exercises.len() + context.advice.len(),
            withheld: context.withheld,
        })
    }
}

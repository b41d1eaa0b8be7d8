//! The report's first line: the urgency (to whom, and what it means), then what
//! is not known and the worst it could bring. A card summary takes a short form
//! that keeps every urgency word.

use crate::assessment::{Assessment, Change};
use crate::ruleset::RuleSet;

/// The longest headline a CDS Hooks card summary takes.
const SHORT_HEADLINE: usize = 140;

/// The headline for a card summary: the report's, or, when that is longer than
/// a summary may be, the same without the urgency's meaning in brackets, so the
/// urgency words (the referral's, and the worst an unanswered question could
/// make it) are never the ones cut off.
pub(super) fn headline(assessment: &Assessment, rules: &RuleSet) -> String {
    let full = headline_text(assessment, rules, true);
    if full.chars().count() <= SHORT_HEADLINE {
        full
    } else {
        headline_text(assessment, rules, false)
    }
}

/// The headline: the urgency (with its meaning, when `meaning`), then what is
/// not known and the worst it could bring.
pub(super) fn headline_text(
    assessment: &Assessment,
    rules: &RuleSet,
    with_meaning: bool,
) -> String {
    let scale = &rules.scale;
    let referral = &assessment.referral;
    let meaning = if with_meaning {
        format!(" ({})", scale.urgency(referral.rank).meaning)
    } else {
        String::new()
    };
    let unasked = assessment.not_screened.len();
    let mut text = match &referral.destination {
        Some(destination) => {
            let name = scale
                .destination(destination)
                .map_or(destination.as_str(), |d| d.name.as_str());
            format!(
                "REFERRAL: {} to {name}{meaning}",
                referral.urgency.to_uppercase()
            )
        }
        // Said plainly only when nothing unknown could change it: no question
        // unasked, no answer that would change it, none the rules failed on.
        None if unasked == 0
            && assessment.could_change.as_ref().is_none_or(Vec::is_empty)
            && assessment.what_if_failed.is_empty() =>
        {
            format!("REFERRAL: {}{meaning}", referral.urgency.to_uppercase())
        }
        None => format!(
            "REFERRAL: {} on the answers given",
            referral.urgency.to_uppercase()
        ),
    };
    if unasked > 0 {
        let noun = if unasked == 1 {
            "question"
        } else {
            "questions"
        };
        text.push_str(&format!("; {unasked} red-flag {noun} not asked"));
        let changes = assessment.could_change.as_deref().unwrap_or_default();
        let rank = |u: &str| scale.rank(u).unwrap_or(0);
        let red_flag_changes: Vec<&Change> = changes
            .iter()
            .filter(|c| assessment.not_screened.contains(&c.field))
            .filter(|c| rank(&c.urgency) > referral.rank)
            .collect();
        let article = |name: &str| {
            if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
                "an"
            } else {
                "a"
            }
        };
        let together = assessment
            .not_screened_worst
            .as_deref()
            .map(rank)
            .filter(|worst| *worst > referral.rank);
        if let Some(worst) = red_flag_changes.iter().map(|c| rank(&c.urgency)).max() {
            let mut fields: Vec<&str> = red_flag_changes
                .iter()
                .filter(|c| rank(&c.urgency) == worst)
                .map(|c| c.field.as_str())
                .collect();
            fields.dedup();
            let worst_name = scale.urgency(worst).id.to_uppercase();
            text.push_str(&format!(
                ", {} of which could make this {} {worst_name}",
                fields.len(),
                article(&worst_name)
            ));
        } else if let Some(worst) = together {
            let worst_name = scale.urgency(worst).id.to_uppercase();
            text.push_str(&format!(
                ", which together could make this {} {worst_name}",
                article(&worst_name)
            ));
        }
    }
    text
}

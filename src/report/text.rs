//! The text report for a busy clinician: the referral decision first, then red
//! flags, treatments, what to avoid, the review plan, unanswered screening questions,
//! and the rule set last. Every line names the rule behind it.

use std::fmt::Write;

use crate::assessment::{Assessment, WithheldReason};
use crate::ruleset::RuleSet;

/// Renders an assessment as plain text.
pub fn text(assessment: &Assessment, rules: &RuleSet) -> String {
    let mut out = String::new();
    let scale = &rules.scale;
    let referral = &assessment.referral;
    // A case of a batch without an id is named by where it came from.
    if let Some(id) = &assessment.case_id {
        let _ = writeln!(out, "Case {id}");
    } else if let Some(origin) = &assessment.origin {
        let _ = writeln!(out, "Case {origin}");
    }
    let meaning = scale
        .rank(&referral.urgency)
        .map(|r| scale.urgency(r).meaning.clone())
        .unwrap_or_default();
    match &referral.destination {
        Some(destination) => {
            let name = scale
                .destination(destination)
                .map_or(destination.as_str(), |d| d.name.as_str());
            let _ = writeln!(
                out,
                "REFERRAL: {} to {name} ({meaning})",
                referral.urgency.to_uppercase()
            );
            for reason in &referral.reasons {
                let rule = assessment
                    .referrals
                    .iter()
                    .find(|r| r.reason == *reason)
                    .map(|r| r.rule.to_string())
                    .unwrap_or_default();
                let _ = writeln!(out, "  - {reason}  [{rule}]");
            }
            let others: Vec<_> = assessment
                .referrals
                .iter()
                .filter(|r| {
                    !(r.urgency == referral.urgency
                        && Some(&r.destination) == referral.destination.as_ref())
                })
                .collect();
            if !others.is_empty() {
                let _ = writeln!(out, "  Also:");
                for r in others {
                    let name = scale
                        .destination(&r.destination)
                        .map_or(r.destination.as_str(), |d| d.name.as_str());
                    let _ = writeln!(
                        out,
                        "  - {} to {name}: {}  [{}]",
                        r.urgency, r.reason, r.rule
                    );
                }
            }
        }
        None => {
            let _ = writeln!(
                out,
                "REFERRAL: {} ({meaning})",
                referral.urgency.to_uppercase()
            );
        }
    }

    if !assessment.red_flags.is_empty() {
        let _ = writeln!(out, "\nRED FLAGS");
        for flag in &assessment.red_flags {
            let _ = writeln!(out, "  ! {}: {}  [{}]", flag.id, flag.text, flag.rule);
        }
    }

    let _ = writeln!(out, "\nTREATMENTS TO CONSIDER");
    if assessment.treatments.is_empty() {
        let withheld_by_urgency = assessment
            .withheld
            .iter()
            .any(|w| matches!(w.because, WithheldReason::Urgency { .. }));
        if withheld_by_urgency || is_withholding(assessment, rules) {
            let _ = writeln!(
                out,
                "  none: treatment is withheld until the {} referral has been acted on",
                referral.urgency
            );
        } else {
            let _ = writeln!(out, "  none suggested by the rules for this case");
        }
    }
    for t in &assessment.treatments {
        let _ = writeln!(out, "  - {}: {}  [{}]", t.name, t.why, t.rule);
    }

    if !assessment.avoid.is_empty() {
        let _ = writeln!(out, "\nAVOID");
        for t in &assessment.avoid {
            let _ = writeln!(out, "  x {}: {}  [{}]", t.name, t.why, t.rule);
        }
    }

    if !assessment.review.is_empty() {
        let _ = writeln!(out, "\nREVIEW AND ESCALATION");
        for r in &assessment.review {
            let _ = writeln!(out, "  - {}  [{}]", r.text, r.rule);
        }
    }

    if !assessment.not_screened.is_empty() {
        let _ = writeln!(out, "\nNOT SCREENED: ask these red-flag questions");
        for qualified in &assessment.not_screened {
            let question = qualified
                .split_once('.')
                .and_then(|(section, field)| rules.vocabulary.field(section, field))
                .map(|f| f.question.as_str())
                .unwrap_or_default();
            let _ = writeln!(out, "  ? {qualified}: {question}");
        }
    }

    let _ = writeln!(
        out,
        "\nRules: {} ({} files, sha256 {})",
        rules.shown_dir, assessment.ruleset.files, assessment.ruleset.sha256
    );
    let _ = writeln!(
        out,
        "Decision support only: it does not replace clinical assessment and judgement."
    );
    out
}

fn is_withholding(assessment: &Assessment, rules: &RuleSet) -> bool {
    rules
        .scale
        .rank(&assessment.referral.urgency)
        .is_some_and(|r| rules.scale.urgency(r).withholds_treatment)
}

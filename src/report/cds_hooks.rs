//! The assessment as a CDS Hooks 2.0 response (`{"cards": [...]}`), for a record
//! system that calls decision support from the clinician's workflow. One card: the
//! headline as its summary (at most 140 characters, as the specification asks),
//! the indicator from the urgency, the report in Markdown as its detail, and the
//! rule set and its hash as its source.

use serde_json::{Value as Json, json};

use super::document::Detail;
use super::markdown::markdown;
use crate::assessment::Assessment;
use crate::ruleset::RuleSet;

/// The longest card summary CDS Hooks allows.
const MAX_SUMMARY: usize = 140;

/// The CDS Hooks response for one assessment.
pub(crate) fn cds_hooks(assessment: &Assessment, rules: &RuleSet) -> Json {
    let rank = assessment.referral.rank;
    let highest = rules.scale.urgencies.len().saturating_sub(1);
    // The two highest urgencies (urgent, emergency) are critical; any referral
    // below them a warning; no referral is information.
    let indicator = match rank {
        0 => "info",
        r if r + 1 >= highest => "critical",
        _ => "warning",
    };
    let headline = super::document::headline(assessment, rules);
    let summary = if headline.chars().count() > MAX_SUMMARY {
        let cut: String = headline.chars().take(MAX_SUMMARY - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        headline
    };
    json!({
        "cards": [{
            "summary": summary,
            "indicator": indicator,
            "detail": markdown(assessment, rules, Detail::default()),
            "source": {
                "label": format!(
                    "physio-triage rules {} (sha256 {})",
                    rules.shown_dir, assessment.ruleset.sha256
                ),
            },
        }]
    })
}

//! The assessment as a CDS Hooks 2.0 response (`{"cards": [...]}`), for a record
//! system that calls decision support from the clinician's workflow. One card: the
//! headline as its summary (at most 140 characters, as the specification asks, cut
//! at a word and never losing an urgency it names), the indicator from the
//! urgency, the report in Markdown as its detail, and the rule set and its hash as
//! its source. A case of a batch also carries its `origin`, beside `cards`.

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
    let urgencies: Vec<String> = rules
        .scale
        .urgencies
        .iter()
        .map(|u| u.id.to_uppercase())
        .collect();
    let summary = summary(&headline, &urgencies);
    let mut response = json!({
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
    });
    if let Some(origin) = &assessment.origin {
        response["origin"] = json!(origin);
    }
    response
}

/// `headline` in at most [`MAX_SUMMARY`] characters: whole, or cut after a word
/// with `…`. An urgency it names (`URGENT`, or the `EMERGENCY` an unanswered
/// question could make it) is never lost: when the cut would drop one, the
/// clause that names it is kept at the end, after `… `.
fn summary(headline: &str, urgencies: &[String]) -> String {
    if headline.chars().count() <= MAX_SUMMARY {
        return headline.to_string();
    }
    let plain = format!("{}…", cut_at_word(headline, MAX_SUMMARY - 1));
    let Some(lost) = last_lost_urgency(headline, &plain, urgencies) else {
        return plain;
    };
    // The clause that names it: from the last `;` or `,` before it.
    let clause_start = headline[..lost].rfind([';', ',']).map_or(0, |i| i + 1);
    let clause = headline[clause_start..].trim();
    let budget = MAX_SUMMARY.saturating_sub(clause.chars().count() + 2);
    if budget < 20 {
        // A clause too long to keep whole: its last words, up to the urgency.
        let end = headline[lost..]
            .find(char::is_whitespace)
            .map_or(headline.len(), |i| lost + i);
        let head = cut_at_word(&headline[..clause_start], MAX_SUMMARY / 2);
        let room = MAX_SUMMARY.saturating_sub(head.chars().count() + 2);
        let words: Vec<&str> = headline[..end].split_whitespace().rev().collect();
        let mut tail: Vec<&str> = Vec::new();
        let mut used = 0;
        for word in words {
            if used + word.chars().count() + 1 > room {
                break;
            }
            used += word.chars().count() + 1;
            tail.push(word);
        }
        tail.reverse();
        return format!("{head}… {}", tail.join(" "));
    }
    format!(
        "{}… {clause}",
        cut_at_word(&headline[..clause_start], budget).trim_end_matches([';', ',', ' '])
    )
}

/// The start of `text` in at most `max` characters, ending after a whole word
/// (without the punctuation that would join it to what was cut).
fn cut_at_word(text: &str, max: usize) -> String {
    let kept: String = text.chars().take(max).collect();
    if kept.len() == text.len() {
        return kept.trim_end().to_string();
    }
    let cut_mid_word = text[kept.len()..].starts_with(|c: char| !c.is_whitespace());
    let kept = if cut_mid_word {
        kept.rfind(char::is_whitespace)
            .map_or(kept.as_str(), |i| &kept[..i])
    } else {
        kept.as_str()
    };
    kept.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | ':' | '('))
        .to_string()
}

/// Where the last urgency word of `headline` that `summary` lost starts.
fn last_lost_urgency(headline: &str, summary: &str, urgencies: &[String]) -> Option<usize> {
    // Each word with where it starts, without the punctuation around it.
    let words = |text: &str| -> Vec<(usize, String)> {
        let mut found = Vec::new();
        let mut start = None;
        for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (true, Some(from)) => {
                    let word: &str = &text[from..index];
                    let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                    found.push((from, bare.to_string()));
                    start = None;
                }
                (false, None) => start = Some(index),
                _ => {}
            }
        }
        found
    };
    let kept = words(summary);
    words(headline)
        .into_iter()
        .filter(|(_, word)| urgencies.contains(word))
        .filter(|(_, word)| !kept.iter().any(|(_, k)| k == word))
        .map(|(start, _)| start)
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urgencies() -> Vec<String> {
        ["NONE", "ROUTINE", "SOON", "URGENT", "EMERGENCY"]
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_long_summary_is_cut_at_a_word_and_keeps_every_urgency() {
        let headline = format!(
            "REFERRAL: SOON to {} (to be seen within about two weeks); 3 red-flag questions not asked, 2 of which could make this an EMERGENCY",
            "a destination with a very long name indeed "
                .repeat(2)
                .trim()
        );
        let summary = summary(&headline, &urgencies());
        assert!(summary.chars().count() <= MAX_SUMMARY, "{summary}");
        assert!(summary.starts_with("REFERRAL: SOON to "), "{summary}");
        assert!(
            summary.ends_with("2 of which could make this an EMERGENCY"),
            "{summary}"
        );
        assert!(summary.contains("… "), "{summary}");
        // Every word of the summary is a whole word of the headline.
        let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let words: Vec<String> = headline.split_whitespace().map(bare).collect();
        for word in summary.split_whitespace().map(bare) {
            assert!(
                word.is_empty() || words.contains(&word),
                "`{word}` is cut: {summary}"
            );
        }
    }

    #[test]
    fn a_short_summary_is_whole_and_a_plain_cut_ends_on_a_word() {
        assert_eq!(
            summary("REFERRAL: URGENT to orthopaedics", &urgencies()),
            "REFERRAL: URGENT to orthopaedics"
        );
        let long = format!("REFERRAL: URGENT to {}", "orthopaedics ".repeat(20));
        let cut = summary(&long, &urgencies());
        assert!(cut.ends_with("orthopaedics…"), "{cut}");
        assert!(cut.chars().count() <= MAX_SUMMARY);
    }
}

//! The report as a document: the blocks a clinician reads, in the order they
//! read them, built once from an assessment. The text and markdown writers
//! render the same document, so both give the same order and content.
//!
//! The order answers the questions of a busy clinician in turn: how urgent, and
//! what is still unknown (the headline); which answers would change that (ask
//! next); the red flags; what to do and what not to do; when to review; the
//! other unanswered red-flag questions; which rules said so.

use crate::assessment::{Assessment, Change, Referral, WithheldReason};
use crate::ruleset::RuleSet;

pub(super) use super::headline::headline;
use super::headline::headline_text;

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// `Case <id>`.
    Title(String),
    /// The referral decision and what is unknown; `rank` colours it, and
    /// `incomplete` (unanswered red-flag questions could raise it) makes it
    /// amber at least: green means screened.
    Banner {
        rank: usize,
        incomplete: bool,
        text: String,
    },
    /// A line the reader must not miss (no rule covers the presentation).
    Warning(String),
    /// A section heading.
    Section(String),
    /// An entry, with the rule line behind it and, with `--detail`, more lines.
    /// `key` is the contract's name of what it is about (a red flag's id, an
    /// unanswered field), which the text report puts before the text and the
    /// Markdown report says in words.
    Item {
        mark: &'static str,
        key: Option<Key>,
        text: String,
        rule: Option<String>,
        detail: Vec<String>,
    },
    /// A plain line inside a section.
    Plain(String),
    /// The closing lines: the rule set and its hash.
    Footer(String),
}

/// The contract's name of what an entry is about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    /// A red flag's id: `suspected_cauda_equina`, in words "Suspected cauda equina".
    RedFlag(String),
    /// An unanswered field, `section.field`: in words, its question (the text).
    Field(String),
}

impl Key {
    /// The name as written in the contract.
    pub(crate) fn name(&self) -> &str {
        match self {
            Key::RedFlag(name) | Key::Field(name) => name,
        }
    }

    /// The name in words, when the entry's text does not already say it.
    pub(crate) fn words(&self) -> Option<String> {
        match self {
            Key::RedFlag(id) => Some(in_words(id)),
            Key::Field(_) => None,
        }
    }
}

/// A name in words: `suspected_cauda_equina` is "Suspected cauda equina".
pub(crate) fn in_words(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// How much the report shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Detail {
    /// Each suggested treatment's dosage, form cues and progression.
    pub treatments: bool,
}

/// An answer as a report says it: yes, no, a quoted value, a list, or for a
/// number the range of values that give the same outcome, in the field's unit.
fn answer_words(change: &Change, unit: Option<&str>) -> String {
    if let Some(range) = &change.range {
        return range.words(unit);
    }
    match &change.answer {
        serde_json::Value::Bool(true) => "yes".to_string(),
        serde_json::Value::Bool(false) => "no".to_string(),
        serde_json::Value::String(text) => format!("\"{}\"", text.replace('_', " ")),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| format!("\"{}\"", i.as_str().unwrap_or_default().replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Number(number) => match unit {
            Some(unit) => format!("{number} {unit}"),
            None => number.to_string(),
        },
        other => other.to_string(),
    }
}

/// `would mean EMERGENCY: the emergency department`, `would mean URGENT: the GP
/// instead of orthopaedics` (the same urgency, another destination), or `would
/// put stretching under avoid`.
fn consequence(rules: &RuleSet, change: &Change, referral: &Referral) -> String {
    let name = |d: &str| {
        rules
            .scale
            .destination(d)
            .map_or(d.to_string(), |d| d.name.clone())
    };
    if change.urgency != referral.urgency || change.destination != referral.destination {
        let to = change
            .destination
            .as_deref()
            .map(|d| format!(": {}", name(d)))
            .unwrap_or_default();
        let instead = match (&referral.destination, change.urgency == referral.urgency) {
            (Some(now), true) => format!(" instead of {}", name(now)),
            _ => String::new(),
        };
        return format!("would mean {}{to}{instead}", change.urgency.to_uppercase());
    }
    let names: Vec<String> = change
        .withdraws
        .iter()
        .map(|id| {
            rules
                .catalogue
                .get(id)
                .map_or(id.clone(), |t| t.name.to_lowercase())
        })
        .collect();
    format!("would put {} under avoid", names.join(", "))
}

/// The report's blocks for `assessment`.
pub(crate) fn document(assessment: &Assessment, rules: &RuleSet, detail: Detail) -> Vec<Block> {
    let scale = &rules.scale;
    let referral = &assessment.referral;
    let mut blocks = Vec::new();
    // A case of a batch without an id is named by where it came from.
    if let Some(id) = &assessment.case_id {
        blocks.push(Block::Title(format!("Case {id}")));
    } else if let Some(origin) = &assessment.origin {
        blocks.push(Block::Title(format!("Case {origin}")));
    }
    // Rules that are not a folder the clinic keeps are named before anything else.
    if assessment.ruleset.source.is_built_in() {
        blocks.push(Block::Warning(format!(
            "Rules: the {}, not a rules folder (none was found)",
            rules.shown_dir
        )));
    }
    blocks.push(Block::Banner {
        rank: referral.rank,
        incomplete: assessment.incomplete(scale),
        text: headline_text(assessment, rules, true),
    });
    for warning in &assessment.input_warnings {
        blocks.push(Block::Warning(format!("INPUT WARNING: {warning}")));
    }
    if referral.destination.is_some() {
        for reason in &referral.reasons {
            let rule = assessment
                .referrals
                .iter()
                .find(|r| r.reason == *reason)
                .map(|r| r.rule.to_string());
            blocks.push(item("-", reason.clone(), rule));
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
            blocks.push(Block::Plain("Also:".to_string()));
            for r in others {
                let name = scale
                    .destination(&r.destination)
                    .map_or(r.destination.as_str(), |d| d.name.as_str());
                blocks.push(item(
                    "-",
                    format!("{} to {name}: {}", r.urgency, r.reason),
                    Some(r.rule.to_string()),
                ));
            }
        }
    }
    for presentation in &assessment.presentations {
        blocks.push(item(
            ">",
            format!("Presentation: {}", presentation.name),
            Some(presentation.rule.clone()),
        ));
    }
    if assessment.unmatched {
        blocks.push(Block::Warning(
            "NO RULE COVERS THIS PRESENTATION: assess clinically; this report is not reassurance"
                .to_string(),
        ));
    }

    // What the what-if could not try, as loud as the presentation no rule covers.
    for failed in &assessment.what_if_failed {
        blocks.push(Block::Warning(failed.line()));
    }

    let changes = assessment.could_change.as_deref().unwrap_or_default();
    let mut asked: Vec<&str> = Vec::new();
    if !changes.is_empty() {
        blocks.push(Block::Section(
            "ASK NEXT: answers that would change this assessment".to_string(),
        ));
        for change in changes {
            if asked.contains(&change.field.as_str()) {
                continue;
            }
            asked.push(&change.field);
            let field = change
                .field
                .split_once('.')
                .and_then(|(s, f)| rules.vocabulary.field(s, f));
            let question = field.map_or(change.field.clone(), |f| f.question.clone());
            // Answers with the same consequence are said once: `yes or no`; a
            // number's range is one answer ("38.0 degrees C or more").
            let unit = field.and_then(|f| f.unit.as_deref());
            let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
            for c in changes.iter().filter(|c| c.field == change.field) {
                let words = answer_words(c, unit);
                let then = consequence(rules, c, referral);
                match grouped.iter_mut().find(|(t, _)| *t == then) {
                    Some((_, answers)) => answers.push(words),
                    None => grouped.push((then, vec![words])),
                }
            }
            let answers: Vec<String> = grouped
                .into_iter()
                .map(|(then, answers)| format!("{} {then}", or_list(&answers)))
                .collect();
            blocks.push(Block::Item {
                mark: "?",
                key: None,
                text: format!("{question} {}", answers.join("; ")),
                rule: change.rule.as_ref().map(ToString::to_string),
                detail: Vec::new(),
            });
        }
    }

    if !assessment.red_flags.is_empty() {
        blocks.push(Block::Section("RED FLAGS".to_string()));
        for flag in &assessment.red_flags {
            blocks.push(Block::Item {
                mark: "!",
                key: Some(Key::RedFlag(flag.id.clone())),
                text: flag.text.clone(),
                rule: Some(flag.rule.to_string()),
                detail: Vec::new(),
            });
        }
    }

    blocks.push(Block::Section("TREATMENTS TO CONSIDER".to_string()));
    if assessment.treatments.is_empty() {
        let withheld_by_urgency = assessment
            .withheld
            .iter()
            .any(|w| matches!(w.because, WithheldReason::Urgency { .. }));
        blocks.push(Block::Plain(
            if withheld_by_urgency || referral.withholds_treatment {
                format!(
                    "none: treatment is withheld until the {} referral has been acted on",
                    referral.urgency
                )
            } else {
                "none suggested by the rules for this case".to_string()
            },
        ));
    }
    for t in &assessment.treatments {
        let mut details = Vec::new();
        if detail.treatments
            && let Some(entry) = rules.catalogue.get(&t.id)
        {
            // The presentation the suggestion was made for: its own dosage only.
            let presentation = rules
                .rules
                .iter()
                .find(|r| r.path == t.rule.file)
                .and_then(|r| r.presentation.as_deref());
            let for_presentation = presentation
                .and_then(|p| entry.dosage_for.get(p).map(|dosage| (p, dosage.as_str())));
            if let Some(dosage) = entry.dosage.as_deref() {
                details.push(format!("Dosage: {dosage}"));
            }
            if let Some((presentation, dosage)) = for_presentation {
                details.push(format!("Dosage for {presentation}: {dosage}"));
            }
            for (label, text) in [
                ("Form cues", entry.form_cues.as_deref()),
                ("Progression", entry.progression.as_deref()),
            ] {
                if let Some(text) = text {
                    details.push(format!("{label}: {text}"));
                }
            }
        }
        blocks.push(Block::Item {
            mark: "-",
            key: None,
            text: format!("{}: {}", t.name, t.why),
            rule: Some(t.rule.to_string()),
            detail: details,
        });
    }

    if !assessment.avoid.is_empty() {
        blocks.push(Block::Section("AVOID".to_string()));
        for t in &assessment.avoid {
            blocks.push(item(
                "x",
                format!("{}: {}", t.name, t.why),
                Some(t.rule.to_string()),
            ));
        }
    }
    if !assessment.review.is_empty() {
        blocks.push(Block::Section("REVIEW AND ESCALATION".to_string()));
        for r in &assessment.review {
            blocks.push(item("-", r.text.clone(), Some(r.rule.to_string())));
        }
    }
    let others: Vec<&String> = assessment
        .not_screened
        .iter()
        .filter(|q| !asked.contains(&q.as_str()))
        .collect();
    if !others.is_empty() {
        let heading = if asked.is_empty() {
            "NOT SCREENED: ask these red-flag questions"
        } else {
            "NOT SCREENED: the other red-flag questions not asked"
        };
        blocks.push(Block::Section(heading.to_string()));
        for qualified in others {
            let question = qualified
                .split_once('.')
                .and_then(|(section, field)| rules.vocabulary.field(section, field))
                .map(|f| f.question.as_str())
                .unwrap_or_default();
            blocks.push(Block::Item {
                mark: "?",
                key: Some(Key::Field(qualified.clone())),
                text: question.to_string(),
                rule: None,
                detail: Vec::new(),
            });
        }
    }
    blocks.push(Block::Footer(format!(
        "Rules: {} ({} files, sha256 {})",
        rules.shown_dir, assessment.ruleset.files, assessment.ruleset.sha256
    )));
    blocks.push(Block::Footer(
        "Decision support only: it does not replace clinical assessment and judgement.".to_string(),
    ));
    blocks
}

fn item(mark: &'static str, text: String, rule: Option<String>) -> Block {
    Block::Item {
        mark,
        key: None,
        text,
        rule,
        detail: Vec::new(),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

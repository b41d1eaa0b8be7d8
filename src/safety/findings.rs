//! A deep check's results written as `check` findings: each property that failed,
//! at its place in `properties.toml` with the line and a caret, then the
//! smallest failing case as JSON ready to save as a fixture, what the tool said
//! of it, and the rule lines behind that; and a case the rules stopped on.

use super::deep_check::{Counterexample, Run};
use super::minimise::answered;
use super::property::Property;
use crate::analysis;
use crate::assessment::Assessment;
use crate::place::{Origin, RuleId};
use crate::ruleset::RuleSet;
use crate::snippet::{self, Severity};
use crate::text::{plural, shorten};

/// At most this many rule lines are listed for the fields of a premise.
const MAX_READS: usize = 6;

/// Every finding of the run, rendered, in file order.
pub(crate) fn render(run: &Run, properties: &[Property], rules: &RuleSet) -> Vec<String> {
    let mut found = Vec::new();
    for ((property, outcome), example) in properties
        .iter()
        .zip(&run.outcomes)
        .zip(&run.counterexamples)
    {
        if let Some(example) = example {
            found.push(counterexample(
                property,
                outcome.failed,
                outcome.tried,
                example,
                rules,
            ));
        } else if outcome.tried == 0 {
            found.push(snippet::render(
                &property.place,
                &format!(
                    "the safety property `{}` was never tried: none of the {} cases met its premise",
                    property.id, run.cases
                ),
                Some("it is not verified: check that its premise can hold for a case a clinician could write, or give more --cases"),
                Severity::Error,
            ));
        }
    }
    if let Some(example) = &run.error_case {
        let mut text = format!(
            "error: the rules stopped with an error on {} of the generated cases; the smallest:\n",
            plural(
                usize::try_from(run.errors).unwrap_or(usize::MAX),
                "case",
                "cases"
            )
        );
        push_case(&mut text, example);
        if let Err(error) = &example.result {
            text.push_str(&indent(&error.render(), "  "));
            text.push('\n');
        }
        found.push(text);
    }
    found
}

fn counterexample(
    property: &Property,
    failed: u64,
    tried: u64,
    example: &Counterexample,
    rules: &RuleSet,
) -> String {
    let violations = match &example.result {
        Ok(assessment) => property
            .violations(assessment, &rules.scale)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        Err(_) => "the rules stopped with an error".to_string(),
    };
    let mut text = snippet::render(
        &property.place,
        &format!(
            "the safety property `{}` does not hold: {violations}",
            property.id
        ),
        None,
        Severity::Error,
    );
    text.push('\n');
    text.push_str(&format!("  = the property: {}\n", property.statement));
    text.push_str(&format!(
        "  = it failed on {failed} of the {tried} cases that met its premise; the smallest failing case",
    ));
    push_case(&mut text, example);
    match &example.result {
        Ok(assessment) => {
            text.push_str(&format!("  = the tool said: {}\n", said(assessment, rules)));
            let lines = behind(property, assessment);
            if lines.is_empty() {
                text.push_str("  = no rule referred or raised a red flag for this case\n");
            } else {
                text.push_str("  = the rule lines behind it:\n");
                for (origin, id) in lines {
                    let line = rule_line(&origin, rules);
                    match id {
                        Some(id) => text.push_str(&format!("      {line}  (rule {id})\n")),
                        None => text.push_str(&format!("      {line}\n")),
                    }
                }
            }
        }
        Err(error) => text.push_str(&indent(&error.render(), "  ")),
    }
    let reads = premise_reads(property, rules);
    if !reads.is_empty() {
        text.push_str("  = the rules that read its premise:\n");
        for origin in reads {
            text.push_str(&format!("      {}\n", rule_line(&origin, rules)));
        }
    }
    text
}

/// ` (N answers), ready to save as a fixture:` and the case's JSON.
fn push_case(text: &mut String, example: &Counterexample) {
    text.push_str(&format!(
        " ({}), ready to save as a fixture:\n",
        plural(answered(&example.case), "answer", "answers")
    ));
    let json = serde_json::to_string_pretty(&example.case.to_json()).unwrap_or_default();
    text.push_str(&indent(&json, "      "));
    text.push('\n');
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|line| format!("{by}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The assessment in one line: the referral, red flags, treatments and avoid.
fn said(assessment: &Assessment, rules: &RuleSet) -> String {
    let referral = &assessment.referral;
    let mut parts = vec![match &referral.destination {
        Some(destination) => format!(
            "{} to {}",
            referral.urgency.to_uppercase(),
            rules
                .scale
                .destination(destination)
                .map_or(destination.as_str(), |d| d.name.as_str())
        ),
        None => format!("{} (no referral)", referral.urgency.to_uppercase()),
    }];
    let ids = |items: Vec<&str>| -> String {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(", ")
        }
    };
    parts.push(format!(
        "red flags: {}",
        ids(assessment.red_flags.iter().map(|f| f.id.as_str()).collect())
    ));
    parts.push(format!(
        "treatments: {}",
        ids(assessment
            .treatments
            .iter()
            .map(|t| t.id.as_str())
            .collect())
    ));
    parts.push(format!(
        "avoid: {}",
        ids(assessment.avoid.iter().map(|t| t.id.as_str()).collect())
    ));
    parts.join("; ")
}

/// The rule lines of what the tool did that the property is about, each with
/// its rule's stable id: every referral and red flag, and each treatment
/// suggested against it.
fn behind(property: &Property, assessment: &Assessment) -> Vec<(Origin, Option<RuleId>)> {
    let mut lines: Vec<(Origin, Option<RuleId>)> = assessment
        .referrals
        .iter()
        .map(|r| (r.rule.clone(), r.rule_id.clone()))
        .chain(
            assessment
                .red_flags
                .iter()
                .map(|f| (f.rule.clone(), f.rule_id.clone())),
        )
        .collect();
    for treatment in &assessment.treatments {
        if property.suggests_nothing || property.never_suggest.contains(&treatment.id) {
            lines.push((treatment.rule.clone(), treatment.rule_id.clone()));
        }
    }
    let mut unique = Vec::new();
    for line in lines {
        if !unique.contains(&line) {
            unique.push(line);
        }
    }
    unique
}

/// Where the rules read the fields of the property's premise.
fn premise_reads(property: &Property, rules: &RuleSet) -> Vec<Origin> {
    let sections: Vec<String> = rules.vocabulary.sections.keys().cloned().collect();
    let wanted: Vec<&str> = property.conditions().map(|c| c.field.as_str()).collect();
    let mut found = Vec::new();
    for rule in &rules.rules {
        for read in analysis::field_uses(&rule.ast, &sections) {
            let name = format!("{}.{}", read.section, read.field);
            let origin = Origin::line(&rule.path, read.line);
            if wanted.contains(&name.as_str()) && !found.contains(&origin) {
                found.push(origin);
            }
        }
    }
    found.truncate(MAX_READS);
    found
}

/// `file:line  the line itself`.
fn rule_line(origin: &Origin, rules: &RuleSet) -> String {
    let text = origin.line.and_then(|line| {
        rules
            .rules
            .iter()
            .find(|r| r.path == origin.file)
            .and_then(|r| r.source.lines().nth(line.saturating_sub(1)))
    });
    match text {
        Some(text) => format!("{origin}  {}", shorten(text.trim(), 100)),
        None => origin.to_string(),
    }
}

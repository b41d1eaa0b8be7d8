//! `triage test`: runs every case that carries a reviewed expected outcome and says,
//! in a clinician's words, which passed and what differed, then lists the rule lines
//! that fired in no case (what the cases do not cover).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::assessment::{Assessment, TreatmentEntry};
use crate::authoring::{Expectation, Fixture};
use crate::case::read_cases;
use crate::cli::args::TestArgs;
use crate::cli::exit::Exit;
use crate::cli::output::{load_rules, print_out};
use crate::engine;
use crate::error::Error;
use crate::evaluation::{Evaluation, Options, evaluate};
use crate::ruleset::{RuleSet, Scale};
use crate::text::shorten;

use crate::cli::case_paths::expand_case_paths;

/// Runs `triage test` once.
pub(crate) fn run(args: &TestArgs) -> Exit {
    let Some(rules) = load_rules(
        &args.rules.source(),
        "no case was run (`triage check` lists every problem)",
    ) else {
        return Exit::RuleError;
    };
    let mut out = String::new();
    let mut passed = 0;
    let mut failed = 0;
    let mut fired: BTreeSet<(String, usize)> = BTreeSet::new();
    for path in expand_case_paths(&args.paths) {
        for input in read_cases(&path, false) {
            let text = match input {
                Ok(text) => text,
                Err(error) => {
                    failed += 1;
                    let _ = writeln!(
                        out,
                        "FAIL  {}\n        could not be read: {error}",
                        error_origin(&error, &path)
                    );
                    continue;
                }
            };
            let Fixture { case, expect } =
                match Fixture::from_json(&text.text, &text.origin, &rules.vocabulary) {
                    Ok(fixture) => fixture,
                    Err(error) => {
                        failed += 1;
                        let _ = writeln!(
                            out,
                            "FAIL  {}\n        not a valid case: {error}",
                            text.origin
                        );
                        continue;
                    }
                };
            let title = match &case.id {
                Some(id) => format!("{} ({id})", case.origin),
                None => case.origin.to_string(),
            };
            let Some(expect) = &expect else {
                if !args.brief {
                    let _ = writeln!(
                        out,
                        "SKIP  {title}: no expected outcome (`expect`) to test against"
                    );
                }
                continue;
            };
            // Only the actions are needed (for coverage), not the case reads.
            let evaluation = match evaluate(&rules, &case, Options::default()) {
                Ok(evaluation) => evaluation,
                Err(stopped) => {
                    record_fired(&stopped.partial, &mut fired);
                    failed += 1;
                    let _ = writeln!(out, "FAIL  {title}\n        the rules failed on this case:");
                    for line in stopped.error.render().lines() {
                        let _ = writeln!(out, "        {line}");
                    }
                    continue;
                }
            };
            record_fired(&evaluation, &mut fired);
            let assessment = Assessment::build(&rules, &case, &evaluation);
            let mut failures = expect.unknown_names(&rules);
            failures.extend(expect.check(&assessment));
            if failures.is_empty() {
                passed += 1;
                if args.brief {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "PASS  {title}: {}",
                    referral_words(
                        &rules.scale,
                        &assessment.referral.urgency,
                        assessment.referral.destination.as_deref()
                    )
                );
            } else {
                failed += 1;
                let _ = writeln!(out, "FAIL  {title}");
                if !expect.note.is_empty() {
                    let _ = writeln!(out, "        why:      {}", expect.note);
                }
                let _ = writeln!(
                    out,
                    "        expected: {}",
                    expected_words(&rules.scale, expect)
                );
                let _ = writeln!(
                    out,
                    "        got:      {}",
                    got_words(&rules.scale, &assessment)
                );
                for failure in failures {
                    let _ = writeln!(out, "        - {failure}");
                }
            }
        }
    }
    if passed + failed == 0 {
        let _ = writeln!(
            out,
            "0 passed, 0 failed\nno case with an expected outcome was found in {}",
            args.paths.join(", ")
        );
        print_out(&out);
        return Exit::Findings;
    }
    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    out.push_str(&coverage(&rules, &fired, args.brief));
    print_out(&out);
    if failed > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}

fn error_origin(error: &Error, path: &str) -> String {
    match error {
        Error::CaseUnreadable { origin, .. } => origin.to_string(),
        _ => path.to_string(),
    }
}

/// Adds every rule line that recorded an action to `fired`.
pub(crate) fn record_fired(evaluation: &Evaluation, fired: &mut BTreeSet<(String, usize)>) {
    for trace in &evaluation.files {
        for action in &trace.actions {
            fired.insert((action.origin.file.clone(), action.origin.line.unwrap_or(0)));
        }
    }
}

/// The rule lines with an action that are not in `fired`, as a report.
fn coverage(rules: &RuleSet, fired: &BTreeSet<(String, usize)>, brief: bool) -> String {
    let mut all = 0;
    let mut unfired = Vec::new();
    for rule in &rules.rules {
        let mut lines: Vec<usize> = engine::calls(&rule.ast)
            .iter()
            .filter(|c| c.is_action())
            .map(|c| c.line)
            .collect();
        lines.dedup();
        for line in lines {
            all += 1;
            if !fired.contains(&(rule.path.clone(), line)) {
                let text = rule
                    .source
                    .lines()
                    .nth(line.saturating_sub(1))
                    .unwrap_or_default();
                unfired.push(format!("  {}:{line}  {}", rule.path, shorten(text, 100)));
            }
        }
    }
    let mut out = String::new();
    if unfired.is_empty() {
        let _ = writeln!(
            out,
            "\nRule coverage: all {all} rule lines with an action fired in at least one case."
        );
    } else {
        let _ = writeln!(
            out,
            "\nRule coverage: {} of {all} rule lines with an action fired in at least one case.",
            all - unfired.len()
        );
        if brief {
            return out;
        }
        let _ = writeln!(
            out,
            "Fired in no case (add a case that reaches them, or ask whether they are still needed):"
        );
        for line in unfired {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// "emergency referral to the emergency department", or "no referral".
pub(crate) fn referral_words(scale: &Scale, urgency: &str, destination: Option<&str>) -> String {
    match destination {
        Some(destination) if urgency != scale.lowest().id => {
            let name = scale
                .destination(destination)
                .map_or(destination, |d| d.name.as_str());
            format!("{urgency} referral to {name}")
        }
        _ if urgency == scale.lowest().id => "no referral".to_string(),
        _ => format!("{urgency} referral"),
    }
}

fn expected_words(scale: &Scale, expect: &Expectation) -> String {
    let mut parts = Vec::new();
    match (&expect.urgency, &expect.destination) {
        (Some(urgency), destination) => parts.push(referral_words(
            scale,
            urgency,
            destination.as_deref().filter(|d| *d != "none"),
        )),
        (None, Some(destination)) => parts.push(format!("referral to {destination}")),
        (None, None) => {}
    }
    let lists = [
        ("red flags", &expect.red_flags),
        ("suggests", &expect.must_suggest),
        ("does not suggest", &expect.must_not_suggest),
        ("avoids", &expect.must_avoid),
        ("review mentions", &expect.review_mentions),
        ("not screened", &expect.not_screened),
    ];
    for (label, items) in lists {
        if !items.is_empty() {
            parts.push(format!("{label} {}", items.join(", ")));
        }
    }
    if expect.no_treatments {
        parts.push("no treatment".to_string());
    }
    parts.join("; ")
}

fn got_words(scale: &Scale, assessment: &Assessment) -> String {
    let referral = &assessment.referral;
    let mut parts = vec![referral_words(
        scale,
        &referral.urgency,
        referral.destination.as_deref(),
    )];
    let ids = |entries: &[TreatmentEntry]| {
        entries
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !assessment.red_flags.is_empty() {
        let flags: Vec<&str> = assessment.red_flags.iter().map(|f| f.id.as_str()).collect();
        parts.push(format!("red flags {}", flags.join(", ")));
    }
    if assessment.treatments.is_empty() {
        parts.push("no treatment".to_string());
    } else {
        parts.push(format!("suggests {}", ids(&assessment.treatments)));
    }
    if !assessment.avoid.is_empty() {
        parts.push(format!("avoids {}", ids(&assessment.avoid)));
    }
    parts.join("; ")
}

//! `triage diff`: assesses the same cases under two versions of the rules and shows
//! what changed for each case. A case whose urgency went down is a possible safety
//! regression: those come first, marked SAFETY WARNING, and set exit code 5.
//! A case a rule failed on, under either version, is no change at all: it is
//! listed before everything else, marked RULES FAILED, and the exit code is 4.
//!
//! The summary leads with the urgency: how many cases went down, up, or to
//! another destination; the cases with other changes only (treatments, avoid,
//! review, red flags, not screened) are counted by kind, and listed with `--all`.
//!
//! Either version may be a git revision (`REV:PATH`), read from git into memory.
//! The cases may be a case library of any length (JSON Lines files): they are
//! streamed and compared on all cores, like a batch of `assess`, and only the
//! blocks of cases that changed are kept for the report.

use std::fmt::Write;

use crate::assessment::{Assessment, TreatmentEntry};
use crate::case::{CaseText, open_cases};
use crate::cli::args::DiffArgs;
use crate::cli::batch::{Progress, run_ordered};
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::print_out;
use crate::cli::settings::Settings;
use crate::error::{Error, ErrorClass};
use crate::evaluation::{ActionKind, recording};
use crate::pipeline::{Pipeline, threshold_cases};
use crate::place::{Origin, RuleId};
use crate::ruleset::{RuleSet, RuleSource};
use crate::text::{plural, shorten};

use crate::cli::case_paths::expand_case_paths;

use super::diff_summary::{Changed, Kind, kind_of, summary};

/// Runs `triage diff`: OLD as given, NEW as given or, with one `--rules`, the
/// rules `assess` would use (see `cli/settings.rs`).
pub(crate) fn run(args: &DiffArgs, settings: &Settings) -> Result<Exit, Failure> {
    let new_source = settings.rules()?;
    let old_source = settings
        .old_rules
        .as_ref()
        .ok_or_else(|| Failure::usage("give the OLD rules: --rules OLD"))?;
    let old = load(old_source)?;
    let new = load(new_source)?;
    let (old_pipeline, new_pipeline) = (Pipeline::new(&old), Pipeline::new(&new));
    let paths = expand_case_paths(&args.cases);
    let inputs = paths
        .iter()
        .flat_map(|path| open_cases(path, false))
        .flat_map(|input| match input {
            Ok(case) if args.thresholds => {
                let variants = threshold_cases(&case, &[&old, &new]);
                std::iter::once(Ok(case))
                    .chain(variants.into_iter().map(Ok))
                    .collect()
            }
            other => vec![other],
        });
    let mut failed = Vec::new();
    let mut changed: Vec<Changed> = Vec::new();
    let mut total = 0;
    let mut unchanged = 0;
    let mut unreadable = 0;
    let mut progress = Progress::new();
    run_ordered(
        inputs,
        |input| compare_case(old_pipeline, new_pipeline, input),
        |outcome| {
            total += 1;
            match outcome {
                CaseDiff::Unreadable(rendered) => {
                    eprintln!("{rendered}");
                    unreadable += 1;
                }
                CaseDiff::RulesFailed(block) => failed.push(block),
                CaseDiff::Unchanged => unchanged += 1,
                CaseDiff::Changed(case) => changed.push(case),
            }
            true
        },
        &mut progress,
    );
    progress.finish();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "OLD {} (sha256 {})\nNEW {} (sha256 {})\n",
        old.shown_dir, old.fingerprint.sha256, new.shown_dir, new.fingerprint.sha256
    );
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "RULES FAILED on {}: a rule stopped the case under OLD or NEW, so it was not compared. Fix the rules, then compare again.\n",
            plural(failed.len(), "case", "cases")
        );
    }
    let compared = total - unreadable - failed.len();
    let down = changed.iter().filter(|c| c.kind == Kind::Down).count();
    summary(&mut out, &failed, &changed, compared, unchanged, args.all);
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "{} not compared: the rules failed on {} (listed first)",
            plural(failed.len(), "case was", "cases were"),
            if failed.len() == 1 { "it" } else { "them" }
        );
    }
    if unreadable > 0 {
        let _ = writeln!(
            out,
            "{} could not be read or are not valid cases (see the error messages); they were not compared",
            plural(unreadable, "case file", "case files")
        );
    }
    print_out(&out);
    if !failed.is_empty() {
        return Err(Failure::message(
            Exit::RuleError,
            format!(
                "the rules failed on {}: no comparison is given for {}",
                plural(failed.len(), "case", "cases"),
                if failed.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    Ok(if down > 0 {
        Exit::SafetyWarning
    } else if unreadable > 0 {
        Exit::BadInput
    } else if !changed.is_empty() {
        Exit::Findings
    } else {
        Exit::Success
    })
}

/// A rule set of the comparison, or the failure naming it.
fn load(source: &RuleSource) -> Result<RuleSet, Failure> {
    RuleSet::load(source).map_err(|error| {
        Failure::of(error).then(format!(
            "the rules {} could not be loaded; nothing was compared",
            source.shown()
        ))
    })
}

/// What the rule change did to one case.
enum CaseDiff {
    /// Not a valid case (under both rule sets alike): the error, rendered.
    Unreadable(String),
    /// A rule failed on the case under OLD, NEW or both: its block, which says
    /// where. A failure is never a change of the answer.
    RulesFailed(String),
    Unchanged,
    Changed(Changed),
}

/// One case assessed under both rule sets and compared (on any thread).
fn compare_case(old: Pipeline<'_>, new: Pipeline<'_>, input: Result<CaseText, Error>) -> CaseDiff {
    let text = match input {
        Ok(text) => text,
        Err(error) => return CaseDiff::Unreadable(error.render()),
    };
    let origin = &text.origin;
    let assess = |pipeline: Pipeline<'_>| {
        pipeline
            .assess_json(&text.text, origin)
            .map(|assessed| assessed.assessment)
            .map_err(|stopped| stopped.error)
    };
    let (old_result, new_result) = (assess(old), assess(new));
    // A case that is invalid under both vocabularies alike is a bad case file,
    // not a change of the rules.
    if let (Err(old_error), Err(new_error)) = (&old_result, &new_result)
        && old_error.class() == ErrorClass::Input
        && old_error.to_string() == new_error.to_string()
    {
        return CaseDiff::Unreadable(old_error.render());
    }
    let id = [&old_result, &new_result]
        .iter()
        .find_map(|r| r.as_ref().ok().and_then(|a| a.case_id.clone()));
    let title = match id {
        Some(id) => format!("{origin} ({id})"),
        None => origin.to_string(),
    };
    let rule_failure = |result: &Result<Assessment, Error>| {
        result
            .as_ref()
            .err()
            .filter(|error| error.class() == ErrorClass::Rules)
            .map(ToString::to_string)
    };
    let failures: Vec<String> = [("OLD", &old_result), ("NEW", &new_result)]
        .into_iter()
        .filter_map(|(name, result)| {
            rule_failure(result).map(|error| format!("the rules failed under {name}: {error}"))
        })
        .collect();
    if !failures.is_empty() {
        let mut block = String::new();
        let _ = writeln!(block, "RULES FAILED  {title}");
        for line in &failures {
            let _ = writeln!(block, "    {line}");
        }
        return CaseDiff::RulesFailed(block);
    }
    let comparison = compare(old.rules(), new.rules(), &old_result, &new_result);
    if comparison.lines.is_empty() {
        return CaseDiff::Unchanged;
    }
    let mut block = String::new();
    let label = if comparison.down {
        "SAFETY WARNING"
    } else {
        "CHANGED"
    };
    let _ = writeln!(block, "{label}  {title}");
    for line in &comparison.lines {
        let _ = writeln!(block, "    {line}");
    }
    let kinds: Vec<String> = comparison.lines.iter().map(|l| kind_of(l)).collect();
    let kind = if comparison.down {
        Kind::Down
    } else if kinds.iter().any(|k| k == "urgency") {
        Kind::Up
    } else if kinds.iter().any(|k| k == "destination") {
        Kind::Destination
    } else {
        Kind::Other
    };
    CaseDiff::Changed(Changed { kind, kinds, block })
}

/// What changed for one case, as lines; `down` when the urgency went down.
struct Comparison {
    down: bool,
    lines: Vec<String>,
}

fn compare(
    old_rules: &RuleSet,
    new_rules: &RuleSet,
    old: &Result<Assessment, Error>,
    new: &Result<Assessment, Error>,
) -> Comparison {
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(old_error), Err(new_error)) => {
            let lines = if old_error.to_string() == new_error.to_string() {
                Vec::new()
            } else {
                vec![
                    format!("not assessed under OLD: {old_error}"),
                    format!("not assessed under NEW: {new_error}"),
                ]
            };
            return Comparison { down: false, lines };
        }
        (Ok(_), Err(error)) => {
            return Comparison {
                down: false,
                lines: vec![format!("assessed under OLD, but not under NEW: {error}")],
            };
        }
        (Err(error), Ok(_)) => {
            return Comparison {
                down: false,
                lines: vec![format!(
                    "not assessed under OLD ({error}), but assessed under NEW"
                )],
            };
        }
    };
    let mut lines = Vec::new();
    let mut down = false;
    let (old_urgency, new_urgency) = (&old.referral.urgency, &new.referral.urgency);
    if old_urgency != new_urgency {
        let top_rule = |a: &Assessment, prefix: &str| {
            a.referrals
                .iter()
                .find(|r| {
                    r.urgency == a.referral.urgency
                        && Some(&r.destination) == a.referral.destination.as_ref()
                })
                .map(|r| format!("  [{prefix}{}]", rule_shown(&r.rule, r.rule_id.as_ref())))
                .unwrap_or_default()
        };
        let ranks = match (
            new_rules.scale.rank(old_urgency),
            new_rules.scale.rank(new_urgency),
        ) {
            (Some(o), Some(n)) => Some((o, n)),
            _ => old_rules
                .scale
                .rank(old_urgency)
                .zip(old_rules.scale.rank(new_urgency)),
        };
        match ranks {
            Some((o, n)) if n < o => {
                down = true;
                lines.push(format!(
                    "urgency went DOWN from {old_urgency} to {new_urgency}{}",
                    top_rule(old, "was ")
                ));
            }
            Some(_) => lines.push(format!(
                "urgency went up from {old_urgency} to {new_urgency}{}",
                top_rule(new, "")
            )),
            None => {
                down = true;
                lines.push(format!(
                    "urgency changed from {old_urgency} to {new_urgency}, which are not on one scale: treated as a possible lowering"
                ));
            }
        }
    }
    let destination = |a: &Assessment| {
        a.referral
            .destination
            .clone()
            .unwrap_or_else(|| "none".to_string())
    };
    if destination(old) != destination(new) {
        lines.push(format!(
            "destination: {} -> {}",
            destination(old),
            destination(new)
        ));
    }
    let flags = |a: &Assessment| {
        a.red_flags
            .iter()
            .map(|f| Keyed::new(f.id.clone(), &f.rule, f.rule_id.as_ref()))
            .collect::<Vec<_>>()
    };
    added_removed(&mut lines, "red flag", &flags(old), &flags(new));
    let ids = |entries: &[TreatmentEntry]| {
        entries
            .iter()
            .map(|t| Keyed::new(t.id.clone(), &t.rule, t.rule_id.as_ref()))
            .collect::<Vec<_>>()
    };
    added_removed(
        &mut lines,
        "treatment",
        &ids(&old.treatments),
        &ids(&new.treatments),
    );
    added_removed(
        &mut lines,
        action_name(ActionKind::Avoid),
        &ids(&old.avoid),
        &ids(&new.avoid),
    );
    let reviews = |a: &Assessment| {
        a.review
            .iter()
            .map(|r| {
                Keyed::new(
                    format!("\"{}\"", shorten(&r.text, 70)),
                    &r.rule,
                    r.rule_id.as_ref(),
                )
            })
            .collect::<Vec<_>>()
    };
    added_removed(
        &mut lines,
        action_name(ActionKind::Review),
        &reviews(old),
        &reviews(new),
    );
    let questions = |a: &Assessment| {
        a.not_screened
            .iter()
            .map(|q| Keyed {
                key: q.clone(),
                rule_id: None,
                shown: String::new(),
            })
            .collect::<Vec<_>>()
    };
    added_removed(&mut lines, "not screened", &questions(old), &questions(new));
    Comparison { down, lines }
}

/// An entry of an assessment, compared by its key (a red flag or treatment id, a
/// review's text), with the rule behind it.
struct Keyed {
    key: String,
    rule_id: Option<RuleId>,
    /// The rule as shown: its id, or its file and line when it has none.
    shown: String,
}

impl Keyed {
    fn new(key: String, rule: &Origin, rule_id: Option<&RuleId>) -> Self {
        Keyed {
            key,
            rule_id: rule_id.cloned(),
            shown: rule_shown(rule, rule_id),
        }
    }
}

/// A rule as `diff` names it: by its id, which does not change when lines move,
/// or by its file and line for a rule set without ids.
fn rule_shown(rule: &Origin, rule_id: Option<&RuleId>) -> String {
    rule_id.map_or_else(|| rule.to_string(), ToString::to_string)
}

/// `label added: x [rule]` and `label removed: y [was rule]` lines, entries
/// matched by key; an entry kept but now from another rule says so, and a key
/// that changed within one rule (a review reworded) is one change, matched by the
/// rule's id.
fn added_removed(lines: &mut Vec<String>, label: &str, old: &[Keyed], new: &[Keyed]) {
    let with_rule = |rule: &str, prefix: &str| {
        if rule.is_empty() {
            String::new()
        } else {
            format!("  [{prefix}{rule}]")
        }
    };
    let kept = |entry: &Keyed, other: &[Keyed]| other.iter().any(|o| o.key == entry.key);
    let mut reworded = Vec::new();
    for entry in new {
        if let Some(before) = old.iter().find(|o| o.key == entry.key) {
            if let (Some(was), Some(now)) = (&before.rule_id, &entry.rule_id)
                && was != now
            {
                lines.push(format!(
                    "{label} {}: now from rule {now} (was {was})",
                    entry.key
                ));
            }
            continue;
        }
        let before = entry.rule_id.as_ref().and_then(|id| {
            old.iter().find(|o| {
                o.rule_id.as_ref() == Some(id) && !kept(o, new) && !reworded.contains(&o.key)
            })
        });
        if let Some(before) = before {
            reworded.push(before.key.clone());
            lines.push(format!(
                "{label} changed: {} -> {}{}",
                before.key,
                entry.key,
                with_rule(&entry.shown, "")
            ));
        } else {
            lines.push(format!(
                "{label} added: {}{}",
                entry.key,
                with_rule(&entry.shown, "")
            ));
        }
    }
    for entry in old {
        if !kept(entry, new) && !reworded.contains(&entry.key) {
            lines.push(format!(
                "{label} removed: {}{}",
                entry.key,
                with_rule(&entry.shown, "was ")
            ));
        }
    }
}

/// The rules-API name of an action, as the label of its changes.
fn action_name(kind: ActionKind) -> &'static str {
    recording(kind).map_or("action", |f| f.name)
}

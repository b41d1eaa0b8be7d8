//! The findings of `triage check`: every problem in a rule set that can be found
//! without running a case, each at its file, line and column.
//!
//! Two kinds: errors that would change or stop an assessment (syntax, unknown
//! fields, treatment ids, urgencies or destinations, misuse of the rules API),
//! which also stop the rules from loading for `assess`; and governance findings
//! (the rule file header, review age, treatments no rule can suggest).

use std::collections::BTreeSet;

use super::diagnostic::Diagnostic;
use crate::case::locate_key;
use crate::engine::{self, ActionKind};
use crate::handout::Handout;
use crate::place::Location;
use crate::ruleset::{
    Date, Header, Loaded, SourceFile, TREATMENTS_FILE, VOCABULARY_FILE, unguarded_not_equal,
};
use crate::snippet::Severity;

/// What `check` needs beyond the rules: today's date and the allowed review age.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    pub today: Date,
    /// A rule file reviewed longer ago than this many days gets a warning.
    pub max_review_age_days: i64,
}

/// Every finding of the rule set, loading problems included, sorted by file and line.
pub(crate) fn check(loaded: &Loaded, options: &Options) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = loaded
        .blocking_problems()
        .iter()
        .map(Diagnostic::from)
        .collect();
    // The handout, as the commands load it with the rules (`handout/handout.rs`).
    if let Err(problems) = Handout::of_loaded(loaded) {
        findings.extend(
            problems
                .iter()
                .flat_map(crate::error::Error::flatten)
                .map(Diagnostic::from),
        );
    }
    for source in loaded.sources.iter().filter(|s| s.is_rule()) {
        findings.extend(header_findings(source, options));
    }
    findings.extend(catalogue_findings(loaded));
    findings.extend(checklist_findings(loaded));
    if let Some(vocabulary) = &loaded.vocabulary {
        for rule in &loaded.rules {
            findings.extend(unguarded_not_equal(rule, vocabulary).into_iter().map(
                |(location, message)| {
                    Diagnostic::error(location, message)
                        .with_help("say what is meant: `known(x) && x != \"...\"` for a known other answer, or `!(x == \"...\")` to include unknown")
                        .into_warning()
                },
            ));
        }
    }
    findings.sort_by_cached_key(Diagnostic::sort_key);
    findings
}

/// A stale or future review date (advice: a missing or malformed header is an
/// error that stops the rules from loading, found with the other blocking problems).
fn header_findings(source: &SourceFile, options: &Options) -> Vec<Diagnostic> {
    let header = Header::parse(&source.text);
    let Some(entry) = header.get("Reviewed").filter(|e| !e.value.is_empty()) else {
        return Vec::new();
    };
    let location = Location::in_source(&source.path, &source.text, entry.line, entry.value_column);
    let date_text = entry.value.split_whitespace().next().unwrap_or_default();
    let Some(date) = Date::parse(date_text) else {
        return Vec::new();
    };
    let age = options.today.days() - date.days();
    if age > options.max_review_age_days {
        vec![
            Diagnostic::error(
                location,
                format!(
                    "last reviewed {date}, {age} days ago: older than the {} days allowed",
                    options.max_review_age_days
                ),
            )
            .with_help("review the file against its sources, then update `// Reviewed:`")
            .into_warning(),
        ]
    } else if age < 0 {
        vec![
            Diagnostic::error(
                location,
                format!("the review date {date} is after today ({})", options.today),
            )
            .into_warning(),
        ]
    } else {
        Vec::new()
    }
}

/// Treatments in the catalogue that no rule suggests by name. Only reported when
/// every rule file compiled (a broken file might be the one that suggests it).
fn catalogue_findings(loaded: &Loaded) -> Vec<Diagnostic> {
    let Some(catalogue) = &loaded.catalogue else {
        return Vec::new();
    };
    let compiled_all = loaded.not_compiled.is_empty()
        && loaded.rules.len() == loaded.sources.iter().filter(|s| s.is_rule()).count();
    if !compiled_all {
        return Vec::new();
    }
    let suggested: BTreeSet<String> = loaded
        .rules
        .iter()
        .flat_map(|rule| engine::calls(&rule.ast))
        .filter(|call| call.records(ActionKind::Suggest))
        .filter_map(|call| call.args.first().and_then(|a| a.literal.clone()))
        .collect();
    let Some(file) = loaded
        .sources
        .iter()
        .find(|s| s.relative == TREATMENTS_FILE)
    else {
        return Vec::new();
    };
    let advice_only = catalogue
        .treatments
        .iter()
        .filter(|(id, t)| t.not_suggested.is_some() && suggested.contains(*id))
        .map(|(id, t)| {
            Diagnostic::error(
                table_location(&file.path, &file.text, id),
                format!(
                    "treatment `{id}` is marked not_suggested ({}), but a rule suggests it",
                    t.not_suggested.as_deref().unwrap_or_default()
                ),
            )
            .with_help("remove the suggestion, or remove `not_suggested` from the catalogue entry")
            .into_warning()
        });
    catalogue
        .treatments
        .iter()
        .filter(|(id, t)| t.not_suggested.is_none() && !suggested.contains(*id))
        .map(|(id, _)| id)
        .map(|id| {
            Diagnostic::error(
                table_location(&file.path, &file.text, id),
                format!("treatment `{id}` is in the catalogue, but no rule suggests it"),
            )
            .with_help(format!(
                "add a rule that calls suggest(\"{id}\", ...), or remove it from the catalogue if it is not offered"
            ))
            .into_warning()
        })
        .chain(advice_only)
        .collect()
}

/// Red-flag questions in no checklist of the interview: asked on their own, one
/// prompt each, after the checklists (advice: a new red-flag field belongs in the
/// group it screens for).
fn checklist_findings(loaded: &Loaded) -> Vec<Diagnostic> {
    let (Some(vocabulary), Some(file)) = (
        &loaded.vocabulary,
        loaded.sources.iter().find(|s| s.relative == VOCABULARY_FILE),
    ) else {
        return Vec::new();
    };
    if vocabulary.interview.checklists.is_empty() {
        return Vec::new();
    }
    vocabulary
        .sections
        .iter()
        .filter(|(_, section)| section.red_flag_questions)
        .flat_map(|(section_name, section)| {
            section
                .fields
                .keys()
                .map(move |name| (name, format!("{section_name}.{name}")))
        })
        .filter(|(_, qualified)| vocabulary.interview.checklist_of(qualified).is_none())
        .map(|(name, qualified)| {
            let names: Vec<&str> = vocabulary
                .interview
                .checklists
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            Diagnostic::error(
                locate_key(&file.path, &file.text, name),
                format!(
                    "the red-flag question `{qualified}` is in no [[interview.checklist]]: the interview asks it on its own"
                ),
            )
            .with_help(format!(
                "add it to the `fields` of the checklist it screens for ({})",
                names.join(", ")
            ))
            .into_warning()
        })
        .collect()
}

/// The `[id]` table header of a TOML file.
fn table_location(file: &str, text: &str, id: &str) -> Location {
    let header = format!("[{id}]");
    text.lines()
        .position(|line| {
            line.trim() == header || line.trim_start().starts_with(&format!("{header} "))
        })
        .map_or_else(
            || locate_key(file, text, id),
            |index| {
                let line = text.lines().nth(index).unwrap_or_default();
                let column = line.len() - line.trim_start().len() + 1;
                Location::in_source(file, text, index + 1, column)
            },
        )
}

/// How many findings of each severity.
pub(crate) fn tally(findings: &[Diagnostic]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

//! The findings of `triage check`: every problem in a rules folder that can be found
//! without running a case, each at its file, line and column.
//!
//! Two kinds: errors that would change or stop an assessment (syntax, unknown
//! fields, treatment ids, urgencies or destinations, misuse of the rules API), which
//! also stop the rules from loading for `assess`; and governance findings (the rule
//! file header, review age, treatments no rule can suggest), which only `check`
//! reports, so an overdue review never blocks a patient's assessment.

use std::collections::BTreeSet;

use crate::analysis::{self, Call};
use crate::catalogue::Catalogue;
use crate::error::{Error, Location, Severity};
use crate::header::{Date, Header, KEYS};
use crate::ruleset::{
    Loaded, RuleFile, SourceFile, TREATMENTS_FILE, blank_problem, destination_problem,
    treatment_problem, urgency_problem,
};
use crate::scale::Scale;
use crate::suggest::closest;
use crate::vocabulary::{Vocabulary, locate_key};

/// What `check` needs beyond the rules: today's date and the allowed review age.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub today: Date,
    /// A rule file reviewed longer ago than this many days gets a warning.
    pub max_review_age_days: i64,
}

/// Every finding of the folder, loading problems included, sorted by file and line.
pub fn check(loaded: &Loaded, options: &Options) -> Vec<Error> {
    let mut findings: Vec<Error> = loaded
        .problems
        .iter()
        .flat_map(Error::flatten)
        .cloned()
        .collect();
    findings.extend(outcome_errors(loaded));
    for source in loaded.sources.iter().filter(|s| s.is_rule()) {
        findings.extend(header_findings(source, options));
    }
    findings.extend(catalogue_findings(loaded));
    findings.sort_by_cached_key(sort_key);
    findings
}

/// The static errors that would change or stop an assessment; a rule set with any
/// of these does not load.
pub fn outcome_errors(loaded: &Loaded) -> Vec<Error> {
    let catalogue_file = loaded.shown(TREATMENTS_FILE);
    let mut errors = Vec::new();
    for rule in &loaded.rules {
        if let Some(vocabulary) = &loaded.vocabulary {
            errors.extend(field_findings(rule, vocabulary));
        }
        errors.extend(call_findings(
            rule,
            loaded.scale.as_ref(),
            loaded
                .catalogue
                .as_ref()
                .map(|c| (c, catalogue_file.as_str())),
        ));
    }
    errors
}

/// File, line and column of a finding, for sorting.
pub fn sort_key(error: &Error) -> (String, usize, usize) {
    match error {
        Error::Rule { location, .. } => (location.file.clone(), location.line, location.column),
        Error::RulesUnreadable { path, .. } => (path.clone(), 0, 0),
        other => (other.to_string(), 0, 0),
    }
}

fn at(rule: &RuleFile, line: usize, column: usize) -> Location {
    Location::in_source(&rule.path, &rule.source, line, column)
}

/// Reads of `section.field` where the field is not in the vocabulary.
fn field_findings(rule: &RuleFile, vocabulary: &Vocabulary) -> Vec<Error> {
    let sections: Vec<String> = vocabulary.sections.keys().cloned().collect();
    analysis::field_uses(&rule.ast, &sections)
        .into_iter()
        .filter(|u| vocabulary.field(&u.section, &u.field).is_none())
        .map(|u| {
            let fields = vocabulary
                .sections
                .get(&u.section)
                .map(|s| s.fields.keys().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            let elsewhere = vocabulary
                .sections
                .iter()
                .find(|(_, section)| section.fields.contains_key(&u.field))
                .map(|(name, _)| name.as_str());
            let help = match (closest(&u.field, fields.iter().copied()), elsewhere) {
                (Some(close), _) => format!("did you mean `{}.{close}`?", u.section),
                (None, Some(other)) => format!(
                    "`{}` is a field of `{other}`: write `{other}.{}`",
                    u.field, u.field
                ),
                (None, None) => format!(
                    "the fields of `{}` are listed by `triage fields`; a new field is added in vocabulary.toml",
                    u.section
                ),
            };
            Error::rule(
                at(rule, u.line, u.column),
                format!("`{}.{}` is not a field of the case vocabulary", u.section, u.field),
            )
            .with_help(help)
        })
        .collect()
}

/// Misused rules-API calls, and literal arguments the scale or catalogue does not know.
fn call_findings(
    rule: &RuleFile,
    scale: Option<&Scale>,
    catalogue: Option<(&Catalogue, &str)>,
) -> Vec<Error> {
    let api = analysis::api_functions();
    let own = analysis::script_functions(&rule.ast);
    let mut errors = Vec::new();
    for call in analysis::calls(&rule.ast) {
        if own.contains(&call.function) {
            continue;
        }
        let Some(function) = api.iter().find(|f| f.name == call.function) else {
            if let Some(meant) = misspelled_api(&call.function) {
                errors.push(
                    Error::rule(
                        at(rule, call.line, call.column),
                        format!("unknown function `{}`", call.function),
                    )
                    .with_help(format!(
                        "did you mean `{meant}`? (the rules API is listed by `triage fields`)"
                    )),
                );
            }
            continue;
        };
        if call.args.len() != function.params.len() {
            errors.push(Error::rule(
                at(rule, call.line, call.column),
                format!(
                    "`{}` takes {} ({}), but this call gives {}",
                    function.name,
                    count(function.params.len(), "argument"),
                    function.params.join(", "),
                    call.args.len()
                ),
            ));
            continue;
        }
        errors.extend(argument_findings(rule, &call, scale, catalogue));
    }
    errors
}

/// A function name that looks like a typo of a rules-API function.
fn misspelled_api(name: &str) -> Option<&'static str> {
    if name.chars().count() < 4 {
        return None;
    }
    let long_names = analysis::api_functions()
        .into_iter()
        .map(|f| f.name)
        .filter(|n| n.len() >= 5);
    let names: Vec<&'static str> = long_names.collect();
    closest(name, names.iter().copied())
        .and_then(|found| names.iter().copied().find(|n| *n == found))
}

fn argument_findings(
    rule: &RuleFile,
    call: &Call,
    scale: Option<&Scale>,
    catalogue: Option<(&Catalogue, &str)>,
) -> Vec<Error> {
    let literal = |index: usize| {
        call.args
            .get(index)
            .and_then(|a| a.literal.as_deref().map(|t| (t, a)))
    };
    let mut errors = Vec::new();
    let mut push = |index: usize, problem: Option<crate::ruleset::ArgProblem>| {
        if let (Some(problem), Some(arg)) = (problem, call.args.get(index)) {
            errors.push(problem.at(at(rule, arg.line, arg.column)));
        }
    };
    let blank = |index: usize, message: &str| {
        literal(index).and_then(|(text, _)| blank_problem(text, message))
    };
    match call.function.as_str() {
        "refer" => {
            if let Some(scale) = scale {
                push(
                    0,
                    literal(0).and_then(|(text, _)| urgency_problem(scale, text)),
                );
                push(
                    1,
                    literal(1).and_then(|(text, _)| destination_problem(scale, text)),
                );
            }
            push(2, blank(2, "refer() needs a reason"));
        }
        "suggest" | "avoid" => {
            if let Some((catalogue, file)) = catalogue {
                push(
                    0,
                    literal(0).and_then(|(text, _)| treatment_problem(catalogue, file, text)),
                );
            }
            push(1, blank(1, "give the reason as the second argument"));
        }
        "red_flag" => {
            push(0, blank(0, "red_flag() needs an id"));
            push(1, blank(1, "red_flag() needs a text"));
        }
        "review" => push(0, blank(0, "review() needs a text")),
        _ => {}
    }
    errors
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Problems with a rule file's header, and a stale or future review date.
fn header_findings(source: &SourceFile, options: &Options) -> Vec<Error> {
    let header = Header::parse(&source.text);
    let first_line = || Location::in_source(&source.path, &source.text, 1, 1);
    let template = "start the file with:\n  // Covers: what this file covers\n  // Sources: [S1] where the rules come from\n  // Reviewed: YYYY-MM-DD\n  // Decisions: judgement calls (optional)";
    if !header.present {
        return vec![
            Error::rule(
                first_line(),
                "this rule file has no header (what it covers, its sources, its review date)",
            )
            .with_help(template),
        ];
    }
    let mut findings = Vec::new();
    for (key, required, what) in KEYS {
        match header.get(key) {
            None if *required => findings.push(
                Error::rule(
                    first_line(),
                    format!("the header has no `// {key}:` line ({what})"),
                )
                .with_help(template),
            ),
            None => {}
            Some(entry) if entry.value.is_empty() => findings.push(Error::rule(
                Location::in_source(&source.path, &source.text, entry.line, entry.value_column),
                format!("`// {key}:` is empty: give {what}"),
            )),
            Some(_) => {}
        }
    }
    if let Some(entry) = header.get("Reviewed").filter(|e| !e.value.is_empty()) {
        let location =
            Location::in_source(&source.path, &source.text, entry.line, entry.value_column);
        let date_text = entry.value.split_whitespace().next().unwrap_or_default();
        match Date::parse(date_text) {
            None => findings.push(
                Error::rule(location, format!("`{}` is not a review date", entry.value)).with_help(
                    "write the date of the last clinical review as YYYY-MM-DD, e.g. 2026-11-21",
                ),
            ),
            Some(date) => {
                let age = options.today.days() - date.days();
                if age > options.max_review_age_days {
                    findings.push(
                        Error::rule(
                            location,
                            format!(
                                "last reviewed {date}, {age} days ago: older than the {} days allowed",
                                options.max_review_age_days
                            ),
                        )
                        .with_help("review the file against its sources, then update `// Reviewed:`")
                        .as_warning(),
                    );
                } else if age < 0 {
                    findings.push(
                        Error::rule(
                            location,
                            format!("the review date {date} is after today ({})", options.today),
                        )
                        .as_warning(),
                    );
                }
            }
        }
    }
    findings
}

/// Treatments in the catalogue that no rule suggests by name. Only reported when
/// every rule file compiled (a broken file might be the one that suggests it).
fn catalogue_findings(loaded: &Loaded) -> Vec<Error> {
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
        .flat_map(|rule| analysis::calls(&rule.ast))
        .filter(|call| call.function == "suggest")
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
            Error::rule(
                table_location(&file.path, &file.text, id),
                format!(
                    "treatment `{id}` is marked not_suggested ({}), but a rule suggests it",
                    t.not_suggested.as_deref().unwrap_or_default()
                ),
            )
            .with_help("remove the suggestion, or remove `not_suggested` from the catalogue entry")
            .as_warning()
        });
    catalogue
        .treatments
        .iter()
        .filter(|(id, t)| t.not_suggested.is_none() && !suggested.contains(*id))
        .map(|(id, _)| id)
        .map(|id| {
            Error::rule(
                table_location(&file.path, &file.text, id),
                format!("treatment `{id}` is in the catalogue, but no rule suggests it"),
            )
            .with_help(format!(
                "add a rule that calls suggest(\"{id}\", ...), or remove it from the catalogue if it is not offered"
            ))
            .as_warning()
        })
        .chain(advice_only)
        .collect()
}

/// The `[id]` table header of a TOML file.
fn table_location(file: &str, text: &str, id: &str) -> Location {
    let header = format!("[{id}]");
    text.lines()
        .position(|line| {
            line.trim() == header || line.trim_start().starts_with(&format!("{header} "))
        })
        .map(|index| {
            let line = text.lines().nth(index).unwrap_or_default();
            let column = line.len() - line.trim_start().len() + 1;
            Location::in_source(file, text, index + 1, column)
        })
        .unwrap_or_else(|| locate_key(file, text, id))
}

/// How many findings of each severity.
pub fn tally(findings: &[Error]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

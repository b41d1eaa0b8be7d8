//! What the safety files may name, taken from the rule set they belong to: the
//! vocabulary's fields and values, the urgencies and destinations, the treatment
//! ids, the red-flag ids the rules can raise, the rule files, the properties and
//! the engine's guarantees. A name missing from the rule set is refused with a
//! did-you-mean; a part of the rule set that did not load is not checked against
//! (its own problem is reported where it is).

use std::collections::BTreeSet;

use crate::analysis;
use crate::case::Vocabulary;
use crate::engine::ActionKind;
use crate::ruleset::{Loaded, RuleFile, RuleSet, SourceFile};

/// The names a safety file may use; `None` where that part of the rule set did
/// not load.
pub(crate) struct Names<'a> {
    pub vocabulary: Option<&'a Vocabulary>,
    /// Urgencies, lowest first.
    pub urgencies: Option<Vec<&'a str>>,
    pub destinations: Option<Vec<&'a str>>,
    pub treatments: Option<Vec<&'a str>>,
    /// The literal ids of every `red_flag(...)` call; `None` unless every rule
    /// file compiled (a broken file might be the one that raises it).
    pub red_flags: Option<BTreeSet<String>>,
    /// Every rule file, by its path inside the rule set (`red_flags/x.rhai`).
    pub rule_files: Vec<String>,
}

impl<'a> Names<'a> {
    /// The names of a rule set as read by `check` (some parts may not have loaded).
    pub(crate) fn of_loaded(loaded: &'a Loaded) -> Names<'a> {
        let all_compiled = loaded.not_compiled.is_empty()
            && loaded.rules.len() == loaded.sources.iter().filter(|s| s.is_rule()).count();
        Names {
            vocabulary: loaded.vocabulary.as_ref(),
            urgencies: loaded
                .scale
                .as_ref()
                .map(|s| s.urgencies.iter().map(|u| u.id.as_str()).collect()),
            destinations: loaded
                .scale
                .as_ref()
                .map(|s| s.destinations.iter().map(|d| d.id.as_str()).collect()),
            treatments: loaded
                .catalogue
                .as_ref()
                .map(|c| c.treatments.keys().map(String::as_str).collect()),
            red_flags: all_compiled.then(|| red_flags(&loaded.rules)),
            rule_files: rule_files(&loaded.sources),
        }
    }

    /// The names of a loaded rule set (everything loaded).
    pub(crate) fn of_rules(rules: &'a RuleSet) -> Names<'a> {
        Names {
            vocabulary: Some(&rules.vocabulary),
            urgencies: Some(
                rules
                    .scale
                    .urgencies
                    .iter()
                    .map(|u| u.id.as_str())
                    .collect(),
            ),
            destinations: Some(
                rules
                    .scale
                    .destinations
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect(),
            ),
            treatments: Some(
                rules
                    .catalogue
                    .treatments
                    .keys()
                    .map(String::as_str)
                    .collect(),
            ),
            red_flags: Some(red_flags(&rules.rules)),
            rule_files: rules
                .rules
                .iter()
                .map(|r| inside(rules, &r.path).to_string())
                .collect(),
        }
    }
}

/// A rule file's path inside the rule set, from the path shown for it: the part
/// after the prefix every shown path has (the folder as typed, `REV:rules`, or
/// the built-in rules' name), learnt from a safety file, which knows both.
pub(crate) fn inside<'p>(rules: &RuleSet, shown: &'p str) -> &'p str {
    let prefix = rules
        .safety_files()
        .next()
        .and_then(|f| f.path.strip_suffix(f.relative.as_str()))
        .map_or_else(
            || format!("{}/", rules.shown_dir.trim_end_matches('/')),
            str::to_string,
        );
    shown.strip_prefix(prefix.as_str()).unwrap_or(shown)
}

/// The literal red-flag ids the rules can raise.
fn red_flags(rules: &[RuleFile]) -> BTreeSet<String> {
    rules
        .iter()
        .flat_map(|rule| analysis::calls(&rule.ast))
        .filter(|call| call.records(ActionKind::RedFlag))
        .filter_map(|call| call.args.first().and_then(|a| a.literal.clone()))
        .collect()
}

/// The rule files among the sources, by their path inside the rule set.
fn rule_files(sources: &[SourceFile]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| s.is_rule())
        .map(|s| s.relative.clone())
        .collect()
}

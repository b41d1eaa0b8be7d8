//! The analysis of a rule set: every problem that can be found without running a
//! case, each a [`Diagnostic`] at its file, line and column, of error or warning
//! severity. One room for every check, whatever its severity: a new check is one
//! file here and one line in [`diagnose`].
//!
//! Errors would change or stop an assessment (a syntax error, an unknown field,
//! treatment id, urgency or destination, a misused rules-API call, a comparison that
//! can never be true, a negation that counts an unknown answer as the opposite, an
//! action outside a named rule, an action reached other than by a direct call, a
//! definition that could be made twice, a missing header): "the rules load" means
//! that there is none ([`load`]), and `triage check` prints them all. Warnings are
//! advice (an overdue review, a treatment no rule suggests). The handout's files
//! are checked by `crate::handout`, a later layer; `check` adds its findings.
//!
//! What a rule file says is read from its syntax tree (`syntax.rs`,
//! `comparisons.rs`, `rule_blocks.rs`); the same reading gives the what-if the
//! fields and thresholds the rules look at (`probes.rs`).

mod calls;
mod catalogue;
mod checklists;
mod comparisons;
mod date;
mod definition_reads;
mod definitions;
mod fields;
mod header;
mod indirect;
mod knowing;
mod load;
mod negation_words;
mod never_true;
mod presentations;
mod probes;
mod reach;
mod rule_blocks;
mod syntax;
mod unknown_safe;

pub(crate) use date::Date;
pub(crate) use definitions::definition_sites;
pub(crate) use header::{Header, KEYS, ReviewAge};
pub(crate) use rule_blocks::rule_blocks;
pub(crate) use syntax::{calls, field_uses};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::ruleset::{Loaded, TREATMENTS_FILE};

/// Every problem of the rule set, the problems met while reading and compiling it
/// included, sorted by file and line. With `review`, also the review-age warnings.
pub(crate) fn diagnose(loaded: &Loaded, review: Option<&ReviewAge>) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = loaded
        .problems
        .iter()
        .flat_map(Error::flatten)
        .map(Error::diagnostic)
        .collect();
    for source in loaded.sources.iter().filter(|s| s.is_rule()) {
        found.extend(header::diagnostics(source, review));
    }
    let catalogue_file = loaded.shown(TREATMENTS_FILE);
    let known = loaded.known(&catalogue_file);
    let sections: Vec<String> = loaded
        .vocabulary
        .as_ref()
        .map(|v| v.sections.keys().cloned().collect())
        .unwrap_or_default();
    // Each file's own checks on every core, the checks across files meanwhile;
    // collected in the same order whichever finishes first.
    let (each_file, (across, unknown_safe)) = rayon::join(
        || {
            loaded
                .rules
                .par_iter()
                .map(|rule| {
                    let mut found = Vec::new();
                    if let Some(vocabulary) = &loaded.vocabulary {
                        found.extend(fields::diagnostics(rule, vocabulary));
                        found.extend(never_true::diagnostics(rule, vocabulary));
                    }
                    found.extend(calls::diagnostics(rule, &known));
                    found.extend(rule_blocks::diagnostics(rule));
                    found.extend(indirect::diagnostics(rule, &sections));
                    found
                })
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || definitions::diagnostics(&loaded.rules),
                || {
                    loaded
                        .vocabulary
                        .as_ref()
                        .map(|vocabulary| unknown_safe::diagnostics(&loaded.rules, vocabulary))
                        .unwrap_or_default()
                },
            )
        },
    );
    found.extend(each_file.into_iter().flatten());
    found.extend(across);
    found.extend(unknown_safe);
    found.extend(catalogue::diagnostics(loaded));
    found.extend(presentations::diagnostics(loaded));
    found.extend(checklists::diagnostics(loaded));
    found.sort_by_cached_key(Diagnostic::sort_key);
    found
}

/// How many diagnostics of each severity: (errors, warnings).
pub(crate) fn tally(found: &[Diagnostic]) -> (usize, usize) {
    let errors = found.iter().filter(|d| d.is_error()).count();
    (errors, found.len() - errors)
}

//! The catalogue against the rules: a treatment no rule suggests (a rule is
//! missing, or the treatment is not offered), and a treatment marked
//! `not_suggested` that a rule suggests anyway. Advice: warnings.

use std::collections::BTreeSet;

use super::syntax::calls;
use crate::case::locate_key;
use crate::diagnostic::Diagnostic;
use crate::engine::ActionKind;
use crate::place::Location;
use crate::ruleset::{Loaded, TREATMENTS_FILE};

/// Treatments in the catalogue that no rule suggests by name. Only reported when
/// every rule file compiled (a broken file might be the one that suggests it).
pub(crate) fn diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
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
        .flat_map(|rule| calls(&rule.ast))
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
            Diagnostic::warning(
                table_location(&file.path, &file.text, id),
                format!(
                    "treatment `{id}` is marked not_suggested ({}), but a rule suggests it",
                    t.not_suggested.as_deref().unwrap_or_default()
                ),
            )
            .with_help("remove the suggestion, or remove `not_suggested` from the catalogue entry")
        });
    catalogue
        .treatments
        .iter()
        .filter(|(id, t)| t.not_suggested.is_none() && !suggested.contains(*id))
        .map(|(id, _)| id)
        .map(|id| {
            Diagnostic::warning(
                table_location(&file.path, &file.text, id),
                format!("treatment `{id}` is in the catalogue, but no rule suggests it"),
            )
            .with_help(format!(
                "add a rule that calls suggest(\"{id}\", ...), or remove it from the catalogue if it is not offered"
            ))
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
        .map_or_else(
            || locate_key(file, text, id),
            |index| {
                let line = text.lines().nth(index).unwrap_or_default();
                let column = line.len() - line.trim_start().len() + 1;
                Location::in_source(file, text, index + 1, column)
            },
        )
}

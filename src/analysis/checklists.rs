//! The interview's red-flag checklists (`[[interview.checklist]]` in the
//! vocabulary) against the red-flag questions: a red-flag question in no
//! checklist is asked on its own, one prompt each, after the checklists. Advice:
//! a warning (a new red-flag field belongs in the group it screens for).

use crate::case::locate_key;
use crate::diagnostic::Diagnostic;
use crate::ruleset::{Loaded, VOCABULARY_FILE};

/// A warning for each red-flag question in no checklist, when the vocabulary
/// has checklists at all.
pub(super) fn diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
    let (Some(vocabulary), Some(file)) = (
        &loaded.vocabulary,
        loaded
            .sources
            .iter()
            .find(|s| s.relative == VOCABULARY_FILE),
    ) else {
        return Vec::new();
    };
    if vocabulary.interview.checklists.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = vocabulary
        .interview
        .checklists
        .iter()
        .map(|c| c.name.as_str())
        .collect();
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
            Diagnostic::warning(
                locate_key(&file.path, &file.text, name),
                format!(
                    "the red-flag question `{qualified}` is in no [[interview.checklist]]: the interview asks it on its own"
                ),
            )
            .with_help(format!(
                "add it to the `fields` of the checklist it screens for ({})",
                names.join(", ")
            ))
        })
        .collect()
}

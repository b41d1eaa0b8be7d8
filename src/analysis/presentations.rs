//! The presentations the rule files name (`// Presentation:` in a header), and
//! the catalogue's dosage for each (`dosage_for` in `treatments.toml`): a dosage
//! for a presentation no rule file names would never be shown, so it is an error
//! with a did-you-mean, as a misspelt treatment id is.

use super::header::Header;
use crate::diagnostic::Diagnostic;
use crate::place::Location;
use crate::ruleset::{Loaded, SourceFile, TREATMENTS_FILE};
use crate::text::hint;

/// Every `dosage_for` entry of the catalogue whose presentation no rule file
/// names.
pub(super) fn diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
    let (Some(catalogue), Some(treatments)) = (
        &loaded.catalogue,
        loaded
            .sources
            .iter()
            .find(|s| s.relative == TREATMENTS_FILE),
    ) else {
        return Vec::new();
    };
    let named: Vec<String> = loaded
        .sources
        .iter()
        .filter(|source| source.is_rule())
        .filter_map(|source| {
            Header::parse(&source.text)
                .get("Presentation")
                .map(|entry| entry.value.clone())
        })
        .collect();
    let mut problems = Vec::new();
    for (id, treatment) in &catalogue.treatments {
        for presentation in treatment.dosage_for.keys() {
            if !named.contains(presentation) {
                problems.push(Diagnostic::error(
                    locate(treatments, id, presentation),
                    format!(
                        "`{id}`: dosage_for names the presentation \"{presentation}\", which no rule file's `// Presentation:` line names{}",
                        hint(presentation, named.iter().map(String::as_str))
                    ),
                ));
            }
        }
    }
    problems
}

/// Where `"presentation" = ...` is written under `[id.dosage_for]`.
fn locate(treatments: &SourceFile, id: &str, presentation: &str) -> Location {
    let text = &treatments.text;
    let table = format!("[{id}.dosage_for]");
    let key = format!("\"{presentation}\"");
    let mut inside = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with(&table);
        } else if inside && trimmed.starts_with(&key) {
            return Location::in_source(&treatments.path, text, index + 1, 1);
        }
    }
    Location::file_only(&treatments.path)
}

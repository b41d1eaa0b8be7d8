//! Reads of `section.field` where the field is not in the vocabulary: a typo that
//! would stop every case that reaches the line, refused before any does.

use super::syntax::field_uses;
use crate::case::Vocabulary;
use crate::diagnostic::Diagnostic;
use crate::place::Location;
use crate::ruleset::RuleFile;
use crate::text::closest;

/// Every read of a field the vocabulary does not have: errors, with the closest
/// field or the section that has it.
pub(crate) fn diagnostics(rule: &RuleFile, vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let sections: Vec<String> = vocabulary.sections.keys().cloned().collect();
    field_uses(&rule.ast, &sections)
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
            Diagnostic::error(
                Location::in_source(&rule.path, &rule.source, u.line, u.column),
                format!("`{}.{}` is not a field of the case vocabulary", u.section, u.field),
            )
            .with_help(help)
        })
        .collect()
}

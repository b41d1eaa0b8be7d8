//! The questions the what-if tries: unanswered, applying to the case, and read
//! by some rule (a field no rule reads cannot change anything).

use crate::case::{Case, Field};
use crate::ruleset::RuleSet;

/// The unanswered fields that apply to `case` and that some rule reads, in
/// vocabulary order, with their vocabulary entry.
pub(super) fn open_fields<'r>(
    rules: &'r RuleSet,
    case: &'r Case,
) -> impl Iterator<Item = (String, &'r Field)> + 'r {
    rules
        .vocabulary
        .sections
        .iter()
        .flat_map(move |(section_name, section)| {
            section.fields.iter().filter_map(move |(name, field)| {
                let qualified = format!("{section_name}.{name}");
                let open = !case.value(section_name, name).is_known()
                    && matters(rules, &qualified)
                    && rules.vocabulary.applies(section_name, name, case);
                open.then_some((qualified, field))
            })
        })
}

/// The vocabulary entry of `section.field`.
pub(super) fn vocabulary_field<'r>(rules: &'r RuleSet, qualified: &str) -> Option<&'r Field> {
    let (section, name) = qualified.split_once('.')?;
    rules.vocabulary.field(section, name)
}

/// Whether `section.field` can matter: some rule reads it, or it decides
/// whether a question that some rule reads applies (named in its
/// `applies_when`: a rule may read only the site of a confirmed injury, never
/// whether one was confirmed).
pub(crate) fn matters(rules: &RuleSet, qualified: &str) -> bool {
    rules.probes.read.contains(qualified)
        || rules.vocabulary.sections.iter().any(|(section, s)| {
            s.fields.iter().any(|(name, field)| {
                field
                    .applies_when
                    .iter()
                    .chain(&field.applies_when_any)
                    .any(|c| c.field == qualified)
                    && rules.probes.read.contains(&format!("{section}.{name}"))
            })
        })
}

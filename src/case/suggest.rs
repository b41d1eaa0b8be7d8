//! Did-you-mean for a case: a field in the wrong section names its section, a
//! misspelt field or section gets its closest name, and a value written the way
//! people say it (`"yes"`, `"38.5"` in quotes, `"stairs"` for a list) gets the
//! JSON the contract wants. Only suggested, never accepted: the contract is
//! strict, and no clinical answer is guessed silently.

use serde_json::Value as Json;

use super::case::CASE_ID_KEY;
use super::vocabulary::{EXPECT_KEY, Field, Kind, Vocabulary};
use crate::text::{closest, hint, shown};

/// Names longer than this get no did-you-mean: no vocabulary name is long, and
/// an edit distance against every field of a huge key would take long.
const LONGEST_NAME: usize = 120;

/// The sections that have a field named `key`, in vocabulary order.
fn homes<'a>(key: &str, vocabulary: &'a Vocabulary) -> Vec<&'a str> {
    vocabulary
        .sections
        .iter()
        .filter(|(_, section)| section.fields.contains_key(key))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// Why a top-level key is not a section, and what was probably meant.
pub(super) fn unknown_section(key: &str, vocabulary: &Vocabulary) -> String {
    let homes = homes(key, vocabulary);
    if let Some(home) = homes.first() {
        return format!(
            "unknown section: {} is a field of {}: write it inside \"{home}\": {{ ... }}",
            shown(key),
            homes.join(" and ")
        );
    }
    let known = vocabulary
        .sections
        .keys()
        .map(String::as_str)
        .chain([CASE_ID_KEY, EXPECT_KEY]);
    let hint = hint(key, known.clone());
    if hint.is_empty() {
        format!(
            "unknown section (a case has: {})",
            known.collect::<Vec<_>>().join(", ")
        )
    } else {
        format!("unknown section{hint}")
    }
}

/// Why `key` is not a field of `section_name`, and what was probably meant: the
/// section it belongs to, the closest field of this section, or the closest field
/// of another one.
pub(super) fn unknown_field(section_name: &str, key: &str, vocabulary: &Vocabulary) -> String {
    let homes = homes(key, vocabulary);
    if !homes.is_empty() {
        return format!(
            "{} is a field of {}, not of {section_name}",
            shown(key),
            homes.join(" and ")
        );
    }
    let own: Vec<&str> = vocabulary
        .sections
        .get(section_name)
        .map(|section| section.fields.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let hint = hint(key, own.iter().copied());
    if !hint.is_empty() {
        return format!("unknown field in section `{section_name}`{hint}");
    }
    let elsewhere = (key.len() <= LONGEST_NAME)
        .then(|| {
            let others = vocabulary
                .sections
                .iter()
                .filter(|(name, _)| name.as_str() != section_name)
                .flat_map(|(_, section)| section.fields.keys().map(String::as_str));
            closest(key, others)
        })
        .flatten();
    match elsewhere {
        Some(name) => format!(
            "unknown field in section `{section_name}`: did you mean `{name}`, a field of {}?",
            homes_of(name, vocabulary)
        ),
        None => format!(
            "unknown field in section `{section_name}` (its fields: {})",
            own.join(", ")
        ),
    }
}

fn homes_of(name: &str, vocabulary: &Vocabulary) -> String {
    homes(name, vocabulary).join(" and ")
}

/// A `: did you mean ...?` for a value of the wrong JSON type that says what
/// was probably meant (`"yes"` for true, `"38.5"` for 38.5), or nothing.
pub(super) fn for_value(field: &Field, raw: &Json) -> String {
    match (field.kind, raw) {
        (Kind::Boolean, Json::String(text)) => match text.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "t" => ": did you mean true (without quotes)?".into(),
            "no" | "n" | "false" | "f" => ": did you mean false (without quotes)?".into(),
            _ => String::new(),
        },
        (Kind::Boolean, Json::Number(n)) if n.as_f64() == Some(1.0) => {
            ": did you mean true?".into()
        }
        (Kind::Boolean, Json::Number(n)) if n.as_f64() == Some(0.0) => {
            ": did you mean false?".into()
        }
        (Kind::Integer | Kind::Number, Json::String(text))
            if text.trim().parse::<f64>().is_ok_and(f64::is_finite) =>
        {
            format!(
                ": did you mean {} (a number, without quotes)?",
                shown(text.trim())
            )
        }
        (Kind::Choice, Json::Array(items)) => match items.as_slice() {
            [Json::String(only)] => {
                format!(
                    ": did you mean \"{}\" (one value, not a list)?",
                    shown(only)
                )
            }
            _ => String::new(),
        },
        (Kind::List, Json::String(text)) => {
            let value = field
                .values
                .iter()
                .find(|v| *v == text)
                .map(String::as_str)
                .or_else(|| {
                    (text.len() <= LONGEST_NAME)
                        .then(|| closest(text, field.values.iter().map(String::as_str)))
                        .flatten()
                });
            value
                .map(|v| format!(": did you mean [\"{v}\"] (a list, in brackets)?"))
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

//! One answer line for a checklist of red-flag questions: the same words on a
//! terminal's typed fallback and in the plain protocol.
//!
//! The answer names the questions whose finding is present, separated by commas
//! (`screening.saddle_anaesthesia`, or the short name `saddle_anaesthesia` when
//! only one question of the checklist has it; spaces for underscores and any
//! case are fine); every other question of the checklist is then a known no.
//! `none`: all no. `?` or an empty line: all unknown (never no). A name written
//! with `?` before it (`?bladder_bowel_change`) stays unknown while the rest are
//! no: the way to say "not asked" for one question of a group. `back` and
//! `finish` as for any question.

use super::answer::{Reply, control_word};
use crate::text::{hint, shown};

/// The answers a checklist takes, for the `( ... )` of its question line.
pub(crate) const ALLOWED: &str = "the ones present, none, or ?";

/// Reads one answer line for the checklist of `fields` (`section.field`).
pub(crate) fn parse(fields: &[String], line: &str) -> Result<Reply, String> {
    let line = line.trim();
    if let Some(reply) = control_word(line) {
        return Ok(reply);
    }
    let word = line.to_lowercase();
    let mut answers: Vec<(String, Option<bool>)> =
        fields.iter().map(|f| (f.clone(), Some(false))).collect();
    if word == "none" {
        return Ok(Reply::Checked(answers));
    }
    for item in line.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (unknown, name) = match item.strip_prefix('?') {
            Some(rest) => (true, rest.trim()),
            None => (false, item),
        };
        let field = member(fields, name)?;
        if let Some(answer) = answers.iter_mut().find(|(f, _)| *f == field) {
            answer.1 = if unknown { None } else { Some(true) };
        }
    }
    Ok(Reply::Checked(answers))
}

/// The question of `fields` that `typed` names: in full, or by its short name
/// when that is unambiguous.
fn member(fields: &[String], typed: &str) -> Result<String, String> {
    let normal: String = typed
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    if let Some(field) = fields.iter().find(|f| f.to_lowercase() == normal) {
        return Ok(field.clone());
    }
    let short = |f: &String| f.rsplit('.').next().unwrap_or(f).to_lowercase();
    let matching: Vec<&String> = fields.iter().filter(|f| short(f) == normal).collect();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let shorts: Vec<String> = fields.iter().map(short).collect();
            Err(format!(
                "\"{}\" is not one of this checklist's questions{}; answer {ALLOWED} (the short names: {})",
                shown(typed),
                hint(&normal, shorts.iter().map(String::as_str)),
                shorts.join(", ")
            ))
        }
        _ => Err(format!(
            "\"{}\" names more than one question here: write section.field",
            shown(typed)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<String> {
        vec![
            "screening.saddle_anaesthesia".to_string(),
            "screening.bladder_bowel_change".to_string(),
            "screening.bilateral_leg_symptoms".to_string(),
        ]
    }

    fn checked(line: &str) -> Vec<Option<bool>> {
        match parse(&fields(), line) {
            Ok(Reply::Checked(answers)) => answers.into_iter().map(|(_, a)| a).collect(),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn the_ones_named_are_present_and_the_rest_are_no() {
        assert_eq!(
            checked("saddle_anaesthesia"),
            [Some(true), Some(false), Some(false)]
        );
        assert_eq!(
            checked("screening.bilateral_leg_symptoms, Bladder bowel change"),
            [Some(false), Some(true), Some(true)]
        );
        assert_eq!(checked("none"), [Some(false); 3]);
        assert_eq!(
            checked("saddle_anaesthesia, ?bladder_bowel_change"),
            [Some(true), None, Some(false)]
        );
    }

    #[test]
    fn unknown_back_and_finish_are_understood() {
        for unknown in ["", "?", "  ? "] {
            assert_eq!(parse(&fields(), unknown), Ok(Reply::Unknown));
        }
        assert_eq!(parse(&fields(), "Back"), Ok(Reply::Back));
        assert_eq!(parse(&fields(), "done"), Ok(Reply::Finish));
    }

    #[test]
    fn a_misspelt_name_gets_a_did_you_mean() {
        let refused = parse(&fields(), "sadle_anaesthesia").unwrap_err();
        assert!(
            refused.contains("did you mean `saddle_anaesthesia`?"),
            "{refused}"
        );
        assert!(refused.contains(ALLOWED), "{refused}");
    }
}

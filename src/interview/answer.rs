//! One typed answer line, read for one field: the same words on a terminal and in
//! the plain protocol, so a script and a clinician answer alike.
//!
//! Every question takes `?` or an empty line for "not known" (never
//! "no"), `back` for the previous question, and `finish` (or `done`) to stop
//! asking and assess what has been given. Numbers may be written as a clinic
//! writes them: a duration in weeks as `3 days`, `2w` or `3 months`; a decimal
//! comma (`37,2`) is refused with the number it probably means. Otherwise the answer must be what
//! the field allows, or it is refused with a sentence naming what is allowed:
//! nothing is guessed, nothing panics. An answer quoted back is escaped and cut
//! (`text::shown`), so a pasted terminal escape or a right-to-left override
//! cannot rewrite the screen.

use serde_json::Value as Json;

use crate::case::{Field, Kind, MAX_TEXT_CHARS};
use crate::text::{hint, shown};

/// What an answer line means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    /// A value, as it is written in a case file.
    Answer(Json),
    /// Not known: the field stays unknown and the question is not asked again.
    Unknown,
    /// Go back to the previous question.
    Back,
    /// Stop asking: assess what has been given.
    Finish,
    /// A checklist's answers: each of its questions yes, no, or unknown (`None`).
    Checked(Vec<(String, Option<bool>)>),
}

/// The word that goes back to the previous question.
pub(crate) const BACK: &str = "back";

/// The words that stop the questions and assess what has been given.
pub(crate) const FINISH: [&str; 2] = ["finish", "done"];

/// The answers allowed for `field`, short, for the `( ... )` of a question line.
pub(crate) fn allowed(field: &Field) -> String {
    let range = match (field.min, field.max) {
        (Some(min), Some(max)) => format!(" {min}-{max}"),
        (Some(min), None) => format!(" >= {min}"),
        (None, Some(max)) => format!(" <= {max}"),
        (None, None) => String::new(),
    };
    let unit = field
        .unit
        .as_ref()
        .map(|unit| format!(" {unit}"))
        .unwrap_or_default();
    match field.kind {
        Kind::Boolean => "y/n".to_string(),
        Kind::Integer => format!("whole number{range}{unit}"),
        Kind::Number => format!("number{range}{unit}"),
        Kind::Choice => field.values.join("/"),
        Kind::List => format!("{}, several separated by commas", field.values.join("/")),
        Kind::Text => format!("text, at most {MAX_TEXT_CHARS} characters"),
    }
}

/// The answers every prompt takes whatever it asks: unknown (empty or `?`),
/// `back`, and `finish`/`done`.
pub(crate) fn control_word(line: &str) -> Option<Reply> {
    let word = line.trim().to_lowercase();
    if word.is_empty() || word == "?" {
        Some(Reply::Unknown)
    } else if word == BACK {
        Some(Reply::Back)
    } else if FINISH.contains(&word.as_str()) {
        Some(Reply::Finish)
    } else {
        None
    }
}

/// Reads one answer line for `field`; `Err` says what is wrong and what is allowed.
pub(crate) fn parse(field: &Field, line: &str) -> Result<Reply, String> {
    let line = line.trim();
    if let Some(reply) = control_word(line) {
        return Ok(reply);
    }
    let word = line.to_lowercase();
    let refused = |what: String| {
        Err(format!(
            "{what}; answer {}, ? for unknown, or back",
            allowed(field)
        ))
    };
    match field.kind {
        Kind::Boolean => match word.as_str() {
            "y" | "yes" | "true" => Ok(Reply::Answer(Json::Bool(true))),
            "n" | "no" | "false" => Ok(Reply::Answer(Json::Bool(false))),
            _ => refused(format!("\"{}\" is not yes or no", shown(line))),
        },
        Kind::Integer => match line.parse::<i64>() {
            Ok(number) => {
                // Whole numbers in a field's range are far inside f64's exact range.
                #[allow(clippy::cast_precision_loss)]
                let as_float = number as f64;
                match out_of_range(field, as_float) {
                    Some(problem) => refused(problem),
                    None => Ok(Reply::Answer(Json::from(number))),
                }
            }
            Err(_) => refused(format!("\"{}\" is not a whole number", shown(line))),
        },
        Kind::Number => match number(field, line) {
            Err(problem) => refused(problem),
            Ok(number) if number.is_finite() => match out_of_range(field, number) {
                Some(problem) => refused(problem),
                None => serde_json::Number::from_f64(number).map_or_else(
                    || refused(format!("\"{}\" is not a number", shown(line))),
                    |n| Ok(Reply::Answer(Json::Number(n))),
                ),
            },
            Ok(_) => refused(format!("\"{}\" is not a number", shown(line))),
        },
        Kind::Choice => match value_of(field, line) {
            Ok(value) => Ok(Reply::Answer(Json::String(value))),
            Err(problem) => refused(problem),
        },
        Kind::List => {
            // `none` is the empty list ("none of these"), unless it is a value.
            if word == "none" && !field.values.iter().any(|v| v == "none") {
                return Ok(Reply::Answer(Json::Array(Vec::new())));
            }
            let mut items: Vec<Json> = Vec::new();
            for item in line.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                match value_of(field, item) {
                    Ok(value) => {
                        let value = Json::String(value);
                        if !items.contains(&value) {
                            items.push(value);
                        }
                    }
                    Err(problem) => return refused(problem),
                }
            }
            Ok(Reply::Answer(Json::Array(items)))
        }
        Kind::Text => {
            if line.chars().count() > MAX_TEXT_CHARS {
                refused(format!("that is longer than {MAX_TEXT_CHARS} characters"))
            } else {
                Ok(Reply::Answer(Json::String(line.to_string())))
            }
        }
    }
}

/// The allowed value `typed` names: the value itself, in any case, with spaces or
/// hyphens for its underscores (`Lateral hip` is `lateral_hip`).
fn value_of(field: &Field, typed: &str) -> Result<String, String> {
    let normal: String = typed
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    field
        .values
        .iter()
        .find(|value| value.to_lowercase() == normal)
        .cloned()
        .ok_or_else(|| {
            format!(
                "\"{}\" is not one of the answers{}",
                shown(typed),
                hint(&normal, field.values.iter().map(String::as_str))
            )
        })
}

/// A number as a clinic writes it: plain (`6`, `0.5`), or for a field in weeks a
/// duration with its unit (`3 days`, `2w`, `3 months`, `1 year`), in weeks to two
/// decimals. `Err` for a decimal comma, with the number it probably means.
fn number(field: &Field, line: &str) -> Result<f64, String> {
    if let Ok(plain) = line.parse::<f64>() {
        return Ok(plain);
    }
    let digits: String = line.replace(',', ".");
    if line.contains(',') && digits.parse::<f64>().is_ok() {
        return Err(format!(
            "\"{}\" is not a number: did you mean {digits}? (a point before the decimals)",
            shown(line)
        ));
    }
    let not_a_number = || format!("\"{}\" is not a number", shown(line));
    if field.unit.as_deref() != Some("weeks") {
        return Err(not_a_number());
    }
    let split = line
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(not_a_number)?;
    let amount: f64 = line[..split].parse().map_err(|_| not_a_number())?;
    let weeks_per = match line[split..].trim().to_lowercase().as_str() {
        "d" | "day" | "days" => 1.0 / 7.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 1.0,
        "m" | "mo" | "mon" | "month" | "months" => 52.0 / 12.0,
        "y" | "yr" | "yrs" | "year" | "years" => 52.0,
        _ => return Err(not_a_number()),
    };
    Ok((amount * weeks_per * 100.0).round() / 100.0)
}

/// Why `number` is outside the field's range, if it is.
fn out_of_range(field: &Field, number: f64) -> Option<String> {
    let below = field.min.is_some_and(|min| number < min);
    let above = field.max.is_some_and(|max| number > max);
    (below || above).then(|| format!("{number} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: Kind) -> Field {
        Field::new(kind, "?")
    }

    fn choice(kind: Kind) -> Field {
        Field {
            values: vec!["hip".into(), "lateral_hip".into(), "groin".into()],
            ..field(kind)
        }
    }

    #[test]
    fn unknown_and_back_are_understood_for_every_kind() {
        for kind in [
            Kind::Boolean,
            Kind::Integer,
            Kind::Number,
            Kind::Choice,
            Kind::List,
            Kind::Text,
        ] {
            let field = choice(kind);
            for unknown in ["", "  ", "?", " ? "] {
                assert_eq!(
                    parse(&field, unknown),
                    Ok(Reply::Unknown),
                    "{kind:?} {unknown:?}"
                );
            }
            assert_eq!(parse(&field, "Back"), Ok(Reply::Back));
        }
    }

    #[test]
    fn yes_and_no_in_their_usual_words() {
        let field = field(Kind::Boolean);
        for yes in ["y", "Y", "yes", "true"] {
            assert_eq!(parse(&field, yes), Ok(Reply::Answer(Json::Bool(true))));
        }
        for no in ["n", "No", "false"] {
            assert_eq!(parse(&field, no), Ok(Reply::Answer(Json::Bool(false))));
        }
        let refused = parse(&field, "maybe").unwrap_err();
        assert!(refused.contains("\"maybe\" is not yes or no"), "{refused}");
        assert!(refused.contains("y/n, ? for unknown, or back"), "{refused}");
    }

    #[test]
    fn whole_numbers_within_the_range() {
        let field = Field {
            min: Some(0.0),
            max: Some(120.0),
            unit: Some("years".into()),
            ..field(Kind::Integer)
        };
        assert_eq!(parse(&field, " 45 "), Ok(Reply::Answer(Json::from(45))));
        assert_eq!(parse(&field, "0"), Ok(Reply::Answer(Json::from(0))));
        for (typed, problem) in [
            ("45.5", "\"45.5\" is not a whole number"),
            ("forty", "\"forty\" is not a whole number"),
            ("130", "130 is out of range"),
            ("-1", "-1 is out of range"),
        ] {
            let refused = parse(&field, typed).unwrap_err();
            assert!(refused.starts_with(problem), "{typed}: {refused}");
            assert!(refused.contains("whole number 0-120 years"), "{refused}");
        }
    }

    #[test]
    fn numbers_may_have_decimals_but_must_be_finite_and_in_range() {
        let field = Field {
            min: Some(0.0),
            ..field(Kind::Number)
        };
        assert_eq!(parse(&field, "0.5"), Ok(Reply::Answer(Json::from(0.5))));
        assert_eq!(parse(&field, "6"), Ok(Reply::Answer(Json::from(6.0))));
        for typed in ["NaN", "inf", "six", "-2"] {
            assert!(parse(&field, typed).is_err(), "{typed}");
        }
        assert_eq!(allowed(&field), "number >= 0");
    }

    #[test]
    fn durations_in_clinic_style_are_taken_in_weeks_and_a_decimal_comma_gets_a_did_you_mean() {
        let weeks = Field {
            min: Some(0.0),
            max: Some(1040.0),
            unit: Some("weeks".into()),
            ..field(Kind::Number)
        };
        for (typed, expected) in [
            ("3 days", 0.43),
            ("2w", 2.0),
            ("2 weeks", 2.0),
            ("3 months", 13.0),
            ("1 year", 52.0),
            ("6", 6.0),
        ] {
            assert_eq!(
                parse(&weeks, typed),
                Ok(Reply::Answer(Json::from(expected))),
                "{typed}"
            );
        }
        assert!(parse(&weeks, "3 fortnights").is_err());
        let temperature = Field {
            min: Some(25.0),
            max: Some(45.0),
            unit: Some("degrees C".into()),
            ..field(Kind::Number)
        };
        let refused = parse(&temperature, "37,2").unwrap_err();
        assert!(refused.contains("did you mean 37.2?"), "{refused}");
        // A unit of time means nothing for a temperature.
        assert!(parse(&temperature, "3 days").is_err());
    }

    #[test]
    fn finish_and_done_are_understood_for_every_kind() {
        for kind in [Kind::Boolean, Kind::Integer, Kind::Choice, Kind::Text] {
            for word in ["finish", "Done"] {
                assert_eq!(parse(&choice(kind), word), Ok(Reply::Finish), "{kind:?}");
            }
        }
    }

    #[test]
    fn a_choice_is_one_of_its_values_written_loosely() {
        let field = choice(Kind::Choice);
        assert_eq!(parse(&field, "hip"), Ok(Reply::Answer(Json::from("hip"))));
        assert_eq!(
            parse(&field, "Lateral hip"),
            Ok(Reply::Answer(Json::from("lateral_hip")))
        );
        let refused = parse(&field, "gron").unwrap_err();
        assert!(refused.contains("did you mean"), "{refused}");
        assert!(refused.contains("hip/lateral_hip/groin"), "{refused}");
    }

    #[test]
    fn a_list_is_values_separated_by_commas_or_none() {
        let field = choice(Kind::List);
        assert_eq!(
            parse(&field, "hip, groin,hip,"),
            Ok(Reply::Answer(serde_json::json!(["hip", "groin"])))
        );
        assert_eq!(
            parse(&field, "none"),
            Ok(Reply::Answer(serde_json::json!([])))
        );
        assert!(parse(&field, "hip, knee").is_err());
    }

    #[test]
    fn text_is_kept_as_typed_up_to_its_length() {
        let field = field(Kind::Text);
        assert_eq!(
            parse(&field, " Football "),
            Ok(Reply::Answer(Json::from("Football")))
        );
        assert!(parse(&field, &"x".repeat(MAX_TEXT_CHARS + 1)).is_err());
    }
}

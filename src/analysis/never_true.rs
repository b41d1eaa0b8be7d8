//! Comparisons that can never be true, refused when the rules load: a value the
//! field cannot take (`complaint.region == "hamstring"`), a literal of another kind
//! than the field (`patient.age > "40"`, `screening.night_pain == "yes"`), `yes`
//! or `no` on a field that is not true/false, a number outside the field's range.
//! Each would let a rule pass `check` and `test` and silently never fire.

use super::comparisons::{Comparison, Literal, Test, comparisons};
use crate::case::{Field, Kind, Vocabulary};
use crate::diagnostic::Diagnostic;
use crate::place::Location;
use crate::ruleset::RuleFile;
use crate::text::{closest, quoted_list, shown};

/// Every never-true comparison in `rule`: errors.
pub(crate) fn diagnostics(rule: &RuleFile, vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let sections: Vec<String> = vocabulary.sections.keys().cloned().collect();
    comparisons(&rule.ast, &sections)
        .into_iter()
        .filter_map(|comparison| {
            let field = vocabulary.field(&comparison.section, &comparison.field)?;
            let (message, help) = problem(&comparison, field)?;
            let at =
                Location::in_source(&rule.path, &rule.source, comparison.line, comparison.column);
            Some(Diagnostic::error(at, message).with_help(help))
        })
        .collect()
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Boolean => "true/false",
        Kind::Integer => "a whole number",
        Kind::Number => "a number",
        Kind::Choice => "one of a list of values",
        Kind::List => "a list of values",
        Kind::Text => "free text",
    }
}

fn literal_words(literal: &Literal) -> String {
    match literal {
        Literal::Text(text) => format!("the text \"{}\"", shown(text)),
        Literal::Number(number) => format!("the number {number}"),
        Literal::Bool(value) => format!("{value}"),
    }
}

/// What is wrong with one comparison, and what is allowed, if anything.
fn problem(comparison: &Comparison, field: &Field) -> Option<(String, String)> {
    let name = format!("{}.{}", comparison.section, comparison.field);
    let never = match comparison.test {
        Test::Compare("!=") => "is always true",
        Test::IsNot => "is true whenever it is answered",
        _ => "can never be true",
    };
    let Some(literal) = &comparison.literal else {
        // yes(), no() or not_yes() on a field that is not true/false.
        return (field.kind != Kind::Boolean).then(|| {
            (
                format!(
                    "`{name}` is {}, not true/false: yes() and no() on it are never true, not_yes() always",
                    kind_words(field.kind)
                ),
                format!("compare it instead: the field takes {}", field.allowed()),
            )
        });
    };
    let kind_fits = matches!(
        (field.kind, literal),
        (Kind::Boolean, Literal::Bool(_))
            | (Kind::Integer | Kind::Number, Literal::Number(_))
            | (Kind::Choice | Kind::List | Kind::Text, Literal::Text(_))
    );
    if !kind_fits {
        return Some((
            format!(
                "`{name}` is {}, so comparing it with {} {never}",
                kind_words(field.kind),
                literal_words(literal)
            ),
            format!("`{name}` takes {}", field.allowed()),
        ));
    }
    match literal {
        Literal::Text(text)
            if matches!(field.kind, Kind::Choice | Kind::List)
                && !field.values.iter().any(|v| v == text) =>
        {
            let hint = closest(text, field.values.iter().map(String::as_str))
                .map(|close| format!("did you mean \"{close}\"? "))
                .unwrap_or_default();
            Some((
                format!(
                    "\"{}\" is not a value of `{name}`, so this comparison {never}",
                    shown(text)
                ),
                format!("{hint}the values are {}", quoted_list(&field.values)),
            ))
        }
        Literal::Number(number)
            if field.min.is_some_and(|min| *number < min)
                || field.max.is_some_and(|max| *number > max) =>
        {
            Some((
                format!(
                    "{number} is outside the range of `{name}`, so this comparison never changes with the case"
                ),
                format!("`{name}` takes {}", field.allowed()),
            ))
        }
        _ => None,
    }
}

//! The argument checks of the rules API: whether a text given to `refer`,
//! `suggest`, `avoid`, `red_flag`, `review` or `define` is one the data files know
//! (an urgency, a destination, a treatment id) and is safe to show. Driven by the
//! API table's argument kinds, and used twice with the same words: by `triage check`
//! on literal arguments (the analysis), and at run time on every recorded action.

use crate::diagnostic::Diagnostic;
use crate::engine::{ApiFunction, ArgKind, Param};
use crate::error::Error;
use crate::place::Location;
use crate::text::closest;

use super::catalogue::Catalogue;
use super::scale::Scale;

/// A problem with one argument of a rules-API call, before it is given a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgProblem {
    pub message: String,
    pub help: Option<String>,
}

impl ArgProblem {
    /// The problem as a rule error at `location` (a rule that gave it while running).
    pub fn at(self, location: Location) -> Error {
        Error::Rule(self.diagnostic(location))
    }

    /// The problem as an error-severity diagnostic at `location`.
    pub fn diagnostic(self, location: Location) -> Diagnostic {
        let diagnostic = Diagnostic::error(location, self.message);
        match self.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }
}

/// What the argument checks compare against: the scale and the catalogue, when
/// they loaded.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub scale: Option<&'a Scale>,
    pub catalogue: Option<&'a Catalogue>,
    /// The catalogue's path as shown, for the help text.
    pub catalogue_file: &'a str,
}

impl Known<'_> {
    /// Why `text` cannot be given as `param` of `function`, if it cannot.
    pub fn problem(&self, function: &ApiFunction, param: &Param, text: &str) -> Option<ArgProblem> {
        match param.kind {
            ArgKind::Urgency => self.scale.and_then(|scale| urgency_problem(scale, text)),
            ArgKind::Destination => self
                .scale
                .and_then(|scale| destination_problem(scale, text)),
            ArgKind::Treatment => self
                .catalogue
                .and_then(|catalogue| treatment_problem(catalogue, self.catalogue_file, text)),
            ArgKind::RedFlagId => blank_problem(function, param, text)
                .or_else(|| forging_problem(text))
                .or_else(|| snake_case_problem("red-flag id", text)),
            ArgKind::Text => blank_problem(function, param, text).or_else(|| forging_problem(text)),
            ArgKind::DefinitionName => blank_problem(function, param, text)
                .or_else(|| forging_problem(text))
                .or_else(|| snake_case_problem("definition name", text)),
            ArgKind::Answer | ArgKind::Answers | ArgKind::Values => None,
        }
    }
}

fn with_hint(word: &str, known: &[&str], what: &str) -> String {
    let all = format!("{what} {}", known.join(", "));
    match closest(word, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? ({all})"),
        None => all,
    }
}

/// Why `urgency` cannot be given to a referral, if it cannot.
fn urgency_problem(scale: &Scale, urgency: &str) -> Option<ArgProblem> {
    if scale.urgencies[1..].iter().any(|u| u.id == urgency) {
        return None;
    }
    let referable: Vec<&str> = scale.urgencies[1..].iter().map(|u| u.id.as_str()).collect();
    if urgency == scale.lowest().id {
        return Some(ArgProblem {
            message: format!("refer() with urgency \"{urgency}\" is not a referral"),
            help: Some("leave the refer() out instead".to_string()),
        });
    }
    Some(ArgProblem {
        message: format!("unknown urgency \"{urgency}\""),
        help: Some(with_hint(urgency, &referable, "the urgencies are")),
    })
}

/// Why `destination` cannot be given to a referral, if it cannot.
fn destination_problem(scale: &Scale, destination: &str) -> Option<ArgProblem> {
    if scale.destination(destination).is_some() {
        return None;
    }
    let known: Vec<&str> = scale.destinations.iter().map(|d| d.id.as_str()).collect();
    Some(ArgProblem {
        message: format!("unknown destination \"{destination}\""),
        help: Some(with_hint(destination, &known, "the destinations are")),
    })
}

/// Why `treatment` cannot be suggested or avoided, if it cannot.
fn treatment_problem(
    catalogue: &Catalogue,
    catalogue_file: &str,
    treatment: &str,
) -> Option<ArgProblem> {
    if catalogue.get(treatment).is_some() {
        return None;
    }
    let ids = || catalogue.treatments.keys().map(String::as_str);
    let containing = || ids().find(|id| treatment.len() >= 4 && id.contains(treatment));
    // `postural_advice` for `postural_education`: the same first word, if only one id has it.
    let same_first_word = || {
        let first = treatment.split('_').next().filter(|w| w.len() >= 4)?;
        let mut matching = ids().filter(|id| id.split('_').next() == Some(first));
        matching.next().filter(|_| matching.next().is_none())
    };
    let help = match closest(treatment, ids())
        .or_else(containing)
        .or_else(same_first_word)
    {
        Some(close) => {
            format!("did you mean `{close}`? Every treatment must be in {catalogue_file}")
        }
        None => format!("every treatment must be in {catalogue_file} (see `triage fields`)"),
    };
    Some(ArgProblem {
        message: format!("unknown treatment \"{treatment}\""),
        help: Some(help),
    })
}

/// A problem when a text would forge or hide a line of the report.
pub(crate) fn forging_problem(text: &str) -> Option<ArgProblem> {
    crate::text::forging(text).map(|what| ArgProblem {
        message: format!("this text holds {what}, which could forge or hide a line of the report"),
        help: Some("write it on one line, as plain text".to_string()),
    })
}

/// A problem when a red-flag id is not snake_case (`cauda_equina`).
fn snake_case_problem(what: &str, id: &str) -> Option<ArgProblem> {
    let snake = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (!snake).then(|| ArgProblem {
        message: format!(
            "the {what} \"{}\" is not snake_case",
            crate::text::shown(id)
        ),
        help: Some("write it in lower case with underscores, e.g. \"recent_surgery\"".to_string()),
    })
}

/// A problem when a text argument is blank.
fn blank_problem(function: &ApiFunction, param: &Param, text: &str) -> Option<ArgProblem> {
    if !text.trim().is_empty() {
        return None;
    }
    let message = match param.name {
        "why" => "give the reason as the second argument".to_string(),
        "id" => format!("{}() needs an id", function.name),
        other => format!("{}() needs a {other}", function.name),
    };
    Some(ArgProblem {
        message,
        help: None,
    })
}

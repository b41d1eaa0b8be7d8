//! `rules/safety/properties.toml`: the safety properties as the clinical safety
//! officer writes them, read and checked like the other data files (every problem
//! at its line and column, with a did-you-mean for a mis-typed key, field, value
//! or id).

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use super::forcing::accepting_values;
use super::names::Names;
use super::property::{Exception, Property};
use super::reading::{Places, is_snake_case, parse};
use crate::case::Condition;
use crate::error::Error;
use crate::ruleset::SourceFile;
use crate::text::did_you_mean;

/// The properties file inside a rule set.
pub(crate) const PROPERTIES_FILE: &str = "safety/properties.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    property: Vec<RawProperty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperty {
    id: Spanned<String>,
    statement: String,
    source: String,
    #[serde(default)]
    when: Vec<Spanned<Condition>>,
    #[serde(default)]
    when_any: Vec<Spanned<Condition>>,
    #[serde(default)]
    when_urgency_at_least: Option<Spanned<String>>,
    #[serde(default)]
    exception: Vec<Spanned<RawException>>,
    #[serde(default)]
    urgency_at_least: Option<Spanned<String>>,
    #[serde(default)]
    destination_one_of: Vec<Spanned<String>>,
    #[serde(default)]
    never_suggest: Vec<Spanned<String>>,
    #[serde(default)]
    must_avoid: Vec<Spanned<String>>,
    #[serde(default)]
    red_flag_raised: Vec<Spanned<String>>,
    #[serde(default)]
    suggests_nothing: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    when: Vec<Spanned<Condition>>,
    reason: String,
    source: String,
}

/// Reads the properties file: the properties as written (even those with a
/// problem, so the hazard log is checked against every id), and every problem.
pub(crate) fn read(file: &SourceFile, names: &Names) -> (Vec<Property>, Vec<Error>) {
    let raw: RawFile = match parse(file) {
        Ok(raw) => raw,
        Err(error) => return (Vec::new(), vec![error]),
    };
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut properties = Vec::new();
    let places = Places::of(file);
    for property in raw.property {
        let mut check = Checker {
            places: &places,
            names,
            problems: &mut problems,
            id: property.id.get_ref().clone(),
        };
        check.property(&property, &mut seen);
        properties.push(Property {
            id: property.id.get_ref().clone(),
            statement: property.statement,
            source: property.source,
            when: property.when.into_iter().map(Spanned::into_inner).collect(),
            when_any: property
                .when_any
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            when_urgency_at_least: property.when_urgency_at_least.map(Spanned::into_inner),
            exceptions: property
                .exception
                .into_iter()
                .map(|e| {
                    let e = e.into_inner();
                    Exception {
                        when: e.when.into_iter().map(Spanned::into_inner).collect(),
                        reason: e.reason,
                        source: e.source,
                    }
                })
                .collect(),
            urgency_at_least: property.urgency_at_least.map(Spanned::into_inner),
            destination_one_of: inner(property.destination_one_of),
            never_suggest: inner(property.never_suggest),
            must_avoid: inner(property.must_avoid),
            red_flag_raised: inner(property.red_flag_raised),
            suggests_nothing: property.suggests_nothing,
            place: places.at(&property.id.span()),
        });
    }
    (properties, problems)
}

fn inner(values: Vec<Spanned<String>>) -> Vec<String> {
    values.into_iter().map(Spanned::into_inner).collect()
}

/// Checks one property, pushing each problem at its place.
struct Checker<'a> {
    places: &'a Places<'a>,
    names: &'a Names<'a>,
    problems: &'a mut Vec<Error>,
    id: String,
}

impl Checker<'_> {
    fn problem(&mut self, location: crate::place::Location, message: impl std::fmt::Display) {
        self.problems.push(Error::rule(
            location,
            format!("property `{}`: {message}", self.id),
        ));
    }

    fn property(&mut self, property: &RawProperty, seen: &mut BTreeSet<String>) {
        let id_at = self.places.at(&property.id.span());
        if !is_snake_case(&self.id) {
            self.problem(
                id_at.clone(),
                "the id must be snake_case (lower-case letters, digits and _)".to_string(),
            );
        }
        if !seen.insert(self.id.clone()) {
            self.problem(id_at.clone(), "this id is used twice".to_string());
        }
        for (key, text) in [
            ("statement", &property.statement),
            ("source", &property.source),
        ] {
            if text.trim().is_empty() {
                self.problem(id_at.clone(), format!("`{key}` is empty"));
            }
        }
        let concludes = property.urgency_at_least.is_some()
            || !property.destination_one_of.is_empty()
            || !property.never_suggest.is_empty()
            || !property.must_avoid.is_empty()
            || !property.red_flag_raised.is_empty()
            || property.suggests_nothing;
        if !concludes {
            self.problem(
                id_at.clone(),
                "it concludes nothing: give urgency_at_least, destination_one_of, never_suggest, must_avoid, red_flag_raised or suggests_nothing".to_string(),
            );
        }
        let before = self.problems.len();
        self.conditions(&property.when, "when");
        self.conditions(&property.when_any, "when_any");
        let named_right = self.problems.len() == before;
        if let Some(vocabulary) = self.names.vocabulary.filter(|_| named_right) {
            let premise: Vec<&Condition> = property.when.iter().map(Spanned::get_ref).collect();
            let fields: BTreeSet<&str> = premise.iter().map(|c| c.field.as_str()).collect();
            for field in fields {
                let on_field: Vec<&Condition> = premise
                    .iter()
                    .copied()
                    .filter(|c| c.field == field)
                    .collect();
                if let Some((section, name)) = field.split_once('.')
                    && let Some(target) = vocabulary.field(section, name)
                    && accepting_values(target, &on_field).is_empty()
                {
                    self.problem(
                        id_at.clone(),
                        format!("the conditions on `{field}` can never all hold"),
                    );
                }
            }
        }
        for exception in &property.exception {
            let span = exception.span();
            let exception = exception.get_ref();
            if exception.when.is_empty() {
                self.problem(
                    self.places.at(&span),
                    "an exception needs `when`".to_string(),
                );
            }
            if exception.reason.trim().is_empty() || exception.source.trim().is_empty() {
                self.problem(
                    self.places.at(&span),
                    "an exception needs its `reason` and its `source`".to_string(),
                );
            }
            self.conditions(&exception.when, "exception when");
        }
        for urgency in property
            .urgency_at_least
            .iter()
            .chain(&property.when_urgency_at_least)
        {
            self.urgency(urgency);
        }
        let destinations = self.names.destinations.clone();
        self.ids(
            &property.destination_one_of,
            destinations.as_deref(),
            "a destination",
        );
        let treatments = self.names.treatments.clone();
        for list in [&property.never_suggest, &property.must_avoid] {
            self.ids(list, treatments.as_deref(), "a treatment of the catalogue");
        }
        let red_flags: Option<Vec<&str>> = self
            .names
            .red_flags
            .as_ref()
            .map(|set| set.iter().map(String::as_str).collect());
        self.ids(
            &property.red_flag_raised,
            red_flags.as_deref(),
            "a red flag any rule raises",
        );
    }

    fn conditions(&mut self, conditions: &[Spanned<Condition>], key: &str) {
        let Some(vocabulary) = self.names.vocabulary else {
            return;
        };
        for condition in conditions {
            let span = condition.span();
            let condition = condition.get_ref();
            let problem = vocabulary.condition_problem(condition, key).or_else(|| {
                (!condition.tests_something()).then(|| {
                    format!(
                        "the condition on `{}` tests nothing: add `is`, `one_of`, `at_least`, `below` or `answered`",
                        condition.field
                    )
                })
            });
            if let Some(message) = problem {
                let token = condition
                    .one_of
                    .iter()
                    .find(|v| message.contains(&format!("\"{v}\"")))
                    .map_or(condition.field.as_str(), String::as_str);
                let location = self.places.at_token(&span, token);
                self.problem(location, message);
            }
        }
    }

    fn urgency(&mut self, urgency: &Spanned<String>) {
        let Some(urgencies) = self.names.urgencies.clone() else {
            return;
        };
        let location = self.places.at(&urgency.span());
        let value = urgency.get_ref();
        if !urgencies.contains(&value.as_str()) {
            self.problem(
                location,
                format!(
                    "`{value}` is not an urgency{}",
                    did_you_mean(value, urgencies.iter().copied())
                ),
            );
        } else if urgencies.first() == Some(&value.as_str()) {
            self.problem(
                location,
                format!(
                    "\"at least `{value}`\", the lowest urgency, is always true: name a higher one"
                ),
            );
        }
    }

    fn ids(&mut self, values: &[Spanned<String>], known: Option<&[&str]>, what: &str) {
        let Some(known) = known else {
            return;
        };
        for value in values {
            let id = value.get_ref();
            if !known.contains(&id.as_str()) {
                let location = self.places.at(&value.span());
                self.problem(
                    location,
                    format!(
                        "`{id}` is not {what}{}",
                        did_you_mean(id, known.iter().copied())
                    ),
                );
            }
        }
    }
}

//! `rules/safety/hazards.toml`: the hazard log (DCB0129), read and checked. A
//! control that names nothing that exists, and a hazard with no control, are
//! errors; so is a residual risk above the initial one.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use super::guarantees::{GUARANTEES, guarantee};
use super::hazard::{Control, Hazard};
use super::names::Names;
use super::property::Property;
use super::reading::{Places, parse};
use super::risk::{LIKELIHOODS, Risk, SEVERITIES};
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::SourceFile;
use crate::text::did_you_mean;

/// The hazard log inside a rule set.
pub(crate) const HAZARDS_FILE: &str = "safety/hazards.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    hazard: Vec<RawHazard>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHazard {
    id: Spanned<String>,
    title: String,
    causes: Vec<String>,
    effect: String,
    harm: String,
    severity: Spanned<String>,
    likelihood: Spanned<String>,
    #[serde(default)]
    residual_severity: Option<Spanned<String>>,
    residual_likelihood: Spanned<String>,
    #[serde(default)]
    controls: Vec<Spanned<RawControl>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    #[serde(default)]
    property: Option<String>,
    #[serde(default)]
    guarantee: Option<String>,
    #[serde(default)]
    rule_file: Option<String>,
}

/// Reads the hazard log, checking each control against `properties`, the
/// engine's guarantees and the rule files.
pub(crate) fn read(
    file: &SourceFile,
    names: &Names,
    properties: &[Property],
) -> Result<Vec<Hazard>, Vec<Error>> {
    let raw: RawFile = parse(file).map_err(|e| vec![e])?;
    let places = Places::of(file);
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut hazards = Vec::new();
    let property_ids: Vec<&str> = properties.iter().map(|p| p.id.as_str()).collect();
    let guarantee_ids: Vec<&str> = GUARANTEES.iter().map(|g| g.id).collect();
    for hazard in raw.hazard {
        let id = hazard.id.get_ref().clone();
        let place = places.at(&hazard.id.span());
        let mut problem = |location: Location, message: String| {
            problems.push(Error::rule(location, format!("hazard `{id}`: {message}")));
        };
        if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
            problem(
                place.clone(),
                "the id must be one word (for example H01)".to_string(),
            );
        }
        if !seen.insert(id.clone()) {
            problem(place.clone(), "this id is used twice".to_string());
        }
        let texts = [
            ("title", &hazard.title),
            ("effect", &hazard.effect),
            ("harm", &hazard.harm),
        ];
        for (key, text) in texts {
            if text.trim().is_empty() {
                problem(place.clone(), format!("`{key}` is empty"));
            }
        }
        if hazard.causes.iter().all(|c| c.trim().is_empty()) {
            problem(
                place.clone(),
                "name at least one cause in `causes`".to_string(),
            );
        }
        let mut scale = |value: &Spanned<String>, words: &[&str], what: &str| {
            let word = value.get_ref();
            let index = words.iter().position(|w| w == word);
            if index.is_none() {
                problem(
                    places.at(&value.span()),
                    format!(
                        "`{word}` is not a {what} of the DCB0129 matrix{}",
                        did_you_mean(word, words.iter().copied())
                    ),
                );
            }
            index.unwrap_or(0)
        };
        let initial = Risk {
            severity: scale(&hazard.severity, &SEVERITIES, "severity"),
            likelihood: scale(&hazard.likelihood, &LIKELIHOODS, "likelihood"),
        };
        let residual = Risk {
            severity: hazard
                .residual_severity
                .as_ref()
                .map_or(initial.severity, |s| scale(s, &SEVERITIES, "severity")),
            likelihood: scale(&hazard.residual_likelihood, &LIKELIHOODS, "likelihood"),
        };
        if residual.rating() > initial.rating() {
            problem(
                places.at(&hazard.residual_likelihood.span()),
                format!(
                    "the residual risk {} is above the initial risk {}: controls cannot raise a risk",
                    residual.describe(),
                    initial.describe()
                ),
            );
        }
        if hazard.controls.is_empty() {
            problem(
                place.clone(),
                "it has no control: name at least one property, guarantee or rule_file in `controls`".to_string(),
            );
        }
        let mut controls = Vec::new();
        for control in &hazard.controls {
            let raw = control.get_ref();
            let written = [&raw.property, &raw.guarantee, &raw.rule_file]
                .into_iter()
                .flatten()
                .next()
                .map_or("", String::as_str);
            let location = places.at_token(&control.span(), written);
            let given: Vec<Control> = [
                raw.property.clone().map(Control::Property),
                raw.guarantee.clone().map(Control::Guarantee),
                raw.rule_file.clone().map(Control::RuleFile),
            ]
            .into_iter()
            .flatten()
            .collect();
            let [control] = given.as_slice() else {
                problem(
                    location,
                    "a control names exactly one of `property`, `guarantee` or `rule_file`"
                        .to_string(),
                );
                continue;
            };
            let missing = match control {
                Control::Property(name) => (!property_ids.contains(&name.as_str())).then(|| {
                    format!(
                        "the property `{name}` is not in the properties file{}",
                        did_you_mean(name, property_ids.iter().copied())
                    )
                }),
                Control::Guarantee(name) => guarantee(name).is_none().then(|| {
                    format!(
                        "`{name}` is not a guarantee of the engine{}",
                        did_you_mean(name, guarantee_ids.iter().copied())
                    )
                }),
                Control::RuleFile(path) => (!names.rule_files.contains(path)).then(|| {
                    format!(
                        "`{path}` is not a rule file of this rule set (write its path inside the rules folder){}",
                        did_you_mean(path, names.rule_files.iter().map(String::as_str))
                    )
                }),
            };
            match missing {
                Some(message) => problem(
                    location,
                    format!("a control names nothing that exists: {message}"),
                ),
                None => controls.push(control.clone()),
            }
        }
        hazards.push(Hazard {
            id,
            title: hazard.title,
            causes: hazard.causes,
            effect: hazard.effect,
            harm: hazard.harm,
            initial,
            residual,
            controls,
            place,
        });
    }
    if problems.is_empty() {
        Ok(hazards)
    } else {
        Err(problems)
    }
}

//! The rule set's handout templates, read and checked: each on its own when
//! read (syntax, variables, filters, statements), then rendered with every
//! sample handout (`samples.rs`), which must render and, for a referral, name
//! where the patient is to go.

use std::path::Path;

use indexmap::IndexMap;

use super::samples::{Sample, samples};
use super::template::{Format, Template};
use super::words::{PatientWords, SafetyNet};
use crate::error::Error;
use crate::place::Location;
use crate::ruleset::{Scale, SourceFile};

/// The rule set's templates, each when present.
#[derive(Debug, Clone, Default)]
pub(crate) struct Templates {
    markdown: Option<Template>,
    html: Option<Template>,
}

impl Templates {
    /// Reads the templates among `sources` and checks each on its own (syntax,
    /// variables, filters, statements); any other template file is refused.
    pub(crate) fn read(
        sources: &[SourceFile],
        shown: impl Fn(&str) -> String,
    ) -> Result<Templates, Vec<Error>> {
        let mut problems = Vec::new();
        let mut templates = Templates::default();
        for source in sources.iter().filter(|s| is_template(&s.relative)) {
            let format = [Format::Markdown, Format::Html]
                .into_iter()
                .find(|f| f.template() == source.relative);
            let Some(format) = format else {
                problems.push(Error::rule(
                    Location::file_only(&source.path),
                    format!(
                        "not a handout template: the templates are {} and {}",
                        shown(Format::Markdown.template()),
                        shown(Format::Html.template())
                    ),
                ));
                continue;
            };
            let template = Template {
                path: source.path.clone(),
                text: source.text.clone(),
                format,
            };
            let found = template.static_problems();
            if found.is_empty() {
                match format {
                    Format::Markdown => templates.markdown = Some(template),
                    Format::Html => templates.html = Some(template),
                }
            }
            problems.extend(found);
        }
        if problems.is_empty() {
            Ok(templates)
        } else {
            Err(problems)
        }
    }

    /// Renders every template with every sample handout: what no static check
    /// sees (a misspelt attribute, a filter on a value of the wrong kind) fails here.
    pub(crate) fn check(
        &self,
        treatments: &IndexMap<String, PatientWords>,
        safety_net: &SafetyNet,
        scale: Option<&Scale>,
    ) -> Result<(), Vec<Error>> {
        let samples = samples(treatments, safety_net, scale);
        let mut problems = Vec::new();
        for template in [&self.markdown, &self.html].into_iter().flatten() {
            let rendered = template.render_each(samples.iter().map(|s| &s.context));
            // The first failure of each kind: one broken line fails every sample.
            let failed = samples
                .iter()
                .zip(rendered)
                .find_map(|(sample, text)| match text {
                    Err(error) => Some(match error {
                        Error::Rule(mut diagnostic) => {
                            diagnostic.message = format!(
                                "fails on the sample handout {}: {}",
                                sample.name, diagnostic.message
                            );
                            Error::Rule(diagnostic)
                        }
                        other => other,
                    }),
                    Ok(text) => silent_about_where(template, sample, &text),
                });
            problems.extend(failed);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The template of `format`, when the rule set has it.
    pub(crate) fn get(&self, format: Format) -> Option<&Template> {
        match format {
            Format::Markdown => self.markdown.as_ref(),
            Format::Html => self.html.as_ref(),
        }
    }
}

/// The problem when the handout of a referral does not name where the patient
/// is to go (the destination, as `referrals.toml` words it for a patient).
fn silent_about_where(template: &Template, sample: &Sample, text: &str) -> Option<Error> {
    let destination = sample.must_name.as_deref()?;
    if text.contains(destination) || text.contains(&template.escaped(destination)) {
        return None;
    }
    Some(
        Error::rule(
            Location::file_only(&template.path),
            format!(
                "does not tell the patient where to go: the sample handout {} never names \"{destination}\"",
                sample.name
            ),
        )
        .with_help("print `{{ referral.destination }}` wherever the handout has a referral, the emergency (`withheld`) branch too; the destinations' names are in referrals.toml"),
    )
}

/// Whether a rule-set file is a template (`.j2`, wherever it is).
pub(crate) fn is_template(relative: &str) -> bool {
    Path::new(relative).extension().is_some_and(|e| e == "j2")
}

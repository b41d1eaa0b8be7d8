//! The safety case report's templates (MiniJinja, as the patient handout's):
//! `rules/safety/safety_case.md.j2` and `safety_case.html.j2`, edited by the
//! clinical safety officer without recompiling. Strict about undefined values,
//! fuelled against a runaway loop, and every printed value escaped for its
//! format, so text from the rule set cannot become markup.

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::error::Error;
use crate::handout::{configure_template, template_error};
use crate::ruleset::SourceFile;

/// Enough for a report with hundreds of hazards and properties.
const FUEL: u64 = 20_000_000;

/// The format of the safety case report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    Markdown,
    Html,
}

impl ReportFormat {
    /// The template's path inside the rule set.
    pub(crate) fn template(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "safety/safety_case.md.j2",
            ReportFormat::Html => "safety/safety_case.html.j2",
        }
    }
}

/// One template of the report.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// As shown in messages.
    pub path: String,
    pub text: String,
    pub format: ReportFormat,
}

impl Template {
    /// The template of `format` among `sources`, compiled; `None` when absent.
    pub(crate) fn read(
        sources: &[SourceFile],
        format: ReportFormat,
    ) -> Option<Result<Template, Error>> {
        let source = sources.iter().find(|s| s.relative == format.template())?;
        let template = Template {
            path: source.path.clone(),
            text: source.text.clone(),
            format,
        };
        let mut env = Environment::new();
        env.set_debug(true);
        Some(match env.add_template(&template.path, &template.text) {
            Ok(()) => Ok(template.clone()),
            Err(error) => Err(template.error(&error)),
        })
    }

    /// Renders the report for `context`.
    pub(crate) fn render(&self, context: &impl Serialize) -> Result<String, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        configure_template(&mut env, self.format == ReportFormat::Markdown);
        env.add_template(&self.path, &self.text)
            .map_err(|e| self.error(&e))?;
        let template = env.get_template(&self.path).map_err(|e| self.error(&e))?;
        let mut text = template
            .render(Value::from(minijinja::value::Serde(context)))
            .map_err(|e| self.error(&e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text)
    }

    /// A MiniJinja error at its file, line and column.
    fn error(&self, error: &minijinja::Error) -> Error {
        template_error(&self.path, &self.text, error)
    }
}

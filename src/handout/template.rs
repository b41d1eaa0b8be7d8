//! One handout template (MiniJinja): its format, its static checks, and its
//! render with a [`Context`]. The rule set's templates together are
//! `templates.rs`.
//!
//! A template is text a senior physiotherapist edits, shown to patients, so it is
//! held to the rules' standard: it compiles, it names only the variables of
//! [`Context`] (strict undefined values: a misspelt name is an error, not a blank),
//! it uses only the filters and statements listed below (none that turns escaping
//! off or reads another file), it renders every sample handout, and every value it
//! prints is escaped for its format (HTML, or Markdown, so that rule text cannot
//! become markup). A runaway loop is stopped by MiniJinja's fuel.

use std::borrow::Cow;
use std::path::Path;

use minijinja::{AutoEscape, Environment, ErrorKind, State, UndefinedBehavior, Value};

use super::context::{Context, VARIABLES};
use super::tags::{Tag, tags};
use crate::error::Error;
use crate::place::Location;
use crate::text::{did_you_mean, escape_markdown};

/// The filters a handout template may use.
pub(crate) const FILTERS: [&str; 15] = [
    "capitalize",
    "count",
    "d",
    "default",
    "e",
    "escape",
    "first",
    "join",
    "last",
    "length",
    "lower",
    "replace",
    "title",
    "trim",
    "upper",
];

/// The statements a handout template may use (`{% if %}` and so on).
pub(crate) const STATEMENTS: [&str; 10] = [
    "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "with", "endwith",
];

/// The functions MiniJinja offers a template besides its variables.
const FUNCTIONS: [&str; 3] = ["range", "loop", "namespace"];

/// Enough for a handout many times over; a template that loops without end runs out.
const FUEL: u64 = 2_000_000;

/// The custom escaping of Markdown templates.
const MARKDOWN: &str = "markdown";
/// The format of a handout, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    /// The format for an output file: `.md`/`.markdown` or `.html`/`.htm` (any
    /// letter case); anything else is refused with what is allowed.
    pub fn of_path(path: &Path) -> Result<Format, String> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(format!(
                "--handout {}: the file name must end in .md or .markdown (Markdown) or .html or .htm (HTML), which decides the handout's format",
                crate::text::shown(&path.to_string_lossy())
            )),
        }
    }

    /// The template's path inside the rule set.
    pub fn template(self) -> &'static str {
        match self {
            Format::Markdown => "handout/handout.md.j2",
            Format::Html => "handout/handout.html.j2",
        }
    }
}
/// One template: where it is and its text.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// As shown in messages (`rules/handout/handout.md.j2`).
    pub path: String,
    pub text: String,
    pub(super) format: Format,
}
impl Template {
    /// Renders the handout.
    pub(crate) fn render(&self, context: &Context) -> Result<String, Error> {
        self.render_with(&self.environment(), context)
    }

    /// Renders every one of `contexts` with one environment (the template
    /// compiled once), for the sample handouts.
    pub(super) fn render_each<'c>(
        &self,
        contexts: impl IntoIterator<Item = &'c Context>,
    ) -> Vec<Result<String, Error>> {
        let env = self.environment();
        contexts
            .into_iter()
            .map(|context| self.render_with(&env, context))
            .collect()
    }

    /// `text` as this template prints a value: escaped for its format.
    pub(super) fn escaped(&self, text: &str) -> String {
        match self.format {
            Format::Markdown => escape_markdown(text),
            Format::Html => minijinja::HtmlEscape(text).to_string(),
        }
    }

    fn render_with(&self, env: &Environment<'_>, context: &Context) -> Result<String, Error> {
        let template = env
            .get_template(&self.path)
            .map_err(|e| self.error(&e, None))?;
        let mut text = template
            .render(Value::from(minijinja::value::Serde(context)))
            .map_err(|e| {
                self.error(
                    &e,
                    Some(format!(
                        "a template reads only these variables: {}; print a value that may be none inside `{{% if value %}}`",
                        VARIABLES.join(", ")
                    )),
                )
            })?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text)
    }

    /// The MiniJinja environment of this one template: strict about undefined
    /// values, fuelled, escaping every printed value for the format.
    fn environment(&self) -> Environment<'_> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        configure(&mut env, self.format == Format::Markdown);
        // Checked by `static_problems` before any render: the error is kept for `render`.
        let _ = env.add_template(&self.path, &self.text);
        env
    }

    /// Syntax, unknown variables, filters and statements: found without rendering.
    pub(super) fn static_problems(&self) -> Vec<Error> {
        let mut env = Environment::new();
        env.set_debug(true);
        if let Err(error) = env.add_template(&self.path, &self.text) {
            return vec![self.error(
                &error,
                Some("see rules/README.md, \"The home exercise handout\": `{{ value }}`, `{% if %}`, `{% for %}`, `{# comment #}`".to_string()),
            )];
        }
        let mut problems = Vec::new();
        for tag in tags(&self.text) {
            let (word, offset, allowed, what): (&str, usize, &[&str], &str) = match tag {
                Tag::Filter(word, offset) => (word, offset, &FILTERS, "filter"),
                Tag::Statement(word, offset) => (word, offset, &STATEMENTS, "statement"),
            };
            if !allowed.contains(&word) {
                problems.push(
                    Error::rule(
                        Location::at_offset(&self.path, &self.text, offset),
                        format!(
                            "`{word}` is not a {what} a handout template may use{}",
                            did_you_mean(word, allowed.iter().copied())
                        ),
                    )
                    .with_help(format!("allowed: {}", allowed.join(", "))),
                );
            }
        }
        if let Ok(template) = env.get_template(&self.path) {
            let mut unknown: Vec<String> = template
                .undeclared_variables(false)
                .into_iter()
                .filter(|name| {
                    !VARIABLES.contains(&name.as_str()) && !FUNCTIONS.contains(&name.as_str())
                })
                .collect();
            unknown.sort();
            for name in unknown {
                problems.push(
                    Error::rule(
                        self.locate_word(&name),
                        format!(
                            "`{name}` is not a variable of the handout{}",
                            did_you_mean(&name, VARIABLES)
                        ),
                    )
                    .with_help(format!("the variables: {}", VARIABLES.join(", "))),
                );
            }
        }
        problems
    }

    /// The first place `word` stands as a whole word inside a tag, for a caret.
    fn locate_word(&self, word: &str) -> Location {
        let bytes = self.text.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let offset = self.text.match_indices(word).map(|(i, _)| i).find(|&i| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + word.len()).copied();
            !before.is_some_and(|b| is_word(b) || b == b'.') && !after.is_some_and(is_word)
        });
        offset.map_or_else(
            || Location::file_only(&self.path),
            |offset| Location::at_offset(&self.path, &self.text, offset),
        )
    }

    /// A MiniJinja error as a rule error at its file, line and column.
    fn error(&self, error: &minijinja::Error, help: Option<String>) -> Error {
        let error = template_error(&self.path, &self.text, error);
        match help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }
}
/// A MiniJinja error in the rule-set template `path` (`text`) as a rule error
/// at its file, line and column: the handout's and the safety case's alike.
pub(crate) fn template_error(path: &str, text: &str, error: &minijinja::Error) -> Error {
    let location = match (error.range(), error.line()) {
        (Some(range), _) => Location::at_offset(path, text, range.start),
        (None, Some(line)) => Location::in_source(path, text, line, 1),
        (None, None) => Location::file_only(path),
    };
    let message = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    Error::rule(location, message)
}

/// The syntax and escaping every rule-set template is rendered with (the
/// handout's and the safety case's): blocks trimmed, every value escaped for
/// its format (Markdown or HTML), `none` refused.
pub(crate) fn configure(env: &mut Environment, markdown: bool) {
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    let escape = if markdown {
        AutoEscape::Custom(Cow::Borrowed(MARKDOWN))
    } else {
        AutoEscape::Html
    };
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_formatter(format_value);
}

/// Prints a value escaped for the template's format. `none` is refused: a
/// patient (or a safety officer) must never read "none" where a value was meant.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            "a value that is none was printed: show it inside `{% if value %}`",
        ));
    }
    if matches!(state.auto_escape(), AutoEscape::Custom(name) if *name == MARKDOWN) {
        let text = value.to_string();
        if value.is_safe() {
            out.write_str(&text)?;
        } else {
            out.write_str(&escape_markdown(&text))?;
        }
        Ok(())
    } else {
        minijinja::escape_formatter(out, state, value)
    }
}

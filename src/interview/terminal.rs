//! The interview on a terminal, with dialoguer's prompts on stderr (stdout stays
//! for the assessment): a list to pick from for yes/no and choice questions, boxes
//! to tick for lists, a checked line for numbers and text.
//!
//! The cursor starts on "unknown", never on an answer: a clinician pressing Enter
//! too soon leaves the question unanswered (reported as not screened for a red
//! flag), which is safe, rather than answering "no", which is not. For a list,
//! ticking nothing is unknown too; "none of these" is a box of its own.
//!
//! Esc (or the "back" line) goes back to the previous question. Ctrl-C is the
//! terminal's interrupt: `console` raises SIGINT and triage stops with nothing
//! assessed or saved; a prompt error (a lost
//! terminal) ends the questions and the case is assessed as it stands.

use dialoguer::console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};
use serde_json::Value as Json;

use super::answer::{self, Reply};
use super::ask::{Ask, Question, Stop};
use crate::case::Kind;

const UNKNOWN: &str = "unknown (not asked, not known)";
const BACK: &str = "(back to the previous question)";
const NONE: &str = "(none of these)";

/// Prompts on the terminal's stderr.
pub(crate) struct Terminal {
    term: Term,
    theme: ColorfulTheme,
}

impl Terminal {
    /// Prompts on stderr; `color` false for `--color never` or `NO_COLOR`.
    pub(crate) fn new(color: bool) -> Self {
        dialoguer::console::set_colors_enabled_stderr(color);
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }

    /// A prompt's outcome: `Err` (a lost or closed terminal) is the end of
    /// the answers, with the cursor shown again.
    fn ended<T>(&self, result: dialoguer::Result<T>) -> Option<T> {
        result
            .inspect_err(|_| {
                let _ = self.term.show_cursor();
            })
            .ok()
    }

    fn pick(&self, question: &Question, items: &[String], answers: &[Json]) -> Option<Reply> {
        let mut shown: Vec<String> = items.to_vec();
        shown.push(UNKNOWN.to_string());
        shown.push(BACK.to_string());
        let picked = Select::with_theme(&self.theme)
            .with_prompt(prompt(question, "Esc: back"))
            .items(&shown)
            .default(items.len())
            .interact_on_opt(&self.term);
        Some(match self.ended(picked)? {
            Some(i) if i < answers.len() => Reply::Answer(answers[i].clone()),
            Some(i) if i == items.len() => Reply::Unknown,
            // Esc, or the "back" line.
            _ => Reply::Back,
        })
    }

    fn tick(&self, question: &Question) -> Option<Reply> {
        let values = &question.spec.values;
        let mut shown: Vec<String> = values.clone();
        shown.push(NONE.to_string());
        shown.push(BACK.to_string());
        let ticked = MultiSelect::with_theme(&self.theme)
            .with_prompt(prompt(
                question,
                "Space ticks, Enter confirms, nothing ticked = unknown, Esc: back",
            ))
            .items(&shown)
            .interact_on_opt(&self.term);
        let Some(ticked) = self.ended(ticked)? else {
            return Some(Reply::Back);
        };
        if ticked.contains(&(values.len() + 1)) {
            return Some(Reply::Back);
        }
        if ticked.is_empty() {
            return Some(Reply::Unknown);
        }
        let items: Vec<Json> = ticked
            .iter()
            .filter_map(|i| values.get(*i))
            .map(|v| Json::String(v.clone()))
            .collect();
        Some(Reply::Answer(Json::Array(items)))
    }

    fn type_in(&self, question: &Question) -> Option<Reply> {
        let spec = question.spec.clone();
        let typed: dialoguer::Result<String> = Input::with_theme(&self.theme)
            .with_prompt(prompt(
                question,
                &format!("{}; empty or ? for unknown, back", answer::allowed(&spec)),
            ))
            .allow_empty(true)
            .validate_with(move |line: &String| answer::parse(&spec, line).map(|_| ()))
            .interact_text_on(&self.term);
        // The validator let only an understood answer through.
        answer::parse(&question.spec, &self.ended(typed)?).ok()
    }
}

/// The prompt line: the question, then how to answer, dimmed.
fn prompt(question: &Question, how: &str) -> String {
    format!("{} {}", question.text, style(format!("({how})")).dim())
}

impl Ask for Terminal {
    fn ask(&mut self, question: &Question) -> Option<Reply> {
        match question.spec.kind {
            Kind::Boolean => self.pick(
                question,
                &["yes".to_string(), "no".to_string()],
                &[Json::Bool(true), Json::Bool(false)],
            ),
            Kind::Choice => {
                let values = &question.spec.values;
                let answers: Vec<Json> = values.iter().cloned().map(Json::String).collect();
                self.pick(question, values, &answers)
            }
            Kind::List => self.tick(question),
            Kind::Integer | Kind::Number | Kind::Text => self.type_in(question),
        }
    }

    fn refused(&mut self, question: &Question, why: &str) -> bool {
        let _ = self.term.write_line(&format!(
            "{} {}: {why}",
            style("not taken:").yellow(),
            question.field
        ));
        true
    }

    fn offer_stop(&mut self, notice: &str) -> Option<Stop> {
        let _ = self
            .term
            .write_line(&style(notice).red().bold().to_string());
        let stop = Confirm::with_theme(&self.theme)
            .with_prompt("Stop the interview and show the assessment now? (Esc: back)")
            .default(true)
            .interact_on_opt(&self.term);
        Some(match self.ended(stop)? {
            Some(true) => Stop::Now,
            Some(false) => Stop::GoOn,
            None => Stop::Back,
        })
    }

    fn say(&mut self, message: &str) {
        let _ = self.term.write_line(message);
    }
}

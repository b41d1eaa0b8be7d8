//! The interview on a terminal, with dialoguer's prompts on stderr (stdout stays
//! for the assessment): a list to pick from for yes/no and choice questions, boxes
//! to tick for lists, a checked line for numbers and text.
//!
//! The cursor starts on "unknown", never on an answer: a clinician pressing Enter
//! too soon leaves the question unanswered (reported as not screened for a red
//! flag), which is safe, rather than answering "no", which is not. For a list,
//! ticking nothing is unknown too; "none of these" is a box of its own.
//!
//! A checklist of red-flag questions is boxes to tick: the findings present;
//! "none of these" for all no; nothing ticked leaves them all unknown, never no.
//! Every prompt starts with its number and how many unasked questions could
//! still change the assessment, and has a "finish" line that assesses what has
//! been given. Prompt and item texts are wrapped to the terminal's width with
//! their own line breaks, so dialoguer, which counts lines by their breaks,
//! clears every line of a prompt it redraws (no stale lines at 80 columns).
//!
//! Esc (or the "back" line) goes back to the previous question. Ctrl-C is the
//! terminal's interrupt (`console` raises SIGINT): triage shows the cursor the
//! prompt hid, says that nothing was saved, and exits 130 with nothing assessed
//! or saved; a prompt error (a lost terminal) ends the questions and the case is
//! assessed as it stands.

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
const FINISH: &str = "(finish: assess the answers given)";

/// The exit status after Ctrl-C (128 + SIGINT), as a shell reports it.
const INTERRUPTED: i32 = 130;

/// Ctrl-C: the cursor shown again, a line saying that nothing was saved or
/// assessed, and the exit status a shell gives an interrupted program.
fn interrupted() -> ! {
    let term = Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("\ninterrupted: nothing was saved and nothing was assessed");
    std::process::exit(INTERRUPTED);
}

/// Prompts on the terminal's stderr.
pub(crate) struct Terminal {
    term: Term,
    theme: ColorfulTheme,
}

impl Terminal {
    /// Prompts on stderr; `color` false for `--color never` or `NO_COLOR`.
    /// Ctrl-C from here on shows the cursor again, says that nothing was
    /// saved, and exits.
    pub(crate) fn new(color: bool) -> Self {
        dialoguer::console::set_colors_enabled_stderr(color);
        // A handler set once per process; a second interview in the same
        // process keeps the first one's, which does the same.
        let _ = ctrlc::set_handler(|| interrupted());
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }

    /// `text` wrapped to the terminal, continuation lines indented: explicit
    /// line breaks, which dialoguer counts when it clears a prompt.
    fn wrap(&self, text: &str, indent: &str) -> String {
        let width = usize::from(self.term.size().1).saturating_sub(6).max(20);
        let options = textwrap::Options::new(width).subsequent_indent(indent);
        textwrap::wrap(text, options).join("\n")
    }

    /// A prompt's outcome: `Err` (a lost or closed terminal) is the end of
    /// the answers, with the cursor shown again. Ctrl-C read as a key while a
    /// prompt holds the terminal in raw mode is the same interruption as the
    /// signal between prompts: never the end of the answers, which would save.
    fn ended<T>(&self, result: dialoguer::Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(dialoguer::Error::IO(error)) if error.kind() == std::io::ErrorKind::Interrupted => {
                interrupted()
            }
            Err(_) => {
                let _ = self.term.show_cursor();
                None
            }
        }
    }

    fn pick(&self, question: &Question, items: &[String], answers: &[Json]) -> Option<Reply> {
        let mut shown: Vec<String> = items.iter().map(|i| self.wrap(i, "    ")).collect();
        shown.push(UNKNOWN.to_string());
        shown.push(FINISH.to_string());
        shown.push(BACK.to_string());
        let picked = Select::with_theme(&self.theme)
            .with_prompt(self.prompt(question, "Esc: back"))
            .items(&shown)
            .default(items.len())
            .interact_on_opt(&self.term);
        Some(match self.ended(picked)? {
            Some(i) if i < answers.len() => Reply::Answer(answers[i].clone()),
            Some(i) if i == items.len() => Reply::Unknown,
            Some(i) if i == items.len() + 1 => Reply::Finish,
            // Esc, or the "back" line.
            _ => Reply::Back,
        })
    }

    /// A multi-select of `items` with "none of these", finish and back below
    /// them: `Err` holds the reply a control line or nothing ticked gives
    /// (nothing ticked is unknown, never no); `Ok` the ticked items and
    /// whether "none of these" was ticked. `None`: the answers ended.
    fn ticked(
        &self,
        question: &Question,
        items: Vec<String>,
        hint: &str,
    ) -> Option<Result<(Vec<usize>, bool), Reply>> {
        let n = items.len();
        let mut shown = items;
        shown.push(NONE.to_string());
        shown.push(FINISH.to_string());
        shown.push(BACK.to_string());
        let ticked = MultiSelect::with_theme(&self.theme)
            .with_prompt(self.prompt(question, hint))
            .items(&shown)
            .interact_on_opt(&self.term);
        let Some(ticked) = self.ended(ticked)? else {
            // Esc.
            return Some(Err(Reply::Back));
        };
        Some(if ticked.contains(&(n + 2)) {
            Err(Reply::Back)
        } else if ticked.contains(&(n + 1)) {
            Err(Reply::Finish)
        } else if ticked.is_empty() {
            Err(Reply::Unknown)
        } else {
            let none = ticked.contains(&n);
            Ok((ticked.into_iter().filter(|i| *i < n).collect(), none))
        })
    }

    /// A checklist: the findings present ticked; "none of these" for all no;
    /// nothing ticked for all unknown (never no).
    fn checklist(&self, question: &Question) -> Option<Reply> {
        let members = &question.members;
        let shown: Vec<String> = members
            .iter()
            .map(|(_, text)| self.wrap(text, "    "))
            .collect();
        let hint =
            "Space ticks what is present, Enter confirms; nothing ticked = unknown, Esc: back";
        let (ticked, none) = match self.ticked(question, shown, hint)? {
            Ok(ticked) => ticked,
            Err(reply) => return Some(reply),
        };
        Some(Reply::Checked(
            members
                .iter()
                .enumerate()
                .map(|(i, (field, _))| (field.clone(), Some(!none && ticked.contains(&i))))
                .collect(),
        ))
    }

    /// A list field: the values ticked ("none of these" alone: an empty list).
    fn tick(&self, question: &Question) -> Option<Reply> {
        let values = &question.spec.values;
        let hint = "Space ticks, Enter confirms, nothing ticked = unknown, Esc: back";
        let (ticked, _) = match self.ticked(question, values.clone(), hint)? {
            Ok(ticked) => ticked,
            Err(reply) => return Some(reply),
        };
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
            .with_prompt(self.prompt(
                question,
                &format!(
                    "{}; empty or ? for unknown, back, finish",
                    answer::allowed(&spec)
                ),
            ))
            .allow_empty(true)
            .validate_with(move |line: &String| answer::parse(&spec, line).map(|_| ()))
            .interact_text_on(&self.term);
        // The validator let only an understood answer through.
        answer::parse(&question.spec, &self.ended(typed)?).ok()
    }

    /// The prompt: where the interview stands, the question, then how to
    /// answer, dimmed; wrapped to the terminal.
    fn prompt(&self, question: &Question, how: &str) -> String {
        let text = self.wrap(
            &format!("[{}] {} ({how})", question.progress(), question.text),
            "  ",
        );
        // The dim part is the last parenthesis: styled after the wrapping, so
        // the escape codes do not count as width.
        match text.rfind(" (") {
            Some(at) => format!("{}{}", &text[..at], style(&text[at..]).dim()),
            None => text,
        }
    }
}

impl Ask for Terminal {
    fn ask(&mut self, question: &Question) -> Option<Reply> {
        if !question.members.is_empty() {
            return self.checklist(question);
        }
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

//! The plain protocol, for scripts and tests (and whenever standard input is not
//! a terminal): each question is one line on the message stream,
//! `? <question text> [<section.field>] (<allowed answers>)`, then one answer
//! line is read. Any other message is a plain line without the `? ` prefix. The
//! offer to stop at an emergency is a question of its own, `? ... [stop] (y/n)`.
//!
//! The end of input means "no more answers": the interview stops asking and the
//! case is assessed as it stands (what was not asked stays unknown, and the
//! red flags among it are listed as not screened). A script that runs out of
//! answers so gets the same result as `assess` on the partial case, never a
//! hang or a guess.

use std::io::{BufRead, Write};

use super::answer::{self, Reply};
use super::ask::{Ask, Question, Stop};

/// The field name of the offer to stop.
const STOP: &str = "stop";

/// The plain protocol over any reader and writer.
pub(crate) struct Plain<R, W> {
    answers: R,
    messages: W,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// Reads answers from `answers`, writes questions and messages to `messages`.
    pub(crate) fn new(answers: R, messages: W) -> Self {
        Plain { answers, messages }
    }

    /// The next answer line without its line end; `None` at the end of input (or
    /// when it cannot be read, which leaves no more answers either).
    fn line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.answers.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_string()),
        }
    }

    /// One line on the message stream. A message that cannot be written (the
    /// stream closed) cannot be helped; the answers still decide what happens.
    fn write(&mut self, line: &str) {
        let _ = writeln!(self.messages, "{line}");
        let _ = self.messages.flush();
    }
}

impl<R: BufRead, W: Write> Ask for Plain<R, W> {
    fn ask(&mut self, question: &Question) -> Option<Reply> {
        loop {
            self.write(&format!(
                "? {} [{}] ({})",
                question.text,
                question.field,
                answer::allowed(&question.spec)
            ));
            match answer::parse(&question.spec, &self.line()?) {
                Ok(reply) => return Some(reply),
                Err(why) => self.write(&format!("not taken: {why}")),
            }
        }
    }

    fn refused(&mut self, _question: &Question, why: &str) {
        self.write(&format!("not taken: {why}"));
    }

    fn offer_stop(&mut self, notice: &str) -> Option<Stop> {
        self.write(notice);
        loop {
            self.write(&format!(
                "? Stop the interview and show the assessment now? [{STOP}] (y/n)"
            ));
            let line = self.line()?;
            match line.trim().to_lowercase().as_str() {
                "y" | "yes" => return Some(Stop::Now),
                "n" | "no" => return Some(Stop::GoOn),
                answer::BACK => return Some(Stop::Back),
                _ => self.write(&format!(
                    "not taken: \"{}\": answer y to stop now, n to go on, or back to change the last answer",
                    line.trim()
                )),
            }
        }
    }

    fn say(&mut self, message: &str) {
        self.write(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Field, Kind};

    fn question() -> Question {
        Question {
            field: "screening.night_pain".into(),
            text: "Night pain?".into(),
            spec: Field {
                kind: Kind::Boolean,
                question: "Night pain?".into(),
                required: false,
                min: None,
                max: None,
                values: Vec::new(),
                unit: None,
                applies_when: Vec::new(),
                applies_when_any: Vec::new(),
            },
        }
    }

    fn asked(
        input: &str,
        ask: impl FnOnce(&mut Plain<&[u8], &mut Vec<u8>>) -> String,
    ) -> (String, String) {
        let mut messages = Vec::new();
        let mut plain = Plain::new(input.as_bytes(), &mut messages);
        let result = ask(&mut plain);
        (result, String::from_utf8_lossy(&messages).into_owned())
    }

    #[test]
    fn a_question_is_one_line_and_a_bad_answer_is_asked_again() {
        let (reply, messages) = asked("perhaps\r\ny\n", |p| format!("{:?}", p.ask(&question())));
        assert_eq!(reply, "Some(Answer(Bool(true)))");
        assert_eq!(
            messages,
            "? Night pain? [screening.night_pain] (y/n)\n\
             not taken: \"perhaps\" is not yes or no; answer y/n, ? for unknown, or back\n\
             ? Night pain? [screening.night_pain] (y/n)\n"
        );
    }

    #[test]
    fn the_end_of_input_is_no_more_answers() {
        let (reply, _) = asked("", |p| format!("{:?}", p.ask(&question())));
        assert_eq!(reply, "None");
        let (stop, _) = asked("maybe\n", |p| format!("{:?}", p.offer_stop("EMERGENCY")));
        assert_eq!(stop, "None");
    }

    #[test]
    fn the_offer_to_stop_is_a_question_of_its_own() {
        let (stop, messages) = asked("\nn\n", |p| {
            format!("{:?}", p.offer_stop("EMERGENCY: x -> y"))
        });
        assert_eq!(stop, "Some(GoOn)");
        assert!(messages.starts_with(
            "EMERGENCY: x -> y\n? Stop the interview and show the assessment now? [stop] (y/n)\nnot taken"
        ), "{messages}");
    }
}

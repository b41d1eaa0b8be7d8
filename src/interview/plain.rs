//! The plain protocol, for scripts and tests (and whenever standard input is not
//! a terminal): each question is one line on the message stream,
//! `? <question text> [<section.field>] (<allowed answers>)`, then one answer
//! line is read. A checklist of red-flag questions is one line too, `? <text>
//! [section.field, section.field, ...] (the ones present, none, or ?)`, answered
//! by naming the questions whose finding is present (see `checklist.rs`). Just
//! before each, a plain line says where the interview stands: `(#N, M open
//! questions could change it)`, N the prompt's number, M how many unasked
//! questions could still change the assessment. `finish` (or `done`) at any prompt
//! stops the questions and assesses what has been given. Any other message is a
//! plain line without the `? ` prefix. The offer to stop at an urgent or
//! emergency finding is a question of its own, `? ... [stop] (y/n)`.
//!
//! The end of input means "no more answers": the interview stops asking and the
//! case is assessed as it stands (what was not asked stays unknown, and the
//! red flags among it are listed as not screened). A script that runs out of
//! answers so gets the same result as `assess` on the partial case, never a
//! hang or a guess.
//!
//! An answer line that is understood but refused (not an allowed answer, or
//! refused by the case validation) ends the interview: a script's later lines
//! were written for the questions after it, and would land on the wrong ones.
//! The refusal names the line ([`Ask::refusal`]); the command exits 3. A line
//! that is not UTF-8 text is not taken, and the question is asked again.

use std::io::{BufRead, Write};

use super::answer::{self, Reply};
use super::ask::{Ask, Question, Stop};
use super::checklist;
use crate::text::shown;

/// The field name of the offer to stop.
const STOP: &str = "stop";

/// The plain protocol over any reader and writer.
pub(crate) struct Plain<R, W> {
    answers: R,
    messages: W,
    /// How many answer lines were read: the number of the last one.
    lines: usize,
    /// Why the answers ended at a refused line, naming it.
    refusal: Option<String>,
}

/// One line read: its text, or why it is not text.
enum Line {
    Text(String),
    NotUtf8(String),
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// Reads answers from `answers`, writes questions and messages to `messages`.
    pub(crate) fn new(answers: R, messages: W) -> Self {
        Plain {
            answers,
            messages,
            lines: 0,
            refusal: None,
        }
    }

    /// The next answer line without its line end; `None` at the end of input (or
    /// when it cannot be read, which leaves no more answers either).
    fn line(&mut self) -> Option<Line> {
        let mut bytes = Vec::new();
        match self.answers.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => return None,
            Ok(_) => self.lines += 1,
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        Some(match String::from_utf8(bytes) {
            Ok(text) => Line::Text(text),
            Err(error) => Line::NotUtf8(format!(
                "answer line {} is not UTF-8 text ({}): write the answer as UTF-8",
                self.lines,
                crate::case::not_utf8_place(error.as_bytes(), &error.utf8_error())
                    .replace(" at line 1,", " at")
            )),
        })
    }

    /// Ends the answers at the line just read, refused for `why`.
    fn stop_at_line(&mut self, why: &str) {
        self.write(&format!("not taken: {why}"));
        self.refusal = Some(format!(
            "answer line {} was not taken ({why}); the interview stopped there, because a script's later answers would land on the wrong questions",
            self.lines
        ));
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
        let checklist = !question.members.is_empty();
        let (fields, allowed) = if checklist {
            (
                question.member_fields().join(", "),
                checklist::ALLOWED.to_string(),
            )
        } else {
            (question.field.clone(), answer::allowed(&question.spec))
        };
        self.write(&format!("({})", question.progress()));
        loop {
            self.write(&format!("? {} [{fields}] ({allowed})", question.text));
            let line = match self.line()? {
                Line::Text(line) => line,
                Line::NotUtf8(why) => {
                    self.write(&format!("not taken: {why}"));
                    continue;
                }
            };
            let parsed = if checklist {
                checklist::parse(&question.member_fields(), &line)
            } else {
                answer::parse(&question.spec, &line)
            };
            match parsed {
                Ok(reply) => return Some(reply),
                Err(why) => {
                    self.stop_at_line(&why);
                    return None;
                }
            }
        }
    }

    fn refused(&mut self, _question: &Question, why: &str) -> bool {
        self.stop_at_line(why);
        false
    }

    fn refusal(&self) -> Option<String> {
        self.refusal.clone()
    }

    fn offer_stop(&mut self, notice: &str) -> Option<Stop> {
        self.write(notice);
        loop {
            self.write(&format!(
                "? Stop the interview and show the assessment now? [{STOP}] (y/n)"
            ));
            let line = match self.line()? {
                Line::Text(line) => line,
                Line::NotUtf8(why) => {
                    self.write(&format!("not taken: {why}"));
                    continue;
                }
            };
            match line.trim().to_lowercase().as_str() {
                "y" | "yes" => return Some(Stop::Now),
                "n" | "no" => return Some(Stop::GoOn),
                answer::BACK => return Some(Stop::Back),
                _ => {
                    self.stop_at_line(&format!(
                        "\"{}\": answer y to stop now, n to go on, or back to change the last answer",
                        shown(line.trim())
                    ));
                    return None;
                }
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
            spec: Field::new(Kind::Boolean, "Night pain?"),
            members: Vec::new(),
            number: 3,
            open: Some(12),
        }
    }

    fn checklist() -> Question {
        Question {
            field: "cauda equina".into(),
            text: "Which are present?".into(),
            members: vec![
                ("screening.saddle_anaesthesia".into(), "Saddle?".into()),
                ("screening.bladder_bowel_change".into(), "Bladder?".into()),
            ],
            ..question()
        }
    }

    #[test]
    fn a_checklist_is_one_line_answered_by_the_ones_present() {
        let mut messages = Vec::new();
        let mut plain = Plain::new(&b"saddle_anaesthesia\n"[..], &mut messages);
        assert_eq!(
            plain.ask(&checklist()),
            Some(Reply::Checked(vec![
                ("screening.saddle_anaesthesia".into(), Some(true)),
                ("screening.bladder_bowel_change".into(), Some(false)),
            ]))
        );
        assert_eq!(
            String::from_utf8_lossy(&messages),
            "(#3, 12 open questions could change it)\n? Which are present? [screening.saddle_anaesthesia, screening.bladder_bowel_change] (the ones present, none, or ?)\n"
        );
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
    fn a_question_is_one_line_and_a_bad_answer_ends_the_answers_naming_its_line() {
        let mut messages = Vec::new();
        let mut plain = Plain::new(&b"perhaps\r\ny\n"[..], &mut messages);
        assert_eq!(plain.ask(&question()), None);
        let refusal = plain.refusal().unwrap_or_default();
        assert!(
            refusal.starts_with("answer line 1 was not taken"),
            "{refusal}"
        );
        assert_eq!(
            String::from_utf8_lossy(&messages),
            "(#3, 12 open questions could change it)\n? Night pain? [screening.night_pain] (y/n)\n\
             not taken: \"perhaps\" is not yes or no; answer y/n, ? for unknown, or back\n"
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_not_taken_and_asked_again() {
        let mut messages = Vec::new();
        let mut plain = Plain::new(&b"\xff\xfe\ny\n"[..], &mut messages);
        assert_eq!(
            plain.ask(&question()),
            Some(Reply::Answer(serde_json::Value::Bool(true)))
        );
        let messages = String::from_utf8_lossy(&messages).into_owned();
        assert!(
            messages.contains(
                "not taken: answer line 1 is not UTF-8 text (invalid byte 0xFF at column 1)"
            ),
            "{messages}"
        );
        assert_eq!(messages.matches("? Night pain?").count(), 2, "{messages}");
    }

    #[test]
    fn the_end_of_input_is_no_more_answers() {
        let (reply, _) = asked("", |p| format!("{:?}", p.ask(&question())));
        assert_eq!(reply, "None");
        let (stop, _) = asked("", |p| format!("{:?}", p.offer_stop("EMERGENCY")));
        assert_eq!(stop, "None");
    }

    #[test]
    fn the_offer_to_stop_is_a_question_of_its_own() {
        let (stop, messages) = asked("n\n", |p| {
            format!("{:?}", p.offer_stop("EMERGENCY: x -> y"))
        });
        assert_eq!(stop, "Some(GoOn)");
        assert_eq!(
            messages,
            "EMERGENCY: x -> y\n? Stop the interview and show the assessment now? [stop] (y/n)\n"
        );
        let (stop, messages) = asked("\nn\n", |p| format!("{:?}", p.offer_stop("EMERGENCY")));
        assert_eq!(stop, "None");
        assert!(messages.contains("not taken"), "{messages}");
    }
}

//! `triage interview`, driven as a script drives it (the plain protocol) and as a
//! clinician does (a real pseudo-terminal).
//!
//! The order of the questions follows the rules, which the clinical authors keep
//! changing, so the scripted clinician here answers by field name, whatever the
//! order: it reads each `? ... [section.field] (...)` line and answers from its
//! notes. The acceptance scenarios assert only the clinically certain parts.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

mod answers;
mod from_case;
mod scenarios;

/// The most questions one interview may ask before the test calls it a loop.
const MAX_QUESTIONS: usize = 200;

/// A clinician answering by field: each field's answers in turn (the last one
/// again if asked more often), `?` (unknown) for a field not in the notes.
struct Clinician {
    notes: HashMap<String, Vec<String>>,
    otherwise: String,
}

/// One interview as it went: the message lines (questions, notices), each
/// question's field in order with the answer given, stdout, and the exit status.
struct Transcript {
    messages: Vec<String>,
    asked: Vec<(String, String)>,
    stdout: String,
    status: i32,
}

impl Clinician {
    fn new(notes: &[(&str, &str)]) -> Clinician {
        let mut clinician = Clinician {
            notes: HashMap::new(),
            otherwise: "?".to_string(),
        };
        for (field, answer) in notes {
            clinician
                .notes
                .entry((*field).to_string())
                .or_default()
                .push((*answer).to_string());
        }
        clinician
    }

    /// Every field not in the notes gets `answer`.
    fn otherwise(mut self, answer: &str) -> Clinician {
        self.otherwise = answer.to_string();
        self
    }

    /// The answer to `field`; a field not in the notes gets `otherwise` when it is
    /// a yes/no question (`yes_no`), unknown when not.
    fn answer(&mut self, field: &str, yes_no: bool) -> String {
        match self.notes.get_mut(field) {
            Some(answers) if answers.len() > 1 => answers.remove(0),
            Some(answers) => answers[0].clone(),
            None if yes_no => self.otherwise.clone(),
            None => "?".to_string(),
        }
    }

    /// Holds the interview `triage interview ARGS` through the plain protocol.
    fn interview(mut self, args: &[&str]) -> Transcript {
        let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
            .arg("interview")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the triage binary starts");
        let mut stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).expect("stdout is UTF-8");
            text
        });
        let mut stdin = child.stdin.take().expect("stdin");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut messages = Vec::new();
        let mut asked = Vec::new();
        for line in stderr.lines() {
            let line = line.expect("stderr is UTF-8");
            if let Some(field) = field_of(&line) {
                assert!(
                    asked.len() < MAX_QUESTIONS,
                    "a loop?\n{}",
                    messages.join("\n")
                );
                let members: Vec<String> = field.split(", ").map(str::to_string).collect();
                let answer = if members.len() > 1 || line.ends_with(CHECKLIST) {
                    // A checklist: each of its questions answered from the notes.
                    let answers: Vec<(String, String)> = members
                        .iter()
                        .map(|member| (member.clone(), self.answer(member, true)))
                        .collect();
                    let answer = checklist_answer(&answers);
                    asked.extend(answers);
                    answer
                } else {
                    let answer = self.answer(&field, line.ends_with("(y/n)"));
                    asked.push((field, answer.clone()));
                    answer
                };
                // The process may have ended on its own; a closed pipe is no error here.
                let _ = writeln!(stdin, "{answer}");
            }
            assert!(!line.contains("panicked"), "{line}");
            messages.push(line);
        }
        drop(stdin);
        let status = child.wait().expect("triage ends").code().unwrap_or(-1);
        Transcript {
            messages,
            asked,
            stdout: reader.join().expect("stdout read"),
            status,
        }
    }
}

/// How a checklist's line ends in the plain protocol.
const CHECKLIST: &str = "(the ones present, none, or ?)";

/// The answer line to a checklist whose questions got `answers` (`y`, `n`,
/// `?`): the ones present, `?name` for each unknown, `none` when all are no,
/// `?` when all are unknown.
fn checklist_answer(answers: &[(String, String)]) -> String {
    if answers.iter().all(|(_, a)| a == "?" || a.is_empty()) {
        return "?".to_string();
    }
    let named: Vec<String> = answers
        .iter()
        .filter_map(|(field, answer)| match answer.as_str() {
            "y" => Some(field.clone()),
            "?" | "" => Some(format!("?{field}")),
            _ => None,
        })
        .collect();
    if named.is_empty() {
        "none".to_string()
    } else {
        named.join(", ")
    }
}

/// The field of a question line `? text [section.field] (answers)`; for a
/// checklist, its fields as written (`a.b, c.d`).
fn field_of(line: &str) -> Option<String> {
    let rest = line.strip_prefix("? ")?;
    let end = rest.rfind("] (")?;
    let start = rest[..end].rfind(" [")?;
    Some(rest[start + 2..end].to_string())
}

impl Transcript {
    fn fields(&self) -> Vec<&str> {
        self.asked.iter().map(|(field, _)| field.as_str()).collect()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", self.stdout))
    }

    fn shown(&self) -> String {
        format!(
            "status {}\n--- messages\n{}\n--- stdout\n{}",
            self.status,
            self.messages.join("\n"),
            self.stdout
        )
    }
}

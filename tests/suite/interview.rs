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

use crate::support::{Folder, Triage};

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

/// Every red-flag screening field of the shipped vocabulary that always applies.
const RED_FLAGS_NO: &[(&str, &str)] = &[
    ("screening.fever_or_unwell", "n"),
    ("screening.unexplained_weight_loss", "n"),
    ("screening.history_of_cancer", "n"),
    ("screening.night_pain", "n"),
    ("screening.unable_to_weight_bear", "n"),
    ("screening.recent_fall", "n"),
    ("screening.saddle_anaesthesia", "n"),
    ("screening.bladder_bowel_change", "n"),
    ("screening.progressive_leg_weakness", "n"),
    ("screening.calf_swelling", "n"),
    ("screening.breathless_or_chest_pain", "n"),
    ("screening.wound_concern", "n"),
    ("screening.immunosuppressed", "n"),
    ("screening.long_term_steroids", "n"),
    ("screening.heavy_alcohol_use", "n"),
    ("screening.osteoporosis", "n"),
    ("screening.urinary_flow_change", "n"),
    ("screening.reduced_bladder_or_rectal_sensation", "n"),
    ("screening.new_sexual_dysfunction", "n"),
    ("screening.bilateral_leg_symptoms", "n"),
    ("screening.thigh_swelling", "n"),
    ("screening.long_term_bisphosphonates", "n"),
    ("screening.groin_lump_tender_or_irreducible", "n"),
    ("screening.sudden_testicular_pain", "n"),
    ("screening.hot_swollen_joint", "n"),
];

fn labral_repair_6_weeks() -> Clinician {
    let mut notes = vec![
        ("patient.age", "45"),
        ("patient.sex", "female"),
        ("complaint.region", "hip"),
        ("complaint.side", "left"),
        ("complaint.onset", "after_surgery"),
        ("complaint.duration_weeks", "6"),
        ("complaint.pain_now", "3"),
        ("complaint.pain_worst", "6"),
        ("complaint.aggravated_by", "stairs, walking"),
        ("history.surgery", "labral_repair"),
        ("history.weeks_since_surgery", "6"),
        ("symptoms.clicking_or_locking", "y"),
        ("activity.level", "active"),
        ("activity.goals", "pain_free_daily_life"),
        ("exam.fadir_positive", "y"),
    ];
    notes.extend_from_slice(RED_FLAGS_NO);
    Clinician::new(&notes)
}

#[test]
fn a_labral_repair_patient_start_to_finish() {
    let folder = Folder::new();
    let saved = folder.join("labral.json");
    let saved_arg = saved.to_string_lossy().into_owned();
    let run = labral_repair_6_weeks().interview(&["--format", "json", "--save", &saved_arg]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    assert_eq!(
        fields[..2],
        ["patient.age", "complaint.region"],
        "{}",
        run.shown()
    );
    // Then the context questions (in the vocabulary's order), then the red-flag
    // screen together, then the rest.
    let context = [
        "patient.sex",
        "complaint.side",
        "complaint.onset",
        "complaint.duration_weeks",
        "history.surgery",
        "activity.level",
    ];
    let after_required = &fields[2..];
    let asked_context = after_required
        .iter()
        .take_while(|f| context.contains(f))
        .count();
    let positions: Vec<usize> = after_required[..asked_context]
        .iter()
        .filter_map(|f| context.iter().position(|c| c == f))
        .collect();
    assert!(
        asked_context > 0 && positions.windows(2).all(|w| w[0] < w[1]),
        "the context questions in their order, right after age and region:\n{}",
        run.shown()
    );
    assert!(
        after_required[asked_context..]
            .first()
            .is_some_and(|f| f.starts_with("screening.")),
        "the red-flag checklists right after the context:\n{}",
        run.shown()
    );
    let mut once = std::collections::HashSet::new();
    assert!(
        fields.iter().all(|f| once.insert(*f)),
        "each question once:\n{}",
        run.shown()
    );
    assert!(
        run.messages.iter().all(|m| !m.starts_with("EMERGENCY")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    assert_eq!(assessment["referral"]["urgency"], "none", "{}", run.shown());
    let suggested: Vec<&str> = assessment["treatments"]
        .as_array()
        .expect("treatments")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert!(suggested.contains(&"post_op_protocol"), "{}", run.shown());
    assert!(
        assessment["not_screened"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{}",
        run.shown()
    );

    // The saved case: pretty, in vocabulary order, unknowns left out, and it
    // assesses exactly as the interview did.
    let text = std::fs::read_to_string(&saved).expect("the case was saved");
    let case: serde_json::Value = serde_json::from_str(&text).expect("the saved case is JSON");
    assert_eq!(case["history"]["surgery"], "labral_repair");
    assert!(!text.contains("null"), "{text}");
    let sections: Vec<&String> = case.as_object().expect("object").keys().collect();
    assert_eq!(sections[..2], ["patient", "complaint"], "{text}");
    let assessed = Triage::new()
        .args(["assess", &saved_arg, "--format", "json"])
        .any_stdout()
        .run();
    assert_eq!(assessed.json(), assessment, "assess on the saved case");
}

#[test]
fn a_cauda_equina_patient_stops_at_once_with_the_reason() {
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.saddle_anaesthesia", "y"),
        ("stop", "y"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let saddle = run
        .fields()
        .iter()
        .position(|f| *f == "screening.saddle_anaesthesia")
        .expect("the saddle question is asked");
    let after = &run.fields()[saddle + 1..];
    let rest_of_checklist = after
        .iter()
        .take_while(|f| f.starts_with("screening."))
        .count();
    assert_eq!(
        after[rest_of_checklist..],
        ["stop"],
        "the offer to stop comes right after the checklist:\n{}",
        run.shown()
    );
    let notice = run
        .messages
        .iter()
        .find(|m| m.starts_with("EMERGENCY: "))
        .expect("the emergency is announced");
    assert!(notice.ends_with("-> the emergency department"), "{notice}");
    assert!(
        run.messages
            .iter()
            .any(|m| m.starts_with("? ") && m.ends_with("[stop] (y/n)")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    assert_eq!(assessment["referral"]["urgency"], "emergency");
    assert_eq!(
        assessment["referral"]["destination"],
        "emergency_department"
    );
    assert_eq!(assessment["treatments"], serde_json::json!([]));
}

#[test]
fn after_no_to_stop_the_remaining_questions_are_asked() {
    // An urgent finding (a new change in sexual function) is offered to stop
    // at; after "no", what could still raise it is asked.
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.new_sexual_dysfunction", "y"),
        ("stop", "n"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    let stop = fields
        .iter()
        .position(|f| *f == "stop")
        .unwrap_or_else(|| panic!("offered:\n{}", run.shown()));
    assert!(
        run.messages.iter().any(|m| m.starts_with("URGENT: ")),
        "{}",
        run.shown()
    );
    assert!(
        fields[stop + 1..]
            .iter()
            .any(|f| f.starts_with("screening.")),
        "the red flags that could still raise it are asked:\n{}",
        run.shown()
    );
    assert_eq!(
        fields.iter().filter(|f| **f == "stop").count(),
        1,
        "offered once"
    );
    assert_eq!(run.json()["referral"]["urgency"], "urgent");
}

#[test]
fn at_an_emergency_nothing_moot_is_asked_after_no_to_stop() {
    // Nothing is above an emergency, and treatment waits: after "no", nothing
    // is left that could change it, and the closing line says so.
    let run = Clinician::new(&[
        ("patient.age", "54"),
        ("complaint.region", "lateral_hip"),
        ("screening.saddle_anaesthesia", "y"),
        ("stop", "n"),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    let fields = run.fields();
    let stop = fields.iter().position(|f| *f == "stop").expect("offered");
    assert_eq!(fields.len(), stop + 1, "{}", run.shown());
    assert!(
        run.messages
            .iter()
            .any(|m| m.ends_with("nothing else could change the assessment")),
        "{}",
        run.shown()
    );
    assert_eq!(run.json()["referral"]["urgency"], "emergency");
}

#[test]
fn back_and_unknown_answers() {
    // A refused answer ends a scripted interview (exit 3, naming the line): see
    // `interview_hostile.rs`; on a terminal it is asked again.
    let run = Clinician::new(&[
        ("patient.age", "45"),
        // `back` to the age, which is asked again and answered 46.
        ("complaint.region", "back"),
        ("patient.age", "46"),
        ("complaint.region", "hip"),
        // Unknown by `?` and by an empty line.
        ("screening.night_pain", "?"),
        ("screening.recent_fall", ""),
    ])
    .otherwise("n")
    .interview(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.shown());
    assert_eq!(
        run.fields()[..4],
        [
            "patient.age",
            "complaint.region",
            "patient.age",
            "complaint.region"
        ],
        "{}",
        run.shown()
    );
    assert!(
        !run.messages.iter().any(|m| m.starts_with("not taken: ")),
        "{}",
        run.shown()
    );
    let assessment = run.json();
    let not_screened = assessment["not_screened"].to_string();
    assert!(not_screened.contains("night_pain"), "{not_screened}");
    assert!(not_screened.contains("recent_fall"), "{not_screened}");
    assert_eq!(
        run.fields()
            .iter()
            .filter(|f| **f == "screening.night_pain")
            .count(),
        1,
        "an unknown answer is not asked again"
    );
}

#[test]
fn back_at_the_first_question_asks_it_again() {
    let run = Clinician::new(&[
        ("patient.age", "back"),
        ("patient.age", "30"),
        ("complaint.region", "hip"),
    ])
    .interview(&[]);
    assert_eq!(
        run.fields()[..3],
        ["patient.age", "patient.age", "complaint.region"]
    );
    assert!(
        run.messages
            .iter()
            .any(|m| m.contains("nothing to go back to"))
    );
}

#[test]
fn from_a_partial_case_only_what_is_missing_is_asked() {
    let folder = Folder::new();
    let partial = folder.write(
        "partial.json",
        r#"{"id": "p1", "patient": {"age": 45}, "complaint": {"region": "hip"},
            "screening": {"night_pain": false}}"#,
    );
    let saved = folder.join("saved.json");
    let run = Clinician::new(&[]).otherwise("n").interview(&[
        "--from",
        &partial.to_string_lossy(),
        "--save",
        &saved.to_string_lossy(),
    ]);
    assert_eq!(run.status, 0, "{}", run.shown());
    for given in ["patient.age", "complaint.region", "screening.night_pain"] {
        assert!(
            !run.fields().contains(&given),
            "{given} was given:\n{}",
            run.shown()
        );
    }
    assert!(run.fields().contains(&"screening.fever_or_unwell"));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(text.starts_with("{\n  \"id\": \"p1\""), "{text}");
}

#[test]
fn the_end_of_input_assesses_what_was_given_or_names_what_is_missing() {
    Triage::new()
        .args(["interview", "--format", "json"])
        .stdin("50\nhip\nmale\n")
        .stderr_contains("? How old is the patient? [patient.age] (whole number 0-120 years)\n")
        .stderr_contains("no more answers: 3 answers")
        .stdout_contains("\"urgency\"")
        .run();
    Triage::new()
        .args(["interview"])
        .stdin("50\n")
        .status(3)
        .stderr_contains("complaint.region")
        .stderr_contains("is required")
        .run();
}

#[test]
fn a_bad_from_case_names_the_field() {
    let folder = Folder::new();
    let partial = folder.write("bad.json", r#"{"patient": {"age": 400}}"#);
    Triage::new()
        .args(["interview", "--from"])
        .arg(partial)
        .status(3)
        .stderr_contains("patient.age")
        .run();
}

#[test]
fn age_answered_unknown_by_a_script_ends_the_interview_naming_its_line() {
    // Unknown is not an answer for age or region, which are needed to assess:
    // refused like any answer not taken. A script stops there (its next line
    // was written for the next question); on a terminal it is asked again
    // (`interview_terminal.rs`).
    let run = Clinician::new(&[("patient.age", "50"), ("complaint.region", "?")])
        .otherwise("n")
        .interview(&["--format", "json"]);
    assert_eq!(run.status, 3, "{}", run.shown());
    assert!(
        run.messages.iter().any(|m| m
            == "not taken: complaint.region is needed to assess the case: unknown is not an answer here"),
        "{}",
        run.shown()
    );
    assert!(
        run.messages
            .iter()
            .any(|m| m.starts_with("error: answer line 2 was not taken")),
        "{}",
        run.shown()
    );
    assert!(run.stdout.is_empty(), "nothing assessed: {}", run.shown());
    Triage::new()
        .args(["interview"])
        .stdin("?\n")
        .status(3)
        .stderr_contains("patient.age is needed to assess the case")
        .stderr_contains("error: answer line 1 was not taken")
        .run();
}

#[test]
fn each_prompt_has_its_number_and_finish_assesses_what_was_given_with_an_honest_closing_line() {
    // `finish` at the third prompt: assessed on age and region, and the
    // closing line counts what could still change it (never "nothing else").
    let run = Triage::new()
        .args(["interview", "--format", "json"])
        .stdin("50\nhip\nfinish\n")
        .stderr_contains("(#1)\n? How old is the patient?")
        .stderr_contains("(#2)\n? Where is the pain mainly felt?")
        .stderr_contains("(#3, ")
        .stderr_contains("open questions could change it)\n? ")
        .stderr_contains("interview finished early: 2 answers in 2 prompts; ")
        .stdout_contains("\"urgency\"")
        .run();
    let closing = run
        .err()
        .lines()
        .find(|l| l.starts_with("interview finished early"))
        .unwrap_or_default()
        .to_string();
    assert!(
        closing.contains("unanswered questions could still change the assessment")
            && !closing.contains("nothing else"),
        "{closing}"
    );
    // `done` at a checklist does the same.
    let done = Triage::new()
        .args(["interview", "--format", "json", "--from"])
        .arg(Folder::new().write(
            "from.json",
            r#"{"patient": {"age": 45, "sex": "male"}, "complaint": {"region": "hip",
                "side": "left", "onset": "gradual", "duration_weeks": 6},
                "history": {"surgery": "other"}, "activity": {"level": "active"}}"#,
        ))
        .stdin("done\n")
        .stderr_contains("(the ones present, none, or ?)\n")
        .stderr_contains("interview finished early: 0 answers in 0 prompts; ")
        .any_stdout()
        .run();
    assert!(done.json()["referral"].is_object());
}

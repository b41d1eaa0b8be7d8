//! The interview a clinician finishes (issue 22, done when): for every fixture,
//! the interview is held through the plain protocol (in this process, with the
//! protocol's own parsing), a scripted clinician answering from the fixture:
//! unknown (`?`) for what the fixture does not say, a checklist by naming the
//! findings present (`?name` for one the fixture does not say), and `y` to the
//! offer to stop at an emergency (`n` at an urgent finding: the fixture may hold
//! more). Every interview must end at the urgency that assessing the whole
//! fixture gives, and the median interview must take at most 20 prompts (a
//! checklist counts once, and so does each offer to stop).

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::rc::Rc;

use serde_json::{Map, Value as Json};

use crate::support::cpu;
use crate::support::folder::fixture_paths;
use crate::support::library;

/// The most prompts one interview may take before the test calls it a loop.
const MAX_PROMPTS: usize = 200;

/// The messages the interview writes, shared with the clinician who reads them.
#[derive(Clone, Default)]
struct Screen(Rc<RefCell<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A clinician answering each prompt from the fixture's case: the answer to the
/// last `? ` line of the screen, made when the interview reads it.
struct Clinician {
    case: Map<String, Json>,
    screen: Screen,
    /// What is ready to be read: the current answer line.
    pending: Vec<u8>,
    read_upto: usize,
    /// Every prompt seen (questions, checklists, offers to stop).
    prompts: Vec<String>,
}

impl Clinician {
    /// The value the fixture gives `section.field`, if any.
    fn value(&self, qualified: &str) -> Option<&Json> {
        let (section, name) = qualified.split_once('.')?;
        self.case
            .get(section)?
            .get(name)
            .filter(|value| !value.is_null())
    }

    /// The answer line to the prompt `line`.
    fn answer(&self, line: &str, notice: &str) -> String {
        let Some(fields) = fields_of(line) else {
            return "?".to_string();
        };
        if fields == ["stop"] {
            // Finish at an emergency; go on at an urgent finding.
            return if notice.starts_with("EMERGENCY") {
                "y"
            } else {
                "n"
            }
            .to_string();
        }
        if fields.len() > 1 || line.ends_with("(the ones present, none, or ?)") {
            let present: Vec<String> = fields
                .iter()
                .filter(|f| self.value(f) == Some(&Json::Bool(true)))
                .cloned()
                .collect();
            let unknown: Vec<String> = fields
                .iter()
                .filter(|f| self.value(f).is_none())
                .map(|f| format!("?{f}"))
                .collect();
            if unknown.len() == fields.len() {
                return "?".to_string();
            }
            if present.is_empty() && unknown.is_empty() {
                return "none".to_string();
            }
            return present
                .into_iter()
                .chain(unknown)
                .collect::<Vec<_>>()
                .join(", ");
        }
        match self.value(&fields[0]) {
            None => "?".to_string(),
            Some(Json::Bool(true)) => "y".to_string(),
            Some(Json::Bool(false)) => "n".to_string(),
            Some(Json::String(text)) => text.clone(),
            Some(Json::Array(items)) if items.is_empty() => "none".to_string(),
            Some(Json::Array(items)) => items
                .iter()
                .filter_map(Json::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            Some(other) => other.to_string(),
        }
    }
}

impl Read for Clinician {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Clinician {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pending.is_empty() {
            let screen = String::from_utf8_lossy(&self.screen.0.borrow()).into_owned();
            let new = &screen[self.read_upto.min(screen.len())..];
            let lines: Vec<&str> = new.lines().collect();
            if let Some(position) = lines.iter().rposition(|l| l.starts_with("? ")) {
                let prompt = lines[position];
                let notice = position
                    .checked_sub(1)
                    .map_or("", |previous| lines[previous]);
                if self.prompts.len() < MAX_PROMPTS {
                    let answer = self.answer(prompt, notice);
                    self.prompts.push(format!("{prompt}  <- {answer}"));
                    self.pending = format!("{answer}\n").into_bytes();
                }
                self.read_upto = screen.len();
            }
        }
        Ok(&self.pending)
    }

    fn consume(&mut self, amount: usize) {
        self.pending.drain(..amount.min(self.pending.len()));
    }
}

/// The fields of a prompt line `? ... [a.b, c.d] (answers)`.
fn fields_of(line: &str) -> Option<Vec<String>> {
    let end = line.rfind("] (")?;
    let start = line[..end].rfind(" [")?;
    Some(
        line[start + 2..end]
            .split(", ")
            .map(str::to_string)
            .collect(),
    )
}

/// One fixture's interview: the urgency it ended at, the prompts, how it ended.
struct Outcome {
    fixture: String,
    urgency: String,
    expected: String,
    prompts: usize,
    ended: String,
    transcript: Vec<String>,
}

fn interview(path: &Path) -> Outcome {
    let text = std::fs::read_to_string(path).expect("fixture");
    let Json::Object(mut object) = serde_json::from_str(&text).expect("a fixture is JSON") else {
        panic!("{}: not an object", path.display());
    };
    object.remove("expect");
    object.remove("id");
    let fixture = library::read_fixture(path);
    let whole = library::assess(&fixture.case).expect("the fixture is assessed");
    let screen = Screen::default();
    let mut clinician = Clinician {
        case: object,
        screen: screen.clone(),
        pending: Vec::new(),
        read_upto: 0,
        prompts: Vec::new(),
    };
    let done = library::plain_interview(&mut clinician, screen.clone())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let answered = library::read_case(&done.case, "interview")
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), done.case));
    let assessed = library::assess(&answered).expect("the interview's case is assessed");
    let messages = String::from_utf8_lossy(&screen.0.borrow()).into_owned();
    let mut transcript = clinician.prompts.clone();
    transcript.extend(
        messages
            .lines()
            .filter(|l| !l.starts_with("? "))
            .map(|l| format!("said: {l}")),
    );
    transcript.push(format!("case: {}", done.case.replace('\n', " ")));
    Outcome {
        fixture: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        urgency: library::urgency(&assessed).to_string(),
        expected: library::urgency(&whole).to_string(),
        prompts: clinician.prompts.len(),
        ended: done.ended,
        transcript,
    }
}

/// Fixtures whose interview is known to end above the whole fixture's urgency
/// (never below), each with its reason. An entry here is an open defect of the
/// interview, not an accepted answer: the test fails if such a fixture ends
/// anywhere but its known urgency, or if it starts to agree (then remove it).
const KNOWN_HIGHER: &[(&str, &str, &str)] = &[];

#[test]
fn every_fixture_interviewed_ends_at_its_urgency_in_a_median_of_at_most_20_prompts() {
    let _cpu = cpu::shared();
    // INTERVIEW_FIXTURES=part: only the fixtures whose name has it (to look
    // into one; the test then checks agreement only).
    let only = std::env::var("INTERVIEW_FIXTURES").ok();
    let outcomes: Vec<Outcome> = fixture_paths()
        .iter()
        .filter(|p| {
            only.as_deref()
                .is_none_or(|part| p.to_string_lossy().contains(part))
        })
        .map(|p| interview(p))
        .collect();
    // The history in a clinician's order: age and region, then every context
    // question asked (sex, side, onset, duration, operation, activity) before
    // any red-flag checklist or offer to stop. (An answer that could lower an
    // early urgency, such as the mechanism of a sudden back pain, may be asked
    // among them; at an emergency a context question that could not change it
    // is moot, and asked only if a later answer lowers it.)
    let context = library::interview_context();
    for outcome in &outcomes {
        let fields: Vec<Vec<String>> = outcome
            .transcript
            .iter()
            .filter(|line| line.starts_with("? "))
            .map(|line| fields_of(line.split("  <- ").next().unwrap_or(line)).unwrap_or_default())
            .collect();
        let history = |f: &Vec<String>| {
            f.len() == 1
                && (["patient.age", "complaint.region"].contains(&f[0].as_str())
                    || context.contains(&f[0]))
        };
        let screen = |f: &Vec<String>| {
            (f.len() == 1 && f[0] == "stop")
                || f.iter().all(|field| field.starts_with("screening."))
        };
        let first_screen = fields.iter().position(screen).unwrap_or(fields.len());
        assert!(
            fields[first_screen..].iter().all(|f| !history(f)),
            "{}: a context question after the history:\n  {}",
            outcome.fixture,
            outcome.transcript.join("\n  ")
        );
    }
    for outcome in &outcomes {
        if let Some((_, higher, _)) = KNOWN_HIGHER.iter().find(|(f, _, _)| *f == outcome.fixture) {
            assert!(
                outcome.urgency == *higher && outcome.urgency != outcome.expected,
                "{}: known to end at {higher}, ended at {} (the whole fixture: {}); update KNOWN_HIGHER",
                outcome.fixture,
                outcome.urgency,
                outcome.expected
            );
        }
    }
    let disagree: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.urgency != o.expected)
        .filter(|o| !KNOWN_HIGHER.iter().any(|(f, _, _)| *f == o.fixture))
        .collect();
    let mut prompts: Vec<usize> = outcomes.iter().map(|o| o.prompts).collect();
    prompts.sort_unstable();
    let median = prompts[prompts.len() / 2];
    let max = prompts.last().copied().unwrap_or_default();
    let mut ended: HashMap<&str, usize> = HashMap::new();
    for outcome in &outcomes {
        *ended.entry(outcome.ended.as_str()).or_default() += 1;
    }
    let longest = outcomes
        .iter()
        .max_by_key(|o| o.prompts)
        .map(|o| o.fixture.as_str())
        .unwrap_or_default();
    eprintln!(
        "interviews: {} fixtures, {} agree, median {median} prompts, max {max} ({longest}); ended: {ended:?}",
        outcomes.len(),
        outcomes.len() - disagree.len(),
    );
    if let Ok(path) = std::env::var("INTERVIEW_TRANSCRIPTS") {
        let all: Vec<String> = outcomes
            .iter()
            .map(|o| {
                format!(
                    "== {} ({} prompts)\n  {}",
                    o.fixture,
                    o.prompts,
                    o.transcript.join("\n  ")
                )
            })
            .collect();
        std::fs::write(path, all.join("\n")).expect("transcripts written");
    }
    let shown: Vec<String> = disagree
        .iter()
        .map(|o| {
            format!(
                "{}: the interview ended at {}, the whole fixture is {}\n  {}",
                o.fixture,
                o.urgency,
                o.expected,
                o.transcript.join("\n  ")
            )
        })
        .collect();
    assert!(disagree.is_empty(), "{}", shown.join("\n"));
    if only.is_some() {
        return;
    }
    assert!(median <= 20, "median {median} prompts: {prompts:?}");
    assert!(
        outcomes.iter().all(|o| !o.ended.starts_with("refused")),
        "a scripted answer was refused"
    );
}

#[test]
fn answers_that_lower_only_with_every_vital_sign_normal_are_found() {
    // A cold with a stable chronic groin pain (issue 21 item 9): the emergency
    // stands down only on explicit answers with a temperature under 38 and no
    // NICE NG51 sign, every vital sign in range at once. With the measurements
    // unknown, the what-if's search for answers that lower together must find
    // them (each at its vocabulary `normal` value), so the interview asks them
    // before it offers to stop at the emergency.
    let text = std::fs::read_to_string(
        crate::support::folder::manifest_dir()
            .join("fixtures/cold_with_stable_chronic_groin_pain_man_50.json"),
    )
    .expect("the fixture");
    let Json::Object(mut object) = serde_json::from_str(&text).expect("JSON") else {
        panic!("an object");
    };
    object.remove("expect");
    let exam = object
        .get_mut("exam")
        .and_then(Json::as_object_mut)
        .expect("an exam section");
    for measured in [
        "temperature_c",
        "heart_rate_bpm",
        "respiratory_rate_per_min",
        "systolic_bp_mmhg",
    ] {
        exam.remove(measured);
    }
    let case = library::read_case(&Json::Object(object).to_string(), "cold").expect("a case");
    let assessed = library::assess(&case).expect("assessed");
    assert_eq!(library::urgency(&assessed), "emergency");
    let (fields, urgency) = library::lowering_combination(&case).expect("answers that lower it");
    assert_eq!(urgency, "none", "{fields:?}");
    assert!(
        fields.contains(&"exam.temperature_c".to_string()),
        "{fields:?}"
    );
}

#[test]
fn red_flag_questions_that_do_not_apply_are_neither_asked_nor_reported() {
    // A 6-year-old with hip pain, every other answer unknown: whatever red-flag
    // question the vocabulary says does not apply to a child (by age or by
    // context) is neither asked nor listed as not screened.
    let screen = Screen::default();
    let answers = format!("6\nhip\n{}", "?\n".repeat(MAX_PROMPTS));
    let done = library::plain_interview(answers.as_bytes(), screen.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    let case = library::read_case(&done.case, "interview").expect("the case");
    let assessed = library::assess(&case).expect("assessed");
    // All unknown: the interview says how many could still change it.
    assert!(done.prompts > 2 && done.still_open > 0, "{}", done.ended);
    let messages = String::from_utf8_lossy(&screen.0.borrow()).into_owned();
    let asked: Vec<String> = messages
        .lines()
        .filter(|l| l.starts_with("? "))
        .filter_map(fields_of)
        .flatten()
        .collect();
    let not_screened = serde_json::to_string(&assessed.not_screened).expect("JSON");
    let excluded: Vec<String> = library::vocabulary()
        .iter()
        .filter(|f| f.red_flag_question)
        .map(|f| format!("{}.{}", f.section, f.name))
        .filter(|qualified| !library::applies(&case, qualified))
        .collect();
    assert!(!excluded.is_empty(), "some red flag is for adults only");
    for qualified in &excluded {
        assert!(!asked.contains(qualified), "{qualified} asked:\n{messages}");
        let name = qualified.split_once('.').map_or("", |(_, n)| n);
        assert!(
            !not_screened.contains(&format!("\"{name}\"")) && !not_screened.contains(qualified),
            "{qualified} reported: {not_screened}"
        );
    }
}

//! `triage interview` on a real pseudo-terminal, driven key by key through the
//! dialoguer prompts as a clinician drives it.
//!
//! `tests/pty_drive.py` (Python 3, standard library only) runs the binary on a
//! new pseudo-terminal (80x24) with stdout in a file, waits for each prompt to
//! show (and for the program to read the keyboard in raw mode) before sending a
//! key, and fails after 30 s of waiting with the screen so far: no fixed sleeps,
//! so a slow, loaded machine only makes it slower. The prompts are answered by
//! their question text, whatever order the rules ask them in.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use crate::support::{Folder, Triage};

const UP: &str = "\u{1b}[A";
const ENTER: &str = "\r";

/// What the terminal showed (escape sequences out), the bytes it was sent
/// (escape sequences in), stdout, and the exit status.
struct Session {
    screen: String,
    raw: String,
    stdout: String,
    status: i32,
}

impl Session {
    fn shown(&self) -> String {
        format!(
            "status {}\n--- terminal\n{}\n--- stdout\n{}",
            self.status, self.screen, self.stdout
        )
    }
}

/// Runs `triage interview ARGS` on a pseudo-terminal through `steps` (see
/// `tests/pty_drive.py`).
fn on_a_terminal(folder: &Folder, args: &[&str], steps: &serde_json::Value) -> Session {
    let steps_file = folder.write("steps.json", steps.to_string());
    let stdout_file = folder.join("stdout.txt");
    let raw_file = folder.join("raw.txt");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut command = Command::new("python3");
    command
        .arg(root.join("tests/pty_drive.py"))
        .arg(&steps_file)
        .arg(&stdout_file)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_triage"))
        .arg("interview")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("PTY_DRIVE_RAW", &raw_file)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env_remove("LINES");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TRIAGE_") {
            command.env_remove(key);
        }
    }
    let output = command
        .output()
        .expect("python3 runs tests/pty_drive.py (Python 3 is needed for this test)");
    let session = Session {
        screen: String::from_utf8_lossy(&output.stdout).into_owned(),
        raw: String::from_utf8_lossy(&std::fs::read(&raw_file).unwrap_or_default()).into_owned(),
        stdout: std::fs::read_to_string(&stdout_file).unwrap_or_default(),
        status: output.status.code().unwrap_or(-1),
    };
    assert_ne!(
        session.status,
        99,
        "the terminal did not show what was expected:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!session.screen.contains("panicked"), "{}", session.shown());
    session
}

#[test]
fn a_cauda_equina_patient_on_a_terminal_stops_at_the_emergency() {
    let folder = Folder::new();
    let saved = folder.join("case.json");
    let saved_arg = saved.to_string_lossy().into_owned();
    // The region list: hip, groin, lateral_hip, buttock, posterior_thigh,
    // anterior_thigh, lower_back, knee, then unknown (where the cursor starts)
    // and back: six up from unknown is lateral_hip.
    let steps = json!([{
        "until": "saved the case to",
        "answers": {
            // Unknown (an empty line) first: the age is needed, so asked again.
            "How old is the patient?": [ENTER, format!("54{ENTER}")],
            "Where is the pain mainly felt?": format!("{UP}{UP}{UP}{UP}{UP}{UP}{ENTER}"),
            // The cauda equina checklist: Space ticks the first finding (the
            // saddle question), Enter confirms.
            "Cauda equina": format!(" {ENTER}"),
            "Stop the interview": "y",
        },
        // Enter on every other question: the cursor on "unknown", an empty line;
        // a checklist with nothing ticked.
        "otherwise": ENTER,
    }]);
    let run = on_a_terminal(&folder, &["--format", "json", "--save", &saved_arg], &steps);
    assert_eq!(run.status, 0, "{}", run.shown());
    for shown in [
        "patient.age is needed to assess the case: unknown is not an answer here",
        "[#1] How old is the patient?",
        "· 54",
        "[#2] Where is the pain mainly felt? (Esc: back) · lateral_hip",
        "-> the emergency department",
        "interview stopped at the urgent finding",
    ] {
        assert!(run.screen.contains(shown), "{shown:?}:\n{}", run.shown());
    }
    let notice = run
        .screen
        .lines()
        .find(|line| line.starts_with("EMERGENCY: "))
        .unwrap_or_else(|| panic!("the emergency is announced:\n{}", run.shown()));
    let stop = run
        .screen
        .find("? Stop the interview and show the assessment now?")
        .expect("the offer to stop");
    let at = run.screen.find(notice).unwrap_or(usize::MAX);
    assert!(
        at < stop,
        "the notice comes before the offer to stop:\n{}",
        run.shown()
    );
    // Nothing asked after the checklist but the offer to stop.
    assert_eq!(
        run.screen[at..].matches("\n? ").count(),
        1,
        "{}",
        run.shown()
    );

    let assessment: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.shown()));
    assert_eq!(assessment["referral"]["urgency"], "emergency");
    assert_eq!(
        assessment["referral"]["destination"],
        "emergency_department"
    );
    assert_eq!(assessment["treatments"], json!([]));

    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).expect("the case was saved"))
            .expect("the saved case is JSON");
    assert_eq!(case["patient"]["age"], 54);
    assert_eq!(case["complaint"]["region"], "lateral_hip");
    assert_eq!(case["screening"]["saddle_anaesthesia"], true);
    // The rest of the checklist is no (a finding named present, the others
    // not); nothing outside it was answered.
    assert!(
        case["screening"].as_object().is_some_and(|s| s
            .iter()
            .filter(|(_, v)| **v == json!(true))
            .count()
            == 1),
        "{case}"
    );
    let assessed = Triage::new()
        .args(["assess", &saved_arg, "--format", "json"])
        .any_stdout()
        .run();
    assert_eq!(assessed.json(), assessment, "assess on the saved case");
}

#[test]
fn a_checklist_left_untouched_on_a_terminal_stays_unknown() {
    let folder = Folder::new();
    let saved = folder.join("case.json");
    let saved_arg = saved.to_string_lossy().into_owned();
    let from = folder.write(
        "from.json",
        r#"{"patient": {"age": 45, "sex": "male"}, "complaint": {"region": "hip",
            "side": "left", "onset": "gradual", "duration_weeks": 6},
            "history": {"surgery": "other"}, "activity": {"level": "active"}}"#,
    );
    let from_arg = from.to_string_lossy().into_owned();
    // Enter at the first checklist (nothing ticked); at the next checklist,
    // Up twice from the first line wraps to the "finish" line: Space, Enter.
    let steps = json!([{
        "until": "interview finished early",
        "answers": {
            "Cauda equina": ENTER,
            "red flags": format!("{UP}{UP} {ENTER}"),
        },
        "otherwise": ENTER,
    }]);
    let run = on_a_terminal(
        &folder,
        &[
            "--format", "json", "--from", &from_arg, "--save", &saved_arg,
        ],
        &steps,
    );
    assert_eq!(run.status, 0, "{}", run.shown());
    assert!(run.screen.contains("(none of these)"), "{}", run.shown());
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).expect("the case was saved"))
            .expect("the saved case is JSON");
    assert!(case.get("screening").is_none(), "never no: {case}");
    let assessment: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.shown()));
    let not_screened = assessment["not_screened"].to_string();
    assert!(
        not_screened.contains("saddle_anaesthesia"),
        "{not_screened}"
    );
}

#[test]
fn ctrl_c_on_a_terminal_shows_the_cursor_and_says_nothing_was_saved() {
    let folder = Folder::new();
    let saved = folder.join("case.json");
    let saved_arg = saved.to_string_lossy().into_owned();
    let steps = json!([
        {"expect": "How old is the patient?", "send": format!("54{ENTER}")},
        {"expect": "Where is the pain mainly felt?", "send": "\u{3}"},
    ]);
    let run = on_a_terminal(&folder, &["--save", &saved_arg], &steps);
    assert_eq!(run.status, 130, "{}", run.shown());
    assert!(
        run.screen
            .contains("interrupted: nothing was saved and nothing was assessed"),
        "{}",
        run.shown()
    );
    assert!(!saved.exists(), "nothing saved:\n{}", run.shown());
    assert!(run.stdout.is_empty(), "nothing assessed:\n{}", run.shown());
    // The cursor the prompt hid is shown again before the message, and not
    // hidden after it.
    let said = run.raw.rfind("interrupted:").expect("said");
    let shown = run.raw[..said]
        .rfind("\u{1b}[?25h")
        .expect("the cursor shown");
    let hidden = run.raw[..said].rfind("\u{1b}[?25l");
    assert!(
        hidden.is_none_or(|h| h < shown),
        "{:?}",
        &run.raw[said.saturating_sub(200)..]
    );
    assert!(!run.raw[said..].contains("\u{1b}[?25l"));
}

#[test]
fn prompts_are_wrapped_to_80_columns_so_no_line_is_left_behind() {
    // dialoguer clears a prompt it redraws by counting its lines: a line the
    // terminal wrapped by itself would be left on the screen. Every line shown,
    // long questions and checklists included, fits in 80 columns.
    let folder = Folder::new();
    let from = folder.write(
        "from.json",
        r#"{"patient": {"age": 45, "sex": "male"}, "complaint": {"region": "hip",
            "side": "left", "onset": "gradual", "duration_weeks": 6},
            "history": {"surgery": "other"}, "activity": {"level": "active"}}"#,
    );
    let from_arg = from.to_string_lossy().into_owned();
    // Down and up through the long checklist (each move redraws it), then
    // Enter (unknown) at every prompt until the end.
    let steps = json!([
        {"expect": "Cauda equina", "send": format!("\u{1b}[B\u{1b}[B\u{1b}[A{ENTER}")},
        {"until": "interview", "answers": {}, "otherwise": ENTER},
    ]);
    let run = on_a_terminal(&folder, &["--format", "json", "--from", &from_arg], &steps);
    assert_eq!(run.status, 0, "{}", run.shown());
    let too_wide: Vec<&str> = run
        .screen
        .split(['\n', '\r'])
        // A prompt's answered line (`... · answer`) and the closing line are
        // written once and never cleared: only what is redrawn counts.
        .filter(|line| !line.contains(" · ") && !line.starts_with("interview "))
        .filter(|line| line.chars().count() > 80)
        .collect();
    assert!(too_wide.is_empty(), "{too_wide:#?}\n{}", run.shown());
    assert!(
        run.screen.contains("open questions could change it]"),
        "{}",
        run.shown()
    );
}

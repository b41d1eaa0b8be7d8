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

/// What the terminal showed (escape sequences out), stdout, and the exit status.
struct Session {
    screen: String,
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
            // yes, no, unknown: two up from unknown is yes.
            "Numbness in the saddle area": format!("{UP}{UP}{ENTER}"),
            "Stop the interview": "y",
        },
        // Enter on every other question: the cursor on "unknown", an empty line.
        "otherwise": ENTER,
    }]);
    let run = on_a_terminal(&folder, &["--format", "json", "--save", &saved_arg], &steps);
    assert_eq!(run.status, 0, "{}", run.shown());
    for shown in [
        "patient.age is needed to assess the case: unknown is not an answer here",
        "✔ How old is the patient?",
        "· 54",
        "✔ Where is the pain mainly felt? (Esc: back) · lateral_hip",
        "✔ Numbness in the saddle area (between the legs, buttocks, genitals)? (Esc: back) · yes",
        "-> the emergency department",
        "interview stopped at the emergency",
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
    assert!(
        run.screen.find(notice).is_some_and(|at| at < stop),
        "the notice comes before the offer to stop:\n{}",
        run.shown()
    );
    // Nothing asked after the saddle answer but the offer to stop.
    let saddle = run.screen.find("· yes").expect("answered yes");
    assert_eq!(
        run.screen[saddle..].matches("\n? ").count(),
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
    assert_eq!(
        case["screening"].as_object().map(serde_json::Map::len),
        Some(1),
        "unknown answers are left out: {case}"
    );
    let assessed = Triage::new()
        .args(["assess", &saved_arg, "--format", "json"])
        .any_stdout()
        .run();
    assert_eq!(assessed.json(), assessment, "assess on the saved case");
}

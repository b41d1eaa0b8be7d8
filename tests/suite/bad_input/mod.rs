//! The bad-input battery: malformed cases given to the real `triage` binary, as a
//! tired clinician or a hurried script would. Each row states the exit code; its
//! error text is snapshotted (`tests/snapshots/bad_input__*.snap`), so any change
//! in what users read is reviewed. Every row also checks the promises that hold for
//! all bad input: no panic, nothing printed as an assessment, the file is named.

use std::time::Duration;

use crate::support::{Folder, Output, Triage};

mod batches;
mod malformed_cases;
mod output;
mod several_mistakes;
mod sources;

/// The exit codes this battery expects (see `src/cli/exit.rs`).
const OK: i32 = 0;
const BAD_INPUT: i32 = 3;
const OUTPUT_FAILED: i32 = 6;

/// A small valid case, written for these tests (fixtures may change).
const GOOD: &str = r#"{"id": "good", "patient": {"age": 45}, "complaint": {"region": "hip"}}"#;

/// [`GOOD`] with the id `id`.
fn good(id: &str) -> String {
    GOOD.replace("\"good\"", &format!("\"{id}\""))
}

/// `triage assess --rules rules` from the crate root (so `--rules rules` is the
/// shipped set), with the temporary `folder` shown as `[tmp]`.
fn assess(folder: &Folder) -> Triage {
    Triage::new()
        .args(["assess", "--rules", "rules"])
        .redact(folder.path(), "[tmp]")
}

fn over_one_mib() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "id": "{}"}}"#,
        "x".repeat(1 << 20)
    )
    .into_bytes()
}

/// The promise every run keeps, whatever its input, besides not panicking (which
/// the builder checks): the input is not echoed back. The bound is well under the
/// megabyte-sized hostile inputs, and above a batch of a few full text reports.
fn check_common(name: &str, run: &Output) {
    assert!(
        run.stdout.len() + run.stderr.len() < 64 * 1024,
        "{name}: the output is {} bytes: is the input echoed back?",
        run.stdout.len() + run.stderr.len()
    );
}

/// Replaces every assessment line by `assessed <case_id>` (temporary folders are
/// already shown as `[tmp]`), so the snapshot shows what was reported where, not
/// the rules' output.
fn batch_view(run: &Output) -> String {
    let stdout: Vec<String> = run
        .out()
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("every stdout line of a batch is JSON");
            if value.get("error").is_some() {
                line.to_string()
            } else {
                assert!(value.get("referral").is_some(), "not an assessment: {line}");
                format!("assessed {}", value["case_id"])
            }
        })
        .collect();
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        run.status,
        stdout.join("\n"),
        run.err()
    )
}

/// Long enough for any run here, short enough that a hang fails the test.
const WATCHDOG: Duration = Duration::from_secs(30);

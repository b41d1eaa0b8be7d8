//! Shared by the integration tests: run the real `triage` binary, copy a rules folder.
//! Each test file uses the part it needs.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `triage ARGS` from the crate root (so `rules` and `fixtures/...` resolve),
/// feeding `stdin` if given. A panic in the binary fails the test.
pub fn run_triage(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the triage binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // triage may stop reading early (size limit, rules that do not load): a closed pipe is fine.
        let _ = pipe.write_all(bytes);
    }
    let output = child.wait_with_output().expect("triage finishes");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "triage panicked:\n{}",
        run.stderr
    );
    run
}

/// Copies a folder recursively (a rules folder into a temporary place, to break it).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder made");
    for entry in std::fs::read_dir(from).expect("folder readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

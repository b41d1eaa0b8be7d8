//! Writing the answer: a failed write to stdout is a failure (exit 6); a reader
//! that closes the pipe early is not.

use std::io::{BufRead, BufReader, Read};
use std::time::{Duration, Instant};

use crate::support::Folder;
use crate::support::battery::battery;

use super::{GOOD, OK, OUTPUT_FAILED, WATCHDOG, assess};

/// A failed write to stdout (`/dev/full`) is a failure, named exactly.
#[cfg(target_os = "linux")]
fn a_failed_write_fails(format: &str, (): ()) {
    let dir = Folder::new();
    let path = dir.write("good.json", GOOD);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    assess(&dir)
        .arg(&path)
        .args(["--format", format])
        .stdout_to(full)
        .context(format)
        .status(OUTPUT_FAILED)
        .stderr("error: the output could not be written: No space left on device (os error 28)\n")
        .run();
}

#[cfg(target_os = "linux")]
battery! {
    /// A failed write to stdout in each format, one `#[test]` each.
    mod a_failed_write_to_stdout_is_a_failure (a_failed_write_fails, at_least 2) {
        text => (),
        json => (),
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_a_failure() {
    let dir = Folder::new();
    // Far more than a pipe holds, so triage is still writing when the pipe closes.
    let batch: Vec<String> = (0..2000)
        .map(|i| GOOD.replace("\"good\"", &format!("\"case-{i}\"")))
        .collect();
    let path = dir.write("many.jsonl", batch.join("\n"));
    let mut child = assess(&dir)
        .arg(&path)
        .args(["--format", "json"])
        .spawn_piped();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a first line");
    assert!(first.contains("\"case-0\""), "{first}");
    // Close the pipe, as `| head -1` does.
    drop(stdout);
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("triage can be waited on") {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("triage did not finish within {WATCHDOG:?} after its reader left");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = stderr.join().expect("stderr read");
    assert_eq!(status.code(), Some(OK), "{status:?}\n{stderr}");
    assert_eq!(stderr, "", "nothing on stderr about the closed pipe");
}

//! `triage test --watch`: the tests rerun when a rule file changes.

use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::Folder;

use super::triage;

/// Waits until `lines` has delivered a line for which `wanted` is true.
fn wait_for(
    lines: &mpsc::Receiver<String>,
    wanted: impl Fn(&str) -> bool,
    seen: &mut Vec<String>,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let found = wanted(&line);
                seen.push(line);
                if found {
                    return true;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
    false
}

#[test]
fn test_watch_reruns_when_a_rule_file_changes() {
    let rules = Folder::mini_rules();
    let cases = Folder::mini_cases(false);
    let mut child = triage("test")
        .arg(cases.path())
        .arg("--rules")
        .arg(rules.path())
        .arg("--watch")
        .spawn();
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let first = wait_for(&lines, |l| l == "2 passed, 0 failed", &mut seen);
    // Break the expectation of one case by changing the rule it depends on.
    std::thread::sleep(Duration::from_millis(600));
    rules.edit("hip/exercise.rhai", |t| {
        t.replace(
            "avoid(\"stretching\", \"Not with stair pain.\");",
            "review(\"Stairs hurt.\");",
        )
    });
    let second = wait_for(&lines, |l| l == "1 passed, 1 failed", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first run did not finish:\n{}", seen.join("\n"));
    assert!(second, "no re-run after the change:\n{}", seen.join("\n"));
    assert!(
        seen.iter()
            .any(|l| l.contains("changed:") && l.contains("exercise.rhai")),
        "the re-run names the changed file:\n{}",
        seen.join("\n")
    );
}

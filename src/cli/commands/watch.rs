//! The watch loop for editing: run a command, then poll the rule files (and the
//! cases) for changes and run it again, until Ctrl-C. Polling file times every
//! 400 ms needs no extra dependency and works the same on every platform.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cli::exit::Exit;
use crate::cli::output::print_out;
use crate::ruleset::display_path;

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(400);
/// How long to wait after a change before running, so an editor can finish saving.
const SETTLE: Duration = Duration::from_millis(150);

/// What is known about one watched file: when it changed and how long it is.
type Stamp = (Option<SystemTime>, u64);

/// Runs `command` now and again after every change below `paths`; never returns
/// normally (Ctrl-C ends the process).
pub(crate) fn watch(paths: &[PathBuf], mut command: impl FnMut() -> Exit) -> Exit {
    let mut seen = stamps(paths);
    command();
    let shown: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
    eprintln!("watching {} for changes (Ctrl-C to stop)", shown.join(", "));
    loop {
        std::thread::sleep(POLL);
        if stamps(paths) == seen {
            continue;
        }
        std::thread::sleep(SETTLE);
        let previous = std::mem::replace(&mut seen, stamps(paths));
        let changed = changed_files(&previous, &seen);
        let mut shown_changes: Vec<String> = changed.iter().take(3).cloned().collect();
        if changed.len() > 3 {
            shown_changes.push(format!("and {} more", changed.len() - 3));
        }
        print_out(&format!(
            "\n{} changed: {} {}\n\n",
            "=".repeat(8),
            shown_changes.join(", "),
            "=".repeat(8)
        ));
        command();
    }
}

/// Files whose stamp differs between two scans (added and removed files included).
fn changed_files(
    before: &BTreeMap<PathBuf, Stamp>,
    after: &BTreeMap<PathBuf, Stamp>,
) -> Vec<String> {
    let mut names: Vec<String> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .chain(before.iter().filter(|(path, _)| !after.contains_key(*path)))
        .map(|(path, _)| display_path(path))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The stamp of every rule, data and case file below `paths`.
fn stamps(paths: &[PathBuf]) -> BTreeMap<PathBuf, Stamp> {
    let mut found = BTreeMap::new();
    for path in paths {
        scan(path, &mut found);
    }
    found
}

fn scan(path: &Path, found: &mut BTreeMap<PathBuf, Stamp>) {
    let Ok(metadata) = std::fs::metadata(path) else {
        return;
    };
    if metadata.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                scan(&entry.path(), found);
            }
        }
    } else if path.extension().is_some_and(|ext| {
        ["rhai", "toml", "json", "jsonl", "ndjson"]
            .iter()
            .any(|e| ext == *e)
    }) {
        found.insert(
            path.to_path_buf(),
            (metadata.modified().ok(), metadata.len()),
        );
    }
}

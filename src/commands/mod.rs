//! The rule author's commands: `check`, `test`, `explain`, `diff`, `fields` and
//! `schema`, plus the watch loop. Each returns its exit status; output for the
//! reader goes to stdout, problems that stop a command go to stderr.

pub mod check;
pub mod diff;
pub mod explain;
pub mod reference;
pub mod test;
pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` to stdout. A closed pipe (`triage test | head`) is not an error
/// worth reporting, so write failures are ignored.
pub fn print_out(text: &str) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Expands case paths: a folder gives every `.json` and `.jsonl` file below it, in
/// path order; anything else (a file, `-`, a missing path) is kept as given, so
/// reading it reports the problem.
pub fn expand_case_paths(paths: &[String]) -> Vec<String> {
    let mut expanded = Vec::new();
    for path in paths {
        let as_path = Path::new(path);
        if path != "-" && as_path.is_dir() {
            let mut found = Vec::new();
            collect_cases(as_path, &mut found);
            found.sort();
            expanded.extend(found.into_iter().map(|p| crate::ruleset::display_path(&p)));
        } else {
            expanded.push(path.clone());
        }
    }
    expanded
}

fn collect_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_cases(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "json" || ext == "jsonl" || ext == "ndjson")
        {
            out.push(path);
        }
    }
}

/// Shortens a text to `max` characters with an ellipsis, for one-line listings.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

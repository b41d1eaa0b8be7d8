//! Case paths as the user gave them, expanded: a folder stands for every case
//! file below it.

use std::path::{Path, PathBuf};

use crate::ruleset::display_path;

/// Expands case paths: a folder gives every `.json` and `.jsonl` file below it, in
/// path order; anything else (a file, `-`, a missing path) is kept as given, so
/// reading it reports the problem.
pub(super) fn expand_case_paths(paths: &[String]) -> Vec<String> {
    let mut expanded = Vec::new();
    for path in paths {
        let as_path = Path::new(path);
        if path != "-" && as_path.is_dir() {
            let mut found = Vec::new();
            collect_cases(as_path, &mut found);
            found.sort();
            expanded.extend(found.into_iter().map(|p| display_path(&p)));
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

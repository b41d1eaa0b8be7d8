//! The shape of the code, checked from the code itself: no import cycles between
//! source files, no source file over 500 lines, the rules-API names spelled in
//! one place, and one module (`pipeline/`) that composes the assessment of a case,
//! which the command line reaches only through it. Read from `src/` with
//! `use crate::` / `use super::` paths, so a new file is checked the day it is
//! added.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;

/// Every `.rs` file below `src/`, by its path inside `src/` (`engine/api.rs`).
fn source_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&root)
                .expect("below src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            (relative, text)
        })
        .collect()
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let without_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    without_tests
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module path of a file: `engine/api.rs` is `[engine, api]`, `engine/mod.rs` is `[engine]`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// The files each file uses, from its `crate::` and `super::` paths and its
/// `use child::` lines.
fn dependencies(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let by_module: BTreeMap<Vec<String>, String> =
        files.keys().map(|f| (module_of(f), f.clone())).collect();
    let resolve = |parts: &[String]| -> Option<String> {
        (0..=parts.len())
            .rev()
            .find_map(|n| by_module.get(&parts[..n]).cloned())
    };
    let mut graph = BTreeMap::new();
    for (file, text) in files {
        let me = module_of(file);
        let code = code(text);
        let mut uses = BTreeSet::new();
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .filter(|w| w.starts_with("crate::") || w.starts_with("super::"))
            .collect();
        // `use super::{api, limits}`: each item of a group is a path of its own.
        let mut grouped = Vec::new();
        let mut rest = code.as_str();
        while let Some(open) = rest.find("::{") {
            let prefix_start = rest[..open]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |i| i + 1);
            let prefix = &rest[prefix_start..open];
            let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
            if prefix.starts_with("crate") || prefix.starts_with("super") {
                for item in rest[open + 3..close].split(',') {
                    let first = item
                        .trim()
                        .split("::")
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches('{');
                    if first == "self" {
                        grouped.push(prefix.to_string());
                    } else if !first.is_empty() {
                        grouped.push(format!("{prefix}::{first}"));
                    }
                }
            }
            rest = &rest[open + 3..];
        }
        for word in words.into_iter().map(str::to_string).chain(grouped) {
            if word.ends_with("::") {
                continue;
            }
            let mut parts: Vec<String> = word
                .split("::")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            let base: Vec<String> = if parts.first().is_some_and(|p| p == "super") {
                me[..me.len().saturating_sub(1)].to_vec()
            } else {
                Vec::new()
            };
            parts.remove(0);
            let mut full = base;
            full.extend(parts);
            if let Some(target) = resolve(&full).filter(|t| t != file) {
                uses.insert(target);
            }
        }
        for line in code.lines() {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("pub(crate) use ")
                .or_else(|| line.strip_prefix("pub use "))
                .or_else(|| line.strip_prefix("use "));
            if let Some(child) = rest.and_then(|r| r.split("::").next()) {
                let mut full = me.clone();
                full.push(child.to_string());
                if let Some(target) = by_module.get(&full) {
                    uses.insert(target.clone());
                }
            }
        }
        graph.insert(file.clone(), uses);
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn source_files_import_each_other_in_one_direction_only() {
    let files = source_files();
    let graph = dependencies(&files);
    assert!(
        graph
            .get("evaluation/evaluate.rs")
            .is_some_and(|uses| uses.contains("ruleset/mod.rs")),
        "the dependency reader finds `use crate::` paths: {graph:#?}"
    );
    let cycles: Vec<String> = files
        .keys()
        .filter_map(|file| cycle_from(&graph, file))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_layers_run_one_way() {
    // The flow, lowest first; a layer may use those before it, never after.
    let order = [
        "limits",
        "whole_file",
        "text",
        "place",
        "snippet",
        "diagnostic",
        "error",
        "case",
        "engine",
        "ruleset",
        "analysis",
        "evaluation",
        "assessment",
        "pipeline",
        "report",
        "handout",
        "interview",
        "authoring",
        "cli",
    ];
    let rank = |file: &str| {
        let top = file
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs");
        order.iter().position(|layer| *layer == top)
    };
    let graph = dependencies(&source_files());
    let mut upward = Vec::new();
    for (file, uses) in &graph {
        for used in uses {
            if let (Some(me), Some(it)) = (rank(file), rank(used))
                && it > me
            {
                upward.push(format!("{file} uses {used}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "lower layers import higher ones:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_is_over_500_lines() {
    let long: Vec<String> = source_files()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MAX_LINES)
        .map(|(file, text)| format!("{file}: {} lines", text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_rules_api_names_are_spelled_only_in_its_table() {
    let files = source_files();
    let table = &files["engine/api.rs"];
    let names: Vec<&str> = table
        .lines()
        .filter_map(|line| line.trim().strip_prefix("name: \""))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(names.contains(&"refer") && names.len() >= 10, "{names:?}");
    // `yes` and `no` are also the words for an answer (the report says "yes
    // would mean EMERGENCY"); every other name is checked.
    let names: Vec<&str> = names.into_iter().filter(|n| n.len() > 3).collect();
    let mut elsewhere = Vec::new();
    for (file, text) in files.iter().filter(|(f, _)| *f != "engine/api.rs") {
        let code = code(text);
        for name in &names {
            if code.contains(&format!("\"{name}\"")) {
                elsewhere.push(format!("{file} spells \"{name}\""));
            }
        }
    }
    assert!(elsewhere.is_empty(), "{}", elsewhere.join("\n"));
}

/// Where `code` calls one of the stages the pipeline composes: the evaluator
/// (`evaluate(...)`, not its definition), the assessment builder
/// (`Assessment::build(...)`) or the what-if (`whatif::...`).
fn pipeline_stages_called(code: &str) -> Vec<&'static str> {
    let mut called = Vec::new();
    let calls_evaluate = code.match_indices("evaluate(").any(|(at, _)| {
        let before = &code[..at];
        let word_start = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        word_start && !before.trim_end().ends_with("fn")
    });
    if calls_evaluate {
        called.push("the evaluator (evaluate)");
    }
    if code.contains("Assessment::build(") {
        called.push("the assessment builder (Assessment::build)");
    }
    if code.contains("whatif::") {
        called.push("the what-if (whatif::)");
    }
    called
}

#[test]
fn only_the_pipeline_composes_the_assessment_of_a_case() {
    let files = source_files();
    let run = code(&files["pipeline/run.rs"]);
    assert_eq!(
        pipeline_stages_called(&run).len(),
        2,
        "the check finds the evaluator and the builder where the pipeline calls them"
    );
    assert!(!pipeline_stages_called(&code(&files["pipeline/mod.rs"])).is_empty());
    let mut elsewhere = Vec::new();
    for (file, text) in &files {
        if file.starts_with("pipeline/") {
            continue;
        }
        for stage in pipeline_stages_called(&code(text)) {
            elsewhere.push(format!(
                "{file} calls {stage}: go through pipeline::Pipeline"
            ));
        }
    }
    assert!(elsewhere.is_empty(), "{}", elsewhere.join("\n"));
}

#[test]
fn the_command_line_reaches_the_engine_and_the_stages_only_through_the_pipeline() {
    let files = source_files();
    let graph = dependencies(&files);
    assert!(
        graph["pipeline/run.rs"].contains("evaluation/mod.rs"),
        "the dependency reader sees the pipeline use the evaluation"
    );
    let mut found = Vec::new();
    for (file, text) in files.iter().filter(|(f, _)| f.starts_with("cli/")) {
        let code = code(text);
        for used in graph[file]
            .iter()
            .filter(|used| used.starts_with("engine/"))
        {
            found.push(format!("{file} imports the engine ({used})"));
        }
        for stage in pipeline_stages_called(&code) {
            found.push(format!("{file} calls {stage}"));
        }
        if code.contains("evaluation::evaluate") || code.contains("evaluation::{evaluate") {
            found.push(format!("{file} imports the evaluator"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_handout_lives_in_one_room() {
    // Issue 18: the patient handout was spread over six files in three folders.
    let files = source_files();
    assert!(files.contains_key("handout/mod.rs"), "the room exists");
    let elsewhere: Vec<&String> = files
        .keys()
        .filter(|file| !file.starts_with("handout/") && file.contains("handout"))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "handout files outside src/handout/: {elsewhere:?}"
    );
}

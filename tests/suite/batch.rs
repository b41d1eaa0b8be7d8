//! Batches at scale (issue 14): JSON Lines streamed and assessed in parallel, each
//! result the one its case gets alone plus its `origin`, in input order, the same
//! bytes on every run; bad lines reported in place; the day list (`--summary`);
//! `diff` over a JSON Lines case library. Nothing here measures time.
//!
//! Self-contained: it runs the `triage` binary from the crate root and writes its
//! inputs to temporary folders.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::folder::fixture_paths;

/// What one run of `triage` did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `triage ARGS` from the crate root, feeding `stdin` (from another thread,
/// so a long input and a long output cannot block each other).
fn triage(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .current_dir(root())
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
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let output = child.wait_with_output().expect("triage finishes");
    if let Some(feeder) = feeder {
        feeder.join().expect("stdin written");
    }
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "triage panicked:\n{}",
        run.stderr
    );
    run
}

/// Every fixture, in path order.
fn fixtures() -> Vec<PathBuf> {
    let paths = fixture_paths();
    assert!(paths.len() > 50, "the fixtures are there");
    paths
}

/// A case file as one line of JSON Lines (minified, keys in file order).
fn minified(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let value: Value = serde_json::from_str(&text).expect("fixture is JSON");
    value.to_string()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path.to_string_lossy().into_owned()
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("every stdout line is JSON"))
        .collect()
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("triage-batch-")
        .tempdir()
        .expect("temporary folder")
}

#[test]
fn the_batch_of_all_fixtures_equals_each_fixture_assessed_alone() {
    let paths = fixtures();
    let dir = temp_dir();
    let batch: String = paths.iter().map(|p| minified(p) + "\n").collect();
    let file = write(dir.path(), "fixtures.jsonl", batch.as_bytes());

    // The what-if is on for a case alone, and in a batch when asked.
    let run = triage(&["assess", &file, "--format", "json", "--what-if"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), paths.len());

    // Each fixture alone, a few at a time.
    let singles: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(paths.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|path| {
                            let shown = path.to_string_lossy();
                            let run = triage(&["assess", &shown, "--format", "json"], None);
                            assert_eq!(run.code, 0, "{shown}: {}", run.stderr);
                            run.stdout
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("worker"))
            .collect()
    });

    for (index, (line, single)) in lines.iter().zip(&singles).enumerate() {
        let alone: Value = serde_json::from_str(single).expect("single output is JSON");
        assert!(alone.get("origin").is_none(), "a case alone has no origin");
        // Byte for byte: the batch line is the single result, compact, with the
        // origin as its first key.
        let origin = Value::String(format!("{file}:{}", index + 1));
        let expected = format!("{{\"origin\":{origin},{}", &alone.to_string()[1..]);
        assert_eq!(*line, expected, "{}", paths[index].display());
    }
}

#[test]
fn the_same_batch_gives_the_same_bytes_every_time() {
    let dir = temp_dir();
    let mut batch: String = fixtures().iter().map(|p| minified(p) + "\n").collect();
    batch.push_str("{\"patient\": {\"age\": 450}}\n");
    let file = write(dir.path(), "twice.jsonl", batch.as_bytes());
    for format in ["json", "text"] {
        let first = triage(&["assess", &file, "--format", format], None);
        let second = triage(&["assess", &file, "--format", format], None);
        assert_eq!(first.code, 3);
        assert_eq!(first.stdout, second.stdout, "{format}");
        assert_eq!(first.stderr, second.stderr, "{format}");
    }
}

#[test]
fn a_bad_line_in_the_middle_is_reported_in_place_and_the_rest_assessed() {
    let dir = temp_dir();
    let good = minified(&fixtures()[0]);
    let text = format!("{good}\n{{\"patient\": {{\"age\": 45}},\n\n{good}\n");
    let file = write(dir.path(), "middle.jsonl", text.as_bytes());

    let run = triage(&["assess", &file, "--format", "json"], None);
    assert_eq!(run.code, 3, "a bad case is exit 3");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["origin"], format!("{file}:1"));
    assert_eq!(lines[1]["origin"], format!("{file}:2"));
    let error = lines[1]["error"].as_str().expect("an error line");
    assert!(error.starts_with(&format!("{file}:2:")), "{error}");
    // The blank line keeps its number.
    assert_eq!(lines[2]["origin"], format!("{file}:4"));
    assert!(lines[2]["referral"].is_object());
    assert!(
        run.stderr.contains(&format!("error: {file}:2:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 cases: "),
        "closing count: {}",
        run.stderr
    );
    assert!(run.stderr.contains(", 1 not assessed\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of 3 cases could not be assessed"),
        "{}",
        run.stderr
    );

    // In text, the report of a case without an id is headed by its origin.
    let id_less = "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}";
    let text = format!("{id_less}\n{{\"patient\": \n");
    let file = write(dir.path(), "text.jsonl", text.as_bytes());
    let run = triage(&["assess", &file], None);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout.starts_with(&format!("Case {file}:1\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("NOT ASSESSED: {file}:2:")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_line_over_one_mib_is_refused_and_the_next_line_still_assessed() {
    let dir = temp_dir();
    let good = minified(&fixtures()[0]);
    let huge = format!("{{\"id\": \"{}\"}}", "x".repeat((1 << 20) + 16));
    let text = format!("{huge}\n{good}\n");
    let file = write(dir.path(), "huge.jsonl", text.as_bytes());

    let run = triage(&["assess", &file, "--format", "json"], None);
    assert_eq!(run.code, 3);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["error"],
        format!(
            "{file}:1: this line is larger than 1 MiB, the limit for one case (a case is a small JSON object)"
        )
    );
    assert_eq!(lines[1]["origin"], format!("{file}:2"));
    assert!(lines[1]["referral"].is_object());
}

#[test]
fn thousands_of_lines_stream_through_standard_input_in_order() {
    let paths = fixtures();
    let cases: Vec<String> = paths.iter().map(|p| minified(p)).collect();
    let count = 2000;
    let mut input = Vec::new();
    for index in 0..count {
        input.extend_from_slice(cases[index % cases.len()].as_bytes());
        // Windows line endings are accepted too.
        input.extend_from_slice(if index % 7 == 0 { b"\r\n" } else { b"\n" });
    }

    let run = triage(&["assess", "-", "--jsonl", "--format", "json"], Some(input));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), count);
    // The same case gives the same result wherever it is in the stream.
    let without_origin = |line: &str| {
        let mut value: Value = serde_json::from_str(line).expect("JSON");
        let origin = value
            .as_object_mut()
            .and_then(|o| o.shift_remove("origin"))
            .expect("every result has its origin");
        (origin, value.to_string())
    };
    for (index, line) in lines.iter().enumerate() {
        let (origin, rest) = without_origin(line);
        assert_eq!(origin, format!("<stdin>:{}", index + 1));
        if index >= cases.len() {
            let (_, first) = without_origin(lines[index % cases.len()]);
            assert_eq!(rest, first, "line {}", index + 1);
        }
    }
    // Not a terminal: no progress bar, only the closing count.
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\r'),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with(&format!("{count} cases: ")),
        "{}",
        run.stderr
    );
}

/// A case with these answers, one line.
fn case(id: Option<&str>, age: u32, region: &str, screening: &str) -> String {
    let id = id
        .map(|id| format!("\"id\": \"{id}\", "))
        .unwrap_or_default();
    format!(
        "{{{id}\"patient\": {{\"age\": {age}}}, \"complaint\": {{\"region\": \"{region}\"}}, \"screening\": {{{screening}}}}}\n"
    )
}

#[test]
fn the_summary_lists_the_most_urgent_first_and_unassessed_cases_above_all() {
    let dir = temp_dir();
    let lines = [
        case(Some("plain"), 40, "hip", ""),
        case(None, 8, "hip", "\"fever_or_unwell\": true"),
        "{\"patient\": {\"age\": 999}}\n".to_string(),
        case(
            Some("saddle"),
            50,
            "buttock",
            "\"saddle_anaesthesia\": true",
        ),
        case(Some("plain-too"), 30, "groin", ""),
    ];
    let file = write(dir.path(), "day.jsonl", lines.concat().as_bytes());

    let run = triage(&["assess", &file, "--summary", "--format", "json"], None);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let rows = json_lines(&run.stdout);
    assert_eq!(rows.len(), 5, "{}", run.stdout);
    assert_eq!(rows[0]["origin"], format!("{file}:3"));
    assert!(
        rows[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("patient.age"))
    );
    // Two emergencies in input order, then the cases without a referral in input order.
    assert_eq!(rows[1]["origin"], format!("{file}:2"));
    assert_eq!(rows[1]["urgency"], "emergency");
    assert_eq!(rows[2]["case_id"], "saddle");
    assert_eq!(rows[2]["urgency"], "emergency");
    assert_eq!(rows[2]["destination"], "emergency_department");
    assert!(rows[2]["reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(rows[3]["case_id"], "plain");
    assert_eq!(rows[4]["case_id"], "plain-too");
    assert_eq!(rows[4]["urgency"], "none");
    assert_eq!(rows[4]["reason"], Value::Null);

    // As text: one aligned line per case, in the same order, the id or the origin first.
    let run = triage(&["assess", &file, "--summary"], None);
    let text: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(text.len(), 5, "{}", run.stdout);
    assert!(text[0].starts_with(&format!("{file}:3")) && text[0].contains("NOT ASSESSED"));
    assert!(text[1].starts_with(&format!("{file}:2")) && text[1].contains("EMERGENCY"));
    assert!(text[2].starts_with("saddle ") && text[2].contains("emergency_department"));
    assert!(text[3].starts_with("plain ") && text[3].contains("NONE"));
    assert!(text[4].starts_with("plain-too ") && text[4].contains("NONE"));
    let column = |line: &str| line.find("NONE").or_else(|| line.find("EMERGENCY"));
    assert_eq!(
        column(text[1]),
        column(text[4]),
        "aligned columns:\n{}",
        run.stdout
    );
}

/// Copies a folder recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder made");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

#[test]
fn diff_compares_a_json_lines_case_library() {
    let dir = temp_dir();
    let new_rules = dir.path().join("rules");
    copy_dir(&root().join("rules"), &new_rules);
    // Lower the urgency of one referral: a child with fever and a limp.
    let rule = new_rules.join("children/septic_arthritis.rhai");
    let source = std::fs::read_to_string(&rule).expect("rule readable");
    let from =
        "refer(\"emergency\", \"emergency_department\", \"Suspected septic arthritis in a child";
    assert!(source.contains(from), "the rule to change is there");
    let lowered = source.replace(from, &from.replace("\"emergency\"", "\"urgent\""));
    std::fs::write(&rule, lowered).expect("rule written");

    let lines = [
        case(Some("adult"), 40, "hip", ""),
        case(None, 8, "hip", "\"fever_or_unwell\": true"),
        "{\"patient\": {\"age\": 999}, \"complaint\": {\"region\": \"hip\"}}\n".to_string(),
        case(
            Some("child-afebrile"),
            8,
            "hip",
            "\"fever_or_unwell\": false",
        ),
    ];
    let file = write(dir.path(), "library.jsonl", lines.concat().as_bytes());
    let shown_rules = new_rules.to_string_lossy().into_owned();

    let run = triage(
        &["diff", "--rules", "rules", "--rules", &shown_rules, &file],
        None,
    );
    assert_eq!(
        run.code, 5,
        "a lowered urgency is a safety warning:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.contains(&format!("SAFETY WARNING  {file}:2\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("urgency went DOWN from emergency to urgent"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3 cases compared: 1 down in urgency (SAFETY WARNING), 0 up, 0 to another destination, 0 with other changes only, 2 unchanged"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains(&format!("error: {file}:3: patient.age")),
        "{}",
        run.stderr
    );

    // The same library against the same rules: nothing changed.
    let run = triage(
        &["diff", "--rules", "rules", "--rules", "rules", &file],
        None,
    );
    assert_eq!(run.code, 3, "one case is not valid:\n{}", run.stdout);
    assert!(
        run.stdout
            .contains("3 cases compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 3 unchanged")
    );
}

//! Batches at scale (issue 14): JSON Lines streamed and assessed in parallel, each
//! result the one its case gets alone plus its `origin`, in input order, the same
//! bytes on every run; bad lines reported in place; the day list (`--summary`);
//! `diff` over a JSON Lines case library. Nothing here measures time.
//!
//! It runs the `triage` binary from the crate root with the shared builder and
//! writes its inputs to temporary folders.

use std::path::Path;

use serde_json::Value;

use crate::support::battery::battery;
use crate::support::folder::fixture_paths;
use crate::support::{Folder, Triage};

/// `triage ARGS` from the crate root, which must exit `status`; each test checks
/// stdout and stderr itself (a batch's results and closing count).
fn triage(args: &[&str], status: i32) -> Triage {
    Triage::new()
        .args(args)
        .status(status)
        .any_stdout()
        .any_stderr()
}

/// A case file as one line of JSON Lines (minified, keys in file order).
fn minified(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let value: Value = serde_json::from_str(&text).expect("fixture is JSON");
    value.to_string()
}

fn write(dir: &Folder, name: &str, bytes: &[u8]) -> String {
    dir.write(name, bytes).to_string_lossy().into_owned()
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("every stdout line is JSON"))
        .collect()
}

#[test]
fn the_batch_of_all_fixtures_equals_each_fixture_assessed_alone() {
    let paths = fixture_paths();
    let dir = Folder::new();
    let batch: String = paths.iter().map(|p| minified(p) + "\n").collect();
    let file = write(&dir, "fixtures.jsonl", batch.as_bytes());

    // The what-if is on for a case alone, and in a batch when asked.
    let run = triage(&["assess", &file, "--format", "json", "--what-if"], 0).run();
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
                            let run = triage(&["assess", &shown, "--format", "json"], 0).run();
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

/// Every fixture and a bad line, assessed twice in `format`: the same bytes.
fn the_same_batch_gives_the_same_bytes_every_time(format: &str, (): ()) {
    let dir = Folder::new();
    let mut batch: String = fixture_paths().iter().map(|p| minified(p) + "\n").collect();
    batch.push_str("{\"patient\": {\"age\": 450}}\n");
    let file = write(&dir, "twice.jsonl", batch.as_bytes());
    let first = triage(&["assess", &file, "--format", format], 3).run();
    let second = triage(&["assess", &file, "--format", format], 3).run();
    assert_eq!(first.stdout, second.stdout, "{format}");
    assert_eq!(first.stderr, second.stderr, "{format}");
}

battery! {
    /// Each format (the row's name), one `#[test]`.
    mod the_same_batch_gives_the_same_bytes_every_time (
        the_same_batch_gives_the_same_bytes_every_time,
        at_least 2
    ) {
        json => (),
        text => (),
    }
}

#[test]
fn a_bad_line_in_the_middle_is_reported_in_place_and_the_rest_assessed() {
    let dir = Folder::new();
    let good = minified(&fixture_paths()[0]);
    let text = format!("{good}\n{{\"patient\": {{\"age\": 45}},\n\n{good}\n");
    let file = write(&dir, "middle.jsonl", text.as_bytes());

    let run = triage(&["assess", &file, "--format", "json"], 3).run();
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
    let file = write(&dir, "text.jsonl", text.as_bytes());
    let run = triage(&["assess", &file], 3).run();
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
    let dir = Folder::new();
    let good = minified(&fixture_paths()[0]);
    let huge = format!("{{\"id\": \"{}\"}}", "x".repeat((1 << 20) + 16));
    let text = format!("{huge}\n{good}\n");
    let file = write(&dir, "huge.jsonl", text.as_bytes());

    let run = triage(&["assess", &file, "--format", "json"], 3).run();
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
    let paths = fixture_paths();
    let cases: Vec<String> = paths.iter().map(|p| minified(p)).collect();
    let count = 2000;
    let mut input = Vec::new();
    for index in 0..count {
        input.extend_from_slice(cases[index % cases.len()].as_bytes());
        // Windows line endings are accepted too.
        input.extend_from_slice(if index % 7 == 0 { b"\r\n" } else { b"\n" });
    }

    let run = triage(&["assess", "-", "--jsonl", "--format", "json"], 0)
        .stdin(input)
        .run();
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
    let dir = Folder::new();
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
    let file = write(&dir, "day.jsonl", lines.concat().as_bytes());

    let run = triage(&["assess", &file, "--summary", "--format", "json"], 3).run();
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
    let run = triage(&["assess", &file, "--summary"], 3).run();
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

#[test]
fn diff_compares_a_json_lines_case_library() {
    let dir = Folder::new();
    let new_rules = dir.copy_shipped_rules("rules");
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
    let file = write(&dir, "library.jsonl", lines.concat().as_bytes());
    let shown_rules = new_rules.to_string_lossy().into_owned();

    let run = triage(
        &["diff", "--rules", "rules", "--rules", &shown_rules, &file],
        5,
    )
    .run();
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
    let run = triage(&["diff", "--rules", "rules", "--rules", "rules", &file], 3).run();
    assert!(
        run.stdout
            .contains("3 cases compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 3 unchanged")
    );
}

//! The bad-input battery: malformed cases given to the real `triage` binary, as a
//! tired clinician or a hurried script would. Each row states the exit code; its
//! error text is snapshotted (`tests/snapshots/bad_input__*.snap`), so any change
//! in what users read is reviewed. Every row also checks the promises that hold for
//! all bad input: no panic, nothing printed as an assessment, the file is named.

use std::io::{BufRead, BufReader, Read};
use std::time::{Duration, Instant};

use crate::support::snapshot::snapshot;
use crate::support::{Folder, Output, Triage};

/// The exit codes this battery expects (see `src/cli/exit.rs`).
const OK: i32 = 0;
const BAD_INPUT: i32 = 3;
const OUTPUT_FAILED: i32 = 6;

/// A small valid case, written for these tests (fixtures may change).
const GOOD: &str = r#"{"id": "good", "patient": {"age": 45}, "complaint": {"region": "hip"}}"#;

/// `triage assess --rules rules` from the crate root (so `--rules rules` is the
/// shipped set), with the temporary `folder` shown as `[tmp]`.
fn assess(folder: &Folder) -> Triage {
    Triage::new()
        .args(["assess", "--rules", "rules"])
        .redact(folder.path(), "[tmp]")
}

/// One malformed input.
struct Row {
    /// Snapshot name.
    name: &'static str,
    /// File name the input is written to (its extension decides batch or single case).
    file: &'static str,
    contents: Contents,
    exit: i32,
}

enum Contents {
    Text(&'static str),
    Bytes(&'static [u8]),
    Generated(fn() -> Vec<u8>),
    /// Nothing is written: the file does not exist.
    Missing,
    /// A folder of that name.
    Folder,
}

fn deep_nesting() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "id": {}{}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    )
    .into_bytes()
}

fn over_one_mib() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "id": "{}"}}"#,
        "x".repeat(1 << 20)
    )
    .into_bytes()
}

fn very_long_field_name() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "screening": {{"{}": true}}}}"#,
        "night_pain".repeat(90_000)
    )
    .into_bytes()
}

fn very_long_value() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "{}"}}}}"#,
        "hip".repeat(300_000)
    )
    .into_bytes()
}

fn case_with(section: &str, field: &str, value: &str) -> String {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "{section}": {{"{field}": {value}}}}}"#
    )
}

fn rows() -> Vec<Row> {
    use Contents::*;
    let row = |name, file, contents, exit| Row {
        name,
        file,
        contents,
        exit,
    };
    vec![
        // The file itself.
        row("empty_file", "empty.json", Text(""), BAD_INPUT),
        row("only_whitespace", "blank.json", Text("  \n\t\n"), BAD_INPUT),
        row("missing_file", "missing.json", Missing, BAD_INPUT),
        row("folder_as_file", "folder.json", Folder, BAD_INPUT),
        row(
            "not_utf8",
            "latin1.json",
            Bytes(b"{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"h\xe9p\"}}"),
            BAD_INPUT,
        ),
        row(
            "larger_than_one_mib",
            "huge.json",
            Generated(over_one_mib),
            BAD_INPUT,
        ),
        // Not a JSON object.
        row(
            "json_array",
            "array.json",
            Text("[{\"patient\": {\"age\": 45}}]"),
            BAD_INPUT,
        ),
        row("json_number", "number.json", Text("45"), BAD_INPUT),
        row("json_string", "string.json", Text("\"hip\""), BAD_INPUT),
        row("json_null", "null.json", Text("null"), BAD_INPUT),
        // Broken JSON.
        row(
            "truncated",
            "truncated.json",
            Text("{\"patient\": {\"age\": 45},\n \"complaint\": {\"region\": \"hip\"\n"),
            BAD_INPUT,
        ),
        row(
            "trailing_comma",
            "comma.json",
            Text("{\"patient\": {\"age\": 45,}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "comment",
            "comment.json",
            Text(
                "{\"patient\": {\"age\": 45}, // the patient\n \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "single_quotes",
            "quotes.json",
            Text("{'patient': {'age': 45}}"),
            BAD_INPUT,
        ),
        row(
            "python_true",
            "true.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"screening\": {\"night_pain\": True}}",
            ),
            BAD_INPUT,
        ),
        row(
            "nan",
            "nan.json",
            Text("{\"patient\": {\"age\": NaN}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "two_cases_in_a_json_file",
            "two.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}\n{\"patient\": {\"age\": 46}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "control_character_in_text",
            "control.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\u{7}\"}}"),
            BAD_INPUT,
        ),
        row(
            "deep_nesting",
            "deep.json",
            Generated(deep_nesting),
            BAD_INPUT,
        ),
        row(
            "number_too_large_for_json",
            "big.json",
            Text("{\"patient\": {\"age\": 1e400}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        // Duplicate keys: which one is meant is not guessed.
        row(
            "duplicate_field",
            "duplicate.json",
            Text("{\"patient\": {\"age\": 45, \"age\": 54}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "duplicate_section",
            "duplicate_section.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"patient\": {\"age\": 54}}",
            ),
            BAD_INPUT,
        ),
        // Valid JSON that breaks the vocabulary.
        row(
            "missing_required_age",
            "no_age.json",
            Text("{\"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row("empty_object", "empty_object.json", Text("{}"), BAD_INPUT),
        row(
            "required_field_null",
            "null_region.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": null}}"),
            BAD_INPUT,
        ),
        row(
            "age_as_text",
            "age_text.json",
            Text("{\"patient\": {\"age\": \"45\"}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "age_out_of_range",
            "age_145.json",
            Text("{\"patient\": {\"age\": 145}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "age_negative",
            "age_negative.json",
            Text("{\"patient\": {\"age\": -1}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "age_not_whole",
            "age_half.json",
            Text("{\"patient\": {\"age\": 45.5}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "age_huge",
            "age_huge.json",
            Text(
                "{\"patient\": {\"age\": 99999999999999999999}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "pain_out_of_range",
            "pain_11.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"pain_now\": 11}}",
            ),
            BAD_INPUT,
        ),
        row(
            "choice_wrong_case",
            "region_case.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"Hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "choice_not_allowed",
            "region_shoulder.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"shoulder\"}}"),
            BAD_INPUT,
        ),
        row(
            "boolean_as_text",
            "yes.json",
            Generated(|| case_with("screening", "night_pain", "\"yes\"").into_bytes()),
            BAD_INPUT,
        ),
        row(
            "boolean_as_number",
            "one.json",
            Generated(|| case_with("screening", "night_pain", "1").into_bytes()),
            BAD_INPUT,
        ),
        row(
            "list_as_text",
            "list_text.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": \"stairs\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "list_item_wrong_type",
            "list_number.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": [\"stairs\", 3]}}",
            ),
            BAD_INPUT,
        ),
        row(
            "list_item_not_allowed",
            "list_value.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": [\"stairz\"]}}",
            ),
            BAD_INPUT,
        ),
        row(
            "section_not_an_object",
            "section_list.json",
            Text("{\"patient\": [45], \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "unknown_field_typo",
            "typo.json",
            Generated(|| case_with("screening", "nigth_pain", "true").into_bytes()),
            BAD_INPUT,
        ),
        row(
            "unknown_field_no_close_name",
            "unknown_field.json",
            Text(
                "{\"patient\": {\"age\": 45, \"weight_kg\": 70}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "unknown_section_typo",
            "section_typo.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"screenings\": {}}",
            ),
            BAD_INPUT,
        ),
        row(
            "field_at_top_level",
            "flat.json",
            Text("{\"age\": 45, \"region\": \"hip\"}"),
            BAD_INPUT,
        ),
        row(
            "id_not_text",
            "id_number.json",
            Text("{\"id\": 7, \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        row(
            "id_with_a_line_break",
            "id_newline.json",
            Text(
                "{\"id\": \"a\\nNOT ASSESSED: forged\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "id_with_a_right_to_left_override",
            "id_rlo.json",
            Text(
                "{\"id\": \"case-7\u{202E}gnp.exe\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "id_with_a_line_separator",
            "id_line_separator.json",
            Text(
                "{\"id\": \"case-7\\u2028NOT ASSESSED\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        row(
            "text_too_long",
            "long_sport.json",
            Generated(|| {
                case_with(
                    "activity",
                    "sport",
                    &format!("\"{}\"", "football ".repeat(40)),
                )
                .into_bytes()
            }),
            BAD_INPUT,
        ),
        row(
            "field_name_with_terminal_escape",
            "escape.json",
            Generated(|| case_with("screening", "night\\u001b[31m_pain\\n", "true").into_bytes()),
            BAD_INPUT,
        ),
        row(
            "very_long_field_name",
            "long_key.json",
            Generated(very_long_field_name),
            BAD_INPUT,
        ),
        row(
            "very_long_value",
            "long_value.json",
            Generated(very_long_value),
            BAD_INPUT,
        ),
        // Accepted on purpose (documented in docs/guarantees.md).
        row(
            "byte_order_mark_is_accepted",
            "bom.json",
            Generated(|| [b"\xef\xbb\xbf".as_slice(), GOOD.as_bytes()].concat()),
            OK,
        ),
    ]
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

#[test]
fn bad_input_battery() {
    let dir = Folder::new();
    let rows = rows();
    assert!(
        rows.len() >= 25,
        "the battery shrank to {} rows",
        rows.len()
    );
    for row in rows {
        let path = dir.join(row.file);
        match &row.contents {
            Contents::Text(text) => std::fs::write(&path, text),
            Contents::Bytes(bytes) => std::fs::write(&path, bytes),
            Contents::Generated(make) => std::fs::write(&path, make()),
            Contents::Missing => Ok(()),
            Contents::Folder => std::fs::create_dir(&path),
        }
        .expect("the input is written");
        let command = assess(&dir)
            .arg(path)
            .args(["--format", "json"])
            .context(row.name)
            .status(row.exit);
        if row.exit == OK {
            let run = command.stderr("").run();
            check_common(row.name, &run);
            assert_eq!(run.json()["case_id"], "good", "{}", row.name);
            continue;
        }
        // A single case that fails prints nothing on stdout, and one message that
        // names the file on stderr.
        let run = command.stdout("").run();
        check_common(row.name, &run);
        let text = run.err();
        assert!(
            text.starts_with(&format!("error: [tmp]/{}", row.file)),
            "{}: the message does not start by naming the file:\n{text}",
            row.name,
        );
        // One line, or a heading line and one numbered line per problem.
        let problems = text
            .lines()
            .skip(1)
            .filter(|line| line.starts_with("  "))
            .count();
        assert_eq!(text.lines().count(), 1 + problems, "{}: {text}", row.name);
        snapshot!(row.name, format!("exit {}\n{text}", run.status));
    }
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

fn batch_lines() -> Vec<u8> {
    let good = |id: &str| GOOD.replace("\"good\"", &format!("\"{id}\""));
    [
        good("first").into_bytes(),
        b"{\"id\": \"out-of-range\", \"patient\": {\"age\": 450}, \"complaint\": {\"region\": \"hip\"}}".to_vec(),
        Vec::new(),
        good("after-a-blank-line").into_bytes(),
        b"{\"id\": \"truncated\", \"patient\": {\"age\": 45}, ".to_vec(),
        b"{\"id\": \"latin-1\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"h\xe9p\"}}".to_vec(),
        b"[1, 2, 3]".to_vec(),
        format!("{}\r", good("crlf-line-end")).into_bytes(),
        good("last").into_bytes(),
    ]
    .join(&b'\n')
}

#[test]
fn a_batch_reports_bad_lines_in_place_and_assesses_the_rest() {
    let dir = Folder::new();
    let path = dir.write("batch.jsonl", batch_lines());
    let run = assess(&dir)
        .arg(path)
        .args(["--format", "json"])
        .status(BAD_INPUT)
        .run();
    check_common("batch", &run);
    let view = batch_view(&run);
    for id in ["first", "after-a-blank-line", "crlf-line-end", "last"] {
        assert!(
            view.contains(&format!("assessed \"{id}\"")),
            "{id} was not assessed:\n{view}"
        );
    }
    assert_eq!(
        run.stdout.lines().count(),
        8,
        "one line per non-blank input line"
    );
    snapshot!("batch_json", view);
}

#[test]
fn a_batch_in_text_format_marks_bad_cases_not_assessed() {
    let dir = Folder::new();
    let run = assess(&dir)
        .args(["-", "--jsonl"])
        .stdin(batch_lines())
        .status(BAD_INPUT)
        .run();
    check_common("batch text", &run);
    let out = run.out();
    let not_assessed: Vec<&str> = out
        .lines()
        .filter(|line| line.starts_with("NOT ASSESSED"))
        .collect();
    assert_eq!(not_assessed.len(), 4, "{out}");
    snapshot!(
        "batch_text",
        format!(
            "exit {}\n--- stdout (NOT ASSESSED lines)\n{}\n--- stderr\n{}",
            run.status,
            not_assessed.join("\n"),
            run.err()
        )
    );
}

#[test]
fn batch_files_that_hold_no_case_or_a_line_too_large() {
    let dir = Folder::new();
    let empty = dir.write("empty.jsonl", "\n  \n");
    let mut lines = GOOD.as_bytes().to_vec();
    lines.push(b'\n');
    lines.extend(over_one_mib());
    let large = dir.write("large.jsonl", lines);
    let mut views = Vec::new();
    for path in [&empty, &large] {
        let run = assess(&dir)
            .arg(path)
            .args(["--format", "json"])
            .status(BAD_INPUT)
            .run();
        check_common("batch", &run);
        views.push(batch_view(&run));
    }
    snapshot!("batch_empty_and_too_large", views.join("\n\n"));
}

#[test]
fn several_files_one_missing_the_others_are_assessed() {
    let dir = Folder::new();
    let good = dir.write("good.json", GOOD);
    let missing = dir.join("missing.json");
    let run = assess(&dir)
        .args([&good, &missing, &good])
        .args(["--format", "json"])
        .status(BAD_INPUT)
        .run();
    check_common("files", &run);
    snapshot!("several_files", batch_view(&run));
}

#[test]
fn standard_input_errors_name_stdin() {
    let dir = Folder::new();
    let mut views = Vec::new();
    let over = over_one_mib();
    for (name, input) in [
        ("empty", b"".as_slice()),
        ("array", b"[]".as_slice()),
        ("not utf-8", b"{\"id\": \"\xff\"}".as_slice()),
        ("stdin too large", over.as_slice()),
    ] {
        let run = assess(&dir)
            .arg("-")
            .context(name)
            .stdin(input)
            .status(BAD_INPUT)
            .stdout("")
            .run();
        check_common(name, &run);
        let text = run.err();
        assert!(text.starts_with("error: <stdin>"), "{name}: {text}");
        views.push(text);
    }
    snapshot!("stdin", views.concat());
}

/// Long enough for any run here, short enough that a hang fails the test.
const WATCHDOG: Duration = Duration::from_secs(30);

#[cfg(unix)]
#[test]
fn a_pipe_with_no_writer_as_the_case_path_is_refused_without_waiting() {
    let dir = Folder::new();
    let path = dir.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo");
    let run = assess(&dir)
        .arg(&path)
        .watchdog(WATCHDOG)
        .status(BAD_INPUT)
        .stdout("")
        .stderr_contains("error: [tmp]/pipe.json: ")
        .run();
    check_common("pipe", &run);
    snapshot!("pipe_as_the_case_path", run.err());
}

#[test]
fn jsonl_and_ndjson_in_capitals_are_read_as_batches() {
    let dir = Folder::new();
    let good = |id: &str| GOOD.replace("\"good\"", &format!("\"{id}\""));
    for file in ["batch.JSONL", "batch.NdJson"] {
        let path = dir.write(file, [good("one"), good("two")].join("\n"));
        let run = assess(&dir)
            .arg(path)
            .args(["--format", "json"])
            .context(file)
            // Only the closing count of a batch on stderr.
            .stderr_contains("2 cases: ")
            .run();
        let ids: Vec<String> = run
            .stdout
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                value["case_id"].as_str().expect("a case id").to_string()
            })
            .collect();
        assert_eq!(ids, ["one", "two"], "{file}");
    }
}

#[test]
fn a_batch_separated_by_cr_alone_is_refused_line_by_line() {
    let dir = Folder::new();
    let good = |id: &str| GOOD.replace("\"good\"", &format!("\"{id}\""));
    // Two lines (LF), each holding two cases separated by a CR alone; and a file
    // of three cases separated by CR alone, with no LF at all.
    let mixed = dir.write(
        "mixed.jsonl",
        format!(
            "{}\r{}\n{}\r{}\n",
            good("a"),
            good("b"),
            good("c"),
            good("d")
        ),
    );
    let cr_only = dir.write(
        "cr_only.jsonl",
        format!("{}\r{}\r{}\r", good("a"), good("b"), good("c")),
    );
    let mut views = Vec::new();
    for (path, lines) in [(&mixed, 2), (&cr_only, 1)] {
        let run = assess(&dir)
            .arg(path)
            .args(["--format", "json"])
            .status(BAD_INPUT)
            .run();
        check_common("cr", &run);
        let errors: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(errors.len(), lines, "{}", run.stdout);
        for error in errors {
            assert!(
                error.contains("\"error\"") && error.contains("carriage return (CR)"),
                "{error}"
            );
        }
        assert!(
            !run.stderr.contains("a .json file holds one case"),
            "{}",
            run.stderr
        );
        views.push(batch_view(&run));
    }
    snapshot!("batch_separated_by_cr_alone", views.join("\n\n"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_a_failure() {
    let dir = Folder::new();
    let path = dir.write("good.json", GOOD);
    let mut views = Vec::new();
    for format in ["text", "json"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let run = assess(&dir)
            .arg(&path)
            .args(["--format", format])
            .stdout_to(full)
            .context(format)
            .status(OUTPUT_FAILED)
            .stderr_contains("the output could not be written")
            .run();
        views.push(run.err());
    }
    snapshot!("stdout_is_dev_full", views.concat());
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

#[cfg(unix)]
#[test]
fn file_names_with_line_breaks_or_escape_codes_are_escaped() {
    let dir = Folder::new();
    let broken = dir.write("a\nNOT ASSESSED.json", "{");
    let coloured = dir.write("b\u{1b}[31mred.json", "{");
    let missing = dir.join("missing\u{1b}[2J.json");
    let run = assess(&dir)
        .args([&broken, &coloured, &missing])
        .args(["--format", "json"])
        .status(BAD_INPUT)
        .run();
    check_common("names", &run);
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(!text.contains('\u{1b}'), "{name}: an escape code:\n{text}");
        assert!(
            !text
                .lines()
                .any(|line| line.starts_with("NOT ASSESSED.json")),
            "{name}: a line break from a file name:\n{text}"
        );
    }
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    snapshot!("file_names_escaped", batch_view(&run));
}

/// Four mistakes give four errors in one run, each naming its field, in field
/// order, with what was probably meant (issue #12).
#[test]
fn four_mistakes_give_four_errors_at_once() {
    let dir = Folder::new();
    let path = dir.write(
        "four.json",
        r#"{"patient": {"age": 45, "sex": "F"}, "complaint": {"region": "hip", "side": "L"},
            "screening": {"fever_or_unwell": "yes"}, "symptoms": {"temperature_c": 38.5}}"#,
    );
    let run = assess(&dir).arg(path).status(BAD_INPUT).stdout("").run();
    snapshot!("four_mistakes", run.err());
    let err = run.err();
    assert!(err.contains("4 problems in this case"), "{err}");
    for expected in [
        "1. patient.sex: \"F\" is not allowed: did you mean `female`?",
        "2. complaint.side: \"L\" is not allowed: did you mean `left`?",
        "3. screening.fever_or_unwell: expected true or false, found text \"yes\": did you mean true",
        "4. symptoms.temperature_c: temperature_c is a field of exam",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
}

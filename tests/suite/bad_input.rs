//! The bad-input battery: malformed cases given to the real `triage` binary, as a
//! tired clinician or a hurried script would. Each row states the exit code; its
//! error text is snapshotted (`tests/snapshots/bad_input__*.snap`), so any change
//! in what users read is reviewed. Every row also checks the promises that hold for
//! all bad input: no panic, nothing printed as an assessment, the file is named.

use std::io::{BufRead, BufReader, Read};
use std::time::{Duration, Instant};

use crate::support::battery::battery;
use crate::support::snapshot::snapshot;
use crate::support::{Folder, Output, Triage};

/// The exit codes this battery expects (see `src/cli/exit.rs`).
const OK: i32 = 0;
const BAD_INPUT: i32 = 3;
const OUTPUT_FAILED: i32 = 6;

/// A small valid case, written for these tests (fixtures may change).
const GOOD: &str = r#"{"id": "good", "patient": {"age": 45}, "complaint": {"region": "hip"}}"#;

/// [`GOOD`] with the id `id`.
fn good(id: &str) -> String {
    GOOD.replace("\"good\"", &format!("\"{id}\""))
}

/// `triage assess --rules rules` from the crate root (so `--rules rules` is the
/// shipped set), with the temporary `folder` shown as `[tmp]`.
fn assess(folder: &Folder) -> Triage {
    Triage::new()
        .args(["assess", "--rules", "rules"])
        .redact(folder.path(), "[tmp]")
}

/// One malformed input (its name, the test's, is its snapshot name).
#[derive(Clone, Copy)]
struct Row {
    /// File name the input is written to (its extension decides batch or single case).
    file: &'static str,
    contents: Contents,
    exit: i32,
}

fn row(file: &'static str, contents: Contents, exit: i32) -> Row {
    Row {
        file,
        contents,
        exit,
    }
}

#[derive(Clone, Copy)]
enum Contents {
    Text(&'static str),
    Bytes(&'static [u8]),
    Generated(fn() -> Vec<u8>),
    /// Nothing is written: the file does not exist.
    Missing,
    /// A folder of that name.
    Directory,
}

use Contents::{Bytes, Directory, Generated, Missing, Text};

fn deeply_nested() -> Vec<u8> {
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

fn a_very_long_field_name() -> Vec<u8> {
    format!(
        r#"{{"patient": {{"age": 45}}, "complaint": {{"region": "hip"}}, "screening": {{"{}": true}}}}"#,
        "night_pain".repeat(90_000)
    )
    .into_bytes()
}

fn a_very_long_value() -> Vec<u8> {
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

battery! {
    /// The malformed inputs, one `#[test]` each, named as their snapshots.
    mod bad_input_battery (bad_input_battery, at_least 25) {
        // The file itself.
        empty_file => row("empty.json", Text(""), BAD_INPUT),
        only_whitespace => row("blank.json", Text("  \n\t\n"), BAD_INPUT),
        missing_file => row("missing.json", Missing, BAD_INPUT),
        folder_as_file => row("folder.json", Directory, BAD_INPUT),
        not_utf8 => row(
            "latin1.json",
            Bytes(b"{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"h\xe9p\"}}"),
            BAD_INPUT,
        ),
        larger_than_one_mib => row(
            "huge.json",
            Generated(over_one_mib),
            BAD_INPUT,
        ),
        // Not a JSON object.
        json_array => row(
            "array.json",
            Text("[{\"patient\": {\"age\": 45}}]"),
            BAD_INPUT,
        ),
        json_number => row("number.json", Text("45"), BAD_INPUT),
        json_string => row("string.json", Text("\"hip\""), BAD_INPUT),
        json_null => row("null.json", Text("null"), BAD_INPUT),
        // Broken JSON.
        truncated => row(
            "truncated.json",
            Text("{\"patient\": {\"age\": 45},\n \"complaint\": {\"region\": \"hip\"\n"),
            BAD_INPUT,
        ),
        trailing_comma => row(
            "comma.json",
            Text("{\"patient\": {\"age\": 45,}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        comment => row(
            "comment.json",
            Text(
                "{\"patient\": {\"age\": 45}, // the patient\n \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        single_quotes => row(
            "quotes.json",
            Text("{'patient': {'age': 45}}"),
            BAD_INPUT,
        ),
        python_true => row(
            "true.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"screening\": {\"night_pain\": True}}",
            ),
            BAD_INPUT,
        ),
        nan => row(
            "nan.json",
            Text("{\"patient\": {\"age\": NaN}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        two_cases_in_a_json_file => row(
            "two.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}\n{\"patient\": {\"age\": 46}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        control_character_in_text => row(
            "control.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\u{7}\"}}"),
            BAD_INPUT,
        ),
        deep_nesting => row(
            "deep.json",
            Generated(deeply_nested),
            BAD_INPUT,
        ),
        number_too_large_for_json => row(
            "big.json",
            Text("{\"patient\": {\"age\": 1e400}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        // Duplicate keys: which one is meant is not guessed.
        duplicate_field => row(
            "duplicate.json",
            Text("{\"patient\": {\"age\": 45, \"age\": 54}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        duplicate_section => row(
            "duplicate_section.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"patient\": {\"age\": 54}}",
            ),
            BAD_INPUT,
        ),
        // Valid JSON that breaks the vocabulary.
        missing_required_age => row(
            "no_age.json",
            Text("{\"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        empty_object => row("empty_object.json", Text("{}"), BAD_INPUT),
        required_field_null => row(
            "null_region.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": null}}"),
            BAD_INPUT,
        ),
        age_as_text => row(
            "age_text.json",
            Text("{\"patient\": {\"age\": \"45\"}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        age_out_of_range => row(
            "age_145.json",
            Text("{\"patient\": {\"age\": 145}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        age_negative => row(
            "age_negative.json",
            Text("{\"patient\": {\"age\": -1}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        age_not_whole => row(
            "age_half.json",
            Text("{\"patient\": {\"age\": 45.5}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        age_huge => row(
            "age_huge.json",
            Text(
                "{\"patient\": {\"age\": 99999999999999999999}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        pain_out_of_range => row(
            "pain_11.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"pain_now\": 11}}",
            ),
            BAD_INPUT,
        ),
        choice_wrong_case => row(
            "region_case.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"Hip\"}}"),
            BAD_INPUT,
        ),
        choice_not_allowed => row(
            "region_knee.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"knee\"}}"),
            BAD_INPUT,
        ),
        boolean_as_text => row(
            "yes.json",
            Generated(|| case_with("screening", "night_pain", "\"yes\"").into_bytes()),
            BAD_INPUT,
        ),
        boolean_as_number => row(
            "one.json",
            Generated(|| case_with("screening", "night_pain", "1").into_bytes()),
            BAD_INPUT,
        ),
        list_as_text => row(
            "list_text.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": \"stairs\"}}",
            ),
            BAD_INPUT,
        ),
        list_item_wrong_type => row(
            "list_number.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": [\"stairs\", 3]}}",
            ),
            BAD_INPUT,
        ),
        list_item_not_allowed => row(
            "list_value.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\", \"aggravated_by\": [\"stairz\"]}}",
            ),
            BAD_INPUT,
        ),
        section_not_an_object => row(
            "section_list.json",
            Text("{\"patient\": [45], \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        unknown_field_typo => row(
            "typo.json",
            Generated(|| case_with("screening", "nigth_pain", "true").into_bytes()),
            BAD_INPUT,
        ),
        unknown_field_no_close_name => row(
            "unknown_field.json",
            Text(
                "{\"patient\": {\"age\": 45, \"weight_kg\": 70}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        unknown_section_typo => row(
            "section_typo.json",
            Text(
                "{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}, \"screenings\": {}}",
            ),
            BAD_INPUT,
        ),
        field_at_top_level => row(
            "flat.json",
            Text("{\"age\": 45, \"region\": \"hip\"}"),
            BAD_INPUT,
        ),
        id_not_text => row(
            "id_number.json",
            Text("{\"id\": 7, \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}"),
            BAD_INPUT,
        ),
        id_with_a_line_break => row(
            "id_newline.json",
            Text(
                "{\"id\": \"a\\nNOT ASSESSED: forged\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        id_with_a_right_to_left_override => row(
            "id_rlo.json",
            Text(
                "{\"id\": \"case-7\u{202E}gnp.exe\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        id_with_a_line_separator => row(
            "id_line_separator.json",
            Text(
                "{\"id\": \"case-7\\u2028NOT ASSESSED\", \"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"hip\"}}",
            ),
            BAD_INPUT,
        ),
        text_too_long => row(
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
        field_name_with_terminal_escape => row(
            "escape.json",
            Generated(|| case_with("screening", "night\\u001b[31m_pain\\n", "true").into_bytes()),
            BAD_INPUT,
        ),
        very_long_field_name => row(
            "long_key.json",
            Generated(a_very_long_field_name),
            BAD_INPUT,
        ),
        very_long_value => row(
            "long_value.json",
            Generated(a_very_long_value),
            BAD_INPUT,
        ),
        // Accepted on purpose (documented in docs/guarantees.md).
        byte_order_mark_is_accepted => row(
            "bom.json",
            Generated(|| [b"\xef\xbb\xbf".as_slice(), GOOD.as_bytes()].concat()),
            OK,
        ),
    }
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

/// Runs one row: `triage assess <file> --format json`, which must exit as the row
/// says; a refused input prints nothing on stdout and one message naming the file
/// on stderr, snapshotted under the row's name.
fn bad_input_battery(name: &str, row: Row) {
    let dir = Folder::new();
    let path = dir.join(row.file);
    match &row.contents {
        Text(text) => std::fs::write(&path, text),
        Bytes(bytes) => std::fs::write(&path, bytes),
        Generated(make) => std::fs::write(&path, make()),
        Missing => Ok(()),
        Directory => std::fs::create_dir(&path),
    }
    .expect("the input is written");
    let command = assess(&dir)
        .arg(path)
        .args(["--format", "json"])
        .context(name)
        .status(row.exit);
    if row.exit == OK {
        let run = command.stderr("").any_stdout().run();
        check_common(name, &run);
        assert_eq!(run.json()["case_id"], "good", "{name}");
        return;
    }
    // A single case that fails prints nothing on stdout, and one message that
    // names the file on stderr.
    let run = command.stdout("").any_stderr().run();
    check_common(name, &run);
    let text = run.err();
    assert!(
        text.starts_with(&format!("error: [tmp]/{}", row.file)),
        "{name}: the message does not start by naming the file:\n{text}",
    );
    // One line, or a heading line and one numbered line per problem.
    let problems = text
        .lines()
        .skip(1)
        .filter(|line| line.starts_with("  "))
        .count();
    assert_eq!(text.lines().count(), 1 + problems, "{name}: {text}");
    snapshot!(name, format!("exit {}\n{text}", run.status));
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
    let run = assess_a_batch_with_bad_input("batch", "batch.jsonl", batch_lines());
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
        .any_stdout()
        .any_stderr()
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

/// `triage assess <file> --format json`, `contents` written to `file` in a new
/// folder: exit 3 (bad input), the promise every run keeps checked; the caller
/// checks stdout and stderr.
fn assess_a_batch_with_bad_input(name: &str, file: &str, contents: impl AsRef<[u8]>) -> Output {
    let dir = Folder::new();
    let path = dir.write(file, contents);
    let run = assess(&dir)
        .arg(path)
        .args(["--format", "json"])
        .status(BAD_INPUT)
        .any_stdout()
        .any_stderr()
        .run();
    check_common(name, &run);
    run
}

/// A batch file that holds no case, or a line too large for one case: refused
/// in place, exit 3; the view is snapshotted under the row's name.
fn batch_files_that_hold_no_case_or_a_line_too_large(
    name: &str,
    (file, contents): (&str, Vec<u8>),
) {
    let run = assess_a_batch_with_bad_input(name, file, contents);
    snapshot!(name, batch_view(&run));
}

/// A good case, then a line over 1 MiB.
fn a_good_line_then_one_too_large() -> Vec<u8> {
    let mut lines = GOOD.as_bytes().to_vec();
    lines.push(b'\n');
    lines.extend(over_one_mib());
    lines
}

battery! {
    /// Batch files that hold no case or a line too large, one `#[test]` each.
    mod batch_files_that_hold_no_case_or_a_line_too_large (
        batch_files_that_hold_no_case_or_a_line_too_large,
        at_least 2
    ) {
        batch_holds_no_case => ("empty.jsonl", b"\n  \n".to_vec()),
        batch_line_too_large => ("large.jsonl", a_good_line_then_one_too_large()),
    }
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
        .any_stdout()
        .any_stderr()
        .run();
    check_common("files", &run);
    snapshot!("several_files", batch_view(&run));
}

/// Standard input that is not a case: the message names `<stdin>`, exactly.
fn stdin_is_refused(name: &str, (input, message): (&[u8], &str)) {
    let run = assess(&Folder::new())
        .arg("-")
        .context(name)
        .stdin(input)
        .status(BAD_INPUT)
        .stdout("")
        .stderr(format!("error: <stdin>{message}\n"))
        .run();
    check_common(name, &run);
}

battery! {
    /// Standard input errors, one `#[test]` each.
    mod standard_input_errors_name_stdin (stdin_is_refused, at_least 4) {
        empty => (b"", ":1:1: empty input: expected a case as a JSON object { ... }"),
        array => (b"[]", ":1:1: expected a case as a JSON object { ... }, found a list []"),
        not_utf8 => (
            b"{\"id\": \"\xff\"}",
            ": is not UTF-8 text (invalid byte 0xFF at line 1, column 9); save the case as UTF-8",
        ),
        too_large => (
            &over_one_mib(),
            ": is larger than 1 MiB, the limit for one case (a case is a small JSON object; \
             several cases go in a .jsonl file, one per line)",
        ),
    }
}

/// Long enough for any run here, short enough that a hang fails the test.
const WATCHDOG: Duration = Duration::from_secs(30);

#[cfg(unix)]
#[test]
fn a_pipe_with_no_writer_as_the_case_path_is_refused_without_waiting() {
    let dir = Folder::new();
    let path = dir.join("pipe.json");
    crate::support::tools::mkfifo(&path);
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

/// A batch file whose extension is in capitals is still read as a batch.
fn read_as_a_batch(name: &str, file: &str) {
    let dir = Folder::new();
    let path = dir.write(file, [good("one"), good("two")].join("\n"));
    let run = assess(&dir)
        .arg(path)
        .args(["--format", "json"])
        .context(name)
        // Only the closing count of a batch on stderr.
        .stderr_contains("2 cases: ")
        .any_stdout()
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

battery! {
    /// `.JSONL` and `.NdJson`, one `#[test]` each.
    mod jsonl_and_ndjson_in_capitals_are_read_as_batches (read_as_a_batch, at_least 2) {
        jsonl_in_capitals => "batch.JSONL",
        ndjson_in_mixed_case => "batch.NdJson",
    }
}

/// A batch whose cases are separated by a CR alone: each such line is refused
/// (`lines` error lines), named as a CR problem, not as a `.json` file; the view
/// is snapshotted under the row's name.
fn a_batch_separated_by_cr_alone_is_refused_line_by_line(
    name: &str,
    (file, contents, lines): (&str, String, usize),
) {
    let run = assess_a_batch_with_bad_input(name, file, contents);
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
    snapshot!(name, batch_view(&run));
}

battery! {
    /// Cases separated by a CR alone, one `#[test]` each.
    mod a_batch_separated_by_cr_alone_is_refused_line_by_line (
        a_batch_separated_by_cr_alone_is_refused_line_by_line,
        at_least 2
    ) {
        // Two lines (LF), each holding two cases separated by a CR alone.
        batch_lines_holding_cases_separated_by_cr => (
            "mixed.jsonl",
            format!("{}\r{}\n{}\r{}\n", good("a"), good("b"), good("c"), good("d")),
            2,
        ),
        // Three cases separated by CR alone, with no LF at all.
        batch_separated_by_cr_only => (
            "cr_only.jsonl",
            format!("{}\r{}\r{}\r", good("a"), good("b"), good("c")),
            1,
        ),
    }
}

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
        .any_stdout()
        .any_stderr()
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
    let run = assess(&dir)
        .arg(path)
        .status(BAD_INPUT)
        .stdout("")
        .any_stderr()
        .run();
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

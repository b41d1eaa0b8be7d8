//! Batches (`.jsonl`): bad lines are reported in place and the rest assessed, in
//! JSON and in text; a batch file holding no case or a line too large; batch
//! extensions in capitals; cases separated by a CR alone.

use crate::support::battery::battery;
use crate::support::snapshot::snapshot;
use crate::support::{Folder, Output};

use super::{BAD_INPUT, GOOD, assess, batch_view, check_common, good, over_one_mib};

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

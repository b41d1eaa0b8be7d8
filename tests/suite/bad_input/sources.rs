//! Where the cases come from: several files with one missing, standard input, a
//! pipe with no writer, and file names holding line breaks or escape codes.

use crate::support::Folder;
use crate::support::battery::battery;
use crate::support::snapshot::snapshot;

use super::{BAD_INPUT, GOOD, WATCHDOG, assess, batch_view, check_common, over_one_mib};

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

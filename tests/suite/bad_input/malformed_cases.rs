//! The malformed case files, one `#[test]` per row (`bad_input_battery`), each given
//! to `triage assess FILE --format json`: the row states the exit code; a refused
//! input prints nothing on stdout and one message naming the file on stderr,
//! snapshotted under the row's name.

use crate::support::Folder;
use crate::support::battery::battery;
use crate::support::snapshot::snapshot;

use super::{BAD_INPUT, GOOD, OK, assess, check_common, over_one_mib};

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
            "region_shoulder.json",
            Text("{\"patient\": {\"age\": 45}, \"complaint\": {\"region\": \"shoulder\"}}"),
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

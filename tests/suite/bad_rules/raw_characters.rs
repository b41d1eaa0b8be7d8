//! Text that forges or hides, written raw in the source (bidirectional overrides,
//! line separators, direction marks) or in a rule file's name: refused at its
//! line, or escaped, and never echoed back raw.

use crate::support::Output;
use crate::support::battery::battery;

use super::{
    BROKEN, FINDINGS, HEADER, NOT_LOADED, RULE_ERROR, check, command, fails, new_workspace, triage,
    with_header,
};

/// A review whose text holds `c` written raw (not as a Rhai escape): refused when
/// the rules load, at its line; returns the message.
fn raw_character_in_a_review(c: char) -> Output {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}rule battery {{ review(\"Reassess{c}in 2 weeks.\"); }}\n"),
    );
    let name = format!("U+{:04X} raw in a review", u32::from(c));
    let run = fails(
        triage(&workspace, &["case.json", "--format", "json"]).context(&name),
        BROKEN,
        Some(4),
    )
    .stderr_contains(NOT_LOADED)
    .run();
    check(&workspace, FINDINGS);
    run
}

/// A raw character that forges or hides text: refused at its line, and not
/// echoed back in the message.
fn raw_character_is_refused_and_not_echoed(name: &str, c: char) {
    let run = raw_character_in_a_review(c);
    assert!(
        !run.stderr.contains(c),
        "{name}: U+{:04X} is echoed raw:\n{}",
        u32::from(c),
        run.stderr
    );
}

/// The check of the rows below, named as the battery (and as the guarantees that
/// cite it).
fn raw_bidirectional_overrides_in_a_rule_text_are_refused_and_not_echoed(name: &str, c: char) {
    raw_character_is_refused_and_not_echoed(name, c);
}

battery! {
    /// Bidirectional overrides written raw in a rule text, one `#[test]` each.
    mod raw_bidirectional_overrides_in_a_rule_text_are_refused_and_not_echoed (
        raw_bidirectional_overrides_in_a_rule_text_are_refused_and_not_echoed,
        at_least 2
    ) {
        right_to_left_override => '\u{202E}',
        left_to_right_isolate => '\u{2066}',
    }
}

/// The check of the rows below, named as the battery (and as the guarantees that
/// cite it).
fn raw_line_separators_and_marks_in_a_rule_text_are_refused_and_not_echoed(name: &str, c: char) {
    raw_character_is_refused_and_not_echoed(name, c);
}

battery! {
    /// Line separators and direction marks written raw in a rule text, one
    /// `#[test]` each.
    mod raw_line_separators_and_marks_in_a_rule_text_are_refused_and_not_echoed (
        raw_line_separators_and_marks_in_a_rule_text_are_refused_and_not_echoed,
        at_least 4
    ) {
        line_separator => '\u{2028}',
        paragraph_separator => '\u{2029}',
        left_to_right_mark => '\u{200E}',
        right_to_left_mark => '\u{200F}',
    }
}

#[cfg(unix)]
#[test]
fn a_rule_file_name_with_control_characters_is_escaped() {
    let workspace = new_workspace();
    let file = "rules/zz_battery/bad\u{1b}[2J\nname.rhai";
    workspace.write(file, with_header("let x = patient.age / 0;\n"));
    let run = triage(&workspace, &["case.json"])
        .status(RULE_ERROR)
        .stdout("")
        .any_stderr()
        .run();
    let explained = command(&workspace, "explain", &["case.json"])
        .status(RULE_ERROR)
        .any_stdout()
        .any_stderr()
        .run();
    for (what, text) in [
        ("assess stderr", &run.stderr),
        ("explain stdout", &explained.stdout),
        ("explain stderr", &explained.stderr),
    ] {
        assert!(!text.contains('\u{1b}'), "{what}: an escape code:\n{text}");
        assert!(
            !text.lines().any(|line| line.starts_with("name.rhai")),
            "{what}: a line break in the file name:\n{text}"
        );
    }
}

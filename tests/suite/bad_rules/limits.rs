//! Limits and API details: a rule file longer than 65535 lines, `contains` on a
//! list field, and the cap on case-field reads where they are kept.

use crate::support::snapshot::snapshot;

use super::{
    BROKEN, FINDINGS, HEADER, LOAD_WATCHDOG, NOT_LOADED, RULE_ERROR, check, command, new_workspace,
    triage,
};

#[test]
fn a_rule_file_longer_than_65535_lines_is_refused() {
    let workspace = new_workspace();
    let mut source = String::from(HEADER);
    for _ in 0..70_000 {
        source.push_str("// a comment line\n");
    }
    source.push_str("rule battery { review(\"Reassess in 2 weeks.\"); }\n");
    workspace.write(BROKEN, source);
    let run = triage(&workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(format!("{BROKEN}:1"))
        .stderr_contains("at most 65535")
        .stderr_contains(NOT_LOADED)
        .run();
    let checked = check(&workspace, FINDINGS);
    assert!(
        checked.findings_about(BROKEN).contains("at most 65535"),
        "{}",
        checked.out()
    );
    snapshot!("more_than_65535_lines", run.stderr);
}

#[test]
fn contains_on_a_list_field_works() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!(
            "{HEADER}if complaint.aggravated_by.contains(\"stairs\") {{\n    rule battery {{ review(\"Stairs hurt.\"); }}\n}}\n"
        ),
    );
    triage(&workspace, &["case.json"])
        .stdout_contains(format!("Stairs hurt.  [{BROKEN}:5]"))
        .stderr("")
        .run();
}

#[test]
fn case_field_reads_are_capped_where_they_are_kept() {
    // 30,000 reads in about 150,000 operations: past the read cap, far below the
    // operation limit. `explain` keeps every read, so past the cap it stops with a
    // message; `assess` keeps none (its reads cost no memory), so the operation
    // limit is what bounds a rule that reads in a loop (the
    // `case_field_read_in_a_loop` row), as the README's limits table says.
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}for i in 0..30000 {{\n    let age = patient.age;\n}}\n"),
    );
    let says = "read case fields more than 20000 times";
    command(&workspace, "explain", &["case.json"])
        .status(RULE_ERROR)
        .stderr_contains(says)
        .stderr_contains(format!("{BROKEN}:5"))
        .any_stdout()
        .run();
    triage(
        &workspace,
        &["case.json", "--format", "json", "--no-what-if"],
    )
    .any_stdout()
    .run();
}

//! What rules print: `print` and `debug` go to stderr, never to stdout, and a
//! flood of print output is capped.

use super::{BROKEN, HEADER, OK, new_workspace, triage};

#[test]
fn print_and_debug_never_reach_stdout() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}print(\"printed by a rule\");\ndebug(patient.age);\n"),
    );
    let run = triage(&workspace, &["case.json", "--format", "json"])
        .status(OK)
        .stderr_contains("printed by a rule")
        .any_stdout()
        .run();
    let assessment = run.json();
    assert_eq!(assessment["case_id"], "battery");
    assert!(!run.stdout.contains("printed by a rule"));
    assert!(run.stderr.contains("45"), "debug output: {}", run.stderr);
}

#[test]
fn a_flood_of_print_output_is_capped() {
    // 1,000 lines of 100 characters: uncapped, over 100 KB on stderr. (Each print
    // is checked for forging characters, and the what-if reruns the rules, so a
    // longer flood only makes the test slow, or stops at the time budget.)
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!(
            "{HEADER}let s = \"x\";\ns.pad(100, \"y\");\nfor i in 0..1000 {{\n    print(s);\n}}\n"
        ),
    );
    let run = triage(&workspace, &["case.json", "--format", "json"])
        .status(OK)
        .stderr_contains("more print output dropped")
        .any_stdout()
        .run();
    run.json();
    let printed = run.stderr.lines().filter(|l| l.contains("yyyy")).count();
    assert_eq!(printed, 100, "{printed} print lines kept");
    assert!(
        run.stderr.len() < 16 * 1024,
        "{} bytes on stderr",
        run.stderr.len()
    );
}

//! The bad-rules battery: broken rule files a hurried rule author could write,
//! each added to a copy of the shipped rules and run by the real `triage` binary on
//! a small valid case. Every row must stop with exit code 4, print no assessment,
//! name the file and line, not panic, and finish (runaway rules are stopped by the
//! engine's limits; how fast is measured by `scripts/bench.sh`, not asserted here).
//! The messages are snapshotted (`tests/snapshots/bad_rules__*.snap`).

use std::time::Duration;

use crate::support::folder::{copy_dir, manifest_dir};
use crate::support::snapshot::snapshot;
use crate::support::{Folder, Triage};

const OK: i32 = 0;
const RULE_ERROR: i32 = 4;

/// Where the broken rule file goes: its own folder, so it runs after the shipped ones.
const BROKEN: &str = "rules/zz_battery/broken.rhai";

/// A case written for these tests: a few answers known, the rest unknown.
/// `screening.fever_or_unwell` is deliberately left unknown.
const CASE: &str = r#"{
  "id": "battery",
  "patient": { "age": 45, "sex": "female" },
  "complaint": { "region": "hip", "pain_now": 3, "aggravated_by": ["stairs"] },
  "screening": { "night_pain": false }
}"#;

/// Long enough for any rule to finish, short enough that a hang fails the test
/// rather than the CI run.
const WATCHDOG: Duration = Duration::from_secs(60);

/// A temporary folder holding a copy of the shipped rules (`rules/`) and the test
/// case (`case.json`).
fn new_workspace() -> Folder {
    let workspace = Folder::new();
    copy_dir(&manifest_dir().join("rules"), &workspace.join("rules"));
    workspace.write("case.json", CASE);
    workspace
}

/// `triage assess ARGS --rules rules`, run inside the workspace, under the watchdog,
/// with the CPU to itself (which of the engine's limits stops a runaway rule
/// depends on how fast it runs).
fn triage(workspace: &Folder, args: &[&str]) -> Triage {
    Triage::new()
        .arg("assess")
        .args(args)
        .args(["--rules", "rules"])
        .current_dir(workspace.path())
        .watchdog(WATCHDOG)
        .alone()
}

/// One broken rule file: its source, and where the message must point.
struct Row {
    name: &'static str,
    source: &'static str,
    /// The line the message must name in [`BROKEN`].
    line: usize,
}

/// Every broken rule starts like a real one, so the lines that matter are not line 1.
const HEADER: &str = "// Covers: a rule written in a hurry\n// Reviewed: never\n";

fn rows() -> Vec<Row> {
    let row = |name, source, line| Row { name, source, line };
    vec![
        // `=` where `==` was meant, and other writes to what is read-only.
        row(
            "assign_in_condition",
            "if screening.night_pain = true {\n    suggest(\"exercise_therapy\", \"x\");\n}\n",
            3,
        ),
        row("assign_case_field", "screening.night_pain = true;\n", 3),
        row(
            "assign_case_field_by_index",
            "screening[\"night_pain\"] = true;\n",
            3,
        ),
        row("assign_section", "patient = 5;\n", 3),
        row("assign_constant", "const LIMIT = 3;\nLIMIT = 4;\n", 4),
        // Type errors.
        row("type_mismatch", "let doubled = patient.age * \"2\";\n", 3),
        row(
            "number_compared_with_text",
            "if patient.age > \"40\" {\n    review(\"x\");\n}\n",
            3,
        ),
        row(
            "unknown_answer_used_as_condition",
            "if screening.fever_or_unwell {\n    review(\"x\");\n}\n",
            3,
        ),
        row("division_by_zero", "let per_point = patient.age / 0;\n", 3),
        row(
            "integer_overflow",
            "let big = 9223372036854775807;\nlet sum = big + patient.age;\n",
            4,
        ),
        row(
            "error_inside_a_function",
            "fn ratio(a, b) {\n    a / b\n}\nlet r = ratio(patient.age, 0);\n",
            4,
        ),
        row("throw", "throw \"this rule is not finished\";\n", 3),
        // Unknown names.
        row("unknown_function", "frobnicate(patient.age);\n", 3),
        row(
            "misspelled_api_function",
            "sugest(\"exercise_therapy\", \"x\");\n",
            3,
        ),
        row(
            "api_call_missing_argument",
            "suggest(\"exercise_therapy\");\n",
            3,
        ),
        row(
            "unknown_case_field",
            "if screening.nigth_pain == true {\n    review(\"x\");\n}\n",
            3,
        ),
        row(
            "unknown_treatment",
            "suggest(\"magic_cure\", \"It works.\");\n",
            3,
        ),
        row(
            "unknown_urgency",
            "refer(\"asap\", \"gp\", \"Soon please.\");\n",
            3,
        ),
        row(
            "unknown_variable",
            "if age > 40 {\n    review(\"x\");\n}\n",
            3,
        ),
        // A half-done rule must not leave a half-done assessment.
        row(
            "error_after_suggestions",
            "suggest(\"exercise_therapy\", \"Strength.\");\nreview(\"Reassess in 2 weeks.\");\nlet oops = patient.age / 0;\n",
            5,
        ),
        row(
            "syntax_error",
            "if (patient.age > 40 {\n    review(\"x\");\n}\n",
            3,
        ),
        // Runaway rules, stopped by the engine's limits.
        row("infinite_loop", "loop {\n}\n", 3),
        row(
            "while_true",
            "let n = 0;\nwhile true {\n    n += 1;\n}\n",
            5,
        ),
        row(
            "runaway_recursion",
            "fn deeper(n) {\n    deeper(n + 1)\n}\ndeeper(0);\n",
            // Named at the call that started the recursion.
            6,
        ),
        row("huge_string", "let s = \"x\";\nloop {\n    s += s;\n}\n", 5),
        row(
            "huge_array",
            "let a = [];\nloop {\n    a.push(patient.age);\n}\n",
            5,
        ),
        row(
            "nested_arrays",
            "let a = [1];\nloop {\n    a = [a, a];\n}\n",
            5,
        ),
        row(
            "rules_api_called_in_a_loop",
            "let why = \"x\";\nwhy.pad(4000, \"y\");\nfor i in 0..100000 {\n    review(why + i);\n}\n",
            6,
        ),
        row(
            "case_field_read_in_a_loop",
            "let n = 0;\nfor i in 0..100000 {\n    if patient.age > 40 { n += 1; }\n}\n",
            5,
        ),
        // The sandbox: no files, no other scripts, no code from text, no maps.
        row("import_a_file", "import \"/etc/passwd\" as secrets;\n", 3),
        row(
            "import_never_reached",
            "if false {\n    import \"../../outside\" as outside;\n}\n",
            4,
        ),
        row(
            "eval",
            "eval(\"suggest(\\\"manual_therapy\\\", \\\"x\\\")\");\n",
            3,
        ),
        row("eval_through_a_pointer", "let f = Fn(\"eval\");\n", 3),
        row("object_map", "let phases = #{ early: 6, late: 12 };\n", 3),
        row("parse_json", "let m = parse_json(\"{}\");\n", 3),
    ]
}

/// The promises every failing row keeps (besides not panicking, which the builder
/// checks): exit code 4, nothing on stdout, and a message naming the file and line.
/// `line: None` checks only the file name (for problems that make the file
/// unreadable as a whole).
fn fails(command: Triage, file: &str, line: Option<usize>) -> Triage {
    let place = match line {
        Some(line) => format!("{file}:{line}"),
        None => format!("{file}: "),
    };
    command.status(RULE_ERROR).stdout("").stderr_contains(place)
}

#[test]
fn bad_rules_battery() {
    let rows = rows();
    assert!(
        rows.len() >= 15,
        "the battery shrank to {} rows",
        rows.len()
    );
    for row in rows {
        let workspace = new_workspace();
        workspace.write(BROKEN, format!("{HEADER}{}", row.source));
        let json = triage(&workspace, &["case.json", "--format", "json"]).context(row.name);
        let run = fails(json, BROKEN, Some(row.line)).run();
        // Text format too: nothing on stdout that could be read as a report.
        let text = triage(&workspace, &["case.json"]).context(row.name);
        fails(text, BROKEN, Some(row.line)).run();
        snapshot!(
            row.name,
            format!(
                "{HEADER}{}\n--- exit {}\n{}",
                row.source, run.status, run.stderr
            )
        );
    }
}

#[test]
fn broken_files_that_are_not_rhai_source() {
    let mut views = Vec::new();
    // A rule file that is not UTF-8.
    let workspace = new_workspace();
    workspace.write(BROKEN, b"// Covers: caf\xe9 rules\nreview(\"x\");\n");
    let command = triage(&workspace, &["case.json", "--format", "json"]).context("not utf-8");
    let run = fails(command, BROKEN, None)
        .stderr_contains("line 1, column 15")
        .run();
    views.push(run.stderr);
    // A data file with a TOML syntax error (the referral scale, rewritten).
    let workspace = new_workspace();
    let referrals = "rules/referrals.toml";
    workspace.write(
        referrals,
        "[[urgency]]\nid = \"none\"\nmeaning = \"no referral\"\n[[urgency\nid = \"urgent\"\n",
    );
    let command = triage(&workspace, &["case.json", "--format", "json"]).context("toml");
    let run = fails(command, referrals, Some(4)).run();
    views.push(run.stderr);
    snapshot!("not_rhai_source", views.join("\n"));
}

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
        .run();
    let assessment = run.json();
    assert_eq!(assessment["case_id"], "battery");
    assert!(!run.stdout.contains("printed by a rule"));
    assert!(run.stderr.contains("45"), "debug output: {}", run.stderr);
}

#[test]
fn a_flood_of_print_output_is_capped() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!(
            "{HEADER}let s = \"x\";\ns.pad(4000, \"y\");\nfor i in 0..50000 {{\n    print(s);\n}}\n"
        ),
    );
    let run = triage(&workspace, &["case.json", "--format", "json"])
        .status(OK)
        .stderr_contains("more print output dropped")
        .run();
    run.json();
    assert!(
        run.stderr.len() < 1 << 20,
        "{} bytes on stderr",
        run.stderr.len()
    );
}

#[test]
fn a_rule_failing_on_one_case_of_a_batch_stops_only_that_case() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        format!("{HEADER}if patient.age == 99 {{\n    let x = patient.age / 0;\n}}\n"),
    );
    let case = |id: &str, age: u32| {
        format!(
            r#"{{"id": "{id}", "patient": {{"age": {age}}}, "complaint": {{"region": "hip"}}}}"#
        )
    };
    let batch = [case("before", 45), case("fails", 99), case("after", 46)].join("\n");
    workspace.write("batch.jsonl", batch);
    let run = triage(&workspace, &["batch.jsonl", "--format", "json"])
        .status(RULE_ERROR)
        .run();
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0]["case_id"], "before");
    assert!(
        lines[1].get("referral").is_none(),
        "no assessment for the failing case"
    );
    assert_eq!(lines[1]["origin"], "batch.jsonl:2");
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains(&format!("{BROKEN}:4"))),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["case_id"], "after");
}

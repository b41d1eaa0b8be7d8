//! The bad-rules battery: broken and hostile rule files and data files a hurried
//! (or hostile) rule author could write, each added to a copy of the shipped rules
//! and run by the real `triage` binary on a small valid case. Every row must stop
//! with exit code 4, print no assessment, name the file and line, not panic, and
//! finish (runaway rules are stopped by the engine's limits; how fast is measured by
//! `scripts/bench.sh`, not asserted here). A row refused when the rules load is
//! refused by `triage check` too (exit 1, same place): one verdict. The messages are
//! snapshotted (`tests/snapshots/bad_rules__*.snap`).

use std::time::Duration;

use crate::support::battery::battery;
use crate::support::folder::copy_dir;
use crate::support::snapshot::snapshot;
use crate::support::{Folder, Output, Triage};

const OK: i32 = 0;
const FINDINGS: i32 = 1;
const RULE_ERROR: i32 = 4;

/// The date the review-age checks use, so the outcomes do not depend on the calendar.
const TODAY: &str = "2026-11-21";

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

/// For refusals made when the rules load: no rule runs, so a load that takes this
/// long is waiting on something (a sleeping rule, a pipe), not working.
const LOAD_WATCHDOG: Duration = Duration::from_secs(10);

/// The last line of every refusal made when the rules load.
const NOT_LOADED: &str = "error: the rules in rules could not be loaded; no case was assessed";

/// The last line of every refusal made while the case runs.
const NOT_ASSESSED: &str =
    "error: case.json was not assessed: a rule failed, and no partial answer is given";

/// A temporary folder holding a copy of the shipped rules (`rules/`) and the test
/// case (`case.json`, and again as `cases/case.json` for `triage test`).
fn new_workspace() -> Folder {
    let workspace = Folder::new();
    workspace.copy_shipped_rules("rules");
    workspace.write("case.json", CASE);
    workspace.write("cases/case.json", CASE);
    workspace
}

/// `triage assess ARGS --rules rules`, run inside the workspace, under the watchdog,
/// with the CPU to itself (which of the engine's limits stops a runaway rule
/// depends on how fast it runs).
fn triage(workspace: &Folder, args: &[&str]) -> Triage {
    command(workspace, "assess", args)
}

/// `triage COMMAND ARGS --rules rules`, as [`triage`] runs `assess`.
fn command(workspace: &Folder, command: &str, args: &[&str]) -> Triage {
    Triage::new()
        .arg(command)
        .args(args)
        .args(["--rules", "rules"])
        .env("TRIAGE_TODAY", TODAY)
        .current_dir(workspace.path())
        .watchdog(WATCHDOG)
        .alone()
}

/// `triage check --rules rules` in the workspace, which must exit `status`.
fn check(workspace: &Folder, status: i32) -> Output {
    command(workspace, "check", &[])
        .watchdog(LOAD_WATCHDOG)
        .status(status)
        .any_stdout()
        .run()
}

/// When a broken rule is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// When the rules load, before any case runs (and by `triage check`).
    Load,
    /// While the case runs: that case gets no assessment.
    Run,
}

/// One broken rule file: its source, and where and when it must be refused.
#[derive(Clone, Copy)]
struct Row {
    source: &'static str,
    /// The line the message must name in [`BROKEN`].
    line: usize,
    stage: Stage,
}

fn row(source: &'static str, line: usize, stage: Stage) -> Row {
    Row {
        source,
        line,
        stage,
    }
}

use Stage::{Load, Run};

/// Every broken rule starts like a real one (a valid header), so the lines that
/// matter are not line 1.
const HEADER: &str =
    "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: 2026-11-01\n";

battery! {
    /// The broken rule files, one `#[test]` each, named as their snapshots.
    mod bad_rules_battery (bad_rules_battery, at_least 60) {
        // `=` where `==` was meant, and other writes to what is read-only.
        assign_in_condition => row(
            "if screening.night_pain = true {\n    rule battery { suggest(\"exercise_therapy\", \"x\"); }\n}\n",
            4,
            Load,
        ),
        assign_case_field => row(
            "screening.night_pain = true;\n",
            4,
            Run,
        ),
        assign_case_field_by_index => row(
            "screening[\"night_pain\"] = true;\n",
            4,
            Run,
        ),
        assign_section => row("patient = 5;\n", 4, Run),
        assign_constant => row("const LIMIT = 3;\nLIMIT = 4;\n", 5, Load),
        // Type errors.
        type_mismatch => row(
            "let doubled = patient.age * \"2\";\n",
            4,
            Run,
        ),
        unknown_answer_used_as_condition => row(
            "if screening.fever_or_unwell {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Run,
        ),
        division_by_zero => row(
            "let per_point = patient.age / 0;\n",
            4,
            Run,
        ),
        integer_overflow => row(
            "let big = 9223372036854775807;\nlet sum = big + patient.age;\n",
            5,
            Run,
        ),
        error_inside_a_function => row(
            "fn ratio(a, b) {\n    a / b\n}\nlet r = ratio(patient.age, 0);\n",
            5,
            Run,
        ),
        // Comparisons that can never be true (or never change with the case):
        // refused with what the field allows.
        number_compared_with_text => row(
            "if patient.age > \"40\" {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        choice_compared_with_a_value_it_cannot_take => row(
            "if complaint.region == \"hamstring\" {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        list_searched_for_a_value_it_cannot_hold => row(
            "if \"lying on side\" in complaint.aggravated_by {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        choice_compared_with_an_abbreviation => row(
            "if patient.sex == \"F\" {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        yes_on_a_number => row(
            "if yes(exam.leg_length_difference_cm) {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        boolean_compared_with_text => row(
            "if screening.night_pain == \"yes\" {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        number_outside_the_field_range => row(
            "if patient.age > 130 {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        // Errors cannot be caught or raised: an error always stops the case.
        throw => row("throw \"this rule is not finished\";\n", 4, Load),
        try_catch_around_a_runaway_loop => row(
            "try {\n    loop {}\n} catch (e) {\n}\nrule battery { refer(\"emergency\", \"emergency_department\", \"After the loop.\"); }\n",
            4,
            Load,
        ),
        try_catch_around_an_unknown_field => row(
            "try {\n    let x = screening.nigth_pain;\n} catch (e) {}\n",
            4,
            Load,
        ),
        // The rules API cannot be redefined.
        redefine_refer => row("fn refer(a, b, c) {}\n", 4, Load),
        redefine_yes => row("fn yes(x) { true }\n", 4, Load),
        // Unknown names.
        unknown_function => row("frobnicate(patient.age);\n", 4, Run),
        misspelled_api_function => row(
            "sugest(\"exercise_therapy\", \"x\");\n",
            4,
            Load,
        ),
        api_call_missing_argument => row(
            "rule battery { suggest(\"exercise_therapy\"); }\n",
            4,
            Load,
        ),
        unknown_case_field => row(
            "if screening.nigth_pain == true {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        unknown_treatment => row(
            "rule battery { suggest(\"magic_cure\", \"It works.\"); }\n",
            4,
            Load,
        ),
        unknown_urgency => row(
            "rule battery { refer(\"asap\", \"gp\", \"Soon please.\"); }\n",
            4,
            Load,
        ),
        unknown_variable => row(
            "if age > 40 {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        // Definitions are made only under rules/definitions/.
        define_outside_the_definitions_folder => row(
            "define(\"x\", true);\n",
            4,
            Load,
        ),
        // A half-done rule must not leave a half-done assessment.
        error_after_suggestions => row(
            "rule battery { suggest(\"exercise_therapy\", \"Strength.\"); }\nrule battery_review { review(\"Reassess in 2 weeks.\"); }\nlet oops = patient.age / 0;\n",
            6,
            Run,
        ),
        syntax_error => row(
            "if (patient.age > 40 {\n    rule battery { review(\"x\"); }\n}\n",
            4,
            Load,
        ),
        // Runaway rules, stopped by the engine's limits.
        infinite_loop => row("loop {\n}\n", 4, Run),
        while_true => row(
            "let n = 0;\nwhile true {\n    n += 1;\n}\n",
            6,
            Run,
        ),
        runaway_recursion => row(
            "fn deeper(n) {\n    deeper(n + 1)\n}\ndeeper(0);\n",
            // Named at the call that started the recursion.
            7,
            Run,
        ),
        huge_string => row(
            "let s = \"x\";\nloop {\n    s += s;\n}\n",
            6,
            Run,
        ),
        huge_array => row(
            "let a = [];\nloop {\n    a.push(patient.age);\n}\n",
            6,
            Run,
        ),
        nested_arrays => row(
            "let a = [1];\nloop {\n    a = [a, a];\n}\n",
            6,
            Run,
        ),
        rules_api_called_in_a_loop => row(
            "let why = \"x\";\nwhy.pad(4000, \"y\");\nfor i in 0..100000 {\n    rule battery { review(why + i); }\n}\n",
            7,
            Run,
        ),
        case_field_read_in_a_loop => row(
            "let n = 0;\nfor i in 0..100000 {\n    if patient.age > 40 { n += 1; }\n}\n",
            6,
            Run,
        ),
        // Rules cannot wait or read the clock: refused when the rules load, at the
        // call (and fast: the load watchdog is far below a sleeping rule).
        sleep_a_long_time => row("sleep(1000000);\n", 4, Load),
        sleep_under_a_second => row("sleep(0.8);\n", 4, Load),
        sleep_for_ever => row("sleep(1e300);\n", 4, Load),
        timestamp => row("let t = timestamp();\n", 4, Load),
        sleep_through_a_pointer => row(
            "let f = Fn(\"sleep\");\nf.call(1.5);\n",
            5,
            Run,
        ),
        // The sandbox: no files, no other scripts, no code from text, no maps.
        import_a_file => row(
            "import \"/etc/passwd\" as secrets;\n",
            4,
            Load,
        ),
        import_never_reached => row(
            "if false {\n    import \"../../outside\" as outside;\n}\n",
            5,
            Load,
        ),
        eval => row(
            "eval(\"suggest(\\\"manual_therapy\\\", \\\"x\\\")\");\n",
            4,
            Load,
        ),
        eval_through_a_pointer => row("let f = Fn(\"eval\");\n", 4, Run),
        object_map => row(
            "let phases = #{ early: 6, late: 12 };\n",
            4,
            Load,
        ),
        parse_json => row("let m = parse_json(\"{}\");\n", 4, Run),
        // Text that would forge or hide a report line, refused at the rule's line
        // (written with Rhai's escapes, so the snapshots hold no raw character).
        line_break_forges_a_report_line => row(
            "rule battery { refer(\"urgent\", \"gp\", \"x\\nREFERRAL: NONE\"); }\n",
            4,
            Load,
        ),
        line_break_in_a_treatment_why => row(
            "rule battery { suggest(\"exercise_therapy\", \"Strength.\\nREFERRAL: NONE\"); }\n",
            4,
            Load,
        ),
        right_to_left_override_in_a_review => row(
            "rule battery { review(\"Reassess \\u202Ein 2 weeks.\"); }\n",
            4,
            Load,
        ),
        line_separator_in_a_red_flag_text => row(
            "rule battery { red_flag(\"possible_fracture\", \"Fall\\u2028in an older patient.\"); }\n",
            4,
            Load,
        ),
        red_flag_id_not_snake_case => row(
            "rule battery { red_flag(\"cauda equina\", \"text\"); }\n",
            4,
            Load,
        ),
        red_flag_id_built_at_run_time => row(
            "let id = \"cauda\" + \" equina\";\nrule battery { red_flag(id, \"text\"); }\n",
            5,
            Run,
        ),
        // A literal text is refused when the rules load; a text built at run time
        // (the next rows) when it is printed.
        print_terminal_escape => row("print(\"\\u001b[2J\");\n", 4, Load),
        debug_terminal_escape => row("debug(\"\\u001b[2J\");\n", 4, Load),
        print_terminal_escape_built_at_run_time => row(
            "let t = \"a\" + \"\\u001b[2J\";\nprint(t);\n",
            5,
            Run,
        ),
        line_break_built_at_run_time => row(
            "let t = \"a\" + \"\\n\" + \"b\";\nrule battery { review(t); }\n",
            5,
            Run,
        ),
    }
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

/// Checks when a row was refused: a load refusal also by `check` (exit 1, naming
/// the same place) and fast; a run refusal names the case that got no assessment.
fn refused_when(command: Triage, stage: Stage) -> Triage {
    match stage {
        Stage::Load => command.watchdog(LOAD_WATCHDOG).stderr_contains(NOT_LOADED),
        Stage::Run => command.stderr_contains(NOT_ASSESSED),
    }
}

/// Runs one broken rule file: `assess` in JSON and in text refuses it at its
/// line, `check` too if it is refused when the rules load; the messages are
/// snapshotted under the row's name.
fn bad_rules_battery(name: &str, row: Row) {
    let workspace = new_workspace();
    workspace.write(BROKEN, format!("{HEADER}{}", row.source));
    let json = triage(&workspace, &["case.json", "--format", "json"]).context(name);
    let run = refused_when(fails(json, BROKEN, Some(row.line)), row.stage).run();
    // Text format too: nothing on stdout that could be read as a report.
    let text = triage(&workspace, &["case.json"]).context(name);
    refused_when(fails(text, BROKEN, Some(row.line)), row.stage).run();
    let mut view = format!(
        "{HEADER}{}\n--- exit {}\n{}",
        row.source, run.status, run.stderr
    );
    // One verdict: what stops the rules loading is an error of `check`, at the
    // same place; what only fails when a case runs cannot be seen by `check`.
    if row.stage == Stage::Load {
        let checked = check(&workspace, FINDINGS);
        let place = format!("{BROKEN}:{}", row.line);
        let findings = checked.findings_about(BROKEN);
        assert!(
            findings.contains("error: ") && findings.contains(&place),
            "{name}: `check` does not report {place}:\n{}",
            checked.out()
        );
        view.push_str(&format!(
            "--- check (exit {})\n{findings}\n",
            checked.status
        ));
    }
    snapshot!(name, view);
}

#[test]
fn broken_files_that_are_not_rhai_source() {
    let mut views = Vec::new();
    // A rule file that is not UTF-8.
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        b"// Covers: caf\xe9 rules\nrule battery { review(\"x\"); }\n",
    );
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
        // stderr names the batch line as well as the rule's line.
        .stderr_contains(format!("{BROKEN}:5"))
        .stderr_contains(
            "error: batch.jsonl:2 was not assessed: a rule failed, and no partial answer is given",
        )
        .any_stdout()
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
            .is_some_and(|e| e.contains(&format!("{BROKEN}:5"))),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["case_id"], "after");
    snapshot!("rule_fails_on_one_case_of_a_batch", run.err());
}

// ---------------------------------------------------------------------------
// One verdict: what `check` calls an error, every command refuses to load
// ---------------------------------------------------------------------------

/// Runs `assess`, `test` and `explain` (each must exit 4 naming `place` on stderr,
/// with nothing on stdout) and `check` (exit 1, naming `place`), and returns the
/// `assess` message and the `check` findings about `place`'s file, for a snapshot.
fn refused_by_every_command(workspace: &Folder, name: &str, place: &str) -> String {
    let file = place.split(':').next().expect("a file");
    let assess = triage(workspace, &["case.json"])
        .watchdog(LOAD_WATCHDOG)
        .context(format!("{name}: assess"))
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(place)
        .stderr_contains(NOT_LOADED)
        .run();
    for (what, args) in [("test", ["cases"]), ("explain", ["case.json"])] {
        command(workspace, what, &args)
            .watchdog(LOAD_WATCHDOG)
            .context(format!("{name}: {what}"))
            .status(RULE_ERROR)
            .stdout("")
            .stderr_contains(place)
            .run();
    }
    let checked = check(workspace, FINDINGS);
    let findings = checked.findings_about(file);
    assert!(
        findings.contains("error: ") && findings.contains(place),
        "{name}: `check` does not report {place}:\n{}",
        checked.out()
    );
    format!(
        "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
        assess.status,
        assess.err(),
        checked.status
    )
}

/// A rules folder edited by writing files (relative to the workspace, written as
/// given: no header is added), and the place the refusal must name.
struct FilesRow {
    files: Vec<(&'static str, String)>,
    place: &'static str,
    /// A piece of the message the refusal must hold.
    says: &'static str,
}

fn files_row(
    files: Vec<(&'static str, String)>,
    place: &'static str,
    says: &'static str,
) -> FilesRow {
    FilesRow { files, place, says }
}

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

battery! {
    /// Rules folders that `check` rejects, one `#[test]` each, named as their
    /// snapshots.
    mod rule_files_that_check_rejects_are_refused_by_every_command (
        rule_files_that_check_rejects_are_refused_by_every_command,
        at_least 9
    ) {
        // A rule file's header is checked when the rules load.
        empty_rule_file => files_row(
            vec![(BROKEN, String::new())],
            "rules/zz_battery/broken.rhai:1",
            "has no header",
        ),
        rule_file_without_a_header => files_row(
            vec![(BROKEN, "rule battery { review(\"Reassess in 2 weeks.\"); }\n".to_string())],
            "rules/zz_battery/broken.rhai:1",
            "has no header",
        ),
        header_without_sources => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Reviewed: 2026-11-01\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Sources:` line",
        ),
        header_without_covers => files_row(
            vec![(
                BROKEN,
                "// Sources: none yet\n// Reviewed: 2026-11-01\nrule battery { review(\"x\"); }\n".to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Covers:` line",
        ),
        header_without_reviewed => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Sources: none yet\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:1",
            "no `// Reviewed:` line",
        ),
        reviewed_not_a_date => files_row(
            vec![(
                BROKEN,
                "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: not-a-date\nrule battery { review(\"x\"); }\n"
                    .to_string(),
            )],
            "rules/zz_battery/broken.rhai:3",
            "`not-a-date` is not a review date",
        ),
        // Shared definitions (rules/definitions/, run first, in path order).
        misspelled_definition => files_row(
            vec![
                (
                    "rules/definitions/zz_battery.rhai",
                    with_header("define(\"recent_surgery\", yes(screening.night_pain));\n"),
                ),
                (
                    BROKEN,
                    with_header("if yes(defined.recnt_surgery) {\n    rule battery { review(\"x\"); }\n}\n"),
                ),
            ],
            "rules/zz_battery/broken.rhai:4",
            "did you mean `defined.recent_surgery`?",
        ),
        action_in_a_definitions_file => files_row(
            vec![(
                "rules/definitions/zz_battery.rhai",
                with_header(
                    "define(\"night\", yes(screening.night_pain));\nrefer(\"urgent\", \"gp\", \"Night pain.\");\n",
                ),
            )],
            "rules/definitions/zz_battery.rhai:5",
            "a definition file cannot call `refer`",
        ),
        definition_read_before_it_is_made => files_row(
            vec![
                (
                    "rules/definitions/zz_battery_a.rhai",
                    with_header("define(\"a\", yes(defined.b));\n"),
                ),
                (
                    "rules/definitions/zz_battery_b.rhai",
                    with_header("define(\"b\", true);\n"),
                ),
            ],
            "rules/definitions/zz_battery_a.rhai:4",
            "it is defined later, at rules/definitions/zz_battery_b.rhai:4",
        ),
    }
}

/// Runs one rules folder that `check` rejects: every command refuses it at its
/// place, saying what the row says; snapshotted under the row's name.
fn rule_files_that_check_rejects_are_refused_by_every_command(name: &str, row: FilesRow) {
    let workspace = new_workspace();
    let mut view = String::new();
    for (path, text) in row.files {
        workspace.write(path, &text);
        view.push_str(&format!("=== {path}\n{text}"));
    }
    let refused = refused_by_every_command(&workspace, name, row.place);
    assert!(
        refused.contains(row.says),
        "{name}: the message does not say {:?}:\n{refused}",
        row.says
    );
    view.push_str(&refused);
    snapshot!(name, view);
}

#[test]
fn an_overdue_review_date_is_only_a_warning() {
    let workspace = new_workspace();
    workspace.write(
        BROKEN,
        "// Covers: a rule written in a hurry\n// Sources: none yet\n// Reviewed: 2020-01-01\nrule battery { review(\"Reassess in 2 weeks.\"); }\n",
    );
    triage(&workspace, &["case.json"])
        .stdout_contains(format!("Reassess in 2 weeks.  [{BROKEN}:4]"))
        .stderr("")
        .run();
    command(&workspace, "explain", &["case.json"])
        .stdout_contains("REVIEW Reassess in 2 weeks.")
        .run();
    let checked = check(&workspace, OK);
    let findings = checked.findings_about(BROKEN);
    assert!(
        findings.starts_with("warning: last reviewed 2020-01-01")
            && findings.contains(&format!("{BROKEN}:3"))
            && !findings.contains("error"),
        "{}",
        checked.out()
    );
    snapshot!("overdue_review_date", findings);
}

// ---------------------------------------------------------------------------
// Limits and API details
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Shared definitions: the positive case
// ---------------------------------------------------------------------------

#[test]
fn a_new_definition_and_a_rule_using_it_change_the_next_assessment() {
    let workspace = new_workspace();
    workspace.write("older.json", CASE.replace("\"age\": 45", "\"age\": 70"));
    let review = "Older adult: check falls risk.";
    let before = triage(&workspace, &["older.json"]).any_stdout().run();
    assert!(!before.stdout.contains(review), "{}", before.stdout);
    // Two new files, no rebuild: the next run uses them.
    workspace.write(
        "rules/definitions/zz_battery_older_adult.rhai",
        with_header("define(\"older_adult\", patient.age >= 65);\n"),
    );
    let rule = "rules/zz_battery/older_adult.rhai";
    workspace.write(
        rule,
        with_header(&format!(
            "if yes(defined.older_adult) {{\n    rule battery {{ review(\"{review}\"); }}\n}}\n"
        )),
    );
    triage(&workspace, &["older.json"])
        .stdout_contains(format!("{review}  [{rule}:5]"))
        .run();
    let younger = triage(&workspace, &["case.json"]).any_stdout().run();
    assert!(!younger.stdout.contains(review), "{}", younger.stdout);
    command(&workspace, "explain", &["older.json", "--acted"])
        .stdout_contains("DEFINE defined.older_adult = true")
        .stdout_contains("read defined.older_adult = true")
        .run();
    check(&workspace, OK);
}

// ---------------------------------------------------------------------------
// The rules folder: symbolic links and special files
// ---------------------------------------------------------------------------

/// `assess` refuses (exit 4, naming `file`, fast) and `check` reports it (exit 1).
fn folder_refused(workspace: &Folder, outside: Option<&Folder>, name: &str, file: &str) -> String {
    let mut assess = triage(workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .context(name)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(format!("error: {file}: "))
        .stderr_contains(NOT_LOADED);
    let mut checking = command(workspace, "check", &[])
        .watchdog(LOAD_WATCHDOG)
        .context(name)
        .status(FINDINGS)
        .stdout_contains(format!("error: {file}: "));
    if let Some(outside) = outside {
        assess = assess.redact(outside.path(), "[OUTSIDE]");
        checking = checking.redact(outside.path(), "[OUTSIDE]");
    }
    let assess = assess.run();
    checking.run();
    assess.err()
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_rules_folder_are_refused_not_skipped() {
    use std::os::unix::fs::symlink;
    let mut views = Vec::new();
    // A rule file that is a link to a file outside the rules folder.
    let workspace = new_workspace();
    let outside = Folder::new();
    let target = outside.write(
        "outside.rhai",
        with_header("rule battery { review(\"x\"); }\n"),
    );
    let link = "rules/zz_battery/linked.rhai";
    std::fs::create_dir_all(workspace.join("rules/zz_battery")).expect("folder made");
    symlink(&target, workspace.join(link)).expect("link made");
    views.push(folder_refused(
        &workspace,
        Some(&outside),
        "linked rule file",
        link,
    ));
    // A folder of rules (the red flags!) that is a link to a copy elsewhere.
    let workspace = new_workspace();
    let outside = Folder::new();
    copy_dir(
        &workspace.join("rules/red_flags"),
        &outside.join("red_flags"),
    );
    std::fs::remove_dir_all(workspace.join("rules/red_flags")).expect("folder removed");
    symlink(outside.join("red_flags"), workspace.join("rules/red_flags")).expect("link made");
    views.push(folder_refused(
        &workspace,
        Some(&outside),
        "linked folder",
        "rules/red_flags",
    ));
    snapshot!("symbolic_links_out_of_the_folder", views.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_inside_the_rules_folder_is_followed() {
    use std::os::unix::fs::symlink;
    let workspace = new_workspace();
    let before = triage(&workspace, &["case.json", "--format", "json"])
        .any_stdout()
        .run();
    // `vocabulary.toml` becomes a link to `data/vocabulary.toml`, inside the folder
    // (which is then also read as a data file of no known name: fine).
    std::fs::create_dir(workspace.join("rules/data")).expect("folder made");
    std::fs::rename(
        workspace.join("rules/vocabulary.toml"),
        workspace.join("rules/data/vocabulary.toml"),
    )
    .expect("file moved");
    symlink(
        "data/vocabulary.toml",
        workspace.join("rules/vocabulary.toml"),
    )
    .expect("link made");
    let after = triage(&workspace, &["case.json", "--format", "json"])
        .any_stdout()
        .run();
    assert_eq!(before.json()["referral"], after.json()["referral"]);
    assert_eq!(before.json()["case_id"], after.json()["case_id"]);
    check(&workspace, OK);
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_rules_folder_is_refused_by_its_type_without_waiting() {
    let mut views = Vec::new();
    // A new rule file that is a pipe.
    let workspace = new_workspace();
    let pipe = "rules/zz_battery/x.rhai";
    std::fs::create_dir_all(workspace.join("rules/zz_battery")).expect("folder made");
    crate::support::tools::mkfifo(&workspace.join(pipe));
    views.push(folder_refused(
        &workspace,
        None,
        "pipe as a rule file",
        pipe,
    ));
    // A data file replaced by a pipe.
    let workspace = new_workspace();
    let pipe = "rules/treatments.toml";
    std::fs::remove_file(workspace.join(pipe)).expect("file removed");
    crate::support::tools::mkfifo(&workspace.join(pipe));
    views.push(folder_refused(
        &workspace,
        None,
        "pipe as a data file",
        pipe,
    ));
    snapshot!("pipe_in_the_rules_folder", views.join("\n"));
}

// ---------------------------------------------------------------------------
// The data files
// ---------------------------------------------------------------------------

/// One edit of a copy of a shipped data file, and the text whose line the refusal
/// must name (its first line holding `at`, in the edited file).
#[derive(Clone, Copy)]
struct DataRow {
    file: &'static str,
    edit: fn(String) -> String,
    at: &'static str,
}

fn data_row(file: &'static str, edit: fn(String) -> String, at: &'static str) -> DataRow {
    DataRow { file, edit, at }
}

const EMERGENCY: &str = "[[urgency]]\nid = \"emergency\"\n";

battery! {
    /// Broken data files, one `#[test]` each, named as their snapshots.
    mod broken_data_files_are_refused_by_assess_and_check (
        broken_data_files_are_refused_by_assess_and_check,
        at_least 9
    ) {
        emergency_below_urgent => data_row(
            "rules/referrals.toml",
            |text| {
                // Cut the emergency entry (up to the next table) and put it back
                // before `urgent`.
                let start = text.find(EMERGENCY).expect("an emergency urgency");
                let end = start
                    + 1
                    + text[start + 1..]
                        .find("[[")
                        .expect("a table after emergency");
                let entry = text[start..end].to_string();
                let rest = format!("{}{}", &text[..start], &text[end..]);
                rest.replacen(
                    "[[urgency]]\nid = \"urgent\"",
                    &format!("{entry}[[urgency]]\nid = \"urgent\""),
                    1,
                )
            },
            "id = \"emergency\"",
        ),
        withholds_treatment_deleted => data_row(
            "rules/referrals.toml",
            |text| text.replacen("withholds_treatment = true\n", "", 1),
            "id = \"emergency\"",
        ),
        withholds_treatment_on_none => data_row(
            "rules/referrals.toml",
            |text| {
                text.replacen(
                    "id = \"none\"\n",
                    "id = \"none\"\nwithholds_treatment = true\n",
                    1,
                )
            },
            "id = \"none\"",
        ),
        max_nan => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("max = 120,", "max = nan,", 1),
            "max = nan,",
        ),
        max_inf => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("max = 120,", "max = inf,", 1),
            "max = inf,",
        ),
        min_greater_than_max => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("min = 0, max = 120,", "min = 130, max = 120,", 1),
            "min = 130, max = 120,",
        ),
        normal_outside_the_range => data_row(
            "rules/vocabulary.toml",
            |text| text.replacen("normal = 36.8,", "normal = 368,", 1),
            "normal = 368,",
        ),
        normal_on_a_yes_no_question => data_row(
            "rules/vocabulary.toml",
            |text| {
                text.replacen(
                    "fadir_positive = { type = \"boolean\",",
                    "fadir_positive = { type = \"boolean\", normal = 1,",
                    1,
                )
            },
            "normal = 1,",
        ),
        empty_treatment_name => data_row(
            "rules/treatments.toml",
            |text| text.replacen("name = \"Manual therapy\"", "name = \"\"", 1),
            "[manual_therapy]",
        ),
    }
}

/// `text` with the number of a `note: N rule files ...` line shown as `[N]`: it
/// counts the shipped rule files, which grow.
fn without_counts(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("note: ") {
            Some(rest) if rest.contains(" rule files ") => {
                format!(
                    "note: [N]{}",
                    rest.trim_start_matches(|c: char| c.is_ascii_digit())
                )
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in the edited file"))
        + 1
}

/// Runs one broken data file: `assess` and `check` refuse it at its line; the
/// messages are snapshotted under the row's name.
fn broken_data_files_are_refused_by_assess_and_check(name: &str, row: DataRow) {
    let workspace = new_workspace();
    crate::support::folder::edit(workspace.path(), row.file, row.edit);
    let edited = std::fs::read_to_string(workspace.join(row.file)).expect("edited file");
    let place = format!("{}:{}", row.file, line_of(&edited, row.at));
    let assess = triage(&workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .context(name)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains(&place)
        .stderr_contains(NOT_LOADED)
        .run();
    let checked = check(&workspace, FINDINGS);
    let findings = without_counts(&checked.findings_about(row.file));
    assert!(
        findings.contains(&place),
        "{name}: `check` does not report {place}:\n{}",
        checked.out()
    );
    snapshot!(
        name,
        format!(
            "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
            assess.status, assess.stderr, checked.status
        )
    );
}

#[test]
fn a_duplicated_urgency_id_is_refused_at_its_line() {
    let workspace = new_workspace();
    let file = "rules/referrals.toml";
    crate::support::folder::edit(workspace.path(), file, |text| {
        text.replacen("id = \"routine\"", "id = \"none\"", 1)
    });
    let edited = std::fs::read_to_string(workspace.join(file)).expect("edited file");
    // The second `id = "none"`: the duplicate.
    let line = edited
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id = \"none\""))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("two `none` ids");
    let place = format!("{file}:{line}");
    let assess = triage(&workspace, &["case.json", "--format", "json"])
        .watchdog(LOAD_WATCHDOG)
        .status(RULE_ERROR)
        .stdout("")
        .stderr_contains("`none` is listed twice")
        .run();
    let listed_twice = assess
        .stderr
        .split("error: ")
        .find(|message| message.contains("listed twice"))
        .expect("the duplicate's message");
    assert!(listed_twice.contains(&place), "{}", assess.stderr);
    let checked = check(&workspace, FINDINGS);
    let findings = checked.findings_about(file);
    assert!(findings.contains(&place), "{}", checked.out());
    snapshot!(
        "duplicated_urgency_id",
        format!(
            "--- assess (exit {})\n{}--- check (exit {})\n{findings}\n",
            assess.status, assess.stderr, checked.status
        )
    );
}

// ---------------------------------------------------------------------------
// Text that forges or hides, written raw in the source
// ---------------------------------------------------------------------------

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

#[test]
fn a_rule_failing_in_a_text_batch_names_the_batch_line_in_the_report() {
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
    workspace.write(
        "batch.jsonl",
        [case("before", 45), case("fails", 99)].join("\n"),
    );
    let run = triage(&workspace, &["batch.jsonl"])
        .status(RULE_ERROR)
        .any_stdout()
        .any_stderr()
        .run();
    let not_assessed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("NOT ASSESSED"))
        .collect();
    assert_eq!(not_assessed.len(), 1, "{}", run.stdout);
    assert!(
        not_assessed[0].contains("batch.jsonl:2"),
        "{}",
        not_assessed[0]
    );
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

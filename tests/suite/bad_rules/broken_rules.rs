//! The broken rule files, one `#[test]` per row (`bad_rules_battery`): each row
//! is refused by `assess`, in JSON and in text, at its file and line, exit 4,
//! nothing on stdout; a row refused when the rules load is refused by `check` too
//! (exit 1, same place), and fast; a row refused while the case runs names the
//! case that got no assessment.

use crate::support::Triage;
use crate::support::battery::battery;
use crate::support::snapshot::snapshot;

use super::{
    BROKEN, FINDINGS, HEADER, LOAD_WATCHDOG, NOT_ASSESSED, NOT_LOADED, check, fails, new_workspace,
    triage,
};

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

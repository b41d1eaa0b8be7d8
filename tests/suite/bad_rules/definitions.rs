//! Shared definitions, the positive case: a new definition and a rule using it
//! change the next assessment, with no rebuild.

use super::{CASE, OK, check, command, new_workspace, triage, with_header};

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

//! Unknown-safe comparisons: a negation that would count an unanswered question as
//! the opposite answer (`!=`, `!`, `no(...)` of a comparison) is an error of
//! `triage check`, which names the readable form that says what is meant; the
//! rules do not load until it is fixed. One `#[test]` per row, on the mini rules.

use crate::support::snapshot::snapshot;
use crate::support::{Folder, Output, Triage};

/// The date the review-age checks use.
const TODAY: &str = "2026-11-21";

/// The rule file each row adds to the mini rules.
const NEW_FILE: &str = "hip/new_rule.rhai";

/// The mini rules with a new rule file: a valid header, then `body`.
fn mini_rules_with(body: &str) -> Folder {
    let rules = Folder::mini_rules();
    rules.write(
        NEW_FILE,
        format!("// Covers: a rule being written (test)\n// Sources: [T1] a test source\n// Reviewed: {TODAY}\n\n{body}"),
    );
    rules
}

/// `triage check` on the mini rules with `body` added: its findings about the new file.
fn check(body: &str, status: i32) -> String {
    let run: Output = Triage::new()
        .arg("check")
        .env("TRIAGE_TODAY", TODAY)
        .rules(mini_rules_with(body))
        .status(status)
        .any_stdout()
        .run();
    run.out()
        .split("\n\n")
        .filter(|block| block.contains(NEW_FILE))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Refused by `check`: the message names `says`, and the help names every form of `forms`.
fn refused(body: &str, says: &str, forms: &[&str]) -> String {
    let found = check(body, 1);
    assert!(found.contains("error: "), "{found}");
    assert!(found.contains(says), "expected {says:?} in:\n{found}");
    for form in forms {
        assert!(
            found.contains(&format!("`{form}`")),
            "expected `{form}` in:\n{found}"
        );
    }
    found
}

/// Accepted by `check`: no finding about the new file.
fn accepted(body: &str) {
    let found = check(body, 0);
    assert!(found.is_empty(), "{body}\n{found}");
}

#[test]
fn not_equal_true_on_an_unanswered_question_fails_and_names_no_and_not_yes() {
    // The example, in a named rule.
    let found = refused(
        "rule ask_about_the_night {\n    if screening.night_pain != true {\n        review(\"Ask about the night.\");\n    }\n}\n",
        "`screening.night_pain != true` is also true when `screening.night_pain` is unknown",
        &["no(screening.night_pain)", "not_yes(screening.night_pain)"],
    );
    assert!(found.contains(&format!("{NEW_FILE}:6:29")), "{found}");
    snapshot!("night_pain_not_equal_true", found);
}

#[test]
fn the_rules_do_not_load_for_assess_either() {
    let rules = mini_rules_with(
        "rule ask_about_the_night {\n    if screening.night_pain != true {\n        review(\"Ask about the night.\");\n    }\n}\n",
    );
    let case = Folder::mini_cases(false);
    Triage::new()
        .arg("assess")
        .arg(case.join("hip_stairs.json"))
        .rules(rules)
        .status(4)
        .stdout("")
        .stderr_contains("not_yes(screening.night_pain)")
        .run();
}

#[test]
fn not_equal_a_value_names_is_not() {
    refused(
        "rule stairs { if complaint.region != \"groin\" && complaint.duration_weeks != 6 { review(\"x\"); } }\n",
        "`complaint.duration_weeks != 6` is also true when `complaint.duration_weeks` is unknown",
        &[
            "is_not(complaint.duration_weeks, 6)",
            "unknown(complaint.duration_weeks) || is_not(complaint.duration_weeks, 6)",
        ],
    );
}

#[test]
fn not_a_comparison_names_the_opposite_comparison() {
    refused(
        "rule short { if !(complaint.duration_weeks >= 12) { review(\"x\"); } }\n",
        "`!(complaint.duration_weeks >= 12)` is also true when `complaint.duration_weeks` is unknown",
        &[
            "complaint.duration_weeks < 12",
            "unknown(complaint.duration_weeks) || complaint.duration_weeks < 12",
        ],
    );
}

#[test]
fn not_a_compound_names_the_helpers_and_not_yes() {
    refused(
        "rule not_hip_stairs { if !(complaint.region == \"hip\" && \"stairs\" in complaint.aggravated_by) { review(\"x\"); } }\n",
        "this `!` is also true when an answer it reads is unknown",
        &["not_yes(...)", "is_not(x, v)"],
    );
}

#[test]
fn not_an_item_of_a_list_names_the_known_and_unknown_forms() {
    refused(
        "rule no_stairs { if !(\"stairs\" in complaint.aggravated_by) { review(\"x\"); } }\n",
        "`!(\"stairs\" in complaint.aggravated_by)` is also true when `complaint.aggravated_by` is unknown",
        &["unknown(complaint.aggravated_by) || !(\"stairs\" in complaint.aggravated_by)"],
    );
}

#[test]
fn not_a_variable_made_from_a_comparison_names_not_yes() {
    refused(
        "let long = complaint.duration_weeks >= 12;\nrule short { if !long { review(\"x\"); } }\n",
        "`!long` is also true when the answers behind `long` are unknown",
        &["not_yes(long)"],
    );
}

#[test]
fn not_a_bare_answer_names_no_and_not_yes() {
    refused(
        "rule no_fall { if !screening.recent_fall { review(\"x\"); } }\n",
        "`!screening.recent_fall` reads `screening.recent_fall` as true or false, but it may be unknown",
        &[
            "no(screening.recent_fall)",
            "not_yes(screening.recent_fall)",
        ],
    );
}

#[test]
fn no_of_a_comparison_is_refused() {
    refused(
        "rule not_long { if no(complaint.duration_weeks > 12) { review(\"x\"); } }\n",
        "`no(...)` is also true when an answer behind it is unknown",
        &["is_not(x, v)", "not_yes(...)"],
    );
}

#[test]
fn a_definition_made_from_a_comparison_is_not_negated_with_a_bang() {
    let rules = Folder::mini_rules();
    let header = "// Covers: test\n// Sources: [T1]\n// Reviewed: 2026-11-21\n\n";
    rules.write(
        "definitions/duration.rhai",
        format!("{header}// Pain for 12 weeks or more (false when the duration is unknown).\ndefine(\"chronic\", complaint.duration_weeks >= 12);\n"),
    );
    rules.write(
        NEW_FILE,
        format!("{header}rule recent {{ if !defined.chronic {{ review(\"x\"); }} }}\n"),
    );
    let run = Triage::new()
        .arg("check")
        .env("TRIAGE_TODAY", TODAY)
        .rules(rules)
        .status(1)
        .any_stdout()
        .run();
    let out = run.out();
    assert!(
        out.contains(
            "`!defined.chronic` is also true when the answers behind `defined.chronic` are unknown"
        ),
        "{out}"
    );
    assert!(out.contains("`not_yes(defined.chronic)`"), "{out}");
}

#[test]
fn the_readable_forms_and_guarded_negations_are_accepted() {
    accepted(
        "let weeks = complaint.duration_weeks;\n\
         rule readable {\n\
         \x20   if no(screening.night_pain) || not_yes(screening.recent_fall) { review(\"a\"); }\n\
         \x20   if is_not(complaint.duration_weeks, 6) || unknown(weeks) || !(weeks >= 12) { review(\"b\"); }\n\
         \x20   if known(weeks) && weeks != 6 { review(\"c\"); }\n\
         \x20   if known(weeks) { if !(weeks < 2) { review(\"d\"); } }\n\
         \x20   if !yes(screening.night_pain) && !any_of(complaint.aggravated_by, [\"stairs\"]) { review(\"e\"); }\n\
         \x20   if complaint.region != \"groin\" && !(patient.age >= 65) { review(\"f\"); }\n\
         \x20   if !(count_yes([screening.night_pain, screening.recent_fall]) >= 2) { review(\"g\"); }\n\
         }\n",
    );
}

#[test]
fn is_not_and_not_yes_are_checked_against_the_vocabulary() {
    refused(
        "rule groin { if is_not(complaint.region, \"hamstring\") { review(\"x\"); } }\n",
        "\"hamstring\" is not a value of `complaint.region`",
        &[],
    );
    refused(
        "rule stairs { if not_yes(complaint.aggravated_by) { review(\"x\"); } }\n",
        "not true/false",
        &[],
    );
}

#[test]
fn is_not_and_not_yes_treat_unknown_as_they_say() {
    // hip_stairs.json answers the region and the list, and leaves night pain and
    // the duration unknown.
    let rules = mini_rules_with(
        "rule readable {\n    if not_yes(screening.night_pain) { review(\"night pain not known to be yes\"); }\n    if is_not(complaint.duration_weeks, 6) { review(\"duration known and not 6\"); }\n    if is_not(complaint.region, \"groin\") { review(\"region known and not groin\"); }\n}\n",
    );
    let case = Folder::mini_cases(false);
    let json = Triage::new()
        .args(["assess", "--format", "json"])
        .arg(case.join("hip_stairs.json"))
        .rules(rules)
        .any_stdout()
        .run()
        .json();
    let reviews: Vec<&str> = json["review"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["text"].as_str())
        .collect();
    assert!(
        reviews.contains(&"night pain not known to be yes"),
        "{reviews:?}"
    );
    assert!(
        reviews.contains(&"region known and not groin"),
        "{reviews:?}"
    );
    assert!(
        !reviews.contains(&"duration known and not 6"),
        "{reviews:?}"
    );
}

#[test]
fn fields_lists_is_not_and_not_yes_with_their_docs() {
    let out = Triage::new()
        .args(["fields", "--rules", "rules"])
        .any_stdout()
        .run()
        .stdout;
    for line in [
        "not_yes(value)",
        "is_not(value, other)",
        "not known to be yes",
        "Unknown is not different",
    ] {
        assert!(out.contains(line), "`triage fields` does not list {line:?}");
    }
}

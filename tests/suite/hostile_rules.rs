//! Hostile rules (issue 20, item 4): a rule file that reaches a rules-API action
//! some other way than a direct call, or makes a definition twice or of a kind a
//! definition cannot hold. One `#[test]` per row, so one failure hides no other.
//!
//! Every row holds the same promise: `check` refuses it (exit 1, naming the
//! file and what is wrong), and `assess` on a cauda equina case never answers:
//! exit 4 and nothing on stdout, where before `Fn("define").call(...)` in a later
//! file turned the emergency into NONE without a word.

use std::time::Duration;

use crate::support::{Folder, Triage};

/// A valid header, so only what the row is about is wrong.
const HEADER: &str = "// Covers: a hostile rule\n// Sources: none\n// Reviewed: 2026-11-01\n";

/// A case the shipped rules refer as an EMERGENCY (suspected cauda equina).
const CAUDA_EQUINA: &str = "fixtures/sciatica_difficulty_starting_urination_cauda_equina.json";

/// A copy of the shipped rules with `source` (after a header) at `relative`.
fn rules_with(relative: &str, source: &str) -> Folder {
    let workspace = Folder::new();
    workspace.copy_shipped_rules("rules");
    workspace.write(format!("rules/{relative}"), format!("{HEADER}{source}"));
    workspace
}

/// `check` refuses the rule with `message`; `assess` stops with exit 4 and
/// prints nothing on stdout, its stderr holding `message` too.
fn refused(relative: &str, source: &str, message: &str) {
    let workspace = rules_with(relative, source);
    let rules = workspace.join("rules");
    let check = Triage::new()
        .args(["check", "--rules"])
        .arg(&rules)
        .env("TRIAGE_TODAY", "2026-11-21")
        .redact(workspace.path(), "[tmp]")
        .watchdog(Duration::from_secs(60))
        .status(1)
        .stdout_contains(format!("[tmp]/rules/{relative}:"))
        .run();
    assert!(
        check.out().contains(message),
        "check does not say `{message}`:\n{}",
        check.out()
    );
    let assess = Triage::new()
        .args(["assess", CAUDA_EQUINA, "--rules"])
        .arg(&rules)
        .redact(workspace.path(), "[tmp]")
        .watchdog(Duration::from_secs(60))
        .status(4)
        .stdout("")
        .any_stderr()
        .run();
    assert!(
        assess.err().contains(message),
        "assess does not say `{message}`:\n{}",
        assess.err()
    );
}

macro_rules! refused {
    ($($name:ident: $file:expr, $source:expr => $message:expr;)*) => {
        $(
            #[test]
            fn $name() {
                refused($file, $source, $message);
            }
        )*
    };
}

const POINTER: &str = "is reached through a function pointer";
const METHOD: &str = "is reached through method-call syntax";
const TWICE: &str = "is already defined at";
const COMPUTED: &str = "a function pointer to a name computed at run time";

refused! {
    fn_define_call_in_a_later_definition_file:
        "definitions/zz_later.rhai",
        "Fn(\"define\").call(\"cauda_equina_features\", false);\n" => POINTER;
    call_of_a_define_pointer:
        "definitions/zz_later.rhai",
        "call(Fn(\"define\"), \"cauda_equina_features\", false);\n" => POINTER;
    curried_define_pointer:
        "definitions/zz_later.rhai",
        "let f = Fn(\"define\").curry(\"cauda_equina_features\");\nf.call(false);\n" => POINTER;
    define_pointer_in_a_variable_called_later:
        "definitions/zz_later.rhai",
        "let f = Fn(\"define\");\nlet name = \"cauda_equina_features\";\nf.call(name, false);\n" => POINTER;
    define_in_method_syntax:
        "definitions/zz_later.rhai",
        "\"cauda_equina_features\".define(false);\n" => METHOD;
    refer_through_a_pointer:
        "zz_battery/hostile.rhai",
        "Fn(\"refer\").call(\"emergency\", \"emergency_department\", \"through a pointer\");\n" => POINTER;
    review_through_a_pointer_handed_to_map:
        "zz_battery/hostile.rhai",
        "let steps = [\"review in a week\"].map(Fn(\"review\"));\n" => POINTER;
    suggest_in_method_syntax:
        "zz_battery/hostile.rhai",
        "\"exercise_therapy\".suggest(\"why\");\n" => METHOD;
    avoid_through_a_curried_pointer:
        "zz_battery/hostile.rhai",
        "let f = Fn(\"avoid\").curry(\"exercise_therapy\");\nf.call(\"why\");\n" => POINTER;
    same_name_defined_again_in_a_later_file:
        "definitions/zz_later.rhai",
        "define(\"cauda_equina_features\", false);\n" => TWICE;
    definition_made_in_a_loop:
        "definitions/zz_later.rhai",
        "for i in 0..2 {\n    define(\"zz_looped\", i > 0);\n}\n" => "a definition is made inside a loop";
    definition_made_in_a_function:
        "definitions/zz_later.rhai",
        "fn make() { define(\"zz_in_function\", true) }\nmake();\nmake();\n" => "a definition is made inside a function";
    definition_value_a_character:
        "definitions/zz_later.rhai",
        "define(\"zz_character\", 'y');\n" => "a definition cannot hold a single character";
    definition_value_a_function_pointer:
        "definitions/zz_later.rhai",
        "define(\"zz_pointer\", Fn(\"yes\"));\n" => "a definition cannot hold a function";
    definition_value_a_closure:
        "definitions/zz_later.rhai",
        "define(\"zz_closure\", |x| yes(x));\n" => "a definition cannot hold a function";
    definition_value_a_list_of_numbers:
        "definitions/zz_later.rhai",
        "define(\"zz_numbers\", [1, 2]);\n" => "a definition cannot hold a list holding something other than texts";
    definition_value_a_whole_section:
        "definitions/zz_later.rhai",
        "define(\"zz_section\", screening);\n" => "a definition cannot hold a whole section";
    definition_value_a_range:
        "definitions/zz_later.rhai",
        "define(\"zz_range\", 1..3);\n" => "a definition cannot hold a range";
    define_through_a_pointer_to_a_computed_name:
        "definitions/zz_later.rhai",
        "let n = \"def\" + \"ine\";\nFn(n).call(\"cauda_equina_features\", false);\n" => COMPUTED;
    refer_through_a_pointer_to_a_computed_name:
        "zz_battery/hostile.rhai",
        "let n = \"ref\" + \"er\";\nlet f = Fn(n);\nf.call(\"soon\", \"gp\", \"through a pointer\");\n" => COMPUTED;
}

#[test]
fn an_action_in_a_closure_is_a_direct_call_and_allowed() {
    // The closure's body calls `review` by name: `check` sees it like any call,
    // and, written inside a rule block, as part of that rule.
    let workspace = rules_with(
        "zz_battery/closure.rhai",
        "rule night_pain_review {\n    let later = |text| review(text);\n    if yes(screening.night_pain) { later.call(\"Review the night pain in a week\"); }\n}\n",
    );
    Triage::new()
        .args(["check", "--rules"])
        .arg(workspace.join("rules"))
        .env("TRIAGE_TODAY", "2026-11-21")
        .any_stdout()
        .run();
    Triage::new()
        .args(["assess", CAUDA_EQUINA, "--rules"])
        .arg(workspace.join("rules"))
        .stdout_contains("EMERGENCY")
        .run();
    // Called, the closure's action is recorded under the rule it is written in.
    let night_pain = Triage::new()
        .args(["assess", "-", "--no-what-if", "--format", "json", "--rules"])
        .arg(workspace.join("rules"))
        .stdin(r#"{"patient": {"age": 50}, "complaint": {"region": "hip"}, "screening": {"night_pain": true}}"#)
        .any_stdout()
        .run();
    let review = night_pain.json()["review"]
        .as_array()
        .and_then(|steps| {
            steps
                .iter()
                .find(|step| step["text"] == "Review the night pain in a week")
                .cloned()
        })
        .unwrap_or_else(|| panic!("the closure's review is missing:\n{}", night_pain.out()));
    assert_eq!(review["rule_id"], "zz_battery/closure#night_pain_review");
}

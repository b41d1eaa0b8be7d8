//! `assess --handout FILE`: the patient's home exercise handout. The command-line
//! tests use the mini rules with a small handout data file and the shipped
//! templates (so the snapshots follow the templates, not the clinical rules); the
//! property runs over every fixture with the shipped rules.

use std::path::PathBuf;

use crate::support::folder::{Folder, fixture_paths, manifest_dir};
use crate::support::library;
use crate::support::snapshot::snapshot;
use crate::support::triage::Triage;

const MINI_HANDOUT: &str = r#"# Test handout words.
[treatment.exercise_therapy]
kind = "exercise"
name = "Hip strengthening"
purpose = "To make the hip stronger."
dosage = "3 sets of 10, <twice> a week."

[treatment.stretching]
kind = "exercise"
name = "Gentle stretches"
purpose = "To keep the hip moving."

[safety_net]
stop_exercise = ["Stop if it hurts more than 4 out of 10."]
contact_us = ["Your pain gets worse."]
emergency = ["You cannot stand on the leg."]
"#;

/// The mini rules with a handout: the test data file and the shipped templates.
fn rules_with_handout() -> Folder {
    let rules = Folder::mini_rules();
    rules.write("handout/handout.toml", MINI_HANDOUT);
    for template in ["handout.md.j2", "handout.html.j2"] {
        let text = std::fs::read_to_string(manifest_dir().join("rules/handout").join(template))
            .expect("the shipped template");
        rules.write(format!("handout/{template}"), text);
    }
    rules
}

/// A case file for the mini rules in a fresh folder, and where its handout goes.
fn case(json: &str, handout: &str) -> (Folder, PathBuf, PathBuf) {
    let folder = Folder::new();
    let case = folder.write("case.json", json);
    let out = folder.join(handout);
    (folder, case, out)
}

const HIP_STAIRS: &str = r#"{"id": "hip-stairs", "patient": {"age": 40}, "complaint": {"region": "hip", "aggravated_by": ["stairs"]}}"#;

#[test]
fn markdown_handout_has_the_exercise_and_never_the_avoided_one() {
    let (folder, case, out) = case(HIP_STAIRS, "handout.md");
    let run = Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(&out)
        .rules(rules_with_handout())
        .stderr_contains("handout: wrote")
        .any_stdout()
        .run();
    drop(run);
    let text = std::fs::read_to_string(&out).expect("the handout was written");
    assert!(text.contains("Hip strengthening"), "{text}");
    assert!(
        text.contains("3 sets of 10, \\<twice\\> a week."),
        "escaped for Markdown: {text}"
    );
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("gentle stretches") && !lower.contains("stretching"),
        "{text}"
    );
    snapshot!("handout_markdown", text);
    drop(folder);
}

#[test]
fn html_handout_is_escaped() {
    let (folder, case, out) = case(HIP_STAIRS, "handout.HTML");
    Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(&out)
        .rules(rules_with_handout())
        .any_stdout()
        .any_stderr()
        .run();
    let text = std::fs::read_to_string(&out).expect("the handout was written");
    assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
    assert!(
        text.contains("3 sets of 10, &lt;twice&gt; a week."),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("stretch"), "{text}");
    snapshot!("handout_html", text);
    drop(folder);
}

#[test]
fn an_emergency_handout_has_no_exercise_and_says_where_to_go() {
    let (folder, case, out) = case(
        r#"{"patient": {"age": 80}, "complaint": {"region": "hip"}, "screening": {"recent_fall": true}}"#,
        "handout.md",
    );
    Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(&out)
        .rules(rules_with_handout())
        .stderr_contains("with no exercises: an EMERGENCY referral withholds all treatment")
        .any_stdout()
        .run();
    let text = std::fs::read_to_string(&out).expect("the handout was written");
    assert!(text.contains("Please get medical help now"), "{text}");
    assert!(!text.contains("Hip strengthening"), "{text}");
    assert!(!text.contains("Your exercises"), "{text}");
    drop(folder);
}

#[test]
fn handout_refusals_are_command_line_errors() {
    let (folder, case, _) = case(HIP_STAIRS, "x");
    let bad = folder.join("handout.txt");
    Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(&bad)
        .status(2)
        .stderr_contains("must end in .md or .markdown (Markdown) or .html or .htm (HTML)")
        .run();
    Triage::new()
        .arg("assess")
        .arg(&case)
        .arg(&case)
        .args(["--handout", "h.md"])
        .status(2)
        .stderr_contains("--handout writes one patient's handout")
        .run();
    Triage::new()
        .args(["assess", "-", "--jsonl", "--handout", "h.md"])
        .status(2)
        .stderr(
            "error: the argument '--jsonl' cannot be used with '--handout <FILE>'\n\n\
             Usage: triage assess --jsonl <CASE>...\n\nFor more information, try '--help'.\n",
        )
        .run();
    assert!(!bad.exists());
    // The mini rules have no handout: refused before anything is printed.
    Triage::new()
        .arg("assess")
        .arg(&case)
        .args(["--handout"])
        .arg(folder.join("h.md"))
        .rules(Folder::mini_rules())
        .status(4)
        .stdout("")
        .stderr_contains("have no handout template")
        .run();
    // A folder that does not exist: the write fails, exit 6.
    Triage::new()
        .arg("assess")
        .arg(&case)
        .arg("--handout")
        .arg(folder.join("missing/h.md"))
        .rules(rules_with_handout())
        .status(6)
        .stderr_contains("the handout could not be written")
        .any_stdout()
        .run();
}

#[test]
fn check_finds_a_broken_template_with_a_caret() {
    let rules = rules_with_handout();
    rules.edit("handout/handout.md.j2", |text| {
        text.replacen("{{ item.name }}", "{{ item.name }", 1)
    });
    rules.edit("handout/handout.html.j2", |text| {
        text.replacen("{% if next_steps %}", "{% if next_step %}", 1)
            .replacen("{{ item.purpose }}", "{{ item.purpose | safe }}", 1)
    });
    let run = Triage::new()
        .args(["check"])
        .rules(rules)
        .status(1)
        .stdout_contains("[RULES]/handout/handout.md.j2:")
        .stdout_contains("syntax error")
        .stdout_contains("`next_step` is not a variable of the handout: did you mean `next_steps`?")
        .stdout_contains("`safe` is not a filter a handout template may use")
        .run();
    assert!(run.out().contains('^'), "{}", run.out());
}

#[test]
fn check_renders_the_samples_to_find_a_misspelt_attribute() {
    let rules = rules_with_handout();
    rules.edit("handout/handout.md.j2", |text| {
        text.replacen("{{ item.purpose }}", "{{ item.purpose_text }}", 1)
    });
    Triage::new()
        .args(["check"])
        .rules(rules)
        .status(1)
        .stdout_contains("fails on the sample handout with everything filled in")
        .stdout_contains("item.purpose_text")
        .run();
}

/// The acceptance property: over every fixture, no handout (Markdown or HTML)
/// names a treatment under avoid, by id, catalogue name or handout name; and a
/// case whose urgency withholds treatment gets a handout without exercises.
#[test]
fn no_handout_names_a_treatment_under_avoid() {
    let paths = fixture_paths();
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let case = library::read_case(&text, &path.display().to_string()).expect("a valid fixture");
        let assessment = library::assess(&case).expect("assessed");
        let handouts = library::handouts(&assessment).expect("rendered");
        let names = library::avoided_names(&assessment);
        for handout in &handouts {
            let lower = handout.to_lowercase();
            for name in &names {
                if lower.contains(name.as_str()) {
                    failures.push(format!(
                        "{}: names `{name}`, which is under avoid",
                        path.display()
                    ));
                }
            }
        }
        if library::withholds_treatment(&assessment)
            && (library::handout_items(&assessment) != 0
                || handouts[0].contains("## Your exercises"))
        {
            failures.push(format!("{}: withheld, yet has exercises", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

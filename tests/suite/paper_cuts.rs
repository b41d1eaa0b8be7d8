//! Author and newcomer paper cuts (issue 22 item 6): the rule guide's worked
//! example runs as written; `triage test` without a fixtures folder says so in
//! one line; `and`/`or`/`not` get a hint; a misspelt TOML type a did-you-mean;
//! a manual page per command names the environment variables.

use std::path::Path;

use crate::support::folder::{copy_dir, manifest_dir};
use crate::support::tools::git;
use crate::support::{Folder, Triage};

/// The fenced block after `<!-- worked-example: NAME -->` in the rule guide.
fn block(guide: &str, name: &str) -> String {
    let marker = format!("<!-- worked-example: {name} -->");
    let from = guide
        .find(&marker)
        .unwrap_or_else(|| panic!("rules/README.md has no {marker}"));
    let rest = &guide[from + marker.len()..];
    let open = rest.find("```").expect("a fence") + 3;
    let body_start = open + rest[open..].find('\n').expect("a fence line") + 1;
    let body_end = body_start + rest[body_start..].find("\n```").expect("a closing fence");
    rest[body_start..body_end].to_string()
}

/// Digits do not matter (counts of files, cases and lines change as the rules
/// grow); the words and their order do.
fn without_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `triage ARGS` run in `dir` on the worked example's date.
fn triage_in(dir: &Path) -> Triage {
    Triage::new()
        .current_dir(dir)
        .env("TRIAGE_TODAY", "2026-12-06")
        .env_remove("TRIAGE_RULES")
        .env("NO_COLOR", "1")
}

#[test]
fn the_rule_guide_worked_example_runs_as_written() {
    let guide = std::fs::read_to_string("rules/README.md").expect("rules/README.md");
    let work = Folder::new();
    let dir = work.path().to_path_buf();
    copy_dir(&manifest_dir().join("rules"), &dir.join("rules"));
    copy_dir(&manifest_dir().join("fixtures"), &dir.join("fixtures"));
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(
        &dir,
        &["commit", "-q", "--no-verify", "-m", "the rules before"],
    );

    // 1. The field, before `multiple_joints_painful` in [symptoms.fields].
    let field = block(&guide, "field");
    work.edit("rules/vocabulary.toml", |text| {
        text.replacen(
            "multiple_joints_painful = {",
            &format!("{}\nmultiple_joints_painful = {{", field.trim()),
            1,
        )
    });
    // 2. The rule, typos and all.
    work.write("rules/hip/snapping_hip.rhai", block(&guide, "rule"));
    // 3. check finds both typos.
    let checked = triage_in(&dir).arg("check").status(1).any_stdout().run();
    assert_eq!(
        without_numbers(&format!("{}{}", checked.stdout, checked.stderr)),
        without_numbers(&block(&guide, "check")),
        "rules/README.md step 3"
    );
    work.edit("rules/hip/snapping_hip.rhai", |text| {
        text.replace("snaping_felt", "snapping_felt").replace(
            "education_and_load_managment",
            "education_and_load_management",
        )
    });
    let clean = triage_in(&dir).arg("check").any_stdout().run();
    assert_eq!(
        without_numbers(&format!("{}{}", clean.stdout, clean.stderr)),
        without_numbers(&block(&guide, "checked")),
        "rules/README.md step 3, fixed"
    );
    // 4. The fixture; 5. its test, then the whole suite.
    work.write(
        "fixtures/snapping_hip_dancer_22.json",
        block(&guide, "fixture"),
    );
    let one = triage_in(&dir)
        .args(["test", "--brief", "fixtures/snapping_hip_dancer_22.json"])
        .any_stdout()
        .run();
    let shown = without_numbers(&block(&guide, "test"));
    assert!(
        without_numbers(&one.stdout).starts_with(&shown),
        "rules/README.md step 5:\n{}",
        one.stdout
    );
    assert!(
        one.stdout.starts_with("1 passed, 0 failed"),
        "{}",
        one.stdout
    );
    triage_in(&dir).args(["test", "--brief"]).any_stdout().run();
    // 6. explain shows the new file at work.
    let explained = triage_in(&dir)
        .args(["explain", "fixtures/snapping_hip_dancer_22.json"])
        .any_stdout()
        .run();
    assert!(
        explained.stdout.contains(&block(&guide, "explain")),
        "rules/README.md step 6:\n{}",
        explained.stdout
    );
    assert!(
        explained
            .stdout
            .contains("> Presentation: snapping hip  [rules/hip/snapping_hip.rhai]"),
        "{}",
        explained.stdout
    );
    // 7. diff against the last commit: only the new fixture changed.
    let diffed = triage_in(&dir)
        .args(["diff", "--rules", "HEAD:rules", "--rules", "rules", "--all"])
        .status(1)
        .any_stdout()
        .run();
    let expected = block(&guide, "diff");
    let out = diffed.stdout;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let (kept, shown) = match line.split_once("(its fields:") {
            Some((before, _)) => (before, before),
            None => (line, line),
        };
        let found = out
            .lines()
            .any(|l| without_numbers(l).starts_with(&without_numbers(kept)));
        assert!(found, "rules/README.md step 7: `{shown}` is not in:\n{out}");
    }
}

#[test]
fn test_without_a_fixtures_folder_says_so_in_one_line() {
    let rules = Folder::shipped_rules();
    let elsewhere = Folder::new();
    let run = Triage::new()
        .arg("test")
        .arg("--rules")
        .arg(rules.path())
        .current_dir(elsewhere.path())
        .status(1)
        .any_stderr()
        .run();
    assert_eq!(run.stdout, "", "nothing else: {}", run.stdout);
    let said: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.starts_with("rules:") && !l.trim().is_empty())
        .collect();
    assert_eq!(said.len(), 1, "{}", run.stderr);
    assert!(
        said[0].contains("no `fixtures` folder here, so no case was run"),
        "{}",
        run.stderr
    );
}

/// `triage check` of the shipped rules with one more rule file, `text`.
fn check_with_rule(text: &str) -> String {
    let rules = Folder::shipped_rules();
    rules.write(
        "hip/zz_new.rhai",
        format!("// Covers: x\n// Sources: [S1] x\n// Reviewed: 2026-11-21\n\n{text}\n"),
    );
    let run = Triage::new()
        .arg("check")
        .arg("--rules")
        .arg(rules.path())
        .env("TRIAGE_TODAY", "2026-12-01")
        .status(1)
        .any_stdout()
        .run();
    format!("{}{}", run.stdout, run.stderr)
}

#[test]
fn and_or_and_not_get_a_hint_at_the_operators_rhai_uses() {
    for (written, help) in [
        (
            "if yes(screening.night_pain) and yes(screening.recent_fall) { review(\"x\"); }",
            "help: write `and` as `&&`",
        ),
        (
            "if yes(screening.night_pain) or yes(screening.recent_fall) { review(\"x\"); }",
            "help: write `or` as `||`",
        ),
        (
            "let fell = yes(screening.recent_fall) and yes(screening.night_pain);",
            "help: write `and` as `&&`",
        ),
        (
            "if not yes(screening.night_pain) { review(\"x\"); }",
            "help: write `not` as `!`",
        ),
    ] {
        let said = check_with_rule(written);
        assert!(said.contains(help), "{written}:\n{said}");
    }
}

#[test]
fn a_misspelt_type_in_the_vocabulary_gets_a_did_you_mean() {
    let rules = Folder::shipped_rules();
    rules.edit("vocabulary.toml", |text| {
        text.replacen(
            "night_pain = { type = \"boolean\"",
            "night_pain = { type = \"boolen\"",
            1,
        )
    });
    let run = Triage::new()
        .arg("check")
        .arg("--rules")
        .arg(rules.path())
        .status(1)
        .any_stdout()
        .run();
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("unknown variant `boolen`"), "{said}");
    assert!(said.contains("help: did you mean `boolean`?"), "{said}");
}

#[test]
fn every_command_has_a_manual_page_naming_the_environment() {
    let commands = [
        "assess",
        "interview",
        "check",
        "test",
        "explain",
        "diff",
        "fields",
        "schema",
        "questionnaire",
    ];
    for command in commands {
        let page = Triage::new()
            .args(["man", command])
            .any_stdout()
            .run()
            .stdout;
        assert!(
            page.contains(&format!(".TH triage-{command} 1")),
            "{command}: {page}"
        );
        assert!(page.contains(&format!("triage {command}")), "{command}");
        for variable in ["TRIAGE_RULES", "NO_COLOR"] {
            assert!(page.contains(variable), "{command}: {variable}");
        }
    }
    let main = Triage::new().arg("man").any_stdout().run().stdout;
    assert!(main.contains(".TH triage 1") && main.contains("TRIAGE_RULES"));
    let dir = Folder::new();
    Triage::new()
        .args(["man", "--dir"])
        .arg(dir.path())
        .any_stderr()
        .run();
    for command in commands {
        assert!(
            dir.join(format!("triage-{command}.1")).is_file(),
            "{command}.1 written"
        );
    }
    Triage::new()
        .args(["man", "asess"])
        .status(2)
        .stderr_contains("did you mean `assess`?")
        .run();
}

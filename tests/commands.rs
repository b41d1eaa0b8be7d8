//! The rule author's commands (`check`, `test`, `explain`, `diff`, `fields`, `schema`,
//! `--watch`), run against the real binary.
//!
//! Snapshots use a small rules folder written by these tests (the "mini rules"), so
//! they do not change when the shipped clinical rules are edited. The acceptance
//! tests on the shipped rules copy `rules/` into a temporary folder, introduce one
//! mistake, and check that `check` names the file and line before any case is run.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod support;

use support::copy_dir;

/// The date the review-age checks use, so snapshots do not depend on the calendar.
const TODAY: &str = "2026-11-21";

// ---------------------------------------------------------------------------
// The test builder
// ---------------------------------------------------------------------------

/// A folder below the system temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "triage-commands-{label}-{}-{:04}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(&path, text).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One run of the binary, with the temporary folders it used (kept alive for
/// redaction, removed when the run is dropped).
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
    temps: Vec<(TempDir, &'static str)>,
}

impl Run {
    /// Replaces temporary paths and SHA-256 hashes, which change from run to run.
    fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (temp, label) in &self.temps {
            text = text.replace(&temp.path().display().to_string(), label);
        }
        redact_hashes(&text)
    }

    fn out(&self) -> String {
        self.redact(&self.stdout)
    }

    fn err(&self) -> String {
        self.redact(&self.stderr)
    }

    /// stdout, stderr and the exit status, for a snapshot.
    fn all(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            self.status,
            self.out(),
            self.err()
        )
    }

    /// The `check` findings (blocks separated by blank lines) that mention `file`.
    fn findings_about(&self, file: &str) -> String {
        self.out()
            .split("\n\n")
            .filter(|block| block.contains(file))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Replaces every run of 64 hex digits with `[sha256]`.
fn redact_hashes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if run == 64 {
            out.push_str("[sha256]");
            i += run;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Builds one `triage` command line.
struct Triage {
    args: Vec<OsString>,
    dir: Option<PathBuf>,
    temps: Vec<(TempDir, &'static str)>,
}

fn triage(command: &str) -> Triage {
    Triage {
        args: vec![command.into()],
        dir: None,
        temps: Vec::new(),
    }
}

impl Triage {
    fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    /// Runs in `dir` instead of the crate folder.
    fn current_dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Keeps `temp` alive for the run, shown as `label` in its output.
    fn keep(mut self, temp: TempDir, label: &'static str) -> Self {
        self.temps.push((temp, label));
        self
    }

    /// A copy of the shipped `rules/` in a temporary folder, changed by `mistake`,
    /// given as `--rules` and shown as `[RULES]`.
    fn rules_copy_with(self, mistake: impl FnOnce(&Path)) -> Self {
        let temp = TempDir::new("rules");
        copy_dir(Path::new("rules"), temp.path());
        mistake(temp.path());
        let path = temp.path().to_path_buf();
        self.arg("--rules").arg(path).keep(temp, "[RULES]")
    }

    /// The mini rules in a temporary folder, changed by `change`, as `--rules`.
    fn mini_rules_with(self, change: impl FnOnce(&Path)) -> Self {
        let temp = mini_rules();
        change(temp.path());
        let path = temp.path().to_path_buf();
        self.arg("--rules").arg(path).keep(temp, "[RULES]")
    }

    fn mini_rules(self) -> Self {
        self.mini_rules_with(|_| {})
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_triage"));
        command.args(&self.args).env("TRIAGE_TODAY", TODAY);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        command
    }

    fn run(self) -> Run {
        let output = self
            .command()
            .stdin(Stdio::null())
            .output()
            .expect("triage runs");
        let run = Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            temps: self.temps,
        };
        assert!(
            !run.stderr.contains("panicked"),
            "triage panicked:\n{}",
            run.stderr
        );
        run
    }
}

/// Rewrites one file of a folder.
fn edit(dir: &Path, relative: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path).expect("file to edit");
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit of {relative} changed nothing");
    std::fs::write(path, changed).expect("write");
}

/// Every `.rhai` file below `dir`, relative, sorted.
fn rule_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rhai") {
                let relative = path.strip_prefix(root).expect("inside");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// The mini rules: small, stable, written here
// ---------------------------------------------------------------------------

const MINI_VOCABULARY: &str = r#"
[patient]
about = "Who the patient is."

[patient.fields]
age = { type = "integer", min = 0, max = 120, unit = "years", required = true, question = "How old is the patient?" }

[complaint]
about = "The presenting complaint."

[complaint.fields]
region = { type = "choice", required = true, values = ["hip", "groin"], question = "Where is the pain?" }
aggravated_by = { type = "list", values = ["stairs", "running"], question = "What makes it worse?" }
duration_weeks = { type = "number", min = 0, unit = "weeks", question = "For how many weeks?" }

[screening]
about = "Red-flag questions."
red_flag_questions = true

[screening.fields]
recent_fall = { type = "boolean", question = "A recent fall?" }
night_pain = { type = "boolean", question = "Constant pain at night?" }
"#;

const MINI_TREATMENTS: &str = r#"
[exercise_therapy]
name = "Exercise therapy"
description = "Progressive strengthening."

[stretching]
name = "Stretching"
description = "Gentle mobility."

[modalities]
name = "Modalities"
description = "Heat or TENS."
"#;

const MINI_REFERRALS: &str = r#"
[[urgency]]
id = "none"
meaning = "no referral"

[[urgency]]
id = "routine"
meaning = "routine referral"

[[urgency]]
id = "urgent"
meaning = "same or next day"

[[urgency]]
id = "emergency"
meaning = "now"
withholds_treatment = true

[[destination]]
id = "emergency_department"
name = "the emergency department"

[[destination]]
id = "gp"
name = "the GP"
"#;

const MINI_FALL: &str = r#"// Covers: a fall in an older patient (test rule)
// Sources: [T1] a test source
// Reviewed: 2026-11-01

if yes(screening.recent_fall) && patient.age >= 65 {
    red_flag("possible_fracture", "Fall in an older patient.");
    refer("emergency", "emergency_department", "Possible fracture after a fall");
}
"#;

const MINI_HIP: &str = r#"// Covers: hip pain (test rule)
// Sources: [T2] a test source
// Reviewed: 2026-11-01
// Decisions: stair pain means no stretching.

if complaint.region == "hip" {
    suggest("exercise_therapy", "Strengthen the hip.");
    if "stairs" in complaint.aggravated_by {
        avoid("stretching", "Not with stair pain.");
    } else {
        suggest("stretching", "Gentle mobility.");
    }
    review("Reassess in 6 weeks.");
}
if yes(screening.night_pain) {
    refer("routine", "gp", "Night pain: check with the GP.");
}
"#;

const CASE_OLDER_FALL: &str = r#"{
  "id": "older-fall",
  "patient": { "age": 80 },
  "complaint": { "region": "hip" },
  "screening": { "recent_fall": true, "night_pain": false },
  "expect": {
    "note": "A fall at 80: fracture until proven otherwise.",
    "urgency": "emergency",
    "destination": "emergency_department",
    "red_flags": ["possible_fracture"],
    "no_treatments": true
  }
}
"#;

const CASE_HIP_STAIRS: &str = r#"{
  "id": "hip-stairs",
  "patient": { "age": 40 },
  "complaint": { "region": "hip", "aggravated_by": ["stairs"] },
  "screening": { "recent_fall": false },
  "expect": {
    "urgency": "none",
    "destination": "none",
    "must_suggest": ["exercise_therapy"],
    "must_avoid": ["stretching"],
    "not_screened": ["screening.night_pain"]
  }
}
"#;

const CASE_WRONG_EXPECTATION: &str = r#"{
  "id": "groin-expected-wrongly",
  "patient": { "age": 30 },
  "complaint": { "region": "groin" },
  "expect": {
    "note": "Written to fail: the rules do not refer groin pain.",
    "urgency": "routine",
    "destination": "gp",
    "must_suggest": ["exercise_therapy"]
  }
}
"#;

const CASE_NO_EXPECTATION: &str =
    r#"{ "patient": { "age": 50 }, "complaint": { "region": "hip" } }"#;

fn mini_rules() -> TempDir {
    let temp = TempDir::new("mini");
    temp.write("vocabulary.toml", MINI_VOCABULARY);
    temp.write("treatments.toml", MINI_TREATMENTS);
    temp.write("referrals.toml", MINI_REFERRALS);
    temp.write("red_flags/fall.rhai", MINI_FALL);
    temp.write("hip/exercise.rhai", MINI_HIP);
    temp
}

/// Cases for the mini rules; `with_failing` adds one whose expectation is wrong.
fn mini_cases(with_failing: bool) -> TempDir {
    let temp = TempDir::new("cases");
    temp.write("older_fall.json", CASE_OLDER_FALL);
    temp.write("hip_stairs.json", CASE_HIP_STAIRS);
    temp.write("no_expectation.json", CASE_NO_EXPECTATION);
    if with_failing {
        temp.write("wrong_expectation.json", CASE_WRONG_EXPECTATION);
    }
    temp
}

/// Adds the mini cases to a command, shown as `[CASES]`.
fn with_cases(command: Triage, cases: TempDir) -> Triage {
    let path = cases.path().to_path_buf();
    command.arg(path).keep(cases, "[CASES]")
}

// ---------------------------------------------------------------------------
// check: acceptance on a copy of the shipped rules
// ---------------------------------------------------------------------------

/// A new rule file with a valid header, added to the copy of the shipped rules.
const NEW_FILE: &str = "zz_author_test/new_rule.rhai";

fn new_rule(body: &str) -> impl FnOnce(&Path) {
    let text = format!(
        "// Covers: a rule being written (test)\n// Sources: [T1] a test source\n// Reviewed: {TODAY}\n\n{body}"
    );
    move |rules: &Path| {
        let path = rules.join(NEW_FILE);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }
}

#[test]
fn check_passes_the_shipped_rules() {
    let run = triage("check").run();
    assert_eq!(
        run.status, 0,
        "the shipped rules have errors:\n{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("rules: no problems found") || last.starts_with("rules: 0 errors"),
        "{last}"
    );
}

#[test]
fn check_reports_a_syntax_error_with_file_and_line() {
    let run = triage("check")
        .rules_copy_with(new_rule(
            "if yes(screening.night_pain) review(\"Ask again.\");\n",
        ))
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(NEW_FILE);
    assert!(found.contains(&format!("[RULES]/{NEW_FILE}:5:")), "{found}");
    insta::assert_snapshot!("check_syntax_error", found);
}

#[test]
fn check_reports_a_misspelled_field_with_did_you_mean() {
    let run = triage("check")
        .rules_copy_with(new_rule(
            "if yes(screening.nigth_pain) {\n    review(\"Ask about night pain again.\");\n}\n",
        ))
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:5:18")),
        "{found}"
    );
    assert!(
        found.contains("did you mean `screening.night_pain`?"),
        "{found}"
    );
    insta::assert_snapshot!("check_misspelled_field", found);
}

#[test]
fn check_reports_an_unknown_treatment_id() {
    let run = triage("check")
        .rules_copy_with(new_rule(
            "if complaint.region == \"hip\" {\n    suggest(\"hip_thrust\", \"Glute strength.\");\n}\n",
        ))
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:6:13")),
        "{found}"
    );
    assert!(
        found.contains("did you mean `hip_thrust_progression`?"),
        "{found}"
    );
    insta::assert_snapshot!("check_unknown_treatment", found);
}

#[test]
fn check_reports_an_unknown_urgency_and_destination() {
    let run = triage("check")
        .rules_copy_with(new_rule(
            "if yes(screening.night_pain) {\n    refer(\"urgnet\", \"gp\", \"Night pain.\");\n    refer(\"soon\", \"orthopedics\", \"Night pain.\");\n}\n",
        ))
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:6:11")),
        "{found}"
    );
    assert!(found.contains("did you mean `urgent`?"), "{found}");
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:7:19")),
        "{found}"
    );
    insta::assert_snapshot!("check_unknown_urgency_and_destination", found);
}

#[test]
fn check_reports_a_missing_header() {
    let run = triage("check")
        .rules_copy_with(|rules| {
            let path = rules.join(NEW_FILE);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(
                path,
                "if yes(screening.night_pain) {\n    review(\"Ask again.\");\n}\n",
            )
            .expect("write");
        })
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(NEW_FILE);
    assert!(
        found.contains(&format!("[RULES]/{NEW_FILE}:1:1")),
        "{found}"
    );
    insta::assert_snapshot!("check_missing_header", found);
}

#[test]
fn check_reports_a_header_removed_from_a_shipped_rule_file() {
    let first = rule_files(Path::new("rules"))
        .into_iter()
        .next()
        .expect("a rule file");
    let target = first.clone();
    let run = triage("check")
        .rules_copy_with(move |rules| {
            edit(rules, &target, |text| {
                text.lines()
                    .skip_while(|line| line.trim_start().starts_with("//"))
                    .map(|line| format!("{line}\n"))
                    .collect()
            })
        })
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(&first);
    assert!(found.contains(&format!("[RULES]/{first}:1:1")), "{found}");
    assert!(found.contains("has no header"), "{found}");
}

#[test]
fn check_finds_a_misspelled_field_in_a_shipped_rule_file() {
    // Whichever shipped rule file first reads a screening field gets it mis-spelled.
    let rules = rule_files(Path::new("rules"));
    let (file, field) = rules
        .iter()
        .find_map(|file| {
            let text = std::fs::read_to_string(Path::new("rules").join(file)).ok()?;
            let start = text.find("screening.")? + "screening.".len();
            let field: String = text[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            Some((file.clone(), field))
        })
        .expect("a shipped rule reads a screening field");
    let typo = format!("{field}x");
    let (target, from, to) = (
        file.clone(),
        format!("screening.{field}"),
        format!("screening.{typo}"),
    );
    let run = triage("check")
        .rules_copy_with(move |rules| edit(rules, &target, |text| text.replacen(&from, &to, 1)))
        .run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = run.findings_about(&file);
    assert!(
        found.contains(&format!("`screening.{typo}` is not a field")),
        "{found}"
    );
    assert!(
        found.contains(&format!("did you mean `screening.{field}`?")),
        "{found}"
    );
    assert!(found.contains(&format!("[RULES]/{file}:")), "{found}");
}

#[test]
fn assess_refuses_rules_with_a_misspelled_field_before_any_case_runs() {
    let run = triage("assess")
        .arg("fixtures/labral_repair_6_weeks_woman_45.json")
        .rules_copy_with(new_rule(
            "if yes(screening.nigth_pain) {\n    review(\"Ask about night pain again.\");\n}\n",
        ))
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing is assessed: {}", run.stdout);
    assert!(
        run.err().contains(&format!("[RULES]/{NEW_FILE}:5:18")),
        "{}",
        run.err()
    );
}

// ---------------------------------------------------------------------------
// check: everything at once, on the mini rules
// ---------------------------------------------------------------------------

#[test]
fn check_reports_every_problem_at_once_sorted_by_file_and_line() {
    let run = triage("check")
        .mini_rules_with(|rules| {
            // A stale review date and a header without sources.
            edit(rules, "red_flags/fall.rhai", |t| {
                t.replace("// Reviewed: 2026-11-01", "// Reviewed: 2024-05-01")
                    .replace("// Sources: [T1] a test source\n", "")
            });
            // Several mistakes in one file.
            std::fs::write(
                rules.join("hip/broken.rhai"),
                "// Covers: mistakes\n// Sources: [T3]\n// Reviewed: 21/11/2026\n\nif yes(screening.limp) {\n    sugest(\"exercise_therapy\", \"x\");\n    refer(\"routine\", \"gp\");\n    avoid(\"stretching\", \"\");\n    refer(\"none\", \"gp\", \"no referral\");\n}\n",
            )
            .expect("write");
            // A file that does not compile does not hide the others.
            std::fs::write(rules.join("hip/syntax.rhai"), "// Covers: x\n// Sources: y\n// Reviewed: 2026-11-01\nlet a = (1 + ;\n")
                .expect("write");
        })
        .run();
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("check_everything_at_once", run.all());
}

#[test]
fn check_warnings_alone_exit_zero_unless_denied() {
    let run = triage("check").mini_rules().run();
    assert_eq!(run.status, 0, "{}", run.stdout);
    insta::assert_snapshot!("check_warnings_only", run.all());
    let denied = triage("check").arg("--deny-warnings").mini_rules().run();
    assert_eq!(denied.status, 1, "{}", denied.stdout);
    let younger = triage("check")
        .args(&["--max-review-age-days", "10"])
        .mini_rules()
        .run();
    assert_eq!(younger.status, 0);
    assert!(
        younger
            .stdout
            .contains("last reviewed 2026-11-01, 20 days ago: older than the 10 days allowed"),
        "{}",
        younger.stdout
    );
}

#[test]
fn check_without_a_rules_folder_exits_4() {
    let run = triage("check").args(&["--rules", "no/such/folder"]).run();
    assert_eq!(run.status, 4);
    assert!(run.stderr.contains("no/such/folder"), "{}", run.stderr);
}

#[test]
fn check_with_a_broken_vocabulary_still_reports_everything_it_can() {
    let run = triage("check")
        .mini_rules_with(|rules| {
            edit(rules, "vocabulary.toml", |t| {
                t.replace("type = \"integer\"", "type = \"whole\"")
            });
            edit(rules, "treatments.toml", |t| {
                t.replace("[modalities]", "[modalities")
            });
        })
        .run();
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("check_broken_data_files", run.all());
}

// ---------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------

#[test]
fn test_passes_on_the_shipped_rules_and_fixtures() {
    let run = triage("test").run();
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let summary = run
        .stdout
        .lines()
        .find(|l| l.ends_with(" failed") && l.contains(" passed, "))
        .expect("a summary line");
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
    assert!(run.stdout.contains("Rule coverage: "), "{}", run.stdout);
}

#[test]
fn test_reports_passes_failures_and_rule_coverage() {
    let run = with_cases(triage("test"), mini_cases(true))
        .mini_rules()
        .run();
    assert_eq!(run.status, 1, "a failure exits 1:\n{}", run.stdout);
    let summary: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(" passed, "))
        .collect();
    assert_eq!(summary, vec!["2 passed, 1 failed"]);
    insta::assert_snapshot!("test_mini", run.all());
}

#[test]
fn test_all_passing_exits_zero() {
    let run = with_cases(triage("test"), mini_cases(false))
        .mini_rules()
        .run();
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("\n2 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn test_does_not_run_cases_when_the_rules_do_not_load() {
    let run = with_cases(triage("test"), mini_cases(false))
        .mini_rules_with(|rules| {
            edit(rules, "hip/exercise.rhai", |t| {
                t.replace("\"stretching\", \"Gentle", "\"stretchnig\", \"Gentle")
            })
        })
        .run();
    assert_eq!(run.status, 4);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    insta::assert_snapshot!("test_rules_do_not_load", run.err());
}

// ---------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------

#[test]
fn explain_shows_reads_actions_and_what_did_not_fire() {
    let cases = mini_cases(false);
    let case = cases.path().join("hip_stairs.json");
    let run = triage("explain")
        .arg(case)
        .mini_rules()
        .keep(cases, "[CASES]")
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("explain_hip_stairs", run.all());
}

#[test]
fn explain_says_why_a_treatment_was_withheld() {
    let cases = mini_cases(false);
    let case = cases.path().join("older_fall.json");
    let run = triage("explain")
        .arg(case)
        .mini_rules()
        .keep(cases, "[CASES]")
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("-> withheld: no treatment is suggested with an emergency referral"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("explain_older_fall", run.out());
}

#[test]
fn explain_shows_the_trace_up_to_a_rule_that_fails() {
    let cases = mini_cases(false);
    let case = cases.path().join("hip_stairs.json");
    let run = triage("explain")
        .arg(case)
        .mini_rules_with(|rules| {
            edit(rules, "hip/exercise.rhai", |t| {
                t.replace(
                    "review(\"Reassess in 6 weeks.\");",
                    "let weeks = complaint.duration_weeks + 1;",
                )
            })
        })
        .keep(cases, "[CASES]")
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    insta::assert_snapshot!("explain_rule_fails", run.all());
}

#[test]
fn explain_runs_on_a_shipped_fixture() {
    let run = triage("explain")
        .arg("fixtures/elderly_fall_cannot_weight_bear.json")
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let files = rule_files(Path::new("rules"));
    for file in &files {
        assert!(
            run.stdout.contains(&format!("rules/{file}: ")),
            "{file} is not in the trace"
        );
    }
    assert!(run.stdout.contains("REFER emergency"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------

/// A second copy of the mini rules, changed, shown as `[NEW]`.
fn changed_mini_rules(change: impl FnOnce(&Path)) -> (PathBuf, TempDir) {
    let temp = mini_rules();
    change(temp.path());
    (temp.path().to_path_buf(), temp)
}

#[test]
fn diff_flags_a_lowered_urgency_as_a_safety_warning() {
    let (new, new_temp) = changed_mini_rules(|rules| {
        edit(rules, "red_flags/fall.rhai", |t| {
            t.replace("refer(\"emergency\"", "refer(\"urgent\"")
        });
        edit(rules, "hip/exercise.rhai", |t| {
            t.replace(
                "review(\"Reassess in 6 weeks.\");",
                "review(\"Reassess in 4 weeks.\");",
            )
        });
    });
    let command = triage("diff")
        .mini_rules()
        .arg("--rules")
        .arg(new)
        .keep(new_temp, "[NEW]");
    let run = with_cases(command, mini_cases(true)).run();
    assert_eq!(run.status, 5, "{}", run.stdout);
    insta::assert_snapshot!("diff_safety_warning", run.all());
}

#[test]
fn diff_of_other_changes_exits_1_and_of_nothing_exits_0() {
    let (new, new_temp) = changed_mini_rules(|rules| {
        edit(rules, "hip/exercise.rhai", |t| {
            t.replace(
                "if yes(screening.night_pain)",
                "if unknown(screening.night_pain) || yes(screening.night_pain)",
            )
        });
    });
    let command = triage("diff")
        .mini_rules()
        .arg("--rules")
        .arg(new)
        .keep(new_temp, "[NEW]");
    let run = with_cases(command, mini_cases(false)).run();
    assert_eq!(run.status, 1, "{}", run.stdout);
    insta::assert_snapshot!("diff_urgency_up", run.out());

    let (same, same_temp) = changed_mini_rules(|_| {});
    let command = triage("diff")
        .mini_rules()
        .arg("--rules")
        .arg(same)
        .keep(same_temp, "[NEW]");
    let unchanged = with_cases(command, mini_cases(false)).run();
    assert_eq!(unchanged.status, 0, "{}", unchanged.stdout);
    assert!(
        unchanged
            .stdout
            .contains("3 cases compared: 0 down in urgency, 0 with other changes, 3 unchanged"),
        "{}",
        unchanged.stdout
    );
}

#[test]
fn diff_flags_a_lowered_urgency_of_a_shipped_fixture() {
    let new = TempDir::new("lowered");
    copy_dir(Path::new("rules"), new.path());
    let mut lowered = 0;
    for file in rule_files(new.path()) {
        let path = new.path().join(&file);
        let text = std::fs::read_to_string(&path).expect("rule");
        if text.contains("refer(\"emergency\"") {
            lowered += 1;
            std::fs::write(
                &path,
                text.replace("refer(\"emergency\"", "refer(\"urgent\""),
            )
            .expect("write");
        }
    }
    assert!(lowered > 0, "no shipped rule refers as an emergency");
    let path = new.path().to_path_buf();
    let run = triage("diff")
        .args(&["--rules", "rules", "--rules"])
        .arg(path)
        .keep(new, "[NEW]")
        .run();
    assert_eq!(run.status, 5, "{}\n{}", run.stdout, run.stderr);
    let first_case = run
        .stdout
        .lines()
        .find(|l| l.starts_with("SAFETY WARNING  ") || l.starts_with("CHANGED  "))
        .expect("a changed case");
    assert!(
        first_case.starts_with("SAFETY WARNING  fixtures/"),
        "{first_case}"
    );
    assert!(
        run.stdout
            .contains("urgency went DOWN from emergency to urgent"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_takes_the_old_rules_from_a_git_revision() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let repo = TempDir::new("git");
    copy_dir(mini_rules().path(), &repo.path().join("rules"));
    copy_dir(mini_cases(false).path(), &repo.path().join("cases"));
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(repo.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?} failed");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "--no-verify", "-m", "mini rules"]);
    edit(&repo.path().join("rules"), "red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    let dir = repo.path().to_path_buf();
    let run = triage("diff")
        .args(&["--rules", "HEAD:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .keep(repo, "[REPO]")
        .run();
    assert_eq!(run.status, 5, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("diff_git_revision", run.all());

    let bad = triage("diff")
        .args(&["--rules", "no-such-rev:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .run();
    assert_eq!(bad.status, 4, "{}", bad.stderr);
    assert!(bad.stderr.contains("no-such-rev:rules"), "{}", bad.stderr);
}

// ---------------------------------------------------------------------------
// fields and schema
// ---------------------------------------------------------------------------

#[test]
fn fields_lists_the_vocabulary_catalogue_scale_and_api() {
    let run = triage("fields").mini_rules().run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("fields_text", run.out());
}

#[test]
fn fields_as_json_comes_from_the_same_data() {
    let run = triage("fields")
        .args(&["--format", "json"])
        .mini_rules()
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    insta::assert_json_snapshot!("fields_json", value);
}

#[test]
fn fields_on_the_shipped_rules_lists_every_field_and_treatment() {
    let run = triage("fields").run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    for name in [
        "screening.night_pain",
        "complaint.region",
        "hip_thrust_progression",
        "emergency_department",
        "refer(urgency, destination, reason)",
    ] {
        assert!(run.stdout.contains(name), "{name} missing:\n{}", run.stdout);
    }
}

#[test]
fn schema_is_a_draft_2020_12_schema_of_a_case() {
    let run = triage("schema").mini_rules().run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    insta::assert_json_snapshot!("schema", value);
}

#[test]
fn schema_and_fields_are_deterministic() {
    for command in ["fields", "schema"] {
        let first = triage(command).run();
        let second = triage(command).run();
        assert_eq!(first.status, 0);
        assert_eq!(
            first.stdout, second.stdout,
            "{command} output changed between runs"
        );
    }
}

// ---------------------------------------------------------------------------
// --watch
// ---------------------------------------------------------------------------

/// Waits until `lines` has delivered a line for which `wanted` is true.
fn wait_for(
    lines: &mpsc::Receiver<String>,
    wanted: impl Fn(&str) -> bool,
    seen: &mut Vec<String>,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let found = wanted(&line);
                seen.push(line);
                if found {
                    return true;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
    false
}

#[test]
fn test_watch_reruns_when_a_rule_file_changes() {
    let rules = mini_rules();
    let cases = mini_cases(false);
    let mut child = triage("test")
        .arg(cases.path())
        .arg("--rules")
        .arg(rules.path())
        .arg("--watch")
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("triage starts");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let first = wait_for(&lines, |l| l == "2 passed, 0 failed", &mut seen);
    // Break the expectation of one case by changing the rule it depends on.
    std::thread::sleep(Duration::from_millis(600));
    edit(rules.path(), "hip/exercise.rhai", |t| {
        t.replace(
            "avoid(\"stretching\", \"Not with stair pain.\");",
            "review(\"Stairs hurt.\");",
        )
    });
    let second = wait_for(&lines, |l| l == "1 passed, 1 failed", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first run did not finish:\n{}", seen.join("\n"));
    assert!(second, "no re-run after the change:\n{}", seen.join("\n"));
    assert!(
        seen.iter()
            .any(|l| l.contains("changed:") && l.contains("exercise.rhai")),
        "the re-run names the changed file:\n{}",
        seen.join("\n")
    );
}

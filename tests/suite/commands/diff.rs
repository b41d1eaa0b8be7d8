//! `triage diff`: a lowered urgency is flagged as a safety warning, other changes
//! are counted by kind, and the old rules can come from a git revision.

use crate::support::folder::{copy_dir, edit};
use crate::support::snapshot::snapshot;
use crate::support::tools;
use crate::support::{Folder, Triage};

use super::triage;

/// `triage diff --rules [RULES] --rules [NEW] [CASES]`: the mini rules, against
/// `new` (shown as `[NEW]`), on the mini cases.
fn diff_mini_rules(new: Folder, with_failing: bool) -> Triage {
    triage("diff")
        .rules(Folder::mini_rules())
        .arg("--rules")
        .folder_arg(new, "[NEW]")
        .folder_arg(Folder::mini_cases(with_failing), "[CASES]")
}

#[test]
fn diff_flags_a_lowered_urgency_as_a_safety_warning() {
    let new = Folder::mini_rules();
    new.edit("red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    new.edit("hip/exercise.rhai", |t| {
        t.replace(
            "review(\"Reassess in 6 weeks.\");",
            "review(\"Reassess in 4 weeks.\");",
        )
    });
    let run = diff_mini_rules(new, true).status(5).any_stdout().run();
    snapshot!("diff_safety_warning", run.all());
}

#[test]
fn diff_of_other_changes_exits_1_and_of_nothing_exits_0() {
    let new = Folder::mini_rules();
    new.edit("hip/exercise.rhai", |t| {
        t.replace(
            "if yes(screening.night_pain)",
            "if unknown(screening.night_pain) || yes(screening.night_pain)",
        )
    });
    let run = diff_mini_rules(new, false).status(1).any_stdout().run();
    snapshot!("diff_urgency_up", run.out());

    diff_mini_rules(Folder::mini_rules(), false)
        .stdout_contains("3 cases compared: 0 down in urgency, 0 up, 0 to another destination, 0 with other changes only, 3 unchanged")
        .run();
}

#[test]
fn diff_leads_with_the_urgency_and_counts_other_changes_by_kind_which_all_lists() {
    let changed = || {
        let new = Folder::mini_rules();
        new.edit("hip/exercise.rhai", |t| {
            t.replace(
                "review(\"Reassess in 6 weeks.\");",
                "review(\"Reassess in 4 weeks.\");",
            )
        });
        new
    };
    let run = diff_mini_rules(changed(), false)
        .status(1)
        .any_stdout()
        .run();
    assert!(!run.stdout.contains("CHANGED  "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("0 down in urgency, 0 up, 0 to another destination, "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("other changes: ")
            && run.stdout.contains("review changed")
            && run
                .stdout
                .contains("(--all lists the cases with other changes only)"),
        "{}",
        run.stdout
    );
    let all = diff_mini_rules(changed(), false)
        .arg("--all")
        .status(1)
        .any_stdout()
        .run();
    assert!(all.stdout.contains("CHANGED  "), "{}", all.stdout);
    assert!(
        all.stdout
            .contains("review changed: \"Reassess in 6 weeks.\" -> \"Reassess in 4 weeks.\""),
        "{}",
        all.stdout
    );
    assert!(!all.stdout.contains("--all lists"), "{}", all.stdout);
}

#[test]
fn diff_flags_a_lowered_urgency_of_a_shipped_fixture() {
    let new = Folder::shipped_rules();
    let mut lowered = 0;
    for file in new.rule_files() {
        let text = std::fs::read_to_string(new.join(&file)).expect("rule");
        if text.contains("refer(\"emergency\"") {
            lowered += 1;
            new.edit(&file, |t| {
                t.replace("refer(\"emergency\"", "refer(\"urgent\"")
            });
        }
    }
    assert!(lowered > 0, "no shipped rule refers as an emergency");
    let run = triage("diff")
        .args(["--rules", "rules", "--rules"])
        .folder_arg(new, "[NEW]")
        .status(5)
        .stdout_contains("urgency went DOWN from emergency to urgent")
        .run();
    let first_case = run
        .stdout
        .lines()
        .find(|l| l.starts_with("SAFETY WARNING  ") || l.starts_with("CHANGED  "))
        .expect("a changed case");
    assert!(
        first_case.starts_with("SAFETY WARNING  fixtures/"),
        "{first_case}"
    );
}

#[test]
fn diff_takes_the_old_rules_from_a_git_revision() {
    let repo = Folder::new();
    copy_dir(Folder::mini_rules().path(), &repo.join("rules"));
    copy_dir(Folder::mini_cases(false).path(), &repo.join("cases"));
    let git = |args: &[&str]| tools::git(repo.path(), args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "--no-verify", "-m", "mini rules"]);
    edit(&repo.join("rules"), "red_flags/fall.rhai", |t| {
        t.replace("refer(\"emergency\"", "refer(\"urgent\"")
    });
    let dir = repo.path().to_path_buf();
    let run = triage("diff")
        .args(["--rules", "HEAD:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .keep(repo, "[REPO]")
        .status(5)
        .any_stdout()
        .run();
    snapshot!("diff_git_revision", run.all());

    triage("diff")
        .args(["--rules", "no-such-rev:rules", "--rules", "rules", "cases"])
        .current_dir(&dir)
        .status(4)
        .stderr_contains("no-such-rev:rules")
        .run();
}

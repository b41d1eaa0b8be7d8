//! The rules folder itself: symbolic links out of it and special files (pipes) are
//! refused, not skipped, and without waiting; a symbolic link inside it is followed.

use crate::support::Folder;
use crate::support::folder::copy_dir;
use crate::support::snapshot::snapshot;

use super::{
    FINDINGS, LOAD_WATCHDOG, NOT_LOADED, OK, RULE_ERROR, check, command, new_workspace, triage,
    with_header,
};

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

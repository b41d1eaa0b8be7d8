//! The programs a few tests need besides Rust (see the README's "Two commands"):
//! git (`diff --rules REV:path`), Python 3 with `venv` (the FHIR check and the
//! pseudo-terminal driver), `mkfifo` (pipes in place of files), util-linux
//! `script` (colour on a terminal). A test that cannot
//! run fails with a message naming what is missing; it never passes silently.

use std::path::Path;
use std::process::{Command, Stdio};

/// Whether a documented opt-out variable (`TRIAGE_SKIP_FHIR_VALIDATION`) skips a
/// check here. Set in CI (`CI` is set), it fails the test instead: CI never skips.
pub fn skipped_by(variable: &str) -> bool {
    if std::env::var_os(variable).is_none() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{variable} is set in CI: CI runs every check (unset it)"
    );
    eprintln!("{variable} is set: this check was skipped");
    true
}

/// Starts `program` (found on `PATH`), failing the test with what to install if
/// it cannot start.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.stdin(Stdio::null());
    command
}

/// Fails the test, naming the missing program and why the test needs it.
#[track_caller]
pub fn missing(program: &str, error: &std::io::Error, needed_for: &str) -> ! {
    panic!(
        "{program} could not run ({error}): it must be installed for {needed_for} \
         (see the README's \"Two commands\": what `cargo test` needs besides Rust)"
    )
}

/// Runs git in `dir` with a fixed identity and no system configuration; git must
/// be installed (a test that cannot run fails).
#[track_caller]
pub fn git(dir: &Path, args: &[&str]) {
    let status = command("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| missing("git", &e, "the tests of `--rules REV:path`"));
    assert!(status.success(), "git {args:?} failed");
}

/// Makes a named pipe (FIFO) at `path` with `mkfifo`.
#[cfg(unix)]
#[track_caller]
pub fn mkfifo(path: &Path) {
    let status = command("mkfifo")
        .arg(path)
        .status()
        .unwrap_or_else(|e| missing("mkfifo", &e, "the tests of pipes given as files"));
    assert!(status.success(), "mkfifo {} failed", path.display());
}

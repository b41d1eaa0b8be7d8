//! The one way the tests run the real `triage` binary, in the style of casey/just's
//! test harness: build the command and state what must happen, then `run` checks
//! it and hands back the output for further checks or a snapshot.
//!
//! `run` checks everything unless the test says otherwise:
//! - the exit status: 0 unless `.status(...)`;
//! - stdout and stderr, **exactly** (after redaction): empty unless `.stdout(text)`
//!   or `.stderr(text)` gives the text. A test that cannot state the whole text
//!   says so by name, once per stream:
//!   - `.stdout_contains(text)` / `.stderr_contains(text)`: holds `text` (any
//!     number of them);
//!   - `.any_stdout()` / `.any_stderr()`: not compared here; the test checks it
//!     itself afterwards (a snapshot, the JSON, its own assertions) or it does not
//!     matter to the test;
//! - that nothing panicked.
//!
//! ```ignore
//! let run = Triage::new()
//!     .args(["check", "--deny-warnings"])
//!     .rules(Folder::mini_rules()) // `--rules <temp folder>`, shown as [RULES]
//!     .env("TRIAGE_TODAY", "2026-11-21")
//!     .status(1)
//!     .stdout_contains("[RULES]/hip/exercise.rhai")
//!     .any_stderr()
//!     .run();
//! snapshot!("check_denied", run.all());
//! ```

use std::ffi::{OsStr, OsString};
use std::fmt::Display;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::folder::{Folder, manifest_dir};
use super::{cpu, redact};

/// One `triage` command line and what it must do.
#[must_use = "a Triage does nothing until `.run()`"]
pub struct Triage {
    program: Option<PathBuf>,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    env_removed: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    stdout_file: Option<File>,
    current_dir: PathBuf,
    status: i32,
    stdout: Vec<Expected>,
    stderr: Vec<Expected>,
    watchdog: Option<Duration>,
    alone: bool,
    context: Option<String>,
    redactions: Vec<(String, &'static str)>,
    folders: Vec<Folder>,
}

/// An expectation about stdout or stderr (after redaction). A stream with none
/// must be empty.
enum Expected {
    Exactly(String),
    Contains(String),
    /// Not compared by `run` (the test checks it itself, or it does not matter).
    Anything,
}

impl Default for Triage {
    fn default() -> Self {
        Triage::new()
    }
}

impl Triage {
    /// `triage` with no arguments, run from the crate root (so `rules` and
    /// `fixtures/...` resolve), with nothing on stdin, expected to exit 0.
    pub fn new() -> Triage {
        Triage {
            program: None,
            args: Vec::new(),
            env: Vec::new(),
            env_removed: Vec::new(),
            stdin: None,
            stdout_file: None,
            current_dir: manifest_dir().to_path_buf(),
            status: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
            watchdog: None,
            alone: false,
            context: None,
            redactions: Vec::new(),
            folders: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Triage {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Triage {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Sets a variable; the last word on a variable (`env` or `env_remove`) wins.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Triage {
        let key = key.as_ref().to_os_string();
        self.env_removed.retain(|removed| *removed != key);
        self.env.push((key, value.as_ref().to_os_string()));
        self
    }

    /// Removes a variable from the environment the binary sees.
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Triage {
        let key = key.as_ref().to_os_string();
        self.env.retain(|(set, _)| *set != key);
        self.env_removed.push(key);
        self
    }

    /// Bytes fed to stdin (otherwise stdin is empty and closed).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Triage {
        self.stdin = Some(bytes.into());
        self
    }

    /// Writes stdout to `file` (for instance `/dev/full`) instead of capturing
    /// it: [`Output::stdout`] is then empty.
    pub fn stdout_to(mut self, file: File) -> Triage {
        self.stdout_file = Some(file);
        self
    }

    /// Runs this copy of the binary instead of the one cargo built (to test what
    /// it finds beside itself).
    pub fn program(mut self, path: &Path) -> Triage {
        self.program = Some(path.to_path_buf());
        self
    }

    /// Runs in `dir` instead of the crate root.
    pub fn current_dir(mut self, dir: &Path) -> Triage {
        self.current_dir = dir.to_path_buf();
        self
    }

    /// `--rules <folder>`: a temporary rules folder ([`Folder::shipped_rules`],
    /// [`Folder::mini_rules`], changed as the test needs), kept until the output is
    /// dropped and shown as `[RULES]`.
    pub fn rules(self, rules: Folder) -> Triage {
        self.arg("--rules").folder_arg(rules, "[RULES]")
    }

    /// The folder's path as the next argument; the folder is kept until the output
    /// is dropped and its path shown as `label`.
    pub fn folder_arg(self, folder: Folder, label: &'static str) -> Triage {
        let path = folder.path().to_path_buf();
        self.arg(path).keep(folder, label)
    }

    /// Keeps `folder` until the output is dropped; its path is shown as `label`.
    pub fn keep(mut self, folder: Folder, label: &'static str) -> Triage {
        self = self.redact(folder.path(), label);
        self.folders.push(folder);
        self
    }

    /// Shows `path` as `label` in the redacted output.
    pub fn redact(mut self, path: &Path, label: &'static str) -> Triage {
        self.redactions.push((path.display().to_string(), label));
        self
    }

    /// The exit status `run` asserts (0 unless set).
    pub fn status(mut self, status: i32) -> Triage {
        self.status = status;
        self
    }

    /// stdout must be exactly `text` (after redaction).
    pub fn stdout(mut self, text: impl Into<String>) -> Triage {
        self.stdout.push(Expected::Exactly(text.into()));
        self
    }

    /// stdout must contain `text` (after redaction).
    pub fn stdout_contains(mut self, text: impl Into<String>) -> Triage {
        self.stdout.push(Expected::Contains(text.into()));
        self
    }

    /// stderr must be exactly `text` (after redaction).
    pub fn stderr(mut self, text: impl Into<String>) -> Triage {
        self.stderr.push(Expected::Exactly(text.into()));
        self
    }

    /// stderr must contain `text` (after redaction).
    pub fn stderr_contains(mut self, text: impl Into<String>) -> Triage {
        self.stderr.push(Expected::Contains(text.into()));
        self
    }

    /// stdout is not compared by `run`: the test checks it itself afterwards (a
    /// snapshot, the JSON, its own assertions), or it does not matter to the test.
    pub fn any_stdout(mut self) -> Triage {
        self.stdout.push(Expected::Anything);
        self
    }

    /// stderr is not compared by `run`: the test checks it itself afterwards, or
    /// it does not matter to the test.
    pub fn any_stderr(mut self) -> Triage {
        self.stderr.push(Expected::Anything);
        self
    }

    /// Kills the run and fails the test if it takes longer than `limit`.
    pub fn watchdog(mut self, limit: Duration) -> Triage {
        self.watchdog = Some(limit);
        self
    }

    /// Runs with the CPU to itself (see [`cpu`]): for outcomes that depend on the
    /// rule engine's time limit.
    pub fn alone(mut self) -> Triage {
        self.alone = true;
        self
    }

    /// Named in every failure message (a battery's row name, for instance).
    pub fn context(mut self, context: impl Display) -> Triage {
        self.context = Some(context.to_string());
        self
    }

    fn command(&self) -> Command {
        let program = self
            .program
            .clone()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_triage")));
        let mut command = Command::new(program);
        command
            .args(&self.args)
            .current_dir(&self.current_dir)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        for key in &self.env_removed {
            command.env_remove(key);
        }
        command
    }

    /// How the run is named in failure messages.
    fn shown(&self) -> String {
        let args: Vec<_> = self.args.iter().map(|a| a.to_string_lossy()).collect();
        let mut shown = format!("`triage {}`", args.join(" "));
        if let Some(context) = &self.context {
            shown = format!("{context}: {shown}");
        }
        shown
    }

    /// Starts the binary with stdout piped, stdin and stderr closed, for the tests
    /// that talk to a running process (`--watch`). Checks nothing.
    pub fn spawn(self) -> Child {
        self.command()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the triage binary starts")
    }

    /// Starts the binary with stdout and stderr piped and stdin closed, for the
    /// tests that read part of the output and then close the pipe. Checks nothing.
    pub fn spawn_piped(self) -> Child {
        self.command()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the triage binary starts")
    }

    /// Runs the binary and checks the exit status, stdout and stderr (exactly,
    /// empty unless stated, or as the test's opt-outs say), and that nothing
    /// panicked.
    #[track_caller]
    pub fn run(mut self) -> Output {
        let caller = std::panic::Location::caller();
        let shown = format!("{} (run at {caller})", self.shown());
        let cpu = if self.alone {
            cpu::alone()
        } else {
            cpu::shared()
        };
        let mut child = self
            .command()
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(match self.stdout_file.take() {
                Some(file) => Stdio::from(file),
                None => Stdio::piped(),
            })
            .stderr(Stdio::piped())
            .spawn()
            .expect("the triage binary starts");
        // Feed stdin and read both pipes on threads, so a chatty child never blocks
        // on a full pipe; triage may stop reading early (size limit, rules that do
        // not load), so a closed stdin is fine.
        let writer = self.stdin.take().map(|bytes| {
            let mut pipe = child.stdin.take().expect("stdin is piped");
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })
        });
        let stdout = child.stdout.take().map(read_on_a_thread);
        let stderr = read_on_a_thread(child.stderr.take().expect("stderr is piped"));
        let status = match self.watchdog {
            None => child.wait().expect("triage finishes"),
            Some(limit) => {
                let started = Instant::now();
                loop {
                    if let Some(status) = child.try_wait().expect("triage can be waited on") {
                        break status;
                    }
                    if started.elapsed() > limit {
                        let _ = child.kill();
                        let _ = child.wait();
                        panic!("{shown} did not finish within {limit:?}");
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        };
        if let Some(writer) = writer {
            writer.join().expect("stdin written");
        }
        drop(cpu);
        let mut redactions = self.redactions;
        // The longest path first, so a folder inside another keeps its own label.
        redactions.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        let output = Output {
            status: status.code().unwrap_or(-1),
            stdout: stdout.map_or_else(String::new, |s| s.join().expect("stdout read")),
            stderr: stderr.join().expect("stderr read"),
            redactions,
            _folders: self.folders,
        };
        let failed = |problem: String| fail(&shown, &output, &problem);
        if output.stderr.contains("panicked") || output.stderr.contains("RUST_BACKTRACE") {
            failed("triage panicked".to_string());
        }
        if output.status != self.status {
            failed(format!(
                "exit status {}, expected {}",
                output.status, self.status
            ));
        }
        for (name, text, expected) in [
            ("stdout", output.out(), &self.stdout),
            ("stderr", output.err(), &self.stderr),
        ] {
            if expected.is_empty() && !text.is_empty() {
                failed(format!(
                    "{name} is not empty (state it with `.{name}(text)`, or opt out with \
                     `.{name}_contains(text)` or `.any_{name}()`)"
                ));
            }
            for expected in expected {
                match expected {
                    Expected::Exactly(want) if text != *want => {
                        failed(format!("{name} is not exactly:\n{want}"));
                    }
                    Expected::Contains(want) if !text.contains(want.as_str()) => {
                        failed(format!("{name} does not contain:\n{want}"));
                    }
                    _ => {}
                }
            }
        }
        output
    }
}

/// Fails the test, showing the command, the problem and everything it printed.
fn fail(shown: &str, output: &Output, problem: &str) -> ! {
    panic!(
        "{shown}: {problem}\n--- stdout\n{}\n--- stderr\n{}",
        output.stdout, output.stderr
    )
}

fn read_on_a_thread(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// What one run of the binary did. `stdout` and `stderr` are as printed;
/// [`Output::out`] and [`Output::err`] are redacted for snapshots.
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    redactions: Vec<(String, &'static str)>,
    /// The temporary folders the run used, removed when the output is dropped.
    _folders: Vec<Folder>,
}

impl Output {
    /// Replaces temporary paths by their labels and SHA-256 hashes by `[sha256]`:
    /// both change from run to run.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (path, label) in &self.redactions {
            text = text.replace(path.as_str(), label);
        }
        redact::sha256s(&text)
    }

    /// stdout, redacted.
    pub fn out(&self) -> String {
        self.redact(&self.stdout)
    }

    /// stderr, redacted.
    pub fn err(&self) -> String {
        self.redact(&self.stderr)
    }

    /// The exit status, stdout and stderr, redacted, for a snapshot.
    pub fn all(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            self.status,
            self.out(),
            self.err()
        )
    }

    /// The findings of `triage check` (blocks of stdout, redacted, separated by
    /// blank lines) that mention `file`.
    pub fn findings_about(&self, file: &str) -> String {
        self.out()
            .split("\n\n")
            .filter(|block| block.contains(file))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// stdout as one JSON value.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

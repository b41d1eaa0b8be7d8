//! Running one compiled rule file on one case: a fresh scope holding the read-only
//! section variables, the file's own [`Recorder`] as the run's tag, the case's time
//! budget, and a caught panic turned into a rule failure.

use std::cell::RefCell;
use std::sync::Once;
use std::time::Instant;

use rhai::{CallFnOptions, Dynamic, EvalAltResult, Position, Scope};

use super::case_view::CaseSection;
use super::limits;
use super::trace::{FileTrace, Recorder};

/// The name of the native no-op the engine calls after a rule file's statements,
/// so that the file runs with its recorder as the run's tag (see [`run_file`]).
/// Not an identifier, so no rule can call it.
pub(super) const END_OF_FILE: &str = "end of rule file";

/// One compiled rule file to run.
#[derive(Clone, Copy)]
pub struct RunFile<'a> {
    /// The path shown in traces and messages.
    pub path: &'a str,
    pub ast: &'a rhai::AST,
    /// A file under `rules/definitions/`: it may only define.
    pub definitions: bool,
}

/// Why a rule file did not finish.
#[derive(Debug)]
pub enum RunFailure {
    /// The script raised an error (or hit an engine limit).
    Script(Box<EvalAltResult>),
    /// The case's time budget ran out in this file.
    TimedOut(Position),
    /// Rhai itself panicked (a bug in the engine triggered by the script).
    Panicked(String),
}

/// What Rhai's `on_progress`, `on_print` and the panic hook need while a file
/// runs. Rhai gives those callbacks no handle to the run, so this one small state
/// lives with the thread for the duration of [`RuleEngine::run_file`]; the actions
/// and reads do not (they go to the file's [`Recorder`]).
#[derive(Default)]
struct Side {
    in_rule: bool,
    deadline: Option<Instant>,
    timed_out: bool,
    printed: Vec<String>,
}

thread_local! {
    static SIDE: RefCell<Side> = RefCell::new(Side::default());
}

/// `on_progress`: stops the run when the case's time budget is spent.
pub(super) fn progress(operations: u64) -> Option<Dynamic> {
    if !operations.is_multiple_of(1024) {
        return None;
    }
    SIDE.with(|side| {
        let mut side = side.borrow_mut();
        if side.deadline.is_some_and(|d| Instant::now() > d) {
            side.timed_out = true;
            return Some(Dynamic::from("time limit"));
        }
        None
    })
}

/// `on_print`/`on_debug`: keeps the line (capped) for the file's trace.
pub(super) fn print(text: &str) {
    SIDE.with(|side| {
        let mut side = side.borrow_mut();
        if side.printed.len() <= limits::MAX_PRINTED_LINES {
            side.printed.push(crate::text::escaped(text));
        }
    });
}

/// Runs one compiled rule file on the case with a fresh scope. `tracing` keeps
/// the case reads; `deadline` is when the case's time budget runs out. Returns
/// the file's trace, and the failure that stopped it, if any.
pub(super) fn run_file(
    engine: &rhai::Engine,
    file: &RunFile,
    sections: &[CaseSection],
    tracing: bool,
    deadline: Instant,
) -> (FileTrace, Result<(), RunFailure>) {
    let RunFile {
        path: file,
        ast,
        definitions,
    } = *file;
    let mut recorder = Dynamic::from(Recorder::new(file, tracing, definitions)).into_shared();
    let mut scope = Scope::new();
    for section in sections {
        scope.push_constant(section.name(), section.clone());
    }
    SIDE.with(|side| {
        *side.borrow_mut() = Side {
            in_rule: true,
            deadline: Some(deadline),
            ..Side::default()
        };
    });
    let options = CallFnOptions::new()
        .with_tag(recorder.clone())
        .eval_ast(true)
        .rewind_scope(true)
        .in_all_namespaces(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.call_fn_with_options::<()>(options, &mut scope, ast, END_OF_FILE, ())
    }));
    let side = SIDE.with(|side| std::mem::take(&mut *side.borrow_mut()));
    let mut recorder = recorder
        .write_lock::<Recorder>()
        .map(|mut r| std::mem::take(&mut *r))
        .unwrap_or_default();
    for line in side.printed {
        recorder.print(line);
    }
    let result = match outcome {
        Ok(Ok(())) if side.timed_out || Instant::now() > deadline => {
            Err(RunFailure::TimedOut(Position::NONE))
        }
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) if side.timed_out => Err(RunFailure::TimedOut(error.position())),
        Ok(Err(error)) => Err(RunFailure::Script(super::wording::plain(*error))),
        Err(panic) => Err(RunFailure::Panicked(panic_message(panic.as_ref()))),
    };
    (recorder.trace, result)
}

/// Installs, once per process, a panic hook that stays quiet while a rule runs.
/// A panic inside Rhai is caught in [`run_file`] and reported as a rule
/// error naming the file; without this, the default hook would also print
/// "thread 'main' panicked at ..." with Rhai's internals to the user. Panics
/// anywhere else still go to the previous hook.
pub(super) fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !SIDE.with(|side| side.borrow().in_rule) {
                previous(info);
            }
        }));
    });
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

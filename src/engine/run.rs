//! Running compiled rule files on one case: the scope holding the read-only
//! section variables (each file starts with only those), the file's own
//! [`Recorder`] as the run's tag, the case's time budget, and a caught panic
//! turned into a rule failure. What does not depend on the case (Rhai's function
//! resolution for each file) is kept from one case to the next.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, Once};
use std::time::Instant;

use rhai::{Caches, Dynamic, EvalAltResult, ImmutableString, Module, Position, Scope};

use super::case_view::CaseSection;
use super::limits;
use super::trace::{FileTrace, Recorder};

/// One compiled rule file to run.
#[derive(Clone, Copy)]
pub struct RunFile<'a> {
    /// The path shown in traces and messages.
    pub path: &'a str,
    /// The file's part of its rules' ids: its path in the rule set (`red_flags/cauda_equina`).
    pub rule_file: &'a str,
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
    /// The file could not be run at all (a bug here, never the rules').
    NotRun(String),
}

/// What Rhai's `on_progress`, `on_print` and the panic hook need while a file
/// runs. Rhai gives those callbacks no handle to the run, so this one small state
/// lives with the thread for the duration of [`CaseRun::run_file`]; the actions
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

/// A rule file's function-resolution cache, kept from one case to the next with
/// the script functions and the name of the file it was built for (so it is never
/// used for another file).
pub(super) struct Slot {
    lib: Arc<Module>,
    /// The file's name as Rhai keeps it, made once.
    source: Option<ImmutableString>,
    caches: Caches,
}

/// The resolution caches of a rule set's files, one set per evaluation running
/// at a time (one per thread). Rhai would otherwise find every function, operator
/// and case-field access of a file again on every case.
#[derive(Default)]
pub(super) struct CachePool(Mutex<Vec<Vec<Option<Slot>>>>);

/// One case being evaluated, file after file: the scope holding the read-only
/// section variables, built once for the case and rewound after each file, so
/// every file starts with exactly those variables (its own `let`s are gone); and
/// the resolution caches of the files, taken from the pool and given back, one
/// slot per file of the rule set (a file may be left out: not every file of a
/// case runs in Rhai).
pub struct CaseRun<'e> {
    engine: &'e rhai::Engine,
    pool: &'e CachePool,
    scope: Scope<'static>,
    slots: Vec<Option<Slot>>,
}

impl<'e> CaseRun<'e> {
    pub(super) fn new(
        engine: &'e rhai::Engine,
        pool: &'e CachePool,
        sections: &[CaseSection],
    ) -> Self {
        let mut scope = Scope::new();
        for section in sections {
            scope.push_constant(section.name(), section.clone());
        }
        let slots = pool
            .0
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default();
        CaseRun {
            engine,
            pool,
            scope,
            slots,
        }
    }

    /// Runs one compiled rule file on the case: the file at `index` in the rule
    /// set, whose resolution cache is kept in that slot. `tracing` keeps the case
    /// reads; `deadline` is when the case's time budget runs out. Returns the
    /// file's trace, and the failure that stopped it, if any.
    pub fn run_file(
        &mut self,
        index: usize,
        file: &RunFile,
        tracing: bool,
        deadline: Instant,
    ) -> (FileTrace, Result<(), RunFailure>) {
        let RunFile {
            path: file,
            rule_file,
            ast,
            definitions,
        } = *file;
        let lib = ast.shared_lib();
        let source = ast.source();
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, || None);
        }
        let fits = |slot: &Slot| Arc::ptr_eq(&slot.lib, lib) && slot.source.as_deref() == source;
        if let Some(place) = self.slots.get_mut(index)
            && !place.as_ref().is_some_and(fits)
        {
            *place = Some(Slot {
                lib: lib.clone(),
                source: source.map(Into::into),
                caches: Caches::new(),
            });
        }
        let Some(Some(slot)) = self.slots.get_mut(index) else {
            // Made just above: never without one. Were it ever, the file did not run,
            // which must stop the case rather than pass for a file that found nothing.
            return (
                FileTrace::default(),
                Err(RunFailure::NotRun(format!(
                    "no resolution cache for rule file {index}"
                ))),
            );
        };
        let mut recorder =
            Dynamic::from(Recorder::new(file, rule_file, tracing, definitions)).into_shared();
        // What Rhai's `call_fn` would set up, with the file's own kept caches: the
        // recorder as the run's tag, the file's script functions, its name.
        let mut global = self.engine.new_global_runtime_state();
        global.tag = recorder.clone();
        global.source.clone_from(&slot.source);
        global.lib.push(lib.clone());
        let base = self.scope.len();
        SIDE.with(|side| {
            *side.borrow_mut() = Side {
                in_rule: true,
                deadline: Some(deadline),
                ..Side::default()
            };
        });
        let engine = self.engine;
        let scope = &mut self.scope;
        let caches = &mut slot.caches;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // Deprecated in name only: it is the statement runner behind
            // `call_fn`, exported with `internals` (rhai is pinned exactly).
            #[allow(deprecated)]
            engine.eval_statements_raw(&mut global, caches, scope, ast.statements())
        }));
        self.scope.rewind(base);
        if outcome.is_err() {
            // A panic may have left the cache half-updated: start it again.
            slot.caches = Caches::new();
        }
        let side = SIDE.with(|side| std::mem::take(&mut *side.borrow_mut()));
        let mut recorder = recorder
            .write_lock::<Recorder>()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default();
        for line in side.printed {
            recorder.print(line);
        }
        let result = match outcome {
            Ok(Ok(_)) if side.timed_out || Instant::now() > deadline => {
                Err(RunFailure::TimedOut(Position::NONE))
            }
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) if side.timed_out => Err(RunFailure::TimedOut(error.position())),
            Ok(Err(error)) => Err(RunFailure::Script(super::wording::plain(*error))),
            Err(panic) => Err(RunFailure::Panicked(panic_message(panic.as_ref()))),
        };
        (recorder.trace, result)
    }
}

impl Drop for CaseRun<'_> {
    /// Gives the caches back for the next case.
    fn drop(&mut self) {
        if let Ok(mut pool) = self.pool.0.lock() {
            pool.push(std::mem::take(&mut self.slots));
        }
    }
}

/// Installs, once per process, a panic hook that stays quiet while a rule runs.
/// A panic inside Rhai is caught in [`CaseRun::run_file`] and reported as a rule
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

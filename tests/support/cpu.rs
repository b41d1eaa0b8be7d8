//! Gives the rule runs that depend on the engine's time limit the CPU to themselves.
//!
//! The engine stops a case after a number of operations or after a wall-clock time
//! limit, whichever comes first, and the bad-rules battery snapshots which limit
//! stopped a runaway rule. In a debug build the operation limit is reached not far
//! below the time limit, so a run that shares the cores with other tests of this
//! binary (other `triage` runs, property-test cases) can hit the time limit instead,
//! and its snapshot changes. (Load from outside the test binary can still do that.)
//!
//! Every `triage` run of the builder holds [`shared`] (or [`alone`] when asked
//! for), and so does every in-process assessment of the fixture and property tests.
//! An [`alone`] holder waits until no guard is held and keeps every other guard
//! waiting until it is done. A test must not ask for [`alone`] while it holds a
//! guard itself.

use std::sync::{Condvar, Mutex};

struct Holders {
    shared: usize,
    alone: bool,
}

static HOLDERS: Mutex<Holders> = Mutex::new(Holders {
    shared: 0,
    alone: false,
});
static RELEASED: Condvar = Condvar::new();

/// Held while a test uses the CPU alongside others.
pub fn shared() -> Guard {
    enter(|holders| !holders.alone, |holders| holders.shared += 1);
    Guard { alone: false }
}

/// Held while a test needs the CPU to itself.
pub fn alone() -> Guard {
    enter(
        |holders| !holders.alone && holders.shared == 0,
        |holders| holders.alone = true,
    );
    Guard { alone: true }
}

fn enter(may_enter: impl Fn(&Holders) -> bool, enter: impl FnOnce(&mut Holders)) {
    let mut holders = HOLDERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    while !may_enter(&holders) {
        holders = RELEASED
            .wait(holders)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    }
    enter(&mut holders);
}

/// Releases its hold when dropped.
pub struct Guard {
    alone: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut holders = HOLDERS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if self.alone {
            holders.alone = false;
        } else {
            holders.shared -= 1;
        }
        RELEASED.notify_all();
    }
}

//! Batches at scale, for `assess` and `diff`: cases are read as a stream, a chunk
//! at a time; each chunk is worked on by all cores (rayon) and its results are
//! written in input order before the next chunk is read. Memory is bounded by the
//! chunk, whatever the length of the batch, and the output does not depend on the
//! number of threads.
//!
//! A long run on a terminal shows a progress bar on stderr; everything written
//! while it is shown goes through [`Progress::suspend`], so no line is torn.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::output;

/// The first chunk is small, so that a short batch answers at once; each next
/// chunk is twice as large, up to [`MAX_CHUNK`].
const FIRST_CHUNK: usize = 32;
/// The largest chunk: enough cases to keep every core busy between two writes,
/// few enough that their texts and results take a few MiB.
const MAX_CHUNK: usize = 1024;

/// After this long, or this many cases, a run on a terminal shows its progress.
const LONG_RUN: Duration = Duration::from_secs(1);
const LONG_RUN_CASES: u64 = 1000;

/// Runs `work` on every item of `inputs`, in parallel chunks, and hands each
/// result to `write` in input order. `write` returns false to stop early (the
/// reader of the output went away); the rest of the input is not read.
pub(super) fn run_ordered<I, T, R>(
    inputs: I,
    work: impl Fn(T) -> R + Sync,
    mut write: impl FnMut(R) -> bool,
    progress: &mut Progress,
) where
    I: Iterator<Item = T>,
    T: Send,
    R: Send,
{
    let mut inputs = inputs.fuse();
    let mut chunk_size = FIRST_CHUNK;
    loop {
        let chunk: Vec<T> = inputs.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            return;
        }
        let count = chunk.len() as u64;
        let results: Vec<R> = chunk.into_par_iter().map(&work).collect();
        let mut stopped = false;
        progress.suspend(|| {
            for result in results {
                if !write(result) {
                    stopped = true;
                    break;
                }
            }
        });
        if stopped || output::gone() {
            return;
        }
        progress.advance(count);
        chunk_size = (chunk_size * 2).min(MAX_CHUNK);
    }
}

/// Progress of a long batch on a terminal: a spinner with the count of cases and
/// the rate, on stderr. Nothing is drawn when stderr is not a terminal, or until
/// the run has been long (the count and the rate are kept from the start).
pub(super) struct Progress {
    started: Instant,
    done: u64,
    /// Only on a terminal; hidden until the run is long.
    bar: Option<ProgressBar>,
    shown: bool,
}

impl Progress {
    /// Progress for a run starting now.
    pub(super) fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {human_pos} cases ({msg}, {elapsed})")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            started: Instant::now(),
            done: 0,
            bar,
            shown: false,
        }
    }

    /// Counts `cases` more done, and shows the bar once the run is long.
    fn advance(&mut self, cases: u64) {
        self.done += cases;
        let Some(bar) = &self.bar else {
            return;
        };
        bar.set_position(self.done);
        let seconds = self.started.elapsed().as_secs_f64();
        if seconds > 0.0 {
            // Cases are counted in u64 and never near 2^52: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let rate = self.done as f64 / seconds;
            bar.set_message(format!("{rate:.0} cases/s"));
        }
        if !self.shown && (self.done > LONG_RUN_CASES || self.started.elapsed() > LONG_RUN) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            self.shown = true;
        }
    }

    /// Runs `f` with the bar hidden, so that what it writes is not torn by it.
    pub(super) fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(f),
            _ => f(),
        }
    }

    /// Removes the bar, before the closing lines of the run.
    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

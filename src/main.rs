//! The `triage` binary: parse the command line, run it, exit with its status.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the rules' compilation and every case allocate many small values,
/// from every thread of a batch at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = physio_triage::Cli::parse();
    physio_triage::cli::run(cli).into()
}

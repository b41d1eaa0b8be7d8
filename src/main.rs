//! The `triage` binary: parse the command line, run it, exit with its status.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = physio_triage::Cli::parse();
    physio_triage::cli::run(cli).into()
}

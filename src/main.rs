//! The `triage` binary: parse the command line, run it, exit with its status.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = physio_triage::cli::Cli::parse();
    physio_triage::app::run(cli).into()
}

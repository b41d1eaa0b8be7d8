//! `triage completions <shell>` and `triage man`: generated from the command-line
//! definition itself, so they cannot drift from it.

use clap::CommandFactory;

use crate::cli::args::{Cli, CompletionsArgs};
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::print_out;

/// Prints the completion script for the shell.
pub(crate) fn completions(args: &CompletionsArgs) -> Exit {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "triage", &mut script);
    print_out(&String::from_utf8_lossy(&script));
    Exit::Success
}

/// Prints the manual page.
pub(crate) fn man() -> Result<Exit, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|error| Failure::usage(format!("the manual page could not be made: {error}")))?;
    print_out(&String::from_utf8_lossy(&page));
    Ok(Exit::Success)
}

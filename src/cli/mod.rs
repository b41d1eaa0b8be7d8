//! The command line on top of the library: the raw arguments ([`args`]), what
//! they mean, resolved once (`settings.rs`), the exit codes ([`exit`]), failures
//! reported in one place (`failure.rs`), output in one place (`output.rs`), and
//! one file per command. No command assesses a case by itself: every one goes
//! through the pipeline (`pipeline/`).

pub mod args;
mod batch;
mod case_paths;
mod commands;
mod day_list;
pub mod exit;
mod failure;
mod output;
mod rendering;
mod safety_args;
mod settings;

use args::{Cli, Command};
use exit::Exit;
use failure::{Failure, reported};
use settings::Settings;

/// Runs the command and returns its exit status: the settings resolved once,
/// the command run (again on every change, with `--watch`), its failure, if
/// any, reported here, and a failed write to stdout turned into exit 6.
pub fn run(cli: Cli) -> Exit {
    let Cli { command } = cli;
    output::finish(reported(dispatch(&command)))
}

fn dispatch(command: &Command) -> Result<Exit, Failure> {
    let settings = Settings::of(command)?;
    let once = || match command {
        Command::Assess(args) => commands::assess::run(args, &settings),
        Command::Interview(args) => commands::interview::run(args, &settings),
        Command::Check(args) => commands::check::run(args, &settings),
        Command::Test(args) => commands::test::run(args, &settings),
        Command::Explain(args) => commands::explain::run(args, &settings),
        Command::Diff(args) => commands::diff::run(args, &settings),
        Command::Fields(args) => commands::reference::fields(args, &settings),
        Command::Schema(_) => commands::reference::schema(&settings),
        Command::Questionnaire(_) => commands::questionnaire::run(&settings),
        Command::SafetyCase(args) => commands::safety_case::run(args, &settings),
        Command::Completions(args) => Ok(commands::shell::completions(args)),
        Command::Man(args) => commands::shell::man(args),
    };
    match &settings.watch {
        Some(paths) => Ok(commands::watch::watch(paths, || reported(once()))),
        None => once(),
    }
}

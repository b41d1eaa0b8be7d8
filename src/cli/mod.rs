//! The command line on top of the library: the raw arguments ([`args`]), the exit
//! codes ([`exit`]), output in one place ([`output`]), and one file per command.

pub mod args;
mod batch;
mod case_paths;
mod commands;
mod day_list;
pub mod exit;
mod handout_file;
mod output;
mod rendering;
mod safety_args;

use args::{Cli, Command};
use exit::Exit;

/// Runs the command and returns its exit status.
pub fn run(cli: Cli) -> Exit {
    let exit = match cli.command {
        Command::Assess(args) => commands::assess::run(&args),
        Command::Interview(args) => commands::interview::run(&args),
        Command::Check(args) if args.watch => {
            commands::watch::watch(&args.rules.folder().into_iter().collect::<Vec<_>>(), || {
                commands::check::run(&args)
            })
        }
        Command::Check(args) => commands::check::run(&args),
        Command::Test(args) if args.watch => {
            let mut paths: Vec<std::path::PathBuf> = args.rules.folder().into_iter().collect();
            paths.extend(args.paths.iter().map(std::path::PathBuf::from));
            commands::watch::watch(&paths, || commands::test::run(&args))
        }
        Command::Test(args) => commands::test::run(&args),
        Command::Explain(args) if args.watch && args.case == "-" => {
            eprintln!("error: --watch needs a case file: standard input can be read only once");
            Exit::Usage
        }
        Command::Explain(args) if args.watch => {
            let mut paths: Vec<std::path::PathBuf> = args.rules.folder().into_iter().collect();
            paths.push(std::path::PathBuf::from(&args.case));
            commands::watch::watch(&paths, || commands::explain::run(&args))
        }
        Command::Explain(args) => commands::explain::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Fields(args) => commands::reference::fields(&args),
        Command::Schema(args) => commands::reference::schema(&args),
        Command::Questionnaire(args) => commands::questionnaire::run(&args),
        Command::SafetyCase(args) => commands::safety_case::run(&args),
        Command::Completions(args) => commands::shell::completions(&args),
        Command::Man => commands::shell::man(),
    };
    output::finish(exit)
}

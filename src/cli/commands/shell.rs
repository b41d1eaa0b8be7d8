//! `triage completions <shell>` and `triage man`: generated from the command-line
//! definition itself, so they cannot drift from it. Every command has a page of
//! its own (`triage-assess(1)`), and every page says which environment variables
//! the commands read.

use clap::CommandFactory;

use crate::cli::args::{Cli, CompletionsArgs, ManArgs};
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

/// The environment every command reads, for the ENVIRONMENT section of each page.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TRIAGE_RULES",
        "The rules folder when --rules does not name one (before ./rules, the folder beside the binary, the user's data folder and the built-in rules). Set but empty, it is an error.",
    ),
    (
        "NO_COLOR",
        "When set (to anything), nothing is coloured: the reports, the day list and the interview's prompts. --color always overrides it.",
    ),
    (
        "TRIAGE_TODAY",
        "Today's date (YYYY-MM-DD) for the review-age checks of check and test, so their findings do not change with the calendar.",
    ),
];

/// Prints a manual page: the main one, one command's (`triage man assess`), or
/// writes every page into a folder (`--dir`).
pub(crate) fn man(args: &ManArgs) -> Result<Exit, Failure> {
    let main = Cli::command();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).map_err(|error| {
            Failure::message(
                Exit::OutputFailed,
                format!("{} could not be made: {error}", dir.display()),
            )
        })?;
        let mut pages = vec![("triage".to_string(), main.clone())];
        for sub in main.get_subcommands() {
            pages.push((format!("triage-{}", sub.get_name()), sub.clone()));
        }
        for (name, command) in pages {
            let path = dir.join(format!("{name}.1"));
            std::fs::write(&path, page(&name, command)?).map_err(|error| {
                Failure::message(
                    Exit::OutputFailed,
                    format!("{} could not be written: {error}", path.display()),
                )
            })?;
            eprintln!("wrote {}", path.display());
        }
        return Ok(Exit::Success);
    }
    let (name, command) = match &args.command {
        None => ("triage".to_string(), main),
        Some(wanted) => {
            let names: Vec<String> = main
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let sub = main.find_subcommand(wanted).cloned().ok_or_else(|| {
                Failure::usage(format!(
                    "`{wanted}` is not a command{}",
                    crate::text::hint(wanted, names.iter().map(String::as_str))
                ))
            })?;
            (format!("triage-{wanted}"), sub)
        }
    };
    print_out(&page(&name, command)?);
    Ok(Exit::Success)
}

/// One page in roff, with the ENVIRONMENT section every page has.
fn page(name: &str, command: clap::Command) -> Result<String, Failure> {
    let bin_name = name.replacen('-', " ", 1);
    let command = command.bin_name(bin_name);
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .title(name)
        .render(&mut page)
        .map_err(|error| Failure::usage(format!("the manual page could not be made: {error}")))?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    text.push_str(".SH ENVIRONMENT\n");
    for (variable, meaning) in ENVIRONMENT {
        text.push_str(&format!(
            ".TP\n\\fB{variable}\\fR\n{}\n",
            meaning.replace('-', "\\-")
        ));
    }
    Ok(text)
}

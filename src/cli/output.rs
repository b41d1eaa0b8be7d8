//! Writing to the terminal, in one place: results to stdout, problems to stderr,
//! and the one way every command loads its rules or says why it cannot.

use std::io::Write;

use crate::error::Error;
use crate::ruleset::{RuleSet, RuleSource};

/// Writes `text` to stdout. A closed pipe (`triage test | head`) is not an error
/// worth reporting, so write failures are ignored.
pub(super) fn print_out(text: &str) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Prints an error on stderr in its rendered form.
pub(super) fn print_error(error: &Error) {
    eprintln!("{}", error.render());
}

/// Loads the rule set, printing any problem and what was therefore not done
/// (`consequence`, e.g. "no case was assessed"); `None` means exit with a rule error.
/// Every command that needs a complete rule set loads it through here.
pub(super) fn load_rules(source: &RuleSource, consequence: &str) -> Option<RuleSet> {
    match RuleSet::load(source) {
        Ok(rules) => Some(rules),
        Err(error) => {
            print_error(&error);
            eprintln!(
                "error: the rules in {} could not be loaded; {consequence}",
                source.shown()
            );
            None
        }
    }
}

//! `triage check`: every problem in a rules folder, found without running a case,
//! printed like a compiler's diagnostics.
//!
//! Problems inside the folder (a file that does not compile, a bad data file) are
//! findings like any other, so the author sees all of them in one run; only a
//! missing or unreadable folder stops the command (exit 4).

use crate::analysis::{self, Date, ReviewAge};
use crate::cli::args::CheckArgs;
use crate::cli::exit::Exit;
use crate::cli::failure::Failure;
use crate::cli::output::print_out;
use crate::cli::settings::Settings;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::handout::Handout;
use crate::ruleset::{Loaded, VOCABULARY_FILE};
use crate::text::plural;

/// Runs `triage check` once.
pub(crate) fn run(args: &CheckArgs, settings: &Settings) -> Result<Exit, Failure> {
    let today = Date::today().map_err(Failure::usage)?;
    let review = ReviewAge {
        today,
        max_days: i64::from(args.max_review_age_days),
    };
    let loaded = Loaded::read(settings.rules()?)?;
    let mut findings = analysis::diagnose(&loaded, Some(&review));
    // The handout, as the commands load it with the rules (`handout/handout.rs`).
    if let Err(problems) = Handout::of_loaded(&loaded) {
        findings.extend(
            problems
                .iter()
                .flat_map(Error::flatten)
                .map(Error::diagnostic),
        );
    }
    findings.sort_by_cached_key(Diagnostic::sort_key);
    let (errors, warnings) = analysis::tally(&findings);
    let mut out = String::new();
    for finding in &findings {
        out.push_str(&finding.render());
        out.push_str("\n\n");
    }
    if !loaded.not_compiled.is_empty() {
        out.push_str(&format!(
            "note: {} not compiled, because {} must load first (it names the case sections)\n\n",
            plural(
                loaded.not_compiled.len(),
                "rule file was",
                "rule files were"
            ),
            loaded.shown(VOCABULARY_FILE)
        ));
    }
    let rule_files = loaded.sources.iter().filter(|s| s.is_rule()).count();
    let data_files = loaded.sources.len() - rule_files;
    let scope = format!(
        "{} and {}",
        plural(rule_files, "rule file", "rule files"),
        plural(data_files, "data file", "data files")
    );
    if findings.is_empty() {
        out.push_str(&format!(
            "{}: no problems found in {scope}\n",
            loaded.shown_dir
        ));
    } else {
        out.push_str(&format!(
            "{}: {}, {} in {scope}\n",
            loaded.shown_dir,
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ));
    }
    print_out(&out);
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        Exit::Findings
    } else {
        Exit::Success
    })
}

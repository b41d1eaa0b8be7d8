//! `assess --handout FILE`: the patient's handout of one case, written to a file.
//!
//! The command line is checked before anything is assessed (one case, a known
//! extension), and the rule set's template before the report is printed, so a
//! clinician never gets a report without the handout they asked for, unexplained.
//! The file is written whole or not at all (a temporary file beside it, renamed),
//! so a full disk never leaves half a handout to be printed; a failed write exits 6.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::AssessArgs;
use super::exit::Exit;
use super::failure::Failure;
use crate::assessment::Assessment;
use crate::case::is_jsonl;
use crate::report;
use crate::ruleset::{HandoutFormat, RuleSet};
use crate::text::{plural, shown};

/// The handout asked for: where, and in which format.
pub(super) struct HandoutFile {
    path: PathBuf,
    format: HandoutFormat,
}

impl HandoutFile {
    /// The handout `args` ask for, if any; a usage failure (exit 2) when the
    /// command line cannot give one: several cases, a batch, an unknown extension.
    pub(super) fn of(args: &AssessArgs) -> Result<Option<HandoutFile>, Failure> {
        let Some(path) = &args.handout else {
            return Ok(None);
        };
        if args.cases.len() > 1 || args.cases.iter().any(|p| is_jsonl(p)) {
            return Err(Failure::usage(
                "--handout writes one patient's handout: give one case (a .json file, or - for standard input), not several cases or a JSON Lines batch",
            ));
        }
        let format = HandoutFormat::of_path(path).map_err(Failure::usage)?;
        Ok(Some(HandoutFile {
            path: path.clone(),
            format,
        }))
    }

    /// `Ok` when the rule set can write this handout; the failure otherwise.
    pub(super) fn ready(&self, rules: &RuleSet) -> Result<(), Failure> {
        let has = rules
            .handout
            .as_ref()
            .is_some_and(|h| h.template(self.format).is_some());
        if has {
            return Ok(());
        }
        Err(Failure::message(
            Exit::RuleError,
            format!(
                "{}: is missing: the rules in {} have no handout template for {}; no case was assessed",
                rules.shown(self.format.template()),
                rules.shown_dir,
                shown(&self.path.to_string_lossy())
            ),
        ))
    }

    /// Why no handout was written: the case was not assessed (a file already at
    /// that path is left as it was, and is not this patient's).
    pub(super) fn not_written(&self) -> String {
        format!(
            "no handout was written to {}: the case was not assessed (a file already there is not this patient's)",
            shown(&self.path.to_string_lossy())
        )
    }

    /// Writes the handout of `assessment`, saying on stderr what it holds.
    pub(super) fn write(&self, assessment: &Assessment, rules: &RuleSet) -> Result<Exit, Failure> {
        let file = shown(&self.path.to_string_lossy());
        let written = report::handout(assessment, rules, self.format).map_err(|error| {
            Failure::of(error).then(format!("no handout was written to {file}"))
        })?;
        if let Err(error) = write_whole(&self.path, &written.text) {
            return Err(Failure::message(
                Exit::OutputFailed,
                format!("the handout could not be written to {file}: {error}"),
            ));
        }
        if written.withheld {
            eprintln!(
                "handout: wrote {file} with no exercises: an {} referral withholds all treatment; it tells the patient where to go and when to call for help",
                assessment.referral.urgency.to_uppercase()
            );
        } else if written.items == 0 {
            eprintln!(
                "handout: wrote {file} with no exercises: no suggested treatment is one for a patient handout (rules/handout/handout.toml lists those)"
            );
        } else {
            eprintln!(
                "handout: wrote {file}: {}",
                plural(
                    written.items,
                    "exercise or piece of advice",
                    "exercises and pieces of advice"
                )
            );
        }
        Ok(Exit::Success)
    }
}

/// Writes `text` to `path` whole: into a temporary file beside it, then renamed
/// over it, so a reader never sees half a handout.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(std::io::Error::other(
            "it is not a regular file (a folder, a link, a device): refused",
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

//! `assess --handout FILE`: the patient's handout of one case, written to a file.
//!
//! The command line is checked before anything is assessed (one case, a known
//! extension, and a path that is not the case file itself, however it is
//! reached: `./case.json`, a link, a hard link), and the rule set's template
//! before the report is printed, so a clinician never gets a report without the
//! handout they asked for, unexplained. The file is written whole or not at all
//! (`whole_file.rs`), so a full disk never leaves half a handout to be printed;
//! and whenever this patient's handout is not written, a handout already at that
//! path (an earlier patient's) is removed and the clinician told, so it is never
//! handed over as this patient's.

use std::path::{Path, PathBuf};

use super::handout::Handout;
use super::template::Format;
use crate::assessment::Assessment;
use crate::error::Error;
use crate::ruleset::RuleSet;
use crate::text::{plural, shown};
use crate::whole_file::{Replace, write_whole};

/// The handout asked for: where, and in which format.
pub(crate) struct HandoutFile {
    path: PathBuf,
    format: Format,
}

/// Why a handout was not written, for the command line to say (as a failure,
/// then [`HandoutFile::discard_stale`]'s line).
pub(crate) struct NotWritten {
    /// The error behind it: the rules' handout does not load, or its template
    /// failed on this assessment (a rule error, exit 4). Boxed: most handouts
    /// are written, and a `Result` carries its largest side.
    pub(crate) error: Option<Box<Error>>,
    /// What to say, without the `error: ` stderr puts before it.
    pub(crate) message: Option<String>,
    /// The rules cannot write it (exit 4), or the file could not be written (exit 6).
    pub(crate) cause: Cause,
}

/// Where a handout's failure lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The rule set's handout: missing, broken, or failing on this assessment.
    Rules,
    /// The file: a full disk, a folder that cannot be written.
    Output,
}

impl HandoutFile {
    /// The handout asked for at `path`, for the `cases` given (`jsonl` when
    /// standard input is a batch); `Err` with a message when the command line
    /// cannot give one: several cases, a batch, an unknown extension, or a path
    /// that is one of the case files.
    pub(crate) fn of(path: &Path, cases: &[String], jsonl: bool) -> Result<HandoutFile, String> {
        if cases.len() > 1 || jsonl || cases.iter().any(|p| crate::case::is_jsonl(p)) {
            return Err(
                "--handout writes one patient's handout: give one case (a .json file, or - for standard input), not several cases or a JSON Lines batch".to_string(),
            );
        }
        let format = Format::of_path(path)?;
        if let Some(case) = cases.iter().find(|case| same_file(path, Path::new(case))) {
            return Err(format!(
                "--handout {}: that is the case file {}: the handout would overwrite the case; give the handout another file name",
                shown(&path.to_string_lossy()),
                shown(case)
            ));
        }
        Ok(HandoutFile {
            path: path.to_path_buf(),
            format,
        })
    }

    /// The rule set's handout, when it can write this one; why not otherwise.
    pub(crate) fn ready(&self, rules: &RuleSet) -> Result<Handout, NotWritten> {
        let handout = Handout::of(rules).map_err(|errors| NotWritten {
            error: Error::all(errors).err().map(Box::new),
            message: None,
            cause: Cause::Rules,
        })?;
        match handout {
            Some(handout) if handout.template(self.format).is_some() => Ok(handout),
            _ => Err(NotWritten {
                error: None,
                message: Some(format!(
                    "{}: is missing: the rules in {} have no handout template for {}; no case was assessed",
                    rules.shown(self.format.template()),
                    rules.shown_dir,
                    shown(&self.path.to_string_lossy())
                )),
                cause: Cause::Rules,
            }),
        }
    }

    /// Removes a handout already at the path, which is not this patient's, and
    /// says what became of it (a line for stderr, without its `error: `): called
    /// whenever this patient's is not written.
    pub(crate) fn discard_stale(&self) -> String {
        let file = shown(&self.path.to_string_lossy());
        let regular = std::fs::symlink_metadata(&self.path).is_ok_and(|m| m.is_file());
        if !regular {
            return format!("no handout was written to {file}");
        }
        match std::fs::remove_file(&self.path) {
            Ok(()) => format!(
                "no handout was written to {file}; the handout that was there (an earlier patient's) was removed, so that it is not taken for this patient's"
            ),
            Err(error) => format!(
                "no handout was written to {file}, and the handout already there could not be removed ({error}): it is NOT this patient's; delete it"
            ),
        }
    }

    /// Writes the handout of `assessment`; what it holds, in one line, or why
    /// it was not written (the caller then removes a handout already there).
    pub(crate) fn write(
        &self,
        handout: &Handout,
        assessment: &Assessment,
        rules: &RuleSet,
    ) -> Result<String, NotWritten> {
        let file = shown(&self.path.to_string_lossy());
        let written = handout
            .write(assessment, rules, self.format)
            .map_err(|error| NotWritten {
                error: Some(Box::new(error)),
                message: None,
                cause: Cause::Rules,
            })?;
        if let Err(error) = write_whole(&self.path, written.text.as_bytes(), Replace::Allowed) {
            return Err(NotWritten {
                error: None,
                message: Some(format!(
                    "the handout could not be written to {file}: {error}"
                )),
                cause: Cause::Output,
            });
        }
        Ok(if written.withheld {
            format!(
                "handout: wrote {file} with no exercises: an {} referral withholds all treatment; it tells the patient where to go and when to call for help",
                assessment.referral.urgency.to_uppercase()
            )
        } else if written.items == 0 {
            format!(
                "handout: wrote {file} with no exercises: no suggested treatment is one for a patient handout (rules/handout/handout.toml lists those)"
            )
        } else {
            format!(
                "handout: wrote {file}: {}",
                plural(
                    written.items,
                    "exercise or piece of advice",
                    "exercises and pieces of advice"
                )
            )
        })
    }
}

/// Whether `handout` is `case`, or reaches it: the same path once links and
/// `.`/`..` are resolved (the handout's folder when the handout does not exist
/// yet), or the same file under another name (a hard link).
fn same_file(handout: &Path, case: &Path) -> bool {
    if case.as_os_str() == "-" {
        return false;
    }
    let Ok(case_path) = std::fs::canonicalize(case) else {
        return false;
    };
    let resolved = std::fs::canonicalize(handout).ok().or_else(|| {
        let folder = match handout.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(
            std::fs::canonicalize(folder)
                .ok()?
                .join(handout.file_name()?),
        )
    });
    if resolved.is_some_and(|resolved| resolved == case_path) {
        return true;
    }
    same_inode(handout, case)
}

/// Whether two existing paths are one file (a hard link), on Unix.
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

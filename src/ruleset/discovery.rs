//! Finding the rules when no one names them: the candidate folders, in order,
//! then the rules built into the binary.
//!
//! Nothing here falls back in silence. A candidate that does not exist is passed
//! over; one that exists but cannot be the rules (not a folder, unreadable,
//! empty, or without a data file every rules folder needs) is an error naming
//! it, because passing over it would assess with other rules than the ones the
//! clinic put there. The built-in rules are used only when no candidate exists,
//! and the caller says so (see `cli/settings.rs`).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::source::{REFERRALS_FILE, RuleSource, TREATMENTS_FILE, VOCABULARY_FILE, display_path};
use crate::error::Error;

/// The rules found, and the folders looked in on the way (for the message that
/// says the built-in rules are used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Discovered {
    pub(crate) source: RuleSource,
    pub(crate) looked_in: Vec<String>,
}

/// The folders a rules folder is looked for in, in order: `./rules`; `rules`
/// beside the binary, and `../share/physio-triage/rules` from it; the user's data
/// folder (`$XDG_DATA_HOME`, else `~/.local/share`), `physio-triage/rules`.
pub(crate) fn candidates() -> Vec<PathBuf> {
    let mut candidates = vec![PathBuf::from("rules")];
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join("rules"));
        candidates.push(dir.join("../share/physio-triage/rules"));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")));
    if let Some(data) = data {
        candidates.push(data.join("physio-triage/rules"));
    }
    candidates
}

/// The first of `candidates` that exists, which must be a complete rules
/// folder; the built-in rules when none exists.
pub(crate) fn discover(candidates: &[PathBuf]) -> Result<Discovered, Error> {
    let mut looked_in = Vec::new();
    for dir in candidates {
        if exists(dir)? {
            usable(dir)?;
            return Ok(Discovered {
                source: RuleSource::Folder(dir.clone()),
                looked_in,
            });
        }
        looked_in.push(if dir.is_relative() {
            format!("./{}", display_path(dir))
        } else {
            display_path(dir)
        });
    }
    Ok(Discovered {
        source: RuleSource::Embedded,
        looked_in,
    })
}

/// The end of every message about a candidate that cannot be used.
const NEVER_ELSEWHERE: &str = "the rules are never taken from elsewhere in its place: mend it, remove it, or name the rules with --rules DIR";

fn refused(dir: &Path, reason: &str) -> Error {
    Error::RulesUnreadable {
        path: display_path(dir),
        reason: format!("{reason}; {NEVER_ELSEWHERE}"),
    }
}

/// Whether anything is at `dir` (a broken link is something).
fn exists(dir: &Path) -> Result<bool, Error> {
    match fs::symlink_metadata(dir) {
        Ok(_) => Ok(true),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(false),
        Err(error) => Err(refused(
            dir,
            &format!("cannot be looked at as a rules folder ({error})"),
        )),
    }
}

/// `Ok` when `dir` is a readable folder with every data file a rules folder
/// needs; the reason it cannot be used otherwise.
fn usable(dir: &Path) -> Result<(), Error> {
    let metadata = fs::metadata(dir).map_err(|error| {
        refused(
            dir,
            &format!("is a link to nothing, or cannot be read ({error})"),
        )
    })?;
    if !metadata.is_dir() {
        return Err(refused(dir, "is not a folder, so it cannot hold the rules"));
    }
    let mut entries = fs::read_dir(dir).map_err(|error| {
        refused(
            dir,
            &format!("is a rules folder that cannot be read ({error})"),
        )
    })?;
    if entries.next().is_none() {
        return Err(refused(dir, "is an empty rules folder"));
    }
    let missing: Vec<&str> = [VOCABULARY_FILE, TREATMENTS_FILE, REFERRALS_FILE]
        .into_iter()
        .filter(|name| !dir.join(name).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(refused(
            dir,
            &format!(
                "is an incomplete rules folder: it has no {} (every rules folder needs {VOCABULARY_FILE}, {TREATMENTS_FILE} and {REFERRALS_FILE})",
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

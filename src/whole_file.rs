//! A file written whole or not at all: into a temporary file beside it (same
//! folder, so the same file system), flushed to disk, then moved into place in
//! one step. A full disk or a killed process never leaves half a file where a
//! clinician or a script would read it; an existing file is replaced only when
//! asked, and never through a link or over a folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Whether a file already at the path may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replace {
    /// Replace a regular file that is there.
    Allowed,
    /// Refuse if anything is there (`ErrorKind::AlreadyExists`), even if it
    /// appears while the file is being written.
    Never,
}

/// Writes `bytes` to `path` whole. A path that is a folder, a link or a device
/// is refused; with [`Replace::Never`], so is anything already there.
pub(crate) fn write_whole(path: &Path, bytes: &[u8], replace: Replace) -> io::Result<()> {
    if let Ok(metadata) = std::fs::symlink_metadata(path) {
        if replace == Replace::Never {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file is already there",
            ));
        }
        if !metadata.is_file() {
            return Err(io::Error::other(
                "it is not a regular file (a folder, a link, a device): refused",
            ));
        }
    }
    let temporary = temporary_beside(path);
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| match replace {
            Replace::Allowed => std::fs::rename(&temporary, path),
            // A hard link fails if anything is at `path` by now: no race can
            // make this replace a file; the temporary name is removed below.
            Replace::Never => std::fs::hard_link(&temporary, path),
        });
    if result.is_err() || replace == Replace::Never {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// `.<name>.<pid>.tmp` in the folder of `path`.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "triage-whole-file-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    #[test]
    fn a_file_is_written_whole_and_replaced_only_when_allowed() {
        let dir = folder();
        let path = dir.join("case.json");
        assert!(write_whole(&path, b"one", Replace::Never).is_ok());
        let refused = write_whole(&path, b"two", Replace::Never);
        assert_eq!(
            refused.map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"one");
        assert!(write_whole(&path, b"three", Replace::Allowed).is_ok());
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"three");
        assert!(write_whole(&dir, b"x", Replace::Allowed).is_err());
        let left: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

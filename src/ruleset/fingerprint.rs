//! The fingerprint of a rule set: SHA-256 over every rule and data file, so every
//! assessment names the exact rules that produced it, and where they came from.

use sha2::{Digest, Sha256};

use super::source::{Provenance, SourceFile};

/// The fingerprint of a rule set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fingerprint {
    /// SHA-256 over every rule and data file (paths and contents, in path order).
    pub sha256: String,
    /// How many files went into the hash.
    pub files: usize,
    /// Where the rules came from: built into the binary, a folder, or git.
    pub source: Provenance,
}

impl Fingerprint {
    /// The fingerprint of `files`, which are in path order, read from `source`.
    pub fn of(files: &[SourceFile], source: Provenance) -> Fingerprint {
        let mut hasher = Sha256::new();
        for file in files {
            hasher.update(file.relative.as_bytes());
            hasher.update([0]);
            hasher.update((file.text.len() as u64).to_le_bytes());
            hasher.update(file.text.as_bytes());
        }
        Fingerprint {
            sha256: hasher
                .finalize()
                .iter()
                .fold(String::new(), |mut hex, byte| {
                    use std::fmt::Write;
                    let _ = write!(hex, "{byte:02x}");
                    hex
                }),
            files: files.len(),
            source,
        }
    }
}

//! Reading cases from files, JSON Lines streams and standard input, with limits
//! and messages that name the file and what is wrong.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::Error;

/// Largest case input accepted (a case is a small JSON object).
pub const MAX_CASE_BYTES: usize = 1 << 20;
/// Largest JSON Lines batch accepted.
pub const MAX_BATCH_BYTES: usize = 64 << 20;

/// The text of one case and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseText {
    /// Shown in messages: `case.json`, `<stdin>`, or `batch.jsonl:3`.
    pub origin: String,
    pub text: String,
}

/// Whether a path names a JSON Lines batch (one case per line).
pub fn is_jsonl(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|ext| ext == "jsonl" || ext == "ndjson")
}

/// Reads one input (`-` for standard input). A JSON Lines input gives one entry per
/// non-empty line; an unreadable input gives a single error.
pub fn read_cases(path: &str, jsonl: bool) -> Vec<Result<CaseText, Error>> {
    let batch = jsonl || is_jsonl(path);
    let limit = if batch { MAX_BATCH_BYTES } else { MAX_CASE_BYTES };
    let (origin, text) = match read_text(path, limit) {
        Ok(read) => read,
        Err(error) => return vec![Err(error)],
    };
    if !batch {
        return vec![Ok(CaseText { origin, text })];
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let origin = format!("{origin}:{}", index + 1);
            if line.len() > MAX_CASE_BYTES {
                return Err(Error::CaseUnreadable {
                    origin,
                    reason: format!("this line is larger than {} KiB; a case is a small JSON object", MAX_CASE_BYTES >> 10),
                });
            }
            Ok(CaseText {
                origin,
                text: line.to_string(),
            })
        })
        .collect()
}

fn read_text(path: &str, limit: usize) -> Result<(String, String), Error> {
    let origin = if path == "-" { "<stdin>".to_string() } else { path.to_string() };
    let unreadable = |reason: String| Error::CaseUnreadable {
        origin: origin.clone(),
        reason,
    };
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("cannot read standard input: {e}")))?;
    } else {
        let metadata = fs::metadata(path).map_err(|e| {
            unreadable(match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => format!("cannot read: {e}"),
            })
        })?;
        if metadata.is_dir() {
            return Err(unreadable(
                "is a folder: give a case file (.json) or a JSON Lines file (.jsonl)".to_string(),
            ));
        }
        let file = fs::File::open(path).map_err(|e| unreadable(format!("cannot read: {e}")))?;
        file.take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("cannot read: {e}")))?;
    }
    if bytes.len() > limit {
        return Err(unreadable(format!(
            "is larger than {} KiB; a case is a small JSON object (JSON Lines batches may be up to {} MiB)",
            MAX_CASE_BYTES >> 10,
            MAX_BATCH_BYTES >> 20
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "is not UTF-8 text (invalid byte at offset {}); save the case as UTF-8 JSON",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((origin, text))
}

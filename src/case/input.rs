//! Reading cases from files, JSON Lines streams and standard input, with limits
//! and messages that name the file and what is wrong.
//!
//! Nothing here guesses: a file that is not UTF-8, too large, empty, missing or a
//! folder is refused with one message. In a JSON Lines batch every line is judged
//! on its own, so one bad line (even one that is not UTF-8) is reported in place
//! and the other lines are still assessed.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::Error;
use crate::place::Origin;

pub(crate) use crate::limits::MAX_CASE_BYTES;

/// The text of one case and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaseText {
    /// Shown in messages: `case.json`, `<stdin>`, or `batch.jsonl:3`.
    pub origin: Origin,
    pub text: String,
}

/// Whether a path names a JSON Lines batch (one case per line).
pub(crate) fn is_jsonl(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson"))
}

/// Opens a case file, refusing what is not a regular file with a message.
pub(super) fn open_file(path: &str, origin: &Origin) -> Result<fs::File, Error> {
    let unreadable = |reason: String| Error::CaseUnreadable {
        origin: origin.clone(),
        reason,
    };
    let metadata = fs::metadata(path).map_err(|e| {
        unreadable(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".to_string(),
            _ => format!("cannot read: {e}"),
        })
    })?;
    if metadata.is_dir() {
        return Err(unreadable(
            "is a folder: give a case file (.json) or a JSON Lines file (.jsonl)".to_string(),
        ));
    }
    // Refused by its type before it is opened: opening a pipe with no writer
    // would wait for ever. Standard input is read with `-`.
    if !metadata.is_file() {
        return Err(unreadable(
            "is not a regular file (a pipe, socket or device): give a case file, or `-` to read standard input".to_string(),
        ));
    }
    fs::File::open(path).map_err(|e| unreadable(format!("cannot read: {e}")))
}

/// Reads one case file (or standard input) of at most [`MAX_CASE_BYTES`]; more is
/// an error rather than a truncated case.
pub(super) fn read_bytes(path: &str, origin: &Origin) -> Result<Vec<u8>, Error> {
    let unreadable = |reason: String| Error::CaseUnreadable {
        origin: origin.clone(),
        reason,
    };
    let mut bytes = Vec::new();
    let limit = MAX_CASE_BYTES as u64 + 1;
    if path == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("cannot read standard input: {e}")))?;
    } else {
        open_file(path, origin)?
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(format!("cannot read: {e}")))?;
    }
    if bytes.len() > MAX_CASE_BYTES {
        return Err(unreadable(format!(
            "is larger than {}, the limit for one case (a case is a small JSON object; several cases go in a .jsonl file, one per line)",
            size(MAX_CASE_BYTES)
        )));
    }
    Ok(bytes)
}

/// UTF-8 text of `bytes`, or an error naming where the first bad byte is: line and
/// column in a file, the column in one line of a batch (whose origin names the line).
pub(super) fn decode(bytes: &[u8], origin: &Origin) -> Result<String, Error> {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(error) => error,
    };
    let (byte, line, column) = first_bad_byte(bytes, &error);
    let place = match origin.line {
        Some(_) => format!("column {column}"),
        None => format!("line {line}, column {column}"),
    };
    Err(Error::CaseUnreadable {
        origin: origin.clone(),
        reason: format!(
            "is not UTF-8 text (invalid byte 0x{byte:02X} at {place}); save the case as UTF-8"
        ),
    })
}

/// Where the first invalid UTF-8 byte of `bytes` is, in words: `invalid byte 0xE9 at
/// line 3, column 14` (shared with the rules loader, so rule files say the same).
pub(crate) fn not_utf8_place(bytes: &[u8], error: &std::str::Utf8Error) -> String {
    let (byte, line, column) = first_bad_byte(bytes, error);
    format!("invalid byte 0x{byte:02X} at line {line}, column {column}")
}

/// The first invalid byte and its 1-based line and character column.
fn first_bad_byte(bytes: &[u8], error: &std::str::Utf8Error) -> (u8, usize, usize) {
    let valid = &bytes[..error.valid_up_to()];
    let line = valid.split(|&b| b == b'\n').count();
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
    (byte, line, column)
}

pub(super) use crate::limits::size;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_names_line_and_column() {
        let err = decode(b"{\n  \"a\xff\"}", &Origin::file("c.json")).unwrap_err();
        assert!(
            err.to_string().contains("0xFF at line 2, column 5"),
            "{err}"
        );
    }

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size(MAX_CASE_BYTES), "1 MiB");
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(512 << 10), "512 KiB");
    }
}

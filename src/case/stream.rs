//! The cases of an input as a stream: a case file gives one case, a JSON Lines
//! batch (a file or standard input) one case per non-empty line, read a buffer at
//! a time, so memory does not grow with the length of the batch.
//!
//! Every line is judged on its own. A line longer than the limit for one case is
//! never held whole: it is skipped to its end and reported in its place, and the
//! next line is read as usual.

use std::io::{BufRead, BufReader, ErrorKind};

use super::input::{CaseText, MAX_CASE_BYTES, decode, is_jsonl, open_file, read_bytes, size};
use crate::error::Error;
use crate::place::Origin;

/// Bytes read from a batch at a time.
const READ_BUFFER: usize = 1 << 16;

/// The cases of one input, read as they are needed: a case file gives one entry,
/// a JSON Lines input one entry per non-empty line; an input that cannot be
/// opened gives a single error.
pub(crate) enum Cases {
    /// One case file, or the error that it could not be read.
    One(Option<Result<CaseText, Error>>),
    /// A JSON Lines stream.
    Lines(JsonLines<Box<dyn BufRead>>),
}

impl Iterator for Cases {
    type Item = Result<CaseText, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Cases::One(case) => case.take(),
            Cases::Lines(lines) => lines.next(),
        }
    }
}

/// Opens one input (`-` for standard input); a JSON Lines input (`jsonl`, or a
/// `.jsonl`/`.ndjson` name) is streamed line by line.
pub(crate) fn open_cases(path: &str, jsonl: bool) -> Cases {
    let origin = Origin::file(if path == "-" { "<stdin>" } else { path });
    if !(jsonl || is_jsonl(path)) {
        let case = read_bytes(path, &origin)
            .and_then(|bytes| decode(&bytes, &origin).map(|text| CaseText { origin, text }));
        return Cases::One(Some(case));
    }
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(BufReader::with_capacity(READ_BUFFER, std::io::stdin()))
    } else {
        match open_file(path, &origin) {
            Ok(file) => Box::new(BufReader::with_capacity(READ_BUFFER, file)),
            Err(error) => return Cases::One(Some(Err(error))),
        }
    };
    Cases::Lines(JsonLines::new(reader, origin.file))
}

/// Reads every case of one input at once (for `test` and `explain`, which work on
/// a few cases at a time, not on streams).
pub(crate) fn read_cases(path: &str, jsonl: bool) -> Vec<Result<CaseText, Error>> {
    open_cases(path, jsonl).collect()
}

/// One line as read: its bytes are in the reader's line buffer.
enum Line {
    /// The line fits; its bytes (without the line feed) are in the buffer.
    Text,
    /// Only spaces, tabs or line-ending bytes: skipped, but counted.
    Blank,
    /// Longer than [`MAX_CASE_BYTES`]; skipped to its end, not kept.
    TooLarge,
}

/// The cases of a JSON Lines stream, one per non-empty line, each with its line
/// number (blank lines keep their numbers).
pub(crate) struct JsonLines<R> {
    reader: R,
    /// The file as shown in messages (`<stdin>` for standard input).
    file: String,
    /// The number of the last line read.
    line: usize,
    /// The bytes of the current line, at most [`MAX_CASE_BYTES`] of them.
    buffer: Vec<u8>,
    /// Whether a case (or a line refused as one) has been given yet.
    any: bool,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub(crate) fn new(reader: R, file: String) -> Self {
        JsonLines {
            reader,
            file,
            line: 0,
            buffer: Vec::new(),
            any: false,
            done: false,
        }
    }

    /// Reads the next line into the buffer; `None` at the end of the input.
    fn read_line(&mut self) -> std::io::Result<Option<Line>> {
        self.buffer.clear();
        let mut read_any = false;
        let mut too_large = false;
        let mut blank = true;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                if !read_any {
                    return Ok(None);
                }
                break;
            }
            read_any = true;
            let (part, used, ends) = match available.iter().position(|&b| b == b'\n') {
                Some(end) => (&available[..end], end + 1, true),
                None => (available, available.len(), false),
            };
            if too_large {
                blank = blank && part.trim_ascii().is_empty();
            } else if self.buffer.len() + part.len() > MAX_CASE_BYTES {
                // Not kept: the rest of the line is read and dropped.
                blank = self.buffer.trim_ascii().is_empty() && part.trim_ascii().is_empty();
                too_large = true;
                self.buffer.clear();
            } else {
                self.buffer.extend_from_slice(part);
            }
            self.reader.consume(used);
            if ends {
                break;
            }
        }
        self.line += 1;
        Ok(Some(if too_large {
            if blank { Line::Blank } else { Line::TooLarge }
        } else if self.buffer.trim_ascii().is_empty() {
            Line::Blank
        } else {
            Line::Text
        }))
    }

    /// The case on the line just read, or why it is not one.
    fn case(&self) -> Result<CaseText, Error> {
        let origin = Origin::line(self.file.clone(), self.line);
        let line = self.buffer.strip_suffix(b"\r").unwrap_or(&self.buffer);
        if line.contains(&b'\r') {
            return Err(Error::CaseUnreadable {
                origin,
                reason: "this line holds a carriage return (CR) in the middle: JSON Lines separates cases with line feeds (LF or CR LF), not CR alone".to_string(),
            });
        }
        decode(line, &origin).map(|text| CaseText { origin, text })
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<CaseText, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let line = match self.read_line() {
                Ok(line) => line,
                Err(error) => {
                    self.done = true;
                    let reason = if self.file == "<stdin>" {
                        format!("cannot read standard input: {error}")
                    } else {
                        format!("cannot read: {error}")
                    };
                    return Some(Err(Error::CaseUnreadable {
                        origin: Origin::file(self.file.clone()),
                        reason,
                    }));
                }
            };
            match line {
                None => {
                    self.done = true;
                    if !self.any {
                        return Some(Err(Error::CaseUnreadable {
                            origin: Origin::file(self.file.clone()),
                            reason: "holds no case: a JSON Lines batch has one case (a JSON object) per line".to_string(),
                        }));
                    }
                }
                Some(Line::Blank) => {}
                Some(Line::TooLarge) => {
                    self.any = true;
                    return Some(Err(Error::CaseUnreadable {
                        origin: Origin::line(self.file.clone(), self.line),
                        reason: format!(
                            "this line is larger than {}, the limit for one case (a case is a small JSON object)",
                            size(MAX_CASE_BYTES)
                        ),
                    }));
                }
                Some(Line::Text) => {
                    self.any = true;
                    return Some(self.case());
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<String> {
        // A small buffer, so lines cross buffer boundaries.
        let reader = BufReader::with_capacity(7, bytes);
        JsonLines::new(reader, "b.jsonl".to_string())
            .map(|case| match case {
                Ok(case) => format!("{} {}", case.origin, case.text),
                Err(error) => error.to_string(),
            })
            .collect()
    }

    #[test]
    fn lines_keep_their_numbers_across_blank_lines_and_buffers() {
        let got = lines(b"{\"a\": 1}\n\n  \r\n{\"b\": 2}\r\n{\"c\": 3}");
        assert_eq!(
            got,
            [
                "b.jsonl:1 {\"a\": 1}",
                "b.jsonl:4 {\"b\": 2}",
                "b.jsonl:5 {\"c\": 3}"
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_refused_and_the_next_is_read() {
        let mut bytes = b"{}\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_CASE_BYTES + 1));
        bytes.extend(b"\n{\"after\": 1}\n");
        let got = lines(&bytes);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1].starts_with("b.jsonl:2: this line is larger than 1 MiB"));
        assert_eq!(got[2], "b.jsonl:3 {\"after\": 1}");
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read_and_blank_giants_are_skipped() {
        let mut bytes = vec![b'y'; MAX_CASE_BYTES];
        bytes.push(b'\n');
        bytes.extend(std::iter::repeat_n(b' ', MAX_CASE_BYTES * 2));
        bytes.extend(b"\n{}");
        let got = lines(&bytes);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("b.jsonl:1 yyy"));
        assert_eq!(got[1], "b.jsonl:3 {}");
    }

    #[test]
    fn cr_alone_bad_utf8_and_an_empty_batch_are_named() {
        assert!(lines(b"{}\r{}\n")[0].contains("carriage return (CR) in the middle"));
        assert!(lines(b"{\"a\xff\"}")[0].starts_with("b.jsonl:1: is not UTF-8 text"));
        assert_eq!(
            lines(b"\n \n"),
            ["b.jsonl: holds no case: a JSON Lines batch has one case (a JSON object) per line"]
        );
    }
}

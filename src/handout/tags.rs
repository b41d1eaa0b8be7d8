//! The filters (`| name`) and statements (`{% name`) a handout template uses,
//! found by reading its tags (string literals and comments skipped), so that
//! `check` refuses any the handout may not use, at its place.

/// A filter or statement name in a template, and its byte offset.
pub(super) enum Tag<'a> {
    Filter(&'a str, usize),
    Statement(&'a str, usize),
}

/// The filters (`| name`) and statements (`{% name`) of a template, found by
/// reading its tags and skipping string literals and comments.
pub(super) fn tags(text: &str) -> Vec<Tag<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let open = &bytes[i..i + 2];
        if open == b"{#" {
            i = text[i..].find("#}").map_or(bytes.len(), |end| i + end + 2);
            continue;
        }
        if open != b"{{" && open != b"{%" {
            i += 1;
            continue;
        }
        let statement = open == b"{%";
        let close = if statement { "%}" } else { "}}" };
        i += 2;
        let mut first_word = statement;
        while i < bytes.len() && !text[i..].starts_with(close) {
            let b = bytes[i];
            if b == b'"' || b == b'\'' {
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            } else if b == b'|' || (first_word && (b.is_ascii_alphabetic() || b == b'_')) {
                let filter = b == b'|';
                let mut start = if filter { i + 1 } else { i };
                while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                    start += 1;
                }
                let mut end = start;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                if end > start {
                    let word = &text[start..end];
                    found.push(if filter {
                        Tag::Filter(word, start)
                    } else {
                        Tag::Statement(word, start)
                    });
                }
                first_word = false;
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        i += 2;
    }
    found
}

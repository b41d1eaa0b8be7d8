//! Words for people: "did you mean ...?" for mis-typed names, values and ids, and
//! the small helpers that quote, count and shorten text in messages.

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(2);
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let by_distance = candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate);
    // A short form (`F` for `female`): the one candidate it begins.
    by_distance.or_else(|| {
        let lower = word.to_lowercase();
        let mut starting = candidates
            .iter()
            .filter(|c| !lower.is_empty() && c.to_lowercase().starts_with(&lower));
        starting
            .next()
            .filter(|_| starting.next().is_none())
            .copied()
    })
}

/// A ` (did you mean `x`?)` suffix, or nothing.
pub(crate) fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates)
        .map(|c| format!(": did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Levenshtein distance over characters (case-insensitive, so `Female` finds `female`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// A character that could forge or hide a line of a report when printed as
/// given: a line break or other control character, a Unicode line or paragraph
/// separator, or a bidirectional override that reorders what the reader sees.
pub(crate) fn is_forging(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Why `text` cannot be printed as given, if it cannot: the first forging
/// character, in words.
pub(crate) fn forging(text: &str) -> Option<String> {
    if is_plain_ascii(text) {
        return None;
    }
    let c = text.chars().find(|c| is_forging(*c))?;
    let what = match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => "a line break",
        c if c.is_control() => "a control character",
        _ => "a bidirectional override (it reorders the text on screen)",
    };
    Some(format!("{what} ({})", c.escape_unicode()))
}

/// Printable ASCII only (the common case, checked a byte at a time): nothing in
/// it can forge a line.
fn is_plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Whether [`escaped`] would change `text`.
pub(crate) fn needs_escaping(text: &str) -> bool {
    !is_plain_ascii(text) && text.chars().any(is_forging)
}

/// `text` with every forging character escaped (`\n`, `\u{202e}`), for file
/// names and values quoted in messages.
pub(crate) fn escaped(text: &str) -> String {
    if !needs_escaping(text) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if is_forging(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` with every forging character escaped but its line breaks kept: a
/// message of several lines, each safe to print.
pub(crate) fn escaped_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| escaped(line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Longest name or value quoted back in a message; longer ones are cut with `…`.
const MAX_SHOWN_CHARS: usize = 60;

/// Text from a case or file name as it may appear in a message: control characters
/// escaped (a key holding a line break or a terminal escape must not rewrite the
/// terminal or split the message) and cut to 60 characters (a 1 MiB key is not
/// echoed back).
pub(crate) fn shown(text: &str) -> String {
    let escaped = escaped(text);
    if escaped.chars().count() > MAX_SHOWN_CHARS {
        format!(
            "{}…",
            escaped.chars().take(MAX_SHOWN_CHARS).collect::<String>()
        )
    } else {
        escaped
    }
}

/// "Did you mean" for a mistyped name or value. Skipped for long words: no
/// vocabulary name is long, and the edit distance of a 1 MiB key against every
/// name would take seconds.
pub(crate) fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    if word.len() > 2 * MAX_SHOWN_CHARS {
        return String::new();
    }
    did_you_mean(word, candidates)
}

/// `"a", "b", "c"` for messages.
pub(crate) fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Shortens a text to `max` characters with an ellipsis, for one-line listings.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// Text from a rule or a case, safe inside Markdown: characters that would start
/// markup are escaped, so rule text cannot become a link, a table cell or HTML (the
/// Markdown report and the Markdown handout).
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_transposed_letters() {
        assert_eq!(
            closest("nigth_pain", ["night_pain", "limp"]),
            Some("night_pain")
        );
    }

    #[test]
    fn ignores_unrelated_words() {
        assert_eq!(closest("banana", ["night_pain", "limp"]), None);
    }
}

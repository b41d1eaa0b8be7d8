//! `triage diff`'s summary: the urgency first. The cases a rule failed on, then
//! those whose urgency went down (SAFETY WARNING), up, or whose destination
//! changed at the same urgency; the cases with other changes only are counted by
//! kind (`other changes: 3 review added, ...`) and listed with `--all`.

use std::fmt::Write;

use crate::text::plural;

/// A case that changed: how (for the order and the counts), the kinds of its
/// changes, and its block of lines.
pub(super) struct Changed {
    pub(super) kind: Kind,
    pub(super) kinds: Vec<String>,
    pub(super) block: String,
}

/// How the decision changed, in the order the summary gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// The urgency went down (or to an urgency not on one scale).
    Down,
    Up,
    /// The same urgency, another destination.
    Destination,
    /// Neither the urgency nor the destination.
    Other,
}

/// The kind of one line of changes: `urgency`, `destination`, `treatment
/// added`, `avoid removed`, ... (what comes before its first colon).
pub(super) fn kind_of(line: &str) -> String {
    if line.starts_with("urgency") {
        return "urgency".to_string();
    }
    for (start, kind) in [
        ("not assessed under OLD", "not assessed under OLD"),
        ("assessed under OLD, but not", "not assessed under NEW"),
    ] {
        if line.starts_with(start) {
            return kind.to_string();
        }
    }
    line.split(':').next().unwrap_or(line).trim().to_string()
}

/// Writes the cases and the summary to `out`: the cases a rule failed on, then
/// those whose urgency went down (SAFETY WARNING), up, or whose destination
/// changed; the cases with other changes only are listed with `all`, and
/// counted by kind either way.
pub(super) fn summary(
    out: &mut String,
    failed: &[String],
    changed: &[Changed],
    compared: usize,
    unchanged: usize,
    all: bool,
) {
    let count = |kind: Kind| changed.iter().filter(|c| c.kind == kind).count();
    let (down, up, destination, other) = (
        count(Kind::Down),
        count(Kind::Up),
        count(Kind::Destination),
        count(Kind::Other),
    );
    if down > 0 {
        let _ = writeln!(
            out,
            "SAFETY WARNING: the urgency went down in {}. Have a clinician confirm each before the new rules are used.\n",
            plural(down, "case", "cases")
        );
    }
    let mut ordered: Vec<&Changed> = changed
        .iter()
        .filter(|c| all || c.kind != Kind::Other)
        .collect();
    // Stable: cases of one kind stay in input order.
    ordered.sort_by_key(|c| c.kind);
    for block in failed
        .iter()
        .map(String::as_str)
        .chain(ordered.iter().map(|c| c.block.as_str()))
    {
        out.push_str(block);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} compared: {down} down in urgency{}, {up} up, {destination} to another destination, {other} with other changes only, {unchanged} unchanged",
        plural(compared, "case", "cases"),
        if down > 0 { " (SAFETY WARNING)" } else { "" },
    );
    // Every kind of change, over all the cases that changed.
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for kind in changed.iter().flat_map(|c| &c.kinds) {
        if kind == "urgency" || kind == "destination" {
            continue;
        }
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind.clone(), 1)),
        }
    }
    if !kinds.is_empty() {
        let counted: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(
            out,
            "other changes: {}{}",
            counted.join(", "),
            if all || other == 0 {
                ""
            } else {
                " (--all lists the cases with other changes only)"
            }
        );
    }
}

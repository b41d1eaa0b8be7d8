//! Every limit of physio-triage, in one place, so that they agree with each
//! other and with the README's table ("What it refuses, and its limits"): what a
//! case may hold, and what a rule may build, sized so that everything a valid
//! case holds fits in what a rule may hold.

use std::time::Duration;

// What a case may hold.

/// Largest case input accepted (a case is a small JSON object of a few KiB). A
/// JSON Lines batch has no limit of its own: it is read as a stream, one line at
/// a time, and each line has this limit.
pub(crate) const MAX_CASE_BYTES: usize = 1 << 20;
/// Deepest JSON nesting of a case (a case needs three levels).
pub(crate) const MAX_JSON_NESTING: usize = 128;
/// Longest free text in a case (the id, a text field), in characters; also the
/// longest allowed value a vocabulary may list for a choice or list field.
pub(crate) const MAX_TEXT_CHARS: usize = 200;
/// Most items in a list: a list answer in a case, the values a vocabulary lists
/// for one field, and a list a rule builds.
pub(crate) const MAX_LIST_ITEMS: usize = 1_024;

// What a rule may build (Rhai's limits).

/// Largest list a rule may build (the same as a case's list).
pub(crate) const MAX_ARRAY_SIZE: usize = MAX_LIST_ITEMS;
/// Most bytes of text in one value a rule holds. Rhai counts a list's texts
/// together, so this is sized for the longest list of the longest texts a case
/// can hold (a character is at most 4 bytes): 800 KiB. A text on its own that
/// grows past it (a runaway `s += s`) is stopped within a few steps.
pub(crate) const MAX_STRING_SIZE: usize = MAX_LIST_ITEMS * MAX_TEXT_CHARS * 4;
/// Largest object map a rule may build. Object maps are refused in rules (see
/// `RuleEngine::new`); the limit stays as a second line of defence.
pub(crate) const MAX_MAP_SIZE: usize = 256;
/// Operations one rule file may run for one case.
pub(crate) const MAX_OPERATIONS: u64 = 500_000;
/// Wall-clock budget for all rules on one case (a backstop to the operation count).
pub(crate) const MAX_TIME_PER_CASE: Duration = Duration::from_millis(500);
/// Nested function calls (stops runaway recursion).
pub(crate) const MAX_CALL_LEVELS: usize = 32;
/// Expression nesting at global and function level.
pub(crate) const MAX_EXPR_DEPTHS: (usize, usize) = (64, 32);
/// `print`/`debug` lines kept per rule file per case. Without a cap, a loop of
/// prints inside the operation limit could hold and write out hundreds of MB.
pub(crate) const MAX_PRINTED_LINES: usize = 100;
/// Rules-API calls that record an action, per rule file and case. Each keeps its
/// texts, so without a cap a loop inside the operation limit could hold hundreds
/// of MB; past it the rule fails (dropping calls silently would be a partial answer).
pub(crate) const MAX_ACTIONS: usize = 1_000;
/// Case-field reads kept per rule file and case when a trace is asked for; past
/// it the rule fails, for the same reason.
pub(crate) const MAX_READS: usize = 20_000;

/// A byte count in words: `1 MiB`, `800 KiB`, `512 bytes`.
pub(crate) fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_list_of_the_longest_texts_a_case_holds_fits_in_a_rule() {
        const { assert!(MAX_ARRAY_SIZE >= MAX_LIST_ITEMS) };
        const { assert!(MAX_STRING_SIZE >= MAX_LIST_ITEMS * MAX_TEXT_CHARS * 4) };
        assert_eq!(size(MAX_STRING_SIZE), "800 KiB");
        assert_eq!(size(MAX_CASE_BYTES), "1 MiB");
        assert_eq!(size(512), "512 bytes");
    }
}

//! What changes from run to run, replaced by a fixed label before output is
//! compared or snapshotted: the rule set's SHA-256 (it changes with every rule
//! edit). Temporary paths are replaced by the builder ([`super::Triage::redact`]).

/// The label a SHA-256 is shown as.
pub const SHA256: &str = "[sha256]";

/// Replaces every run of exactly 64 hex digits (a SHA-256) with [`SHA256`].
pub fn sha256s(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if run == 64 {
            out.push_str(SHA256);
            i += run;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

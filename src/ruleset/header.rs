//! The header every rule file starts with (what it covers, its sources, when it was
//! last reviewed, and the judgement calls made), and the calendar arithmetic needed
//! to tell a stale review date.
//!
//! The header is what lets a reviewer trust a rule file: `triage check` refuses a
//! file without one and warns when the review date is older than allowed. Dates are
//! plain proleptic Gregorian days, computed here rather than pulling in a date crate.

use std::fmt;

/// Environment variable that fixes "today" (`YYYY-MM-DD`), so review-age findings
/// and their snapshots do not change with the calendar.
pub(super) const TODAY_VARIABLE: &str = "TRIAGE_TODAY";

/// The header keys, in the order a file should give them, and whether each is required.
pub(crate) const KEYS: &[(&str, bool, &str)] = &[
    ("Covers", true, "what the file covers"),
    ("Sources", true, "the evidence the rules come from"),
    (
        "Reviewed",
        true,
        "the date of the last clinical review, as YYYY-MM-DD",
    ),
    (
        "Presentation",
        false,
        "the presentation the file recognises, as the report names it",
    ),
    (
        "Decisions",
        false,
        "judgement calls where the sources leave a choice",
    ),
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`, refusing impossible dates such as `2026-02-30`.
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        let year: i64 = text[0..4].parse().ok()?;
        let month: u32 = text[5..7].parse().ok()?;
        let day: u32 = text[8..10].parse().ok()?;
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub(crate) fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// Today: from [`TODAY_VARIABLE`] when set, else the system clock (UTC).
    pub(crate) fn today() -> Result<Date, String> {
        if let Ok(text) = std::env::var(TODAY_VARIABLE) {
            Date::parse(text.trim()).ok_or_else(|| {
                format!("{TODAY_VARIABLE}={text} is not a date: write it as YYYY-MM-DD")
            })
        } else {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| format!("the system clock is before 1970: {e}"))?
                .as_secs();
            let days = i64::try_from(seconds / 86_400).unwrap_or(0);
            Ok(Date::from_days(days))
        }
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One `// Key: value` entry of a header, continuation lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    /// The value, continuation lines joined with single spaces.
    pub value: String,
    /// 1-based line of the `// Key:` line.
    pub line: usize,
    /// 1-based column where the value starts on that line.
    pub value_column: usize,
}

/// The header of a rule file: the leading `//` comment block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// Whether the file starts (after blank lines) with a `//` comment at all.
    pub present: bool,
    /// Entries with a known key, in file order.
    pub entries: Vec<Entry>,
    /// The last line of the comment block (0 when there is none).
    pub last_line: usize,
}

impl Header {
    /// Reads the leading comment block of a rule file.
    pub(crate) fn parse(source: &str) -> Header {
        let mut header = Header::default();
        for (index, line) in source.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.is_empty() && !header.present {
                continue;
            }
            let Some(comment) = trimmed.strip_prefix("//") else {
                break;
            };
            header.present = true;
            header.last_line = index + 1;
            let text = comment.trim();
            let key = KEYS.iter().map(|(k, _, _)| *k).find(|key| {
                text.get(..key.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(key))
                    && text[key.len()..].starts_with(':')
            });
            match key {
                Some(key) => {
                    let value = text[key.len() + 1..].trim();
                    // `value` lies inside `line`: its offset is the distance between them.
                    let value_offset = (value.as_ptr() as usize)
                        .saturating_sub(line.as_ptr() as usize)
                        .min(line.len());
                    header.entries.push(Entry {
                        key: key.to_string(),
                        value: value.to_string(),
                        line: index + 1,
                        value_column: line[..value_offset].chars().count() + 1,
                    });
                }
                None => {
                    if let Some(last) = header.entries.last_mut()
                        && !text.is_empty()
                    {
                        if !last.value.is_empty() {
                            last.value.push(' ');
                        }
                        last.value.push_str(text);
                    }
                }
            }
        }
        header
    }

    /// The entry for `key`, if the header has one.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 365, 20_000, 20_778, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::parse("2026-11-21").map(Date::days),
            Some(20_778),
            "2026-11-21 is day 20778"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for text in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-11-21",
            "2026/11/21",
            "2026-00-10",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
    }

    #[test]
    fn reads_a_header_with_continuations() {
        let source = "\n// Covers: hip pain\n//   in runners\n// Sources: [S1] one;\n//          [S2] two\n// Reviewed: 2026-11-21\nlet x = 1;\n// Covers: not header\n";
        let header = Header::parse(source);
        assert!(header.present);
        assert_eq!(header.last_line, 6);
        assert_eq!(
            header.get("Covers").map(|e| e.value.as_str()),
            Some("hip pain in runners")
        );
        assert_eq!(
            header.get("Sources").map(|e| e.value.as_str()),
            Some("[S1] one; [S2] two")
        );
        let reviewed = header.get("Reviewed").cloned();
        assert_eq!(
            reviewed.as_ref().map(|e| (e.line, e.value_column)),
            Some((6, 14))
        );
        assert_eq!(header.get("Decisions"), None);
    }

    #[test]
    fn no_header() {
        let header = Header::parse("let x = 1;\n");
        assert!(!header.present);
        assert!(header.entries.is_empty());
    }
}

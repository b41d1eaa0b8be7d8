//! Calendar dates, for the age of a rule file's review: the review date written
//! in its header against today in the clinic's time zone. Dates come from jiff
//! (the time zone database and the calendar are its job, not hand-written
//! arithmetic here); `TRIAGE_TODAY` fixes "today" for tests and snapshots.

use std::fmt;

use jiff::civil;
use jiff::tz::TimeZone;

/// Environment variable that fixes "today" (`YYYY-MM-DD`), so review-age findings
/// and their snapshots do not change with the calendar.
pub(crate) const TODAY_VARIABLE: &str = "TRIAGE_TODAY";

/// A calendar date, with no time of day and no time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD`, refusing impossible dates such as `2026-02-30`
    /// (and the other forms ISO 8601 allows, such as `20261121`, which a reader
    /// of the header would not recognise as a date).
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
        let year: i16 = text[0..4].parse().ok()?;
        let month: i8 = text[5..7].parse().ok()?;
        let day: i8 = text[8..10].parse().ok()?;
        if year < 1 {
            return None;
        }
        civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub(crate) fn days_since(self, earlier: Date) -> i64 {
        self.0.duration_since(earlier.0).as_hours() / 24
    }

    /// Today: from [`TODAY_VARIABLE`] when set, else the date now in the system's
    /// time zone, which is the clinic's (jiff falls back to UTC only when the
    /// system names none).
    pub(crate) fn today() -> Result<Date, String> {
        if let Ok(text) = std::env::var(TODAY_VARIABLE) {
            return Date::parse(text.trim()).ok_or_else(|| {
                format!("{TODAY_VARIABLE}={text} is not a date: write it as YYYY-MM-DD")
            });
        }
        Ok(Date(
            jiff::Timestamp::now()
                .to_zoned_datetime(TimeZone::system())
                .date(),
        ))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
    }

    #[test]
    fn counts_days_across_months_and_leap_years() {
        assert_eq!(date("2026-11-21").days_since(date("2025-11-21")), 365);
        assert_eq!(date("2024-03-01").days_since(date("2024-02-28")), 2);
        assert_eq!(date("2026-01-01").days_since(date("2026-01-02")), -1);
        assert_eq!(date("2026-11-21").to_string(), "2026-11-21");
        assert_eq!(date("0999-01-05").to_string(), "0999-01-05");
    }

    #[test]
    fn refuses_impossible_dates_and_other_shapes() {
        for text in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-11-21",
            "2026/11/21",
            "2026-00-10",
            "20261121",
            "0000-01-01",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
    }

    #[test]
    fn today_is_a_date() {
        // Whatever the clock and the zone say, today parses back as itself.
        if std::env::var(TODAY_VARIABLE).is_err()
            && let Ok(today) = Date::today()
        {
            assert_eq!(Date::parse(&today.to_string()), Some(today));
        }
    }
}

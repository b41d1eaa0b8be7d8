//! `assess --summary`: the day list, one line per case (where it came from or its
//! id, urgency, destination, how many red-flag questions were not answered and
//! the worst they could bring, the top reason), most urgent first, and the
//! closing count of a batch by urgency. At one urgency a case whose unanswered
//! red-flag questions could raise it comes before a screened one: a barely
//! screened NONE is never listed as if it were a screened one.
//!
//! The list needs every case before its first line, so only a small row per case
//! is kept (texts that repeat, such as reasons and destinations, once), never the
//! assessments themselves.

use std::collections::HashMap;
use std::fmt::Write;

use crate::assessment::Assessment;
use crate::cli::args::ReportFormat;
use crate::place::Origin;
use crate::ruleset::Scale;
use crate::text::{escape_markdown, escaped};

/// What the day list keeps of one case.
pub(super) enum Entry {
    Assessed {
        origin: Origin,
        id: Option<String>,
        rank: usize,
        destination: Option<String>,
        reason: Option<String>,
        /// Red-flag questions not answered, and the worst they could bring
        /// (the urgency's rank), when known.
        unscreened: usize,
        worst: Option<usize>,
        incomplete: bool,
    },
    /// Not assessed: where, and why.
    Failed { origin: String, error: String },
}

impl Entry {
    /// The entry of an assessment (whose origin is set).
    pub(super) fn of(assessment: &Assessment, scale: &Scale) -> Entry {
        let referral = &assessment.referral;
        Entry::Assessed {
            origin: assessment
                .origin
                .clone()
                .unwrap_or_else(|| Origin::file("")),
            id: assessment.case_id.clone(),
            rank: referral.rank,
            destination: referral.destination.clone(),
            reason: referral.reasons.first().cloned(),
            unscreened: assessment.not_screened.len(),
            worst: assessment
                .not_screened_worst
                .as_deref()
                .and_then(|worst| scale.rank(worst)),
            incomplete: assessment.incomplete(scale),
        }
    }
}

/// A text kept once, by its number.
#[derive(Default)]
struct Texts {
    numbers: HashMap<String, u32>,
    texts: Vec<String>,
}

impl Texts {
    fn number(&mut self, text: Option<String>) -> u32 {
        let Some(text) = text else {
            return u32::MAX;
        };
        if let Some(&number) = self.numbers.get(&text) {
            return number;
        }
        let number = u32::try_from(self.texts.len()).unwrap_or(u32::MAX - 1);
        self.texts.push(text.clone());
        self.numbers.insert(text, number);
        number
    }

    fn get(&self, number: u32) -> &str {
        self.texts.get(number as usize).map_or("-", String::as_str)
    }
}

/// One row of the day list.
struct Row {
    /// The urgency's rank; a case not assessed is above every urgency.
    rank: usize,
    /// The case's place in the input, which orders cases of one urgency.
    order: u64,
    file: u32,
    line: Option<usize>,
    id: Option<Box<str>>,
    destination: u32,
    /// The top reason, or the error of a case not assessed.
    reason: u32,
    /// Red-flag questions not answered; the worst they could bring (rank).
    unscreened: usize,
    worst: Option<usize>,
    /// Unanswered red-flag questions could raise the urgency.
    incomplete: bool,
}

/// The rows of a batch, and the count by urgency.
pub(super) struct DayList {
    rows: Vec<Row>,
    texts: Texts,
    /// Keep rows (`--summary`), or only count.
    keep: bool,
    /// Cases by urgency rank.
    counts: Vec<u64>,
    failed: u64,
}

impl DayList {
    /// A day list; `keep` is false when only the closing count is wanted.
    pub(super) fn new(scale: &Scale, keep: bool) -> Self {
        DayList {
            rows: Vec::new(),
            texts: Texts::default(),
            keep,
            counts: vec![0; scale.urgencies.len()],
            failed: 0,
        }
    }

    pub(super) fn push(&mut self, entry: Entry) {
        let order = self.counts.iter().sum::<u64>() + self.failed;
        let row = match entry {
            Entry::Assessed {
                origin,
                id,
                rank,
                destination,
                reason,
                unscreened,
                worst,
                incomplete,
            } => {
                if let Some(count) = self.counts.get_mut(rank) {
                    *count += 1;
                }
                if !self.keep {
                    return;
                }
                Row {
                    rank,
                    order,
                    file: self.texts.number(Some(origin.file)),
                    line: origin.line,
                    id: id.map(String::into_boxed_str),
                    destination: self.texts.number(destination),
                    reason: self.texts.number(reason),
                    unscreened,
                    worst,
                    incomplete,
                }
            }
            Entry::Failed { origin, error } => {
                self.failed += 1;
                if !self.keep {
                    return;
                }
                Row {
                    rank: usize::MAX,
                    order,
                    file: self.texts.number(Some(origin)),
                    line: None,
                    id: None,
                    destination: u32::MAX,
                    reason: self.texts.number(Some(error)),
                    unscreened: 0,
                    worst: None,
                    incomplete: false,
                }
            }
        };
        self.rows.push(row);
    }

    /// Cases seen, and cases not assessed.
    pub(super) fn totals(&self) -> (u64, u64) {
        (self.counts.iter().sum::<u64>() + self.failed, self.failed)
    }

    /// The closing count: `8 cases: 1 emergency, 0 urgent, ..., 2 not assessed`.
    pub(super) fn closing_line(&self, scale: &Scale) -> String {
        let (total, failed) = self.totals();
        let mut line = format!("{total} {}:", if total == 1 { "case" } else { "cases" });
        for (rank, urgency) in scale.urgencies.iter().enumerate().rev() {
            let count = self.counts.get(rank).copied().unwrap_or(0);
            let _ = write!(line, " {count} {},", urgency.id);
        }
        let _ = write!(line, " {failed} not assessed");
        line
    }

    /// Writes the day list, most urgent first (cases not assessed above all;
    /// at one urgency, those whose unanswered red-flag questions could raise it
    /// first), in pieces through `out`: as text lines in aligned columns (each
    /// cell escaped, for Markdown too), or as JSON Lines.
    pub(super) fn write(mut self, scale: &Scale, format: ReportFormat, mut out: impl FnMut(&str)) {
        let json = matches!(format, ReportFormat::Json | ReportFormat::CdsHooks);
        let cell = |text: &str| -> String {
            let text = escaped(text);
            if format == ReportFormat::Markdown {
                escape_markdown(&text)
            } else {
                text
            }
        };
        self.rows.sort_by(|a, b| {
            b.rank
                .cmp(&a.rank)
                .then(b.incomplete.cmp(&a.incomplete))
                .then(a.order.cmp(&b.order))
        });
        let screening = |row: &Row| -> String {
            if row.rank == usize::MAX {
                return String::new();
            }
            let unasked = crate::text::plural(row.unscreened, "red flag", "red flags");
            match (row.unscreened, row.worst) {
                (0, _) => "screened".to_string(),
                (_, Some(worst)) if worst > row.rank => format!(
                    "{unasked} not asked: could be {}",
                    scale
                        .urgencies
                        .get(worst)
                        .map_or_else(String::new, |u| u.id.to_uppercase())
                ),
                _ => format!("{unasked} not asked"),
            }
        };
        let label = |row: &Row| -> String {
            cell(&match (&row.id, row.line) {
                (Some(id), _) => id.to_string(),
                (None, Some(line)) => Origin::line(self.texts.get(row.file), line).to_string(),
                (None, None) => Origin::file(self.texts.get(row.file)).to_string(),
            })
        };
        let urgency = |row: &Row| -> String {
            if row.rank == usize::MAX {
                "NOT ASSESSED".to_string()
            } else {
                scale
                    .urgencies
                    .get(row.rank)
                    .map_or_else(String::new, |u| u.id.to_uppercase())
            }
        };
        let widths = self.rows.iter().fold((0, 0, 0, 0), |(l, u, d, s), row| {
            (
                l.max(label(row).chars().count()),
                u.max(urgency(row).len()),
                d.max(cell(self.texts.get(row.destination)).chars().count()),
                s.max(screening(row).chars().count()),
            )
        });
        let mut text = String::new();
        for row in &self.rows {
            if json {
                let line = if row.rank == usize::MAX {
                    serde_json::json!({
                        "origin": self.texts.get(row.file),
                        "error": self.texts.get(row.reason),
                    })
                } else {
                    let origin = match row.line {
                        Some(line) => Origin::line(self.texts.get(row.file), line),
                        None => Origin::file(self.texts.get(row.file)),
                    };
                    let known = |number: u32| (number != u32::MAX).then(|| self.texts.get(number));
                    serde_json::json!({
                        "origin": origin,
                        "case_id": row.id,
                        "urgency": scale.urgencies.get(row.rank).map(|u| u.id.as_str()),
                        "destination": known(row.destination),
                        "reason": known(row.reason),
                        "not_screened": row.unscreened,
                        "not_screened_worst": row.worst.and_then(|w| scale.urgencies.get(w)).map(|u| u.id.as_str()),
                    })
                };
                let _ = writeln!(text, "{line}");
            } else {
                let _ = writeln!(
                    text,
                    "{:<lw$}  {:<uw$}  {:<dw$}  {:<sw$}  {}",
                    label(row),
                    urgency(row),
                    cell(self.texts.get(row.destination)),
                    screening(row),
                    cell(self.texts.get(row.reason)),
                    lw = widths.0,
                    uw = widths.1,
                    dw = widths.2,
                    sw = widths.3,
                );
            }
            if text.len() > 1 << 16 {
                out(&text);
                text.clear();
            }
        }
        out(&text);
    }
}

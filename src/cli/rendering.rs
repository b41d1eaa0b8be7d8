//! An assessment written in the format asked for, and what it says on stderr,
//! shared by `assess` (one case and a batch) and `interview`, so they give the
//! same answer in the same words.

use std::fmt::Write;

use crate::assessment::Assessment;
use crate::cli::args::ReportFormat as Format;
use crate::pipeline::Assessed;
use crate::place::Origin;
use crate::report;
use crate::ruleset::RuleSet;

/// An assessment in the format asked for; `one_line` for JSON in a batch.
pub(super) fn written(
    assessment: &Assessment,
    rules: &RuleSet,
    format: Format,
    layout: report::Layout,
    one_line: bool,
) -> String {
    match format {
        Format::Json => format!("{}\n", report::json(assessment, one_line)),
        Format::Text => report::text(assessment, rules, layout),
        Format::Markdown => report::markdown(assessment, rules, layout.detail),
        Format::CdsHooks => {
            let cards = report::cds_hooks(assessment, rules);
            let text = if one_line {
                cards.to_string()
            } else {
                serde_json::to_string_pretty(&cards).unwrap_or_default()
            };
            format!("{text}\n")
        }
    }
}

/// What a case assessed says on stderr before its report, a line each: every
/// input warning (a FHIR response still in progress, say), then the rules'
/// `print` lines, named by their rule file. `assess` (one case and a batch)
/// and `interview` say them through here.
pub(super) fn notes(assessed: &Assessed, origin: &Origin) -> String {
    let mut notes = String::new();
    for warning in &assessed.assessment.input_warnings {
        let _ = writeln!(notes, "warning: {origin}: {warning}");
    }
    for line in assessed.trace.printed() {
        let _ = writeln!(notes, "{}: print: {}", line.file, line.text);
    }
    notes
}

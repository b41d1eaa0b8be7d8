//! An assessment written in the format asked for, shared by `assess` (one case
//! and a batch) and `interview`, so they give the same answer in the same words.

use crate::assessment::Assessment;
use crate::cli::args::ReportFormat as Format;
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

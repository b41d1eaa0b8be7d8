//! One case assessed and written out, shared by `assess` and `interview` so the
//! two give the same answer in the same words: the evaluation with the rules'
//! `print` lines, the what-if, the format asked for, and the text layout.

use std::fmt::Write as _;
use std::io::IsTerminal;

use crate::assessment::Assessment;
use crate::case::Case;
use crate::cli::args::{ColorWhen, ReportFormat as Format};
use crate::error::Error;
use crate::evaluation::{Options, evaluate};
use crate::report;
use crate::ruleset::RuleSet;
use crate::whatif::could_change;

/// One case evaluated and assessed, with `what_if` the answers that would change
/// it. The rules' `print` output is added to `printed`, a line each named by its
/// rule file, for stderr (a batch collects it per case before writing).
pub(super) fn assessed(
    rules: &RuleSet,
    case: &Case,
    what_if: bool,
    printed: &mut String,
) -> Result<Assessment, Error> {
    for warning in &case.warnings {
        let _ = writeln!(printed, "warning: {}: {warning}", case.origin);
    }
    let evaluation = evaluate(rules, case, Options::default()).map_err(|stopped| stopped.error)?;
    for line in evaluation.printed() {
        let _ = writeln!(printed, "{}: print: {}", line.file, line.text);
    }
    let mut assessment = Assessment::build(rules, case, &evaluation);
    if what_if {
        assessment.could_change = Some(could_change(rules, case, &assessment));
    }
    Ok(assessment)
}

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

/// The text layout of stdout: the terminal's width and colour when it is a
/// terminal, 80 columns and no colour otherwise (a pipe, a file, `NO_COLOR`,
/// `--color never`). Decided once per run, not per case.
pub(super) fn layout(color: ColorWhen, detail: bool) -> report::Layout {
    let width = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0))
    } else {
        80
    };
    report::Layout {
        width: width.clamp(40, 160),
        color: colored(color, &std::io::stdout()),
        detail: report::Detail { treatments: detail },
    }
}

/// Whether to colour `stream`: as asked, or (auto) when it is a terminal and
/// NO_COLOR is not set.
pub(super) fn colored<S: anstream::stream::RawStream>(when: ColorWhen, stream: &S) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => !matches!(
            anstream::AutoStream::choice(stream),
            anstream::ColorChoice::Never
        ),
    }
}

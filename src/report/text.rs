//! The text report: the document wrapped to the terminal's width (80 columns when
//! not a terminal), with the urgency banner in colour on a terminal. Rule
//! references stay on every line, placed where they do not push it past the width.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::document::{Block, Detail, document};
use crate::assessment::Assessment;
use crate::ruleset::RuleSet;

/// How to lay the text out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Columns to wrap to.
    pub width: usize,
    /// Whether to colour the banner and headings (only on a terminal).
    pub color: bool,
    pub detail: Detail,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            width: 80,
            color: false,
            detail: Detail::default(),
        }
    }
}

/// The banner's colour by urgency rank (0 is none): green, blue, yellow, red,
/// red; amber (yellow) at least while unanswered red-flag questions could raise
/// it (`incomplete`), so green always means screened.
fn banner_style(rank: usize, incomplete: bool) -> Style {
    let color = match rank {
        0 | 1 if incomplete => AnsiColor::Yellow,
        0 => AnsiColor::Green,
        1 => AnsiColor::Cyan,
        2 => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// `text` wrapped to `width`, the first line after `first`, the others after `rest`.
fn wrapped(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// Renders an assessment as text.
pub fn text(assessment: &Assessment, rules: &RuleSet, layout: Layout) -> String {
    let width = layout.width;
    let mut out = String::new();
    let mut previous_was_item = false;
    for block in document(assessment, rules, layout.detail) {
        match block {
            Block::Title(title) => {
                let _ = writeln!(out, "{title}");
            }
            Block::Banner {
                rank,
                incomplete,
                text,
            } => {
                let style = banner_style(rank, incomplete);
                for line in wrapped(&text, width, "", "  ") {
                    let _ = writeln!(out, "{}", paint(&line, style, layout.color));
                }
            }
            Block::Warning(text) => {
                let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
                for line in wrapped(&text, width, "", "  ") {
                    let _ = writeln!(out, "{}", paint(&line, style, layout.color));
                }
            }
            Block::Section(heading) => {
                let _ = writeln!(
                    out,
                    "\n{}",
                    paint(&heading, Style::new().bold(), layout.color)
                );
            }
            Block::Plain(text) => {
                for line in wrapped(&text, width, "  ", "  ") {
                    let _ = writeln!(out, "{line}");
                }
            }
            Block::Item {
                mark,
                key,
                text,
                rule,
                detail,
            } => {
                let text = match key {
                    Some(key) => format!("{}: {text}", key.name()),
                    None => text,
                };
                let mut lines = wrapped(&text, width, &format!("  {mark} "), "    ");
                if let Some(rule) = rule {
                    let reference = format!("[{rule}]");
                    let fits = lines.last().is_some_and(|last| {
                        last.chars().count() + 2 + reference.chars().count() <= width
                    });
                    match lines.last_mut() {
                        Some(last) if fits => {
                            last.push_str("  ");
                            last.push_str(&paint(&reference, Style::new().dimmed(), layout.color));
                        }
                        _ => lines.push(format!(
                            "    {}",
                            paint(&reference, Style::new().dimmed(), layout.color)
                        )),
                    }
                }
                for extra in detail {
                    lines.extend(wrapped(&extra, width, "      ", "        "));
                }
                for line in lines {
                    let _ = writeln!(out, "{line}");
                }
            }
            Block::Footer(text) => {
                if !previous_was_item && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                for line in wrapped(&text, width, "", "  ") {
                    let _ = writeln!(out, "{line}");
                }
                previous_was_item = true;
                continue;
            }
        }
        previous_was_item = false;
    }
    out
}

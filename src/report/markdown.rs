//! The report in Markdown, to paste into clinical notes: the same blocks, in the
//! same order, as the text report, with human labels where the text report gives
//! the contract's names (a red flag in words, an unanswered question by its
//! question), so that ordinary content needs no backslash escapes.

use std::fmt::Write;

use super::document::{Block, Detail, document};
use crate::assessment::Assessment;
use crate::ruleset::RuleSet;
use crate::text::escape_markdown as escape;

/// Renders an assessment as Markdown.
pub fn markdown(assessment: &Assessment, rules: &RuleSet, detail: Detail) -> String {
    let mut out = String::new();
    let mut footer = false;
    for block in document(assessment, rules, detail) {
        match block {
            Block::Title(title) => {
                let _ = writeln!(out, "### {}\n", escape(&title));
            }
            Block::Banner { text, .. } => {
                let _ = writeln!(out, "**{}**\n", escape(&text));
            }
            Block::Warning(text) => {
                let _ = writeln!(out, "> **{}**\n", escape(&text));
            }
            Block::Section(heading) => {
                let _ = writeln!(out, "\n#### {}\n", escape(&heading));
            }
            Block::Plain(text) => {
                let _ = writeln!(out, "{}\n", escape(&text));
            }
            Block::Item {
                key,
                text,
                rule,
                detail,
                ..
            } => {
                // Human labels, not the contract's names: nothing to escape.
                let text = match key.and_then(|k| k.words()) {
                    Some(words) => format!("{words}: {text}"),
                    None => text,
                };
                let reference = rule.map(|r| format!(" `{r}`")).unwrap_or_default();
                let _ = writeln!(out, "- {}{reference}", escape(&text));
                for extra in detail {
                    let _ = writeln!(out, "  - {}", escape(&extra));
                }
            }
            Block::Footer(text) => {
                if !footer {
                    out.push('\n');
                    footer = true;
                }
                let _ = writeln!(out, "_{}_  ", escape(&text));
            }
        }
    }
    out
}

//! What the rules look at, for the what-if: every field some rule reads, how it
//! is read, and the numbers each numeric field is compared with, found by walking
//! every rule file's syntax tree once when the rules load.

use crate::case::Vocabulary;
use crate::ruleset::{Probes, RuleFile};

use super::comparisons::{Literal, Test, comparisons};
use super::reach::reach;
use super::syntax::field_uses;

/// Walks every rule file once.
pub(crate) fn of(rules: &[RuleFile], vocabulary: &Vocabulary) -> Probes {
    let sections: Vec<String> = vocabulary.sections.keys().cloned().collect();
    let mut probes = Probes::default();
    for rule in rules {
        for read in field_uses(&rule.ast, &sections) {
            let name = format!("{}.{}", read.section, read.field);
            probes.uses.entry(name.clone()).or_default().reads += 1;
            probes.read.insert(name);
        }
        for comparison in comparisons(&rule.ast, &sections) {
            let uses = probes
                .uses
                .entry(format!("{}.{}", comparison.section, comparison.field))
                .or_default();
            match (comparison.test, &comparison.literal) {
                // `not_yes(x)`, like `yes(x)`, cannot tell false from unknown.
                (Test::Yes | Test::NotYes, _) => uses.yes += 1,
                (Test::No, _) => uses.no += 1,
                (_, Some(Literal::Text(text))) => {
                    uses.text_compared += 1;
                    uses.texts.insert(text.clone());
                }
                _ => {}
            }
            if let (Test::Compare(_) | Test::IsNot, Some(Literal::Number(number))) =
                (comparison.test, &comparison.literal)
            {
                let numbers = probes
                    .thresholds
                    .entry(format!("{}.{}", comparison.section, comparison.field))
                    .or_default();
                if !numbers.contains(number) {
                    numbers.push(*number);
                }
            }
        }
    }
    for numbers in probes.thresholds.values_mut() {
        numbers.sort_by(f64::total_cmp);
    }
    probes.reach = reach(rules, &sections);
    probes
}

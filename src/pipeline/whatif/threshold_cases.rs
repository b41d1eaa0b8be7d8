//! Threshold cases, for `triage diff --thresholds`: a case again with each
//! numeric field set just either side of every threshold the rules compare it
//! with (and to the ends of its range), whether the case answered it or not. A
//! change of the rules that moves a threshold, or turns a comparison round,
//! shows in these cases even when no fixture sits at the threshold.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::answers::either_side;
use crate::case::{CaseText, Field};
use crate::place::Origin;
use crate::ruleset::RuleSet;

/// The threshold cases of `case` under every rule set of `rule_sets` (their
/// thresholds together), in vocabulary order; none for a case that is not a JSON
/// object (the case itself is reported as it is).
pub(crate) fn threshold_cases(case: &CaseText, rule_sets: &[&RuleSet]) -> Vec<CaseText> {
    let Ok(Json::Object(object)) = serde_json::from_str::<Json>(&case.text) else {
        return Vec::new();
    };
    let mut fields: BTreeMap<String, (&Field, Vec<f64>)> = BTreeMap::new();
    for rules in rule_sets {
        for (qualified, thresholds) in &rules.probes.thresholds {
            let Some((section, name)) = qualified.split_once('.') else {
                continue;
            };
            let Some(field) = rules.vocabulary.field(section, name) else {
                continue;
            };
            fields
                .entry(qualified.clone())
                .or_insert((field, Vec::new()))
                .1
                .extend(thresholds);
        }
    }
    let mut cases = Vec::new();
    for (qualified, (field, mut thresholds)) in fields {
        thresholds.sort_by(f64::total_cmp);
        thresholds.dedup();
        let Some((section, name)) = qualified.split_once('.') else {
            continue;
        };
        for value in either_side(field, &thresholds) {
            let value = value.to_json();
            let mut changed = object.clone();
            let fields = changed
                .entry(section.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(fields) = fields {
                fields.insert(name.to_string(), value.clone());
            }
            cases.push(CaseText {
                origin: Origin::file(format!("{} with {qualified} = {value}", case.origin)),
                text: Json::Object(changed).to_string(),
            });
        }
    }
    cases
}

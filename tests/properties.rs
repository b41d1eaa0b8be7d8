//! The safety invariants of an assessment, property-tested over the shipped rules.
//!
//! Cases are generated from `rules/vocabulary.toml` itself (every section, field,
//! type, range and allowed value, and unknown for every optional field), so the
//! tests follow the vocabulary and rules as they grow and name no clinical fact.
//! Each property runs on `PROPTEST_CASES` cases (default below); a failure is
//! shrunk to a small case and printed as JSON, ready to save as a fixture.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use physio_triage::vocabulary::{Field, Kind};
use physio_triage::{Assessment, Case, RuleSet};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use serde_json::{Map, Value as Json};

/// Cases per property when `PROPTEST_CASES` is not set: thousands, yet a few
/// minutes at most for the whole file on two cores in a debug build.
const DEFAULT_CASES: u32 = 3000;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::load(Path::new("rules")) {
        Ok(rules) => rules,
        Err(error) => panic!("the shipped rules do not load:\n{}", error.render()),
    })
}

/// Lines in each rule file, to check that every `rule` reference exists.
fn rule_lines() -> &'static HashMap<String, usize> {
    static LINES: OnceLock<HashMap<String, usize>> = OnceLock::new();
    LINES.get_or_init(|| {
        rules()
            .rules
            .iter()
            .map(|rule| (rule.path.clone(), rule.source.lines().count()))
            .collect()
    })
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // Generated cases are valid by construction: nothing is rejected.
        max_global_rejects: 0,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Generating valid cases from the vocabulary

/// Numbers near thresholds matter most to rules (`>= 12`, `< 6`): besides random
/// values, the bounds and small whole numbers are drawn often.
fn number_in(min: f64, max: f64, whole: bool) -> BoxedStrategy<Json> {
    let picks: Vec<f64> = [min, max, (min + max) / 2.0]
        .into_iter()
        .chain((0..=20).map(f64::from).filter(|n| *n >= min && *n <= max))
        .collect();
    let any = if whole {
        ((min as i64)..=(max as i64)).prop_map(Json::from).boxed()
    } else {
        (min..=max)
            .prop_map(|n| Json::from((n * 10.0).round() / 10.0))
            .boxed()
    };
    let picked = proptest::sample::select(picks)
        .prop_map(move |n| {
            if whole {
                Json::from(n.round() as i64)
            } else {
                Json::from(n)
            }
        })
        .boxed();
    prop_oneof![2 => any, 1 => picked].boxed()
}

/// A known value for one field.
fn known_value(field: &Field) -> BoxedStrategy<Json> {
    match field.kind {
        Kind::Boolean => any::<bool>().prop_map(Json::Bool).boxed(),
        Kind::Integer | Kind::Number => {
            let min = field.min.unwrap_or(0.0);
            let max = field.max.unwrap_or(min + 200.0);
            number_in(min, max, field.kind == Kind::Integer)
        }
        Kind::Choice => proptest::sample::select(field.values.clone())
            .prop_map(Json::String)
            .boxed(),
        Kind::List => proptest::sample::subsequence(field.values.clone(), 0..=field.values.len())
            .prop_map(|items| Json::Array(items.into_iter().map(Json::String).collect()))
            .boxed(),
        Kind::Text => "[a-z ]{0,20}".prop_map(Json::String).boxed(),
    }
}

/// A field's entry: `None` leaves it out, `Some(null)` writes null; both are unknown.
fn field_entry(field: &Field) -> BoxedStrategy<Option<Json>> {
    let known = known_value(field).prop_map(Some);
    if field.required {
        return known.boxed();
    }
    prop_oneof![
        3 => known,
        1 => Just(None),
        1 => Just(Some(Json::Null)),
    ]
    .boxed()
}

/// A valid case as JSON, over the whole vocabulary.
fn case_json() -> BoxedStrategy<Map<String, Json>> {
    let vocabulary = &rules().vocabulary;
    let mut fields = Vec::new();
    for (section, description) in &vocabulary.sections {
        for (name, field) in &description.fields {
            let key = (section.clone(), name.clone());
            fields.push(field_entry(field).prop_map(move |value| (key.clone(), value)));
        }
    }
    (fields, "[a-z0-9-]{1,12}")
        .prop_map(|(entries, id)| {
            let mut case = Map::new();
            case.insert("id".to_string(), Json::String(id));
            for ((section, name), value) in entries {
                let Some(value) = value else { continue };
                let section = case
                    .entry(section)
                    .or_insert_with(|| Json::Object(Map::new()));
                if let Json::Object(fields) = section {
                    fields.insert(name, value);
                }
            }
            case
        })
        .boxed()
}

/// Validates a generated case: the generator must only make valid cases.
fn to_case(json: &Map<String, Json>) -> Result<Case, TestCaseError> {
    Case::from_object(json.clone(), "generated", &rules().vocabulary).map_err(|e| {
        TestCaseError::fail(format!(
            "the generator made an invalid case ({e}):\n{}",
            Json::Object(json.clone())
        ))
    })
}

fn assess(case: &Case, json: &Map<String, Json>) -> Result<Assessment, TestCaseError> {
    Assessment::of(rules(), case).map_err(|e| {
        TestCaseError::fail(format!(
            "the rules failed on a valid case:\n{}\ncase: {}",
            e.render(),
            Json::Object(json.clone())
        ))
    })
}

fn urgency_rank(assessment: &Assessment) -> usize {
    rules()
        .scale
        .rank(&assessment.referral.urgency)
        .unwrap_or(usize::MAX)
}

/// Red-flag screening questions: boolean fields of sections marked `red_flag_questions`.
fn red_flag_questions() -> Vec<(String, String)> {
    rules()
        .vocabulary
        .sections
        .iter()
        .filter(|(_, section)| section.red_flag_questions)
        .flat_map(|(section, description)| {
            description
                .fields
                .iter()
                .filter(|(_, field)| field.kind == Kind::Boolean)
                .map(move |(name, _)| (section.clone(), name.clone()))
        })
        .collect()
}

/// Every `rule` reference of an assessment.
fn rule_references(assessment: &Assessment) -> Vec<&str> {
    let a = assessment;
    a.referrals
        .iter()
        .map(|r| r.rule.as_str())
        .chain(a.red_flags.iter().map(|r| r.rule.as_str()))
        .chain(a.treatments.iter().map(|r| r.rule.as_str()))
        .chain(a.avoid.iter().map(|r| r.rule.as_str()))
        .chain(a.review.iter().map(|r| r.rule.as_str()))
        .chain(a.withheld.iter().map(|r| r.rule.as_str()))
        .collect()
}

fn show(json: &Map<String, Json>) -> String {
    Json::Object(json.clone()).to_string()
}

// ---------------------------------------------------------------------------
// The properties

#[test]
fn the_generator_covers_the_vocabulary() {
    let questions = red_flag_questions();
    assert!(
        !questions.is_empty(),
        "the vocabulary has no red-flag screening questions to test monotonicity on"
    );
    assert!(!rules().rules.is_empty(), "no rule files were loaded");
}

proptest! {
    #![proptest_config(config())]

    /// Any valid case is assessed without a panic or a rule error, and every entry
    /// names an existing rule file and a line inside it.
    #[test]
    fn every_valid_case_is_assessed_and_every_entry_names_its_rule(json in case_json()) {
        let case = to_case(&json)?;
        let assessment = assess(&case, &json)?;
        for reference in rule_references(&assessment) {
            let (file, line) = reference
                .rsplit_once(':')
                .ok_or_else(|| TestCaseError::fail(format!("`{reference}` has no line")))?;
            let lines = rule_lines().get(file).copied().ok_or_else(|| {
                TestCaseError::fail(format!("`{reference}` names no rule file\ncase: {}", show(&json)))
            })?;
            let line: usize = line
                .parse()
                .map_err(|_| TestCaseError::fail(format!("`{reference}`: the line is not a number")))?;
            prop_assert!(
                (1..=lines).contains(&line),
                "`{}` points outside the file ({} lines)\ncase: {}", reference, lines, show(&json)
            );
        }
    }

    /// The same case always gives the same assessment (also through its JSON text).
    #[test]
    fn the_same_case_gives_the_same_assessment(json in case_json()) {
        let case = to_case(&json)?;
        let first = assess(&case, &json)?;
        let again = assess(&to_case(&json)?, &json)?;
        prop_assert_eq!(&first, &again, "case: {}", show(&json));
        let text = show(&json);
        let parsed = Case::from_json(&text, "generated", &rules().vocabulary)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let from_text = assess(&parsed, &json)?;
        prop_assert_eq!(&first, &from_text, "case: {}", text);
    }

    /// Answering a red-flag question "yes" instead of "no" or unknown never lowers
    /// the urgency. Up to four questions, drawn at random, are tried on each case
    /// (all of them on every case would multiply the run time by their number).
    #[test]
    fn a_yes_to_a_red_flag_question_never_lowers_the_urgency(
        json in case_json(),
        questions in {
            let all = red_flag_questions();
            let n = all.len();
            proptest::sample::subsequence(all, n.min(1)..=n.min(4))
        },
    ) {
        let case = to_case(&json)?;
        let before = urgency_rank(&assess(&case, &json)?);
        for (section, field) in questions {
            let answer = json.get(&section).and_then(|s| s.get(&field));
            if answer == Some(&Json::Bool(true)) {
                continue;
            }
            let mut changed = json.clone();
            let fields = changed
                .entry(section.clone())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(fields) = fields {
                fields.insert(field.clone(), Json::Bool(true));
            }
            let after = assess(&to_case(&changed)?, &changed)?;
            prop_assert!(
                urgency_rank(&after) >= before,
                "{}.{} = true lowered the urgency from {} to {}\nbefore: {}\nafter:  {}",
                section, field,
                rules().scale.urgency(before).id, after.referral.urgency,
                show(&json), show(&changed)
            );
        }
    }

    /// No treatment is both suggested and advised against; an urgency that withholds
    /// treatment (emergency) comes with no treatment at all; the top-level urgency is
    /// the highest of the referrals.
    #[test]
    fn safety_first_avoid_beats_suggest_and_emergency_suggests_nothing(json in case_json()) {
        let case = to_case(&json)?;
        let assessment = assess(&case, &json)?;
        for treatment in &assessment.treatments {
            prop_assert!(
                !assessment.avoid.iter().any(|a| a.id == treatment.id),
                "`{}` is under both treatments and avoid\ncase: {}", treatment.id, show(&json)
            );
        }
        let rank = urgency_rank(&assessment);
        prop_assert!(rank < rules().scale.urgencies.len(), "unknown urgency {}", assessment.referral.urgency);
        if rules().scale.urgency(rank).withholds_treatment || assessment.referral.urgency == "emergency" {
            prop_assert!(
                assessment.treatments.is_empty(),
                "an {} assessment suggests treatments: {:?}\ncase: {}",
                assessment.referral.urgency,
                assessment.treatments.iter().map(|t| &t.id).collect::<Vec<_>>(),
                show(&json)
            );
        }
        let highest = assessment
            .referrals
            .iter()
            .filter_map(|r| rules().scale.rank(&r.urgency))
            .max()
            .unwrap_or(0);
        prop_assert_eq!(rank, highest, "case: {}", show(&json));
        prop_assert_eq!(assessment.referral.destination.is_none(), rank == 0, "case: {}", show(&json));
    }
}

//! The safety invariants of an assessment, property-tested over the shipped rules.
//!
//! Cases are generated from `rules/vocabulary.toml` itself (every section, field,
//! type, range and allowed value, and unknown for every optional field), so the
//! tests follow the vocabulary and rules as they grow and name no clinical fact.
//! Each property runs on `PROPTEST_CASES` cases (default below); a failure is
//! shrunk to a small case and printed as JSON, ready to save as a fixture.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value as Json};

use crate::support::cpu;
use crate::support::library::{self, Assessment, Case, FieldKind, VocabularyField};

/// Cases per property when `PROPTEST_CASES` is not set: thousands, yet a few
/// minutes at most for the whole file on two cores in a debug build.
const DEFAULT_CASES: u32 = 3000;

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
    let picks: Vec<f64> = [min, max, f64::midpoint(min, max)]
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
fn known_value(field: &VocabularyField) -> BoxedStrategy<Json> {
    match field.kind {
        FieldKind::Boolean => any::<bool>().prop_map(Json::Bool).boxed(),
        FieldKind::Integer | FieldKind::Number => {
            let (min, max) = generated_range(field);
            number_in(min, max, field.kind == FieldKind::Integer)
        }
        FieldKind::Choice => proptest::sample::select(field.values.clone())
            .prop_map(Json::String)
            .boxed(),
        FieldKind::List => {
            proptest::sample::subsequence(field.values.clone(), 0..=field.values.len())
                .prop_map(|items| Json::Array(items.into_iter().map(Json::String).collect()))
                .boxed()
        }
        FieldKind::Text => "[a-z ]{0,20}".prop_map(Json::String).boxed(),
    }
}

/// The range numbers are drawn from: the vocabulary's, with an open end closed at
/// 200 above the minimum.
fn generated_range(field: &VocabularyField) -> (f64, f64) {
    let min = field.min.unwrap_or(0.0);
    let max = field.max.unwrap_or(min + 200.0);
    (min, max)
}

/// A field's entry: `None` leaves it out, `Some(null)` writes null; both are unknown.
fn field_entry(field: &VocabularyField) -> BoxedStrategy<Option<Json>> {
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
pub(super) fn case_json() -> BoxedStrategy<Map<String, Json>> {
    let fields: Vec<_> = library::vocabulary()
        .iter()
        .map(|field| {
            let key = (field.section.clone(), field.name.clone());
            field_entry(field).prop_map(move |value| (key.clone(), value))
        })
        .collect();
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
    library::case_from_object(json.clone(), "generated").map_err(|e| {
        TestCaseError::fail(format!(
            "the generator made an invalid case ({e}):\n{}",
            Json::Object(json.clone())
        ))
    })
}

fn assess(case: &Case, json: &Map<String, Json>) -> Result<Assessment, TestCaseError> {
    library::assess(case).map_err(|e| {
        TestCaseError::fail(format!(
            "the rules failed on a valid case:\n{e}\ncase: {}",
            Json::Object(json.clone())
        ))
    })
}

fn rank(urgency: &str) -> usize {
    library::urgency_rank(urgency).unwrap_or(usize::MAX)
}

fn urgency_rank(assessment: &Assessment) -> usize {
    rank(library::urgency(assessment))
}

fn urgency_id(rank: usize) -> &'static str {
    library::urgencies()
        .get(rank)
        .map_or("an unknown urgency", |u| u.id.as_str())
}

/// Red-flag screening questions: boolean fields of sections marked `red_flag_questions`.
fn red_flag_questions() -> Vec<(String, String)> {
    library::vocabulary()
        .iter()
        .filter(|field| field.red_flag_question)
        .map(|field| (field.section.clone(), field.name.clone()))
        .collect()
}

fn show(json: &Map<String, Json>) -> String {
    Json::Object(json.clone()).to_string()
}

// ---------------------------------------------------------------------------
// The generator itself

/// Cases drawn to check the generator's coverage (fast: nothing is assessed).
const COVERAGE_CASES: usize = 3000;

/// The kinds of value a field can take in a generated case, as labels.
fn possible_kinds(field: &VocabularyField) -> BTreeSet<String> {
    let mut kinds = BTreeSet::new();
    if !field.required {
        kinds.insert("left out".to_string());
        kinds.insert("null".to_string());
    }
    match field.kind {
        FieldKind::Boolean => {
            kinds.insert("true".to_string());
            kinds.insert("false".to_string());
        }
        FieldKind::Choice => {
            kinds.extend(field.values.iter().map(|v| format!("{v:?}")));
        }
        FieldKind::List => {
            kinds.insert("an empty list".to_string());
            kinds.extend(field.values.iter().map(|v| format!("a list with {v:?}")));
            if field.values.len() > 1 {
                kinds.insert("a list of several".to_string());
            }
        }
        FieldKind::Integer | FieldKind::Number => {
            let (min, max) = generated_range(field);
            kinds.insert("the minimum".to_string());
            if field.max.is_some() {
                kinds.insert("the maximum".to_string());
            }
            if max - min > 1.0 {
                kinds.insert("between the bounds".to_string());
            }
            if field.kind == FieldKind::Number {
                kinds.insert("a fraction".to_string());
            }
        }
        FieldKind::Text => {
            kinds.insert("an empty text".to_string());
            kinds.insert("a text".to_string());
        }
    }
    kinds
}

/// The kinds of value `value` is, for `field` (see [`possible_kinds`]).
fn kinds_of(field: &VocabularyField, value: Option<&Json>) -> Vec<String> {
    let at = format!("{}.{}", field.section, field.name);
    let Some(value) = value else {
        return vec!["left out".to_string()];
    };
    match (field.kind, value) {
        (_, Json::Null) => vec!["null".to_string()],
        (FieldKind::Boolean, Json::Bool(b)) => vec![b.to_string()],
        (FieldKind::Choice, Json::String(v)) => vec![format!("{v:?}")],
        (FieldKind::List, Json::Array(items)) => {
            let mut kinds: Vec<String> = items
                .iter()
                .map(|v| format!("a list with {:?}", v.as_str().expect("a text item")))
                .collect();
            kinds.push(
                match items.len() {
                    0 => "an empty list",
                    1 => "a list of one",
                    _ => "a list of several",
                }
                .to_string(),
            );
            kinds
        }
        (FieldKind::Integer | FieldKind::Number, Json::Number(n)) => {
            let n = n.as_f64().expect("a finite number");
            let (min, max) = generated_range(field);
            assert!((min..=max).contains(&n), "{at}: {n} is out of range");
            let mut kinds = vec![
                if n == min {
                    "the minimum"
                } else if n == max {
                    "the maximum"
                } else {
                    "between the bounds"
                }
                .to_string(),
            ];
            if n.fract() != 0.0 {
                assert_eq!(field.kind, FieldKind::Number, "{at}: {n} is not whole");
                kinds.push("a fraction".to_string());
            }
            kinds
        }
        (FieldKind::Text, Json::String(text)) => {
            vec![
                if text.is_empty() {
                    "an empty text"
                } else {
                    "a text"
                }
                .to_string(),
            ]
        }
        (kind, value) => panic!("{at}: a {kind:?} field was given {value}"),
    }
}

/// The generator draws every kind of value every field can take: known and unknown
/// (left out and null) for optional fields, both booleans, every allowed choice and
/// list value, empty and longer lists, both bounds of a range, fractions for
/// numbers, and every case it draws is valid.
#[test]
fn the_generator_covers_the_vocabulary() {
    let _cpu = cpu::shared();
    assert!(
        !red_flag_questions().is_empty(),
        "the vocabulary has no red-flag screening questions to test monotonicity on"
    );
    assert!(
        !library::rule_file_lines().is_empty(),
        "no rule files were loaded"
    );
    let fields = library::vocabulary();
    let strategy = case_json();
    // A fixed seed: the same cases on every run, so the check is not flaky.
    let mut runner = TestRunner::deterministic();
    let mut seen: Vec<BTreeSet<String>> = vec![BTreeSet::new(); fields.len()];
    for _ in 0..COVERAGE_CASES {
        let json = strategy
            .new_tree(&mut runner)
            .expect("a generated case")
            .current();
        if let Err(error) = to_case(&json) {
            panic!("{error}");
        }
        for (field, seen) in fields.iter().zip(&mut seen) {
            let value = json.get(&field.section).and_then(|s| s.get(&field.name));
            seen.extend(kinds_of(field, value));
        }
    }
    let missing: Vec<String> = fields
        .iter()
        .zip(&seen)
        .flat_map(|(field, seen)| {
            possible_kinds(field)
                .into_iter()
                .filter(|kind| !seen.contains(kind))
                .map(move |kind| format!("{}.{}: never {kind}", field.section, field.name))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "in {COVERAGE_CASES} generated cases:\n{}",
        missing.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The properties

proptest! {
    #![proptest_config(config())]

    /// Any valid case is assessed without a panic or a rule error, and every entry
    /// names an existing rule file and a line inside it.
    #[test]
    fn every_valid_case_is_assessed_and_every_entry_names_its_rule(json in case_json()) {
        let _cpu = cpu::shared();
        let case = to_case(&json)?;
        let assessment = assess(&case, &json)?;
        for reference in library::rule_references(&assessment) {
            let (file, line) = reference
                .rsplit_once(':')
                .ok_or_else(|| TestCaseError::fail(format!("`{reference}` has no line")))?;
            let lines = library::rule_file_lines().get(file).copied().ok_or_else(|| {
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
        let _cpu = cpu::shared();
        let case = to_case(&json)?;
        let first = assess(&case, &json)?;
        let again = assess(&to_case(&json)?, &json)?;
        prop_assert_eq!(&first, &again, "case: {}", show(&json));
        let text = show(&json);
        let parsed = library::read_case(&text, "generated").map_err(TestCaseError::fail)?;
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
        let _cpu = cpu::shared();
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
                urgency_id(before), library::urgency(&after),
                show(&json), show(&changed)
            );
        }
    }

    /// No treatment is both suggested and advised against; an urgency that withholds
    /// treatment (emergency) comes with no treatment at all; the top-level urgency is
    /// the highest of the referrals.
    #[test]
    fn safety_first_avoid_beats_suggest_and_emergency_suggests_nothing(json in case_json()) {
        let _cpu = cpu::shared();
        let case = to_case(&json)?;
        let assessment = assess(&case, &json)?;
        let treatments = library::treatment_ids(&assessment);
        let avoided = library::avoided_ids(&assessment);
        for treatment in &treatments {
            prop_assert!(
                !avoided.contains(treatment),
                "`{}` is under both treatments and avoid\ncase: {}", treatment, show(&json)
            );
        }
        let urgency = library::urgency(&assessment);
        let rank = urgency_rank(&assessment);
        let urgencies = library::urgencies();
        prop_assert!(rank < urgencies.len(), "unknown urgency {}", urgency);
        if urgencies[rank].withholds_treatment || urgency == "emergency" {
            prop_assert!(
                treatments.is_empty(),
                "an {} assessment suggests treatments: {:?}\ncase: {}",
                urgency, treatments, show(&json)
            );
        }
        let highest = library::referral_urgencies(&assessment)
            .into_iter()
            .filter_map(library::urgency_rank)
            .max()
            .unwrap_or(0);
        prop_assert_eq!(rank, highest, "case: {}", show(&json));
        prop_assert_eq!(library::destination(&assessment).is_none(), rank == 0, "case: {}", show(&json));
    }
}

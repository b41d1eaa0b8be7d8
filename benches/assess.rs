//! The cost of one case with the shipped rules: `cargo bench`.
//!
//! `assess_one_case` is what a batch pays per case, from the JSON text of a
//! case to the JSON line of its assessment: parse and validate, run every rule
//! file, build the assessment, write it. The other three are its parts. The rules
//! are loaded once, outside the measurement, as in a batch.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use physio_triage::{
    Assessment, Case, Options, Origin, Pipeline, RuleSet, RuleSource, evaluate, json_report,
};

/// A shipped fixture: 45-year-old six weeks after labral repair (no red flags, so
/// every rule file runs to its end and several suggest treatments).
const CASE: &str = "fixtures/labral_repair_6_weeks_woman_45.json";

/// One line of a batch, as `triage assess` gives it: through the pipeline, with
/// the case's origin and no what-if.
fn assess(rules: &RuleSet, text: &str, origin: &Origin) -> String {
    let assessed = Pipeline::new(rules)
        .origin(true)
        .assess_json(text, origin)
        .expect("the fixture is assessed");
    json_report(&assessed.assessment, true)
}

fn one_case(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = RuleSet::load(&RuleSource::Folder(root.join("rules"))).expect("the rules load");
    let text = std::fs::read_to_string(root.join(CASE)).expect("the fixture is readable");
    // As one line of a batch.
    let text: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let origin = Origin::line("batch.jsonl", 1);
    let case = Case::from_json(&text, &origin, &rules.vocabulary).expect("the fixture is valid");
    let evaluation = evaluate(&rules, &case, Options::default()).expect("the rules run");

    c.bench_function("assess_one_case", |b| {
        b.iter(|| assess(&rules, black_box(&text), &origin));
    });
    c.bench_function("parse_and_validate", |b| {
        b.iter(|| Case::from_json(black_box(&text), &origin, &rules.vocabulary));
    });
    c.bench_function("run_the_rules", |b| {
        b.iter(|| evaluate(&rules, black_box(&case), Options::default()));
    });
    c.bench_function("build_and_write_json", |b| {
        b.iter(|| {
            json_report(
                &Assessment::build(&rules, &case, black_box(&evaluation)),
                true,
            )
        });
    });
}

criterion_group!(benches, one_case);
criterion_main!(benches);

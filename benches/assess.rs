//! The cost of a case with the shipped rules: `cargo bench`.
//!
//! In process (the rules loaded once, outside the measurement, as in a batch):
//! `assess_one_case` is what a batch pays per case, from the JSON text of a case
//! to the JSON line of its assessment; the next three are its parts; and
//! `assess_one_case_with_what_if` adds the what-if, as one case on the command
//! line has it.
//!
//! As processes, beside jq on the same input (what a clinician waits for; the
//! same figures as `scripts/bench-batch.sh`, which also gives peak memory): one
//! case with and without the what-if against `jq .`, and a stream of generated
//! cases against `jq -c .`. Without jq on the machine, those against jq are
//! left out, with a line saying so.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use physio_triage::{
    Assessment, Case, Options, Origin, Pipeline, RuleSet, RuleSource, evaluate, json_report,
};

/// A shipped fixture: 45-year-old six weeks after labral repair (no red flags, so
/// every rule file runs to its end and several suggest treatments).
const CASE: &str = "fixtures/labral_repair_6_weeks_woman_45.json";

/// Cases in the stream measured as processes.
const STREAM: usize = 2000;

/// One line of a batch, as `triage assess` gives it: through the pipeline, with
/// the case's origin and no what-if.
fn assess(rules: &RuleSet, text: &str, origin: &Origin) -> String {
    let assessed = Pipeline::new(rules)
        .origin(true)
        .assess_json(text, origin)
        .expect("the fixture is assessed");
    json_report(&assessed.assessment, true)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn one_case(c: &mut Criterion) {
    let rules = RuleSet::load(&RuleSource::Folder(root().join("rules"))).expect("the rules load");
    let text = std::fs::read_to_string(root().join(CASE)).expect("the fixture is readable");
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
    c.bench_function("assess_one_case_with_what_if", |b| {
        b.iter(|| {
            Pipeline::new(&rules)
                .what_if(true)
                .assess(black_box(&case))
                .expect("the fixture is assessed")
        });
    });
}

/// Runs `program` with `args`, output to nowhere; a failure stops the benchmark.
fn run(program: &Path, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the program starts");
    assert!(status.success(), "{} {args:?} failed", program.display());
}

/// jq, if the machine has it.
fn jq() -> Option<PathBuf> {
    let found = Command::new("jq")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("jq is not installed: the comparisons with jq are left out (apt-get install jq)");
    }
    found.then(|| PathBuf::from("jq"))
}

/// The generated stream: the fixtures, one per line, repeated to `STREAM` cases.
fn stream_file() -> PathBuf {
    let mut lines = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("the fixtures are readable")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a fixture is readable");
        lines.push(text.replace(['\n', '\r'], ""));
    }
    let body: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .cycle()
        .take(STREAM)
        .collect();
    let file = std::env::temp_dir().join(format!("triage-bench-{}.jsonl", std::process::id()));
    std::fs::write(&file, body.join("\n") + "\n").expect("the stream is written");
    file
}

fn processes(c: &mut Criterion) {
    let triage = Path::new(env!("CARGO_BIN_EXE_triage"));
    let jq = jq();
    let one_case = ["assess", CASE, "--rules", "rules", "--format", "json"];
    let mut group = c.benchmark_group("process");
    group.sample_size(20);
    group.bench_function("triage_one_case", |b| {
        let args = [&one_case[..], &["--no-what-if"]].concat();
        b.iter(|| run(triage, &args));
    });
    group.bench_function("triage_one_case_with_what_if", |b| {
        b.iter(|| run(triage, &one_case));
    });
    if let Some(jq) = &jq {
        group.bench_function("jq_one_case", |b| b.iter(|| run(jq, &[".", CASE])));
    }
    let stream = stream_file();
    let stream_arg = stream.to_string_lossy().to_string();
    group.sample_size(10);
    group.bench_function("triage_stream_2000", |b| {
        let args = [
            "assess",
            &stream_arg,
            "--rules",
            "rules",
            "--format",
            "json",
        ];
        b.iter(|| run(triage, &args));
    });
    if let Some(jq) = &jq {
        group.bench_function("jq_stream_2000", |b| {
            b.iter(|| run(jq, &["-c", ".", &stream_arg]));
        });
    }
    group.finish();
    let _ = std::fs::remove_file(stream);
}

criterion_group!(benches, one_case, processes);
criterion_main!(benches);

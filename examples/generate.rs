//! Synthetic cases for benchmarks: valid JSON Lines built from the vocabulary.
//!
//! ```sh
//! cargo run --release --example generate -- COUNT [SEED] [RULES_DIR] > cases.jsonl
//! ```
//!
//! Every case is valid against `RULES_DIR/vocabulary.toml` (default `rules`): the
//! required fields always, the others each with some chance, values drawn within
//! their ranges and allowed values. Red-flag answers are mostly "no", so the
//! urgencies spread as in a clinic rather than all being emergencies. The same
//! COUNT and SEED always give the same bytes.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use physio_triage::{Field, Kind, Vocabulary};
use serde_json::{Map, Value, json};

/// SplitMix64: small, seeded, and the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with `percent` chance in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, values: &'a [String]) -> &'a str {
        let n = u64::try_from(values.len()).unwrap_or(1).max(1);
        let index = usize::try_from(self.below(n)).unwrap_or(0);
        values.get(index).map_or("", String::as_str)
    }
}

/// A value for `field`, within its range and allowed values.
fn value(random: &mut Random, field: &Field, red_flag: bool) -> Value {
    let low = field.min.unwrap_or(0.0);
    let high = field.max.unwrap_or(low + 60.0);
    match field.kind {
        Kind::Boolean => Value::Bool(random.chance(if red_flag { 4 } else { 30 })),
        Kind::Integer => {
            // Ranges in the vocabulary are small whole numbers.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let (low, high) = (low.ceil() as u64, high.floor() as u64);
            json!(low + random.below(high.saturating_sub(low) + 1))
        }
        Kind::Number => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let tenths = ((high - low) * 10.0) as u64;
            #[allow(clippy::cast_precision_loss)]
            let number = low + random.below(tenths + 1) as f64 / 10.0;
            json!(number)
        }
        Kind::Choice => Value::String(random.pick(&field.values).to_string()),
        Kind::List => {
            let mut items: Vec<Value> = Vec::new();
            for _ in 0..random.below(4) {
                let item = Value::String(random.pick(&field.values).to_string());
                if !items.contains(&item) {
                    items.push(item);
                }
            }
            Value::Array(items)
        }
        Kind::Text => Value::String(format!("synthetic text {}", random.below(1000))),
    }
}

fn case(random: &mut Random, vocabulary: &Vocabulary, index: u64) -> Value {
    let mut case = Map::new();
    if random.chance(50) {
        case.insert("id".into(), Value::String(format!("synthetic-{index}")));
    }
    for (name, section) in &vocabulary.sections {
        let mut fields = Map::new();
        for (field_name, field) in &section.fields {
            // Red-flag questions are usually asked; other fields about two in three.
            let asked = if section.red_flag_questions { 90 } else { 65 };
            if field.required || random.chance(asked) {
                let value = value(random, field, section.red_flag_questions);
                fields.insert(field_name.clone(), value);
            }
        }
        if !fields.is_empty() {
            case.insert(name.clone(), Value::Object(fields));
        }
    }
    Value::Object(case)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), seed) = (
        args.first().and_then(|c| c.parse::<u64>().ok()),
        args.get(1).map_or(Some(1), |s| s.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: generate COUNT [SEED] [RULES_DIR] > cases.jsonl");
        return ExitCode::from(2);
    };
    let Some(seed) = seed else {
        eprintln!("error: SEED must be a whole number");
        return ExitCode::from(2);
    };
    let rules = args.get(2).map_or("rules", String::as_str);
    let path = format!("{rules}/vocabulary.toml");
    let vocabulary = match std::fs::read_to_string(&path)
        .map_err(|e| format!("{path}: {e}"))
        .and_then(|text| Vocabulary::from_toml(&path, &text).map_err(|e| e.to_string()))
    {
        Ok(vocabulary) => vocabulary,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(4);
        }
    };
    let mut random = Random(seed);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for index in 1..=count {
        let line = case(&mut random, &vocabulary, index);
        if writeln!(out, "{line}").is_err() {
            // The reader went away (`| head`): nothing more to write.
            return ExitCode::SUCCESS;
        }
    }
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}

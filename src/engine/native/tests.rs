//! The native evaluation against Rhai, on random expressions and statements of
//! its subset over random answers: wherever the native evaluation answers, it
//! records exactly what Rhai records; wherever Rhai raises an error, it cannot
//! tell. (The fixtures and generated cases are compared the same way, through
//! the whole evaluation, by `tests/suite/differential.rs`.)

use std::time::Instant;

use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{Env, Names, compile, run};
use crate::case::{Case, Value};
use crate::engine::api::{self, Role};
use crate::engine::case_view::{Definitions, case_sections, definitions_view};
use crate::engine::{DEFINED, FileTrace, RuleEngine, RunFile, limits};
use crate::place::Origin;

const FIELDS: [&str; 5] = ["b", "i", "f", "t", "l"];

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Unknown),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![-1_i64, 0, 1, 2, 45]).prop_map(Value::Int),
        prop::sample::select(vec![0.0, -0.0, 0.5, 1.0, 2.0, 44.999_999_999_999_99, 45.0])
            .prop_map(Value::Number),
        prop::sample::select(vec!["", "a", "b", "hip", "1", "true"])
            .prop_map(|t| Value::Text(t.to_string())),
        prop::collection::vec(prop::sample::select(vec!["a", "b", "hip", "1"]), 0..3)
            .prop_map(|l| Value::List(l.into_iter().map(String::from).collect())),
    ]
}

/// The rules-API helpers of `arity` parameters, but `except` (from the table).
fn helpers(arity: usize, except: &str) -> Vec<&'static str> {
    api::API
        .iter()
        .filter(|f| matches!(f.role, Role::Helper(..)) && f.params.len() == arity)
        .filter(|f| f.params.iter().all(|p| p.name != except))
        .map(|f| f.name)
        .collect()
}

/// A leaf: a literal, a case field, a definition, a variable.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "()",
            "true",
            "false",
            "0",
            "1",
            "2",
            "45",
            "-1",
            "0.0",
            "0.5",
            "1.0",
            "45.0",
            "\"\"",
            "\"a\"",
            "\"hip\"",
            "\"1\"",
            "\"true\"",
            "[]",
            "[\"a\", \"hip\"]",
            "[true, false, ()]",
            "[1, \"1\"]",
            "[0.5]",
            "[[\"a\"]]",
        ])
        .prop_map(String::from),
        prop::sample::select(FIELDS.to_vec()).prop_map(|f| format!("s.{f}")),
        prop::sample::select(vec!["x", "y", "missing"]).prop_map(|d| format!("defined.{d}")),
        Just("v".to_string()),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let two = (inner.clone(), inner.clone());
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (
                inner.clone(),
                prop::sample::select(vec!["&&", "||"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("!({a})")),
            two.clone().prop_map(|(a, b)| format!("({a} in {b})")),
            (prop::sample::select(helpers(1, "values")), inner.clone())
                .prop_map(|(f, a)| format!("{f}({a})")),
            (prop::sample::select(helpers(2, "")), two.clone())
                .prop_map(|(f, (a, b))| format!("{f}({a}, {b})")),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|items| format!("count_yes([{}])", items.join(", "))),
            prop::collection::vec(inner, 0..3).prop_map(|items| format!("[{}]", items.join(", "))),
        ]
    })
}

/// A guard as rules write them: mostly well typed, so that most run to the end.
fn sensible() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "yes(s.b)",
        "no(s.b)",
        "not_yes(defined.x)",
        "unknown(s.i)",
        "known(s.l)",
        "s.i > 1",
        "s.i == 45",
        "s.f <= 0.5",
        "s.f >= 45",
        "s.t == \"hip\"",
        "s.t != \"a\"",
        "\"a\" in s.l",
        "!(\"hip\" in s.l)",
        "any_of(s.l, [\"a\", \"b\"])",
        "count_yes([s.b, defined.x]) >= 1",
        "is_not(s.t, \"a\")",
        "true",
        "false",
        "v",
        "s.b == true",
        "defined.y != false",
    ])
    .prop_map(String::from);
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["&&", "||"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.prop_map(|a| format!("!({a})")),
        ]
    })
}

/// A guard: mostly as rules write them, sometimes any expression at all.
fn guard() -> impl Strategy<Value = String> {
    prop_oneof![1 => expression(), 4 => sensible()]
}

/// A rule file's statements around expressions: lets, an assignment, guards,
/// rule blocks (nested ones too) and actions.
fn rule_file() -> impl Strategy<Value = String> {
    (guard(), guard(), guard(), any::<bool>(), any::<bool>()).prop_map(
        |(a, b, c, nested, assign)| {
            let assignment = if assign { format!("v = {c};") } else { String::new() };
            let inner = if nested {
                "rule inner { review(\"nested\"); }"
            } else {
                "suggest(\"x\", \"y\");"
            };
            format!(
                "let v = true;\nv = {a};\nlet w = {b};\nif w {{\n  rule one {{\n    review(\"one\");\n    {inner}\n  }}\n}} else {{\n  {assignment}\n}}\nrule two {{\n  if v {{ refer(\"urgent\", \"gp\", \"two\"); }}\n}}\n"
            )
        },
    )
}

struct Fixture {
    engine: RuleEngine,
    sections: Vec<(String, Vec<String>)>,
}

impl Fixture {
    fn new() -> Self {
        let mut engine = RuleEngine::new();
        let fields: Vec<&str> = FIELDS.to_vec();
        engine.register_getters(&[fields], &["x".to_string(), "y".to_string()]);
        let sections = vec![(
            "s".to_string(),
            FIELDS.iter().map(ToString::to_string).collect(),
        )];
        Fixture { engine, sections }
    }

    /// What Rhai and the native evaluation record for `source` on the case:
    /// `None` when the source does not compile.
    fn both(
        &self,
        source: &str,
        definitions_file: bool,
        values: &[Value],
        defined: &[(&str, Value)],
    ) -> Option<(Result<FileTrace, String>, Option<FileTrace>)> {
        let names: Vec<String> = vec!["s".to_string(), DEFINED.to_string()];
        let ast = self.engine.compile(source, &names).ok()?;
        let mut fields = IndexMap::new();
        for (name, value) in FIELDS.iter().zip(values) {
            fields.insert((*name).to_string(), value.clone());
        }
        let mut sections = IndexMap::new();
        sections.insert("s".to_string(), fields);
        let case = Case {
            id: None,
            origin: Origin::file("case.json"),
            sections,
            warnings: Vec::new(),
        };
        let (view, definitions): (_, Definitions) = definitions_view(DEFINED, false);
        for (name, value) in defined {
            assert!(
                definitions
                    .make(name, value, &Origin::line("d.rhai", 1))
                    .is_ok()
            );
        }
        let mut variables = case_sections(&case, false);
        variables.push(view);
        let file = RunFile {
            path: "t.rhai",
            rule_file: "t",
            ast: &ast,
            definitions: definitions_file,
        };
        let deadline = Instant::now() + limits::MAX_TIME_PER_CASE;
        let (trace, result) = self
            .engine
            .case_run(&variables)
            .run_file(0, &file, false, deadline);
        let rhai = result.map(|()| trace).map_err(|e| format!("{e:?}"));
        let names = Names {
            sections: &self.sections,
            defined: DEFINED,
            definitions: &["x".to_string(), "y".to_string()],
        };
        let program = compile(
            &super::File {
                ast: &ast,
                rule_file: "t",
            },
            &names,
        );
        let native = definitions.with_all(|all| {
            let env = Env {
                case: &case,
                definitions: all,
                path: "t.rhai",
                definitions_file,
                in_vocabulary_order: false,
            };
            run(&program, &env).ok().map(|actions| FileTrace {
                file: "t.rhai".to_string(),
                actions,
                ..FileTrace::default()
            })
        });
        Some((rhai, native))
    }
}

/// Runs `cases` random programs; returns how many the native evaluation answered.
fn agree(source: impl Strategy<Value = String>, definitions_file: bool, cases: u32) -> usize {
    let fixture = Fixture::new();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let answered = std::cell::Cell::new(0);
    let strategy = (
        source,
        prop::collection::vec(value(), FIELDS.len()),
        value(),
        value(),
    );
    let result = runner.run(&strategy, |(source, values, x, y)| {
        let defined = [("x", x), ("y", y)];
        let Some((rhai, native)) = fixture.both(&source, definitions_file, &values, &defined)
        else {
            return Ok(());
        };
        if let Some(native) = native {
            answered.set(answered.get() + 1);
            prop_assert_eq!(
                rhai.as_ref().ok(),
                Some(&native),
                "{}\nRhai: {:?}",
                source,
                rhai
            );
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    answered.get()
}

#[test]
fn a_definition_of_any_expression_is_what_rhai_records() {
    let source = expression().prop_map(|e| format!("let v = 1;\ndefine(\"out\", {e});\n"));
    let answered = agree(source, true, 6000);
    assert!(
        answered > 1500,
        "the native evaluation answered only {answered}"
    );
}

#[test]
fn guards_rule_blocks_and_actions_are_what_rhai_records() {
    let answered = agree(rule_file(), false, 4000);
    assert!(
        answered > 600,
        "the native evaluation answered only {answered}"
    );
}

#[test]
fn a_definition_file_with_a_rule_block_or_an_action_cannot_tell() {
    assert_eq!(agree(rule_file(), true, 300), 0);
}

#[test]
fn comparing_numbers_follows_rhai_to_the_last_digit() {
    let fixture = Fixture::new();
    let numbers = [
        "0",
        "1",
        "-1",
        "45",
        "0.0",
        "-0.0",
        "1.0",
        "45.0",
        "44.99999999999999",
        "45.00000000000001",
        "1e-300",
        "9007199254740993",
    ];
    let mut answered = 0;
    for a in numbers {
        for b in numbers {
            for op in ["==", "!=", "<", "<=", ">", ">="] {
                let source = format!("define(\"out\", {a} {op} {b});");
                let Some((rhai, native)) = fixture.both(&source, true, &[], &[]) else {
                    continue;
                };
                answered += usize::from(native.is_some());
                assert_eq!(native.as_ref(), rhai.as_ref().ok(), "{source}");
            }
        }
    }
    assert_eq!(answered, numbers.len() * numbers.len() * 6);
}

//! The one sandboxed Rhai engine of a rule set: built once, shared by every
//! evaluation (and every thread). Strict variables, no optimizer, no `eval`,
//! `import` or object maps, limits on everything that can grow, the rules API
//! registered from its table, and comparisons between different kinds refused.

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, OptimizationLevel, Scope};

use std::time::Instant;

use super::case_view::CaseSection;
use super::run::{CachePool, CaseRun, RunFailure, RunFile};
use super::trace::FileTrace;
use super::{api, limits, rule_block, run};

/// Functions of Rhai's standard library that rules may not call, and why: they
/// wait, or read the clock, so an answer would depend on more than the case.
pub(crate) const REFUSED_FUNCTIONS: &[(&str, &str)] = &[
    (
        "sleep",
        "`sleep` is not allowed: rules cannot wait (a sleeping rule would hold every case)",
    ),
    (
        "timestamp",
        "`timestamp` is not allowed: rules cannot read the clock (an answer depends on the case alone)",
    ),
];

/// The one Rhai engine of a rule set.
pub struct RuleEngine {
    pub(super) engine: rhai::Engine,
    /// Rhai's function resolution for each rule file, kept between cases.
    caches: CachePool,
}

impl RuleEngine {
    /// Builds a sandboxed engine with limits on and the rules API registered.
    pub fn new() -> Self {
        run::install_quiet_panic_hook();
        let mut engine = rhai::Engine::new();
        // The optimizer can panic on some mistakes (assigning to a constant's
        // property); rules are small, so running them unoptimised costs nothing.
        engine.set_optimization_level(OptimizationLevel::None);
        // No string interner: with `sync` it is one lock for every thread, and Rhai
        // sleeps 10 ms whenever it finds it taken (in a batch, and when the rules
        // compile on all cores). Interning only saves memory; strings compare the same.
        engine.set_max_strings_interned(0);
        engine.set_strict_variables(true);
        engine.set_fail_on_invalid_map_property(true);
        engine.set_max_operations(limits::MAX_OPERATIONS);
        engine.set_max_call_levels(limits::MAX_CALL_LEVELS);
        engine.set_max_expr_depths(limits::MAX_EXPR_DEPTHS.0, limits::MAX_EXPR_DEPTHS.1);
        engine.set_max_string_size(limits::MAX_STRING_SIZE);
        engine.set_max_array_size(limits::MAX_ARRAY_SIZE);
        engine.set_max_map_size(limits::MAX_MAP_SIZE);
        // No `import` of other scripts, no `eval` of built strings. `import` is also a
        // disabled keyword, so a rule that tries is refused when the rules load (the
        // resolver alone would only fail if the `import` line happened to run).
        engine.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
        engine.disable_symbol("eval");
        engine.disable_symbol("import");
        // No object maps: Rhai checks a map's size when it is passed or returned, not
        // when `m[key] = value` adds a key, so a loop could grow one to hundreds of MB
        // before any limit applied. Rules need none (the API takes text), so the map
        // literal is disabled and `parse_json`, the only other way to make one, refused.
        engine.disable_symbol("#{");
        // No `try`/`catch`/`throw`: an error the engine raises (a limit, an unknown
        // field, an unknown answer used as yes/no) must stop the case, and a rule
        // that could catch it would carry on with a partial answer.
        for keyword in ["try", "catch", "throw"] {
            engine.disable_symbol(keyword);
        }
        // Nothing that waits or reads the clock: a rule's answer depends on the
        // case alone, and a sleeping rule would hold every case. These are also
        // refused when the rules load (see `REFUSED_FUNCTIONS`); this is the second
        // line, for a call made through a function pointer.
        for &(name, why) in REFUSED_FUNCTIONS {
            let refuse = move || -> Result<(), Box<EvalAltResult>> { Err(why.into()) };
            engine.register_fn(name, refuse);
            engine.register_fn(name, move |_: rhai::INT| refuse());
            engine.register_fn(name, move |_: rhai::FLOAT| refuse());
            engine.register_fn(name, move |_: Dynamic| refuse());
        }
        engine.register_fn(
            "parse_json",
            |_text: &str| -> Result<Dynamic, Box<EvalAltResult>> {
                Err("parse_json() is not available in rules: rules cannot build object maps".into())
            },
        );
        engine.on_progress(run::progress);
        engine.on_print(run::print);
        engine.on_debug(|text, _source, position| {
            let line = position.line().unwrap_or(0);
            run::print(&format!("line {line}: {text}"));
        });

        engine.register_type_with_name::<CaseSection>("CaseSection");
        engine.register_indexer_get(
            |context: rhai::NativeCallContext, section: &mut CaseSection, field: &str| {
                section.get(&context, field, None)
            },
        );
        engine.register_indexer_set(
            |section: &mut CaseSection,
             field: &str,
             _value: Dynamic|
             -> Result<(), Box<EvalAltResult>> { Err(section.refuse_write(field)) },
        );

        api::register(&mut engine);
        rule_block::register(&mut engine);
        // With fast operators on, Rhai answers mixed-type comparisons itself (false)
        // before looking at registered functions; off, the refusals below apply.
        engine.set_fast_operators(false);
        refuse_mixed_comparisons(&mut engine);
        // `"stairs" in complaint.aggravated_by` is false, not an error, when the list is unknown.
        engine.register_fn("contains", |_unknown: (), _item: Dynamic| false);
        // `complaint.aggravated_by.contains("stairs")`: Rhai's own `contains` takes
        // the list mutably, which a read-only case refuses; this one only reads.
        engine.register_fn("contains", |list: Array, item: Dynamic| {
            list.iter()
                .any(|x| x.type_name() == item.type_name() && x.to_string() == item.to_string())
        });
        register_print(&mut engine);

        RuleEngine {
            engine,
            caches: CachePool::default(),
        }
    }

    /// Compiles one rule file. Section names are declared (as plain variables, so
    /// nothing is constant-folded) for strict-variable checking.
    pub fn compile(
        &self,
        source: &str,
        section_names: &[String],
    ) -> Result<rhai::AST, rhai::ParseError> {
        let mut scope = Scope::new();
        for name in section_names {
            scope.push(name.clone(), ());
        }
        self.engine
            .compile_with_scope(&scope, source)
            .map_err(explain_refused)
    }

    /// Starts the evaluation of one case, whose rule files then run one after
    /// the other with [`CaseRun::run_file`], each starting with only the section
    /// variables in scope. Several cases may run at once, on different threads.
    pub fn case_run(&self, sections: &[CaseSection]) -> CaseRun<'_> {
        CaseRun::new(&self.engine, &self.caches, sections)
    }

    /// Runs one compiled rule file alone on the case. `tracing` keeps the case
    /// reads; `deadline` is when the case's time budget runs out. Returns the
    /// file's trace, and the failure that stopped it, if any.
    pub fn run_file(
        &self,
        file: &RunFile,
        sections: &[CaseSection],
        tracing: bool,
        deadline: Instant,
    ) -> (FileTrace, Result<(), RunFailure>) {
        self.case_run(sections).run_file(0, file, tracing, deadline)
    }
}

impl Default for RuleEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// Says why a keyword or symbol the sandbox refuses is refused; Rhai would only say
/// "'import' is a reserved keyword", which reads like a typo.
fn explain_refused(error: rhai::ParseError) -> rhai::ParseError {
    let rhai::ParseError(kind, position) = error;
    let why = match kind.as_ref() {
        rhai::ParseErrorType::Reserved(word)
        | rhai::ParseErrorType::BadInput(rhai::LexError::ImproperSymbol(word, _)) => {
            match word.as_str() {
                "import" => {
                    Some("`import` is not allowed: a rule file cannot load other scripts or files")
                }
                "eval" => Some("`eval` is not allowed: a rule cannot run code built from text"),
                "#{" => Some(
                    "object maps `#{ ... }` are not allowed in rules (their size cannot be bounded): use variables, lists and the rules API",
                ),
                "try" | "catch" | "throw" => Some(
                    "`try`, `catch` and `throw` are not allowed: an error in a rule must stop the case, so no rule may catch one or raise its own",
                ),
                _ => None,
            }
        }
        _ => None,
    };
    match why {
        Some(why) => rhai::ParseError(
            Box::new(rhai::ParseErrorType::BadInput(
                rhai::LexError::ImproperSymbol(String::new(), why.to_string()),
            )),
            position,
        ),
        None => rhai::ParseError(kind, position),
    }
}

/// `print` and `debug` of the kinds of value a rule has, refusing at the rule's
/// line any text that could forge or hide a line of output (a line break, a
/// control character, a bidirectional override). What passes goes on to Rhai's
/// print callback and the file's trace.
fn register_print(engine: &mut rhai::Engine) {
    fn checked(text: String) -> Result<ImmutableString, Box<EvalAltResult>> {
        match crate::text::forging(&text) {
            Some(what) => Err(format!(
                "print text holds {what}, which could forge or hide a line of output: print plain text on one line"
            )
            .into()),
            None => Ok(text.into()),
        }
    }
    fn both<T: rhai::Variant + Clone>(engine: &mut rhai::Engine) {
        for name in ["print", "debug"] {
            engine.register_fn(name, |value: T| checked(Dynamic::from(value).to_string()));
        }
    }
    both::<ImmutableString>(engine);
    both::<rhai::INT>(engine);
    both::<rhai::FLOAT>(engine);
    both::<bool>(engine);
    both::<char>(engine);
    both::<Array>(engine);
    for name in ["print", "debug"] {
        engine.register_fn(name, |()| checked(String::new()));
    }
}

/// Refuses comparisons between values of different kinds. Rhai evaluates
/// `patient.age > "40"` or `complaint.region == 3` to false without a word, so a
/// rule with such a typo would silently never fire. Unknown (`()`) is not refused:
/// `screening.fever_or_unwell == true` is rightly false when the answer is unknown.
fn refuse_mixed_comparisons(engine: &mut rhai::Engine) {
    fn refuse<A: rhai::Variant + Clone, B: rhai::Variant + Clone>(
        engine: &mut rhai::Engine,
        left: &'static str,
        right: &'static str,
    ) {
        for op in ["==", "!=", "<", ">", "<=", ">="] {
            engine.register_fn(op, move |_: A, _: B| -> Result<bool, Box<EvalAltResult>> {
                Err(format!(
                    "type mismatch: `{op}` compares {left} with {right}, which is never true (is a value quoted, or unquoted, by mistake?)"
                )
                .into())
            });
        }
    }
    let number = "a number";
    let text = "text";
    let boolean = "true/false";
    let list = "a list";
    refuse::<rhai::INT, ImmutableString>(engine, number, text);
    refuse::<ImmutableString, rhai::INT>(engine, text, number);
    refuse::<rhai::FLOAT, ImmutableString>(engine, number, text);
    refuse::<ImmutableString, rhai::FLOAT>(engine, text, number);
    refuse::<bool, ImmutableString>(engine, boolean, text);
    refuse::<ImmutableString, bool>(engine, text, boolean);
    refuse::<bool, rhai::INT>(engine, boolean, number);
    refuse::<rhai::INT, bool>(engine, number, boolean);
    refuse::<bool, rhai::FLOAT>(engine, boolean, number);
    refuse::<rhai::FLOAT, bool>(engine, number, boolean);
    refuse::<Array, ImmutableString>(engine, list, text);
    refuse::<ImmutableString, Array>(engine, text, list);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(path: &'a str, ast: &'a rhai::AST) -> RunFile<'a> {
        RunFile {
            path,
            rule_file: path,
            ast,
            definitions: false,
        }
    }

    fn far_deadline() -> Instant {
        Instant::now() + limits::MAX_TIME_PER_CASE
    }

    fn run(engine: &RuleEngine, source: &str) -> Result<(), RunFailure> {
        let ast = match engine.compile(source, &[]) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        };
        engine
            .run_file(&file("test.rhai", &ast), &[], false, far_deadline())
            .1
    }

    fn message(result: Result<(), RunFailure>) -> String {
        match result {
            Err(RunFailure::Script(error)) => error.to_string(),
            other => panic!("expected a script error, got {other:?}"),
        }
    }

    #[test]
    fn a_panic_inside_the_engine_is_a_rule_failure_not_a_crash() {
        let mut engine = RuleEngine::new();
        engine
            .engine
            .register_fn("explode", || -> bool { panic!("boom") });
        match run(&engine, "let x = 1;\nexplode();") {
            Err(RunFailure::Panicked(text)) => assert_eq!(text, "boom"),
            other => panic!("expected a caught panic, got {other:?}"),
        }
        // The engine is still usable afterwards.
        assert!(run(&engine, "let y = 2;").is_ok());
    }

    #[test]
    fn comparing_different_kinds_is_an_error_but_unknown_is_just_false() {
        let engine = RuleEngine::new();
        assert!(message(run(&engine, "if 45 > \"40\" {}")).contains("type mismatch"));
        assert!(message(run(&engine, "if \"hip\" == 3 {}")).contains("type mismatch"));
        assert!(message(run(&engine, "if true == \"true\" {}")).contains("type mismatch"));
        assert!(run(&engine, "if () == true { not_a_function() }").is_ok());
        assert!(run(&engine, "if () > 3 { not_a_function() }").is_ok());
        assert!(
            run(
                &engine,
                "if 6.0 == 6 && 5 < 5.5 {} else { not_a_function() }"
            )
            .is_ok()
        );
    }

    #[test]
    fn files_run_by_their_index_in_any_order_each_with_its_own_cache() {
        let engine = RuleEngine::new();
        let compile = |source: &str| match engine.compile(source, &[]) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        };
        let first = compile("fn f() { \"first\" } rule a { review(f()); }");
        let second = compile("fn f() { \"second\" } rule b { review(f()); }");
        // A case where only some files run in Rhai: the files at 3 and 1, in
        // that order, then 3 again; each finds its own functions.
        for _ in 0..2 {
            let mut run = engine.case_run(&[]);
            for (index, ast, text) in [
                (3, &second, "second"),
                (1, &first, "first"),
                (3, &second, "second"),
            ] {
                let (trace, result) =
                    run.run_file(index, &file("t.rhai", ast), false, far_deadline());
                assert!(result.is_ok(), "{result:?}");
                assert_eq!(
                    trace.actions[0].action,
                    crate::engine::Action::Review {
                        text: text.to_string()
                    }
                );
            }
        }
    }

    #[test]
    fn an_action_is_recorded_with_its_line_through_the_runs_tag() {
        let engine = RuleEngine::new();
        let Ok(ast) = engine.compile("let x = 1;\nrule again { review(\"look again\"); }", &[])
        else {
            panic!("compiles");
        };
        let (trace, result) = engine.run_file(&file("t.rhai", &ast), &[], false, far_deadline());
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(trace.actions.len(), 1);
        assert_eq!(trace.actions[0].origin.to_string(), "t.rhai:2");
        assert_eq!(
            trace.actions[0].rule_id.as_ref().map(ToString::to_string),
            Some("t#again".to_string())
        );
    }

    #[test]
    fn the_sandbox_refuses_import_eval_and_object_maps_when_compiling() {
        let engine = RuleEngine::new();
        for source in [
            "import \"x\" as y;",
            "eval(\"1\");",
            "let m = #{a: 1};",
            "try { let x = 1; } catch (e) { }",
            "throw \"stop\";",
        ] {
            let error = engine.compile(source, &[]).err();
            assert!(
                error.is_some_and(|e| e.to_string().contains("not allowed")),
                "{source}"
            );
        }
    }

    #[test]
    fn the_time_budget_stops_a_case_that_runs_too_long() {
        let engine = RuleEngine::new();
        let Ok(ast) = engine.compile("let n = 0; for i in 0..100000 { n += 1; }", &[]) else {
            panic!("compiles");
        };
        // As if the case had already used its whole budget in earlier files.
        let (_, result) = engine.run_file(&file("test.rhai", &ast), &[], false, Instant::now());
        assert!(matches!(result, Err(RunFailure::TimedOut(_))), "{result:?}");
    }

    #[test]
    fn print_output_is_capped_per_file() {
        let engine = RuleEngine::new();
        let Ok(ast) = engine.compile("for i in 0..1000 { print(i); }", &[]) else {
            panic!("compiles");
        };
        let (trace, result) = engine.run_file(&file("test.rhai", &ast), &[], false, far_deadline());
        assert!(result.is_ok());
        assert_eq!(trace.printed.len(), limits::MAX_PRINTED_LINES + 1);
        let last = trace
            .printed
            .last()
            .map(|p| p.text.as_str())
            .unwrap_or_default();
        assert!(last.contains("dropped"), "{last}");
    }

    #[test]
    fn runaway_rules_are_stopped_by_the_limits() {
        let engine = RuleEngine::new();
        assert!(matches!(
            run(&engine, "loop {}"),
            Err(RunFailure::Script(e)) if matches!(*e, EvalAltResult::ErrorTooManyOperations(_))
        ));
        assert!(message(run(&engine, "let s = \"x\"; loop { s += s; }")).contains("800 KiB"));
        assert!(message(run(&engine, "let a = []; loop { a.push(1); }")).contains("1024 items"));
        assert!(matches!(
            run(&engine, "fn f(n) { f(n + 1) } f(0);"),
            Err(RunFailure::Script(e)) if matches!(*e, EvalAltResult::ErrorStackOverflow(_))
        ));
    }
}

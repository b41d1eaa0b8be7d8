//! The Rhai engine that runs rule files, and the rules API they call.
//!
//! The engine is generic: it knows no clinical facts. Rule scripts read the case
//! through read-only section variables (`screening.night_pain`) and act only through
//! the functions registered here (`refer`, `red_flag`, `suggest`, `avoid`, `review`),
//! each of which records what was asked and the line that asked it. Whether a
//! treatment id or urgency exists is checked afterwards against the data files,
//! so the engine never needs to know them.

use std::cell::{Cell, RefCell};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use rhai::{
    Array, Dynamic, EvalAltResult, ImmutableString, NativeCallContext, OptimizationLevel, Position,
    Scope,
};

use crate::case::{Case, Value};
use crate::suggest::did_you_mean;

/// Limits that stop a runaway rule well inside a fraction of a second, and keep
/// its memory small. Each is checked by a test in `tests/bad_rules.rs`.
pub mod limits {
    use super::Duration;
    /// Operations one rule file may run for one case.
    pub const MAX_OPERATIONS: u64 = 500_000;
    /// Wall-clock budget for all rules on one case (a backstop to the operation count).
    pub const MAX_TIME_PER_CASE: Duration = Duration::from_millis(500);
    /// Nested function calls (stops runaway recursion).
    pub const MAX_CALL_LEVELS: usize = 32;
    /// Expression nesting at global and function level.
    pub const MAX_EXPR_DEPTHS: (usize, usize) = (64, 32);
    /// Longest string a rule may build, in bytes.
    pub const MAX_STRING_SIZE: usize = 4_096;
    /// Largest array a rule may build.
    pub const MAX_ARRAY_SIZE: usize = 1_024;
    /// Largest object map a rule may build. Object maps are refused in rules (see
    /// [`super::RuleEngine::new`]); the limit stays as a second line of defence.
    pub const MAX_MAP_SIZE: usize = 256;
    /// `print`/`debug` lines kept per rule file per case. Without a cap, a loop of
    /// prints inside the operation limit could hold and write out hundreds of MB.
    pub const MAX_PRINTED_LINES: usize = 100;
    /// Rules-API calls (refer, red_flag, suggest, avoid, review) one rule file may
    /// make for one case. Each keeps its texts, so without a cap a loop inside the
    /// operation limit could hold hundreds of MB; past it the rule fails (dropping
    /// calls silently would be a partial answer).
    pub const MAX_ACTIONS: usize = 1_000;
    /// Case-field reads one rule file may make for one case (each is kept for
    /// `explain`); past it the rule fails, for the same reason.
    pub const MAX_READS: usize = 20_000;
}

/// Where in a rule file something happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Origin {
    /// `rules/x.rhai:14`, as printed in assessments.
    pub fn rule(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Something a rule asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Refer {
        urgency: String,
        destination: String,
        reason: String,
    },
    RedFlag {
        id: String,
        text: String,
    },
    Suggest {
        treatment: String,
        why: String,
    },
    Avoid {
        treatment: String,
        why: String,
    },
    Review {
        text: String,
    },
}

/// An action with the line that asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub action: Action,
    pub origin: Origin,
}

/// A case value a rule read, for `explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRead {
    pub field: String,
    pub value: Value,
    pub origin: Origin,
}

/// Text a rule printed with `print` or `debug` (never written to stdout).
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub text: String,
    pub file: String,
}

/// What one rule file did for one case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileTrace {
    pub file: String,
    pub actions: Vec<Recorded>,
    pub reads: Vec<FieldRead>,
    pub printed: Vec<Printed>,
}

#[derive(Default)]
struct Recorder {
    current: FileTrace,
    deadline: Option<Instant>,
    timed_out: bool,
}

thread_local! {
    /// Whether a rule is running on this thread, so the panic hook stays quiet (see
    /// [`install_quiet_panic_hook`]).
    static IN_RULE: Cell<bool> = const { Cell::new(false) };

    /// The trace of the rule file running on this thread. Rhai calls the rules API
    /// without a handle to the caller, so the recorder lives here for the duration
    /// of one file's run (see [`RuleEngine::run_file`]); parallel batch runs each
    /// have their own thread and so their own recorder.
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

impl Recorder {
    /// Keeps a `print`/`debug` line, up to [`limits::MAX_PRINTED_LINES`] per file,
    /// then one line saying that the rest was dropped.
    fn print(&mut self, text: String) {
        let printed = &mut self.current.printed;
        let text = match printed.len().cmp(&limits::MAX_PRINTED_LINES) {
            std::cmp::Ordering::Less => text,
            std::cmp::Ordering::Equal => format!(
                "(more print output dropped: at most {} lines per rule file and case)",
                limits::MAX_PRINTED_LINES
            ),
            std::cmp::Ordering::Greater => return,
        };
        printed.push(Printed {
            text,
            file: self.current.file.clone(),
        });
    }
}

fn with_recorder(f: impl FnOnce(&mut Recorder)) {
    RECORDER.with(|cell| {
        if let Some(recorder) = cell.borrow_mut().as_mut() {
            f(recorder);
        }
    });
}

fn record(action: Action, position: Position) -> Result<(), Box<EvalAltResult>> {
    let mut full = false;
    with_recorder(|recorder| {
        if recorder.current.actions.len() >= limits::MAX_ACTIONS {
            full = true;
            return;
        }
        let origin = Origin {
            file: recorder.current.file.clone(),
            line: position.line().unwrap_or(0),
            column: position.position().unwrap_or(0),
        };
        recorder.current.actions.push(Recorded { action, origin });
    });
    if full {
        return Err(format!(
            "this rule file made more than {} rules-API calls for one case: is a call inside a loop?",
            limits::MAX_ACTIONS
        )
        .into());
    }
    Ok(())
}

/// A case section as rules see it: read-only, and reading a field that is not in
/// the vocabulary is an error rather than a silent `()`.
#[derive(Clone)]
pub struct CaseSection {
    name: ImmutableString,
    values: Arc<IndexMap<String, (Dynamic, Value)>>,
}

impl CaseSection {
    fn get(&self, context: &NativeCallContext, field: &str) -> Result<Dynamic, Box<EvalAltResult>> {
        let Some((dynamic, value)) = self.values.get(field) else {
            let hint = did_you_mean(field, self.values.keys().map(String::as_str));
            return Err(format!(
                "`{}.{field}` is not a field of the case vocabulary{hint}",
                self.name
            )
            .into());
        };
        let position = context.call_position();
        let mut full = false;
        with_recorder(|recorder| {
            if recorder.current.reads.len() >= limits::MAX_READS {
                full = true;
                return;
            }
            let origin = Origin {
                file: recorder.current.file.clone(),
                line: position.line().unwrap_or(0),
                column: position.position().unwrap_or(0),
            };
            recorder.current.reads.push(FieldRead {
                field: format!("{}.{field}", self.name),
                value: value.clone(),
                origin,
            });
        });
        if full {
            return Err(format!(
                "this rule file read case fields more than {} times for one case: is a read inside a loop?",
                limits::MAX_READS
            )
            .into());
        }
        Ok(dynamic.clone())
    }
}

fn to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Unknown => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Int(i) => Dynamic::from_int(*i),
        Value::Number(n) => Dynamic::from_float(*n),
        Value::Text(t) => Dynamic::from(ImmutableString::from(t.as_str())),
        Value::List(items) => Dynamic::from_array(
            items
                .iter()
                .map(|t| Dynamic::from(ImmutableString::from(t.as_str())))
                .collect::<Array>(),
        ),
    }
}

/// The case as the section variables rules read.
pub fn case_sections(case: &Case) -> Vec<(String, CaseSection)> {
    case.sections
        .iter()
        .map(|(name, fields)| {
            let values = fields
                .iter()
                .map(|(field, value)| (field.clone(), (to_dynamic(value), value.clone())))
                .collect();
            (
                name.clone(),
                CaseSection {
                    name: name.as_str().into(),
                    values: Arc::new(values),
                },
            )
        })
        .collect()
}

/// The names and parameters of the rules API, for `triage fields` and the docs.
pub const API: &[(&str, &str)] = &[
    (
        "refer(urgency, destination, reason)",
        "Refer onward. The highest urgency of all referrals wins; nothing can lower it.",
    ),
    (
        "red_flag(id, text)",
        "Record a red flag and what it suggests.",
    ),
    (
        "suggest(treatment, why)",
        "Suggest a treatment from the catalogue, with the reason.",
    ),
    (
        "avoid(treatment, why)",
        "Advise against a treatment; this always beats any suggestion of it.",
    ),
    (
        "review(text)",
        "Add a review or escalation step, e.g. \"Refer onward if no improvement after 12 weeks\".",
    ),
    (
        "yes(value)",
        "True only when the answer is known to be true (unknown is not yes).",
    ),
    (
        "no(value)",
        "True only when the answer is known to be false (unknown is not no).",
    ),
    ("known(value)", "True when the field was answered."),
    (
        "unknown(value)",
        "True when the field was left out or null.",
    ),
    (
        "any_of(list, values)",
        "True when a known list field contains any of the values.",
    ),
    (
        "count_yes([values])",
        "How many of the given answers are known to be true.",
    ),
];

/// The one Rhai engine of a rule set: built once, shared by every evaluation.
pub struct RuleEngine {
    engine: rhai::Engine,
}

impl RuleEngine {
    /// Builds a sandboxed engine with limits on and the rules API registered.
    pub fn new() -> Self {
        install_quiet_panic_hook();
        let mut engine = rhai::Engine::new();
        // The optimizer can panic on some mistakes (assigning to a constant's
        // property); rules are small, so running them unoptimised costs nothing.
        engine.set_optimization_level(OptimizationLevel::None);
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
        engine.register_fn(
            "parse_json",
            |_text: &str| -> Result<Dynamic, Box<EvalAltResult>> {
                Err("parse_json() is not available in rules: rules cannot build object maps".into())
            },
        );
        engine.on_progress(|operations| {
            if operations % 1024 != 0 {
                return None;
            }
            let mut stop = false;
            with_recorder(|recorder| {
                if recorder.deadline.is_some_and(|d| Instant::now() > d) {
                    recorder.timed_out = true;
                    stop = true;
                }
            });
            stop.then(|| Dynamic::from("time limit"))
        });
        engine.on_print(|text| with_recorder(|recorder| recorder.print(text.to_string())));
        engine.on_debug(|text, _source, position| {
            let line = position.line().unwrap_or(0);
            with_recorder(|recorder| recorder.print(format!("line {line}: {text}")));
        });

        engine.register_type_with_name::<CaseSection>("CaseSection");
        engine.register_indexer_get(
            |context: NativeCallContext, section: &mut CaseSection, field: &str| {
                section.get(&context, field)
            },
        );
        engine.register_indexer_set(
            |section: &mut CaseSection,
             field: &str,
             _value: Dynamic|
             -> Result<(), Box<EvalAltResult>> {
                Err(format!(
                    "the case is read-only: `{}.{field}` cannot be changed (to compare, write `==`)",
                    section.name
                )
                .into())
            },
        );

        engine.register_fn(
            "refer",
            |context: NativeCallContext, urgency: &str, destination: &str, reason: &str| {
                record(
                    Action::Refer {
                        urgency: urgency.to_string(),
                        destination: destination.to_string(),
                        reason: reason.to_string(),
                    },
                    context.call_position(),
                )
            },
        );
        engine.register_fn(
            "red_flag",
            |context: NativeCallContext, id: &str, text: &str| {
                record(
                    Action::RedFlag {
                        id: id.to_string(),
                        text: text.to_string(),
                    },
                    context.call_position(),
                )
            },
        );
        engine.register_fn(
            "suggest",
            |context: NativeCallContext, treatment: &str, why: &str| {
                record(
                    Action::Suggest {
                        treatment: treatment.to_string(),
                        why: why.to_string(),
                    },
                    context.call_position(),
                )
            },
        );
        engine.register_fn(
            "avoid",
            |context: NativeCallContext, treatment: &str, why: &str| {
                record(
                    Action::Avoid {
                        treatment: treatment.to_string(),
                        why: why.to_string(),
                    },
                    context.call_position(),
                )
            },
        );
        engine.register_fn("review", |context: NativeCallContext, text: &str| {
            record(
                Action::Review {
                    text: text.to_string(),
                },
                context.call_position(),
            )
        });

        // Unknown-safe helpers: unknown is neither yes nor no.
        engine.register_fn("yes", |value: Dynamic| value.as_bool().unwrap_or(false));
        engine.register_fn("no", |value: Dynamic| value.as_bool().is_ok_and(|b| !b));
        engine.register_fn("known", |value: Dynamic| !value.is_unit());
        engine.register_fn("unknown", |value: Dynamic| value.is_unit());
        engine.register_fn("count_yes", |values: Array| {
            values
                .iter()
                .filter(|v| v.as_bool().unwrap_or(false))
                .count() as rhai::INT
        });
        engine.register_fn("any_of", |list: Dynamic, wanted: Array| {
            let Some(list) = list.try_cast::<Array>() else {
                return false;
            };
            list.iter().any(|item| {
                let item = item.to_string();
                wanted.iter().any(|w| w.to_string() == item)
            })
        });
        // With fast operators on, Rhai answers mixed-type comparisons itself (false)
        // before looking at registered functions; off, the refusals below apply.
        engine.set_fast_operators(false);
        refuse_mixed_comparisons(&mut engine);
        // `"stairs" in complaint.aggravated_by` is false, not an error, when the list is unknown.
        engine.register_fn("contains", |_unknown: (), _item: Dynamic| false);

        RuleEngine { engine }
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

    /// The underlying Rhai engine (for static analysis of compiled rules).
    pub fn rhai(&self) -> &rhai::Engine {
        &self.engine
    }

    /// Starts an evaluation on this thread: a fresh recorder with a time budget.
    pub fn begin(&self) -> EvaluationGuard {
        RECORDER.with(|cell| {
            *cell.borrow_mut() = Some(Recorder {
                deadline: Some(Instant::now() + limits::MAX_TIME_PER_CASE),
                ..Recorder::default()
            });
        });
        EvaluationGuard { _private: () }
    }

    /// Runs one compiled rule file against the case sections with a fresh scope.
    /// Returns the file's trace, or the Rhai error and the trace so far.
    pub fn run_file(
        &self,
        _guard: &EvaluationGuard,
        file: &str,
        ast: &rhai::AST,
        sections: &[(String, CaseSection)],
    ) -> (FileTrace, Result<(), RunFailure>) {
        with_recorder(|recorder| {
            recorder.current = FileTrace {
                file: file.to_string(),
                ..FileTrace::default()
            };
        });
        let mut scope = Scope::new();
        for (name, section) in sections {
            scope.push_constant(name.clone(), section.clone());
        }
        IN_RULE.with(|flag| flag.set(true));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.engine.run_ast_with_scope(&mut scope, ast)
        }));
        IN_RULE.with(|flag| flag.set(false));
        let mut trace = FileTrace::default();
        let mut timed_out = false;
        with_recorder(|recorder| {
            trace = std::mem::take(&mut recorder.current);
            timed_out = recorder.timed_out;
        });
        let result = match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) if timed_out => Err(RunFailure::TimedOut(error.position())),
            Ok(Err(error)) => Err(RunFailure::Script(plain(*error))),
            Err(panic) => Err(RunFailure::Panicked(panic_message(panic.as_ref()))),
        };
        (trace, result)
    }
}

impl Default for RuleEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// Keeps the thread's recorder alive for one evaluation and clears it afterwards.
pub struct EvaluationGuard {
    _private: (),
}

impl Drop for EvaluationGuard {
    fn drop(&mut self) {
        RECORDER.with(|cell| *cell.borrow_mut() = None);
    }
}

/// Why a rule file did not finish.
#[derive(Debug)]
pub enum RunFailure {
    /// The script raised an error (or hit an engine limit).
    Script(Box<EvalAltResult>),
    /// The case's time budget ran out in this file.
    TimedOut(Position),
    /// Rhai itself panicked (a bug in the engine triggered by the script).
    Panicked(String),
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

/// Rhai's wording for some errors is written for Rust programmers (`no function *
/// (&str | ImmutableString | String, i64)`, `Cannot assign to indexer of constant`).
/// This rewrites those into plain words for the person editing the rule; the
/// position is kept, so the message still points at the line.
fn plain(error: EvalAltResult) -> Box<EvalAltResult> {
    use EvalAltResult as E;
    let runtime =
        |text: String, position: Position| Box::new(E::ErrorRuntime(Dynamic::from(text), position));
    match error {
        E::ErrorInFunctionCall(name, source, inner, position) => {
            // Closures are named `anon$<hash>` inside Rhai.
            let name = if name.starts_with("anon$") {
                "closure".to_string()
            } else {
                name
            };
            Box::new(E::ErrorInFunctionCall(
                name,
                source,
                plain(*inner),
                position,
            ))
        }
        E::ErrorNonPureMethodCallOnConstant(name, position) if name.starts_with("index$set$") => {
            runtime(
                "the case is read-only: its fields cannot be assigned (to compare, write `==`)"
                    .to_string(),
                position,
            )
        }
        E::ErrorDataTooLarge(what, position) => {
            let what = if what.contains("string") {
                format!("a text grew longer than {} bytes", limits::MAX_STRING_SIZE)
            } else if what.contains("array") {
                format!("a list grew longer than {} items", limits::MAX_ARRAY_SIZE)
            } else if what.contains("map") {
                format!(
                    "an object map grew larger than {} entries",
                    limits::MAX_MAP_SIZE
                )
            } else {
                format!("{what} grew too large")
            };
            runtime(
                format!("{what}, the engine's limit: the rule was stopped"),
                position,
            )
        }
        // Signatures with `()` are about unknown answers; they are explained elsewhere.
        E::ErrorFunctionNotFound(signature, position) if !signature.contains("()") => {
            let (name, types) = match signature.split_once(" (") {
                Some((name, rest)) => (name, rest.trim_end_matches(')')),
                None => (signature.as_str(), ""),
            };
            let types: Vec<String> = types
                .split(", ")
                .filter(|t| !t.is_empty())
                .map(plain_type)
                .collect();
            if !name.is_empty() && !name.chars().any(|c| c.is_alphanumeric() || c == '_') {
                let message = match types.as_slice() {
                    [one] => format!("type mismatch: `{name}` cannot be used on {one}"),
                    [left, right] => {
                        format!("type mismatch: `{name}` cannot be used between {left} and {right}")
                    }
                    _ => format!("type mismatch: `{name}` cannot be used here"),
                };
                return runtime(message, position);
            }
            let api = API.iter().filter_map(|(call, _)| call.split('(').next());
            let hint = did_you_mean(name, api.filter(|known| *known != name));
            Box::new(E::ErrorFunctionNotFound(
                format!("{name} ({}){hint}", types.join(", ")),
                position,
            ))
        }
        other => Box::new(other),
    }
}

/// A Rhai type name in words.
fn plain_type(name: &str) -> String {
    match name {
        "i64" | "i32" => "a whole number",
        "f64" | "f32" => "a decimal number",
        "bool" => "true/false",
        "char" => "a character",
        "array" => "a list",
        "map" => "an object map",
        "CaseSection" => "a case section",
        "Fn" => "a function",
        text if text.contains("String") || text.contains("str") => "text",
        other => return other.to_string(),
    }
    .to_string()
}

/// Installs, once per process, a panic hook that stays quiet while a rule runs.
/// A panic inside Rhai is caught in [`RuleEngine::run_file`] and reported as a rule
/// error naming the file; without this, the default hook would also print
/// "thread 'main' panicked at ..." with Rhai's internals to the user. Panics
/// anywhere else still go to the previous hook.
fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_RULE.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(engine: &RuleEngine, source: &str) -> Result<(), RunFailure> {
        let ast = match engine.compile(source, &[]) {
            Ok(ast) => ast,
            Err(error) => panic!("does not compile: {error}"),
        };
        let guard = engine.begin();
        engine.run_file(&guard, "test.rhai", &ast, &[]).1
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
        assert!(run(&engine, "if () == true { throw \"unknown is not yes\" }").is_ok());
        assert!(run(&engine, "if () > 3 { throw \"unknown is not more\" }").is_ok());
        assert!(
            run(
                &engine,
                "if 6.0 == 6 && 5 < 5.5 {} else { throw \"numbers\" }"
            )
            .is_ok()
        );
    }

    #[test]
    fn the_sandbox_refuses_import_eval_and_object_maps_when_compiling() {
        let engine = RuleEngine::new();
        for source in ["import \"x\" as y;", "eval(\"1\");", "let m = #{a: 1};"] {
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
        let guard = engine.begin();
        // As if the case had already used its whole budget in earlier files.
        with_recorder(|recorder| recorder.deadline = Some(Instant::now()));
        let (_, result) = engine.run_file(&guard, "test.rhai", &ast, &[]);
        assert!(matches!(result, Err(RunFailure::TimedOut(_))), "{result:?}");
    }

    #[test]
    fn print_output_is_capped_per_file() {
        let engine = RuleEngine::new();
        let Ok(ast) = engine.compile("for i in 0..1000 { print(i); }", &[]) else {
            panic!("compiles");
        };
        let guard = engine.begin();
        let (trace, result) = engine.run_file(&guard, "test.rhai", &ast, &[]);
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
        assert!(message(run(&engine, "let s = \"x\"; loop { s += s; }")).contains("4096 bytes"));
        assert!(message(run(&engine, "let a = []; loop { a.push(1); }")).contains("1024 items"));
        assert!(matches!(
            run(&engine, "fn f(n) { f(n + 1) } f(0);"),
            Err(RunFailure::Script(e)) if matches!(*e, EvalAltResult::ErrorStackOverflow(_))
        ));
    }
}

//! The rules API: the one table of every function a rule file may call.
//!
//! Each entry gives the name, the parameters with the kind of argument each takes,
//! and a one-line doc. The table drives everything else: registration with Rhai
//! ([`register`]), the static analysis and `triage check` (arity and literal
//! arguments), the run-time checks of each recorded action, the plain wording of
//! errors, and `triage fields`. Adding a function is one entry here (and, for a
//! new action, one [`Action`] variant).

use rhai::{Array, Dynamic, EvalAltResult, NativeCallContext};

use super::case_view::value_of;
use super::trace::{Action, ActionKind, with_recorder};

/// What an argument must be. Checked statically on literals by `triage check`
/// and at run time on every recorded action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// An urgency of the referral scale above the lowest (text).
    Urgency,
    /// A destination of the referral scale (text).
    Destination,
    /// A treatment id of the catalogue (text).
    Treatment,
    /// A red-flag id: text in snake_case.
    RedFlagId,
    /// Text shown to the clinician; not blank.
    Text,
    /// The name of a shared definition: snake_case text, written as a literal.
    DefinitionName,
    /// Any answer read from the case (true/false, number, text, list or unknown).
    Answer,
    /// A list of answers, written `[a, b]`.
    Answers,
    /// A list of allowed values, written `["x", "y"]`.
    Values,
}

impl ArgKind {
    /// Whether an argument of this kind is checked against the data files (or
    /// for blank and unsafe text); a value read from the case is not.
    pub fn checked(self) -> bool {
        !matches!(self, ArgKind::Answer | ArgKind::Answers | ArgKind::Values)
    }
}

/// One parameter of a rules-API function.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: ArgKind,
}

/// Which helper a function is, for the static analysis that knows what each means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    Yes,
    No,
    NotYes,
    Known,
    Unknown,
    IsNot,
    AnyOf,
    CountYes,
}

/// What a function does: record an action, or answer a question about values.
#[derive(Clone, Copy)]
pub enum Role {
    /// Records an action with its line; the engine builds the assessment from these.
    Action(ActionKind),
    /// A helper that only computes; registered by the given function.
    Helper(Helper, fn(&mut rhai::Engine, &'static str)),
}

/// One function of the rules API.
#[derive(Clone, Copy)]
pub struct ApiFunction {
    pub name: &'static str,
    pub params: &'static [Param],
    /// One line, in a physiotherapist's words.
    pub doc: &'static str,
    pub role: Role,
}

impl ApiFunction {
    /// Whether this function records an action.
    pub fn is_action(&self) -> bool {
        matches!(self.role, Role::Action(_))
    }

    /// Whether this function records the action `kind`.
    pub fn records(&self, kind: ActionKind) -> bool {
        matches!(self.role, Role::Action(k) if k == kind)
    }

    /// The parameter names.
    pub fn param_names(&self) -> Vec<&'static str> {
        self.params.iter().map(|p| p.name).collect()
    }

    /// `refer(urgency, destination, reason)`.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.param_names().join(", "))
    }
}

const fn param(name: &'static str, kind: ArgKind) -> Param {
    Param { name, kind }
}

/// The rules API, in the order `triage fields` lists it.
pub(crate) const API: &[ApiFunction] = &[
    ApiFunction {
        name: "refer",
        params: &[
            param("urgency", ArgKind::Urgency),
            param("destination", ArgKind::Destination),
            param("reason", ArgKind::Text),
        ],
        doc: "Refer onward. The highest urgency of all referrals wins; nothing can lower it.",
        role: Role::Action(ActionKind::Refer),
    },
    ApiFunction {
        name: "red_flag",
        params: &[
            param("id", ArgKind::RedFlagId),
            param("text", ArgKind::Text),
        ],
        doc: "Record a red flag and what it suggests.",
        role: Role::Action(ActionKind::RedFlag),
    },
    ApiFunction {
        name: "suggest",
        params: &[
            param("treatment", ArgKind::Treatment),
            param("why", ArgKind::Text),
        ],
        doc: "Suggest a treatment from the catalogue, with the reason.",
        role: Role::Action(ActionKind::Suggest),
    },
    ApiFunction {
        name: "avoid",
        params: &[
            param("treatment", ArgKind::Treatment),
            param("why", ArgKind::Text),
        ],
        doc: "Advise against a treatment; this always beats any suggestion of it.",
        role: Role::Action(ActionKind::Avoid),
    },
    ApiFunction {
        name: "review",
        params: &[param("text", ArgKind::Text)],
        doc: "Add a review or escalation step, e.g. \"Refer onward if no improvement after 12 weeks\".",
        role: Role::Action(ActionKind::Review),
    },
    ApiFunction {
        name: "define",
        params: &[
            param("name", ArgKind::DefinitionName),
            param("value", ArgKind::Answer),
        ],
        doc: "In a file under rules/definitions/ only: name a concept once (true/false, a number, a text or unknown); every later file reads it as defined.name.",
        role: Role::Action(ActionKind::Define),
    },
    ApiFunction {
        name: "yes",
        params: &[param("value", ArgKind::Answer)],
        doc: "True only when the answer is known to be true (unknown is not yes).",
        role: Role::Helper(Helper::Yes, |engine, name| {
            engine.register_fn(name, |value: Dynamic| value.as_bool().unwrap_or(false));
        }),
    },
    ApiFunction {
        name: "no",
        params: &[param("value", ArgKind::Answer)],
        doc: "True only when the answer is known to be false (unknown is not no).",
        role: Role::Helper(Helper::No, |engine, name| {
            engine.register_fn(name, |value: Dynamic| value.as_bool().is_ok_and(|b| !b));
        }),
    },
    ApiFunction {
        name: "not_yes",
        params: &[param("value", ArgKind::Answer)],
        doc: "True unless the answer is known to be true: true for no and for unknown (\"not known to be yes\"). Write it where `!x` or `x != true` would hide that unknown counts.",
        role: Role::Helper(Helper::NotYes, |engine, name| {
            engine.register_fn(name, |value: Dynamic| !value.as_bool().unwrap_or(false));
        }),
    },
    ApiFunction {
        name: "known",
        params: &[param("value", ArgKind::Answer)],
        doc: "True when the field was answered.",
        role: Role::Helper(Helper::Known, |engine, name| {
            engine.register_fn(name, |value: Dynamic| !value.is_unit());
        }),
    },
    ApiFunction {
        name: "unknown",
        params: &[param("value", ArgKind::Answer)],
        doc: "True when the field was left out or null.",
        role: Role::Helper(Helper::Unknown, |engine, name| {
            engine.register_fn(name, |value: Dynamic| value.is_unit());
        }),
    },
    ApiFunction {
        name: "is_not",
        params: &[
            param("value", ArgKind::Answer),
            param("other", ArgKind::Answer),
        ],
        doc: "True when the answer is known and differs from the other value: is_not(complaint.onset, \"sudden\"). Unknown is not different; to count it, write unknown(x) || is_not(x, v).",
        role: Role::Helper(Helper::IsNot, |engine, name| {
            engine.register_fn(name, |value: Dynamic, other: Dynamic| {
                if value.is_unit() || other.is_unit() {
                    return Ok(false);
                }
                differs(&value, &other)
            });
        }),
    },
    ApiFunction {
        name: "any_of",
        params: &[
            param("list", ArgKind::Answer),
            param("values", ArgKind::Values),
        ],
        doc: "True when a known list field contains any of the values.",
        role: Role::Helper(Helper::AnyOf, |engine, name| {
            engine.register_fn(name, |list: Dynamic, wanted: Array| {
                let Some(list) = list.try_cast::<Array>() else {
                    return false;
                };
                list.iter().any(|item| {
                    let item = item.to_string();
                    wanted.iter().any(|w| w.to_string() == item)
                })
            });
        }),
    },
    ApiFunction {
        name: "count_yes",
        params: &[param("values", ArgKind::Answers)],
        doc: "How many of the given answers are known to be true.",
        role: Role::Helper(Helper::CountYes, |engine, name| {
            engine.register_fn(name, |values: Array| {
                let count = values
                    .iter()
                    .filter(|v| v.as_bool().unwrap_or(false))
                    .count();
                rhai::INT::try_from(count).unwrap_or(rhai::INT::MAX)
            });
        }),
    },
];

/// Whether two known values differ, as `!=` tells them apart; values of
/// different kinds are refused, as the sandbox refuses `==` between them.
fn differs(value: &Dynamic, other: &Dynamic) -> Result<bool, Box<EvalAltResult>> {
    #[allow(clippy::cast_precision_loss)]
    let number = |v: &Dynamic| {
        v.as_int()
            .map(|i| i as rhai::FLOAT)
            .or_else(|_| v.as_float())
            .ok()
    };
    if let (Some(a), Some(b)) = (number(value), number(other)) {
        // Exactly as `!=` compares numbers.
        #[allow(clippy::float_cmp)]
        return Ok(a != b);
    }
    if value.type_name() == other.type_name() {
        return Ok(value.to_string() != other.to_string());
    }
    Err(format!(
        "type mismatch: is_not compares {} with {}, which is never the same kind (is a value quoted, or unquoted, by mistake?)",
        kind_of(value),
        kind_of(other)
    )
    .into())
}

/// A value's kind, in the words of the sandbox's type errors.
fn kind_of(value: &Dynamic) -> &'static str {
    if value.is_int() || value.is_float() {
        "a number"
    } else if value.is_string() {
        "text"
    } else if value.is_bool() {
        "true/false"
    } else if value.is_array() {
        "a list"
    } else {
        "another kind of value"
    }
}

/// The variable through which rules read the shared definitions: `defined.name`
/// (reserved in the vocabulary, so no case section can take the name).
pub(crate) use crate::case::DEFINED;

/// The rules-API function called `name`.
pub(crate) fn lookup(name: &str) -> Option<&'static ApiFunction> {
    API.iter().find(|f| f.name == name)
}

/// The rules-API function that records `kind`.
pub(crate) fn recording(kind: ActionKind) -> Option<&'static ApiFunction> {
    API.iter()
        .find(|f| matches!(f.role, Role::Action(k) if k == kind))
}

/// Whether `name` is the rules-API helper `helper`.
pub(crate) fn is_helper(name: &str, helper: Helper) -> bool {
    lookup(name).is_some_and(|f| matches!(f.role, Role::Helper(h, _) if h == helper))
}

/// The names of every rules-API function.
pub(super) fn names() -> impl Iterator<Item = &'static str> + Clone {
    API.iter().map(|f| f.name)
}

/// Registers every function of [`API`] with the engine.
pub(super) fn register(engine: &mut rhai::Engine) {
    for function in API {
        match function.role {
            Role::Helper(_, register_helper) => register_helper(engine, function.name),
            Role::Action(kind) => register_action(engine, function, kind),
        }
    }
}

type Recorded = Result<(), Box<EvalAltResult>>;

fn record(context: &NativeCallContext, kind: ActionKind, args: Vec<String>) -> Recorded {
    let position = context.call_position();
    with_recorder(context, |recorder| recorder.act(kind.build(args), position))
}

/// Registers an action function taking its parameters as text.
fn register_action(engine: &mut rhai::Engine, function: &ApiFunction, kind: ActionKind) {
    let name = function.name;
    if kind == ActionKind::Define {
        engine.register_fn(
            name,
            move |context: NativeCallContext, definition: &str, value: Dynamic| {
                let value = value_of(&value).map_err(Box::<EvalAltResult>::from)?;
                let position = context.call_position();
                let action = Action::Define {
                    name: definition.to_string(),
                    value,
                };
                with_recorder(&context, |recorder| recorder.act(action, position))
            },
        );
        return;
    }
    match function.params.len() {
        1 => {
            engine.register_fn(name, move |context: NativeCallContext, a: &str| {
                record(&context, kind, vec![a.to_string()])
            });
        }
        2 => {
            engine.register_fn(name, move |context: NativeCallContext, a: &str, b: &str| {
                record(&context, kind, vec![a.to_string(), b.to_string()])
            });
        }
        _ => {
            engine.register_fn(
                name,
                move |context: NativeCallContext, a: &str, b: &str, c: &str| {
                    record(
                        &context,
                        kind,
                        vec![a.to_string(), b.to_string(), c.to_string()],
                    )
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> Result<bool, Box<EvalAltResult>> {
        let mut engine = rhai::Engine::new();
        register(&mut engine);
        engine.eval::<bool>(source)
    }

    #[test]
    fn not_yes_is_true_for_no_and_unknown_and_is_not_is_false_for_unknown() {
        assert_eq!(run("not_yes(())").ok(), Some(true));
        assert_eq!(run("not_yes(false)").ok(), Some(true));
        assert_eq!(run("not_yes(true)").ok(), Some(false));
        assert_eq!(run("is_not((), \"sudden\")").ok(), Some(false));
        assert_eq!(run("is_not(\"gradual\", \"sudden\")").ok(), Some(true));
        assert_eq!(run("is_not(\"sudden\", \"sudden\")").ok(), Some(false));
        assert_eq!(run("is_not(52, 52.0)").ok(), Some(false));
        assert_eq!(run("is_not(51, 52)").ok(), Some(true));
        assert_eq!(run("is_not(false, true)").ok(), Some(true));
        assert!(
            run("is_not(52, \"52\")")
                .err()
                .is_some_and(|e| e.to_string().contains("type mismatch"))
        );
    }

    #[test]
    fn every_action_kind_has_one_entry_and_its_arity_matches_the_action() {
        for function in API.iter().filter(|f| f.is_action()) {
            let Role::Action(kind) = function.role else {
                continue;
            };
            let args = vec!["x".to_string(); function.params.len()];
            assert!(kind.build(args).arguments().len() <= function.params.len());
            assert!((1..=3).contains(&function.params.len()));
        }
        assert_eq!(lookup("refer").map(|f| f.params.len()), Some(3));
    }
}

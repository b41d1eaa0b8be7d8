//! What one rule file did for one case: the actions it took, and, when a trace is
//! asked for, the case values it read, each with its line.
//!
//! The [`Recorder`] is owned by the evaluation of one file and handed to Rhai as the
//! run's tag, so the rules API reaches it through its call context. A call that
//! finds no recorder is an error, never a dropped action.

use rhai::{Dynamic, EvalAltResult, NativeCallContext, Position};

use super::limits;
use crate::case::Value;
use crate::place::{Origin, RuleId};

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
    /// A shared definition, made in a file under `rules/definitions/` and read
    /// by later files as `defined.name`.
    Define {
        name: String,
        value: Value,
    },
}

impl Action {
    /// Which rules-API function records this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Refer { .. } => ActionKind::Refer,
            Action::RedFlag { .. } => ActionKind::RedFlag,
            Action::Suggest { .. } => ActionKind::Suggest,
            Action::Avoid { .. } => ActionKind::Avoid,
            Action::Review { .. } => ActionKind::Review,
            Action::Define { .. } => ActionKind::Define,
        }
    }

    /// The texts the rule gave, in parameter order (for the argument checks).
    pub fn arguments(&self) -> Vec<&str> {
        match self {
            Action::Refer {
                urgency,
                destination,
                reason,
            } => vec![urgency, destination, reason],
            Action::RedFlag { id, text } => vec![id, text],
            Action::Suggest { treatment, why } | Action::Avoid { treatment, why } => {
                vec![treatment, why]
            }
            Action::Review { text } => vec![text],
            Action::Define { name, .. } => vec![name],
        }
    }
}

/// Which action a recording function records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Refer,
    RedFlag,
    Suggest,
    Avoid,
    Review,
    Define,
}

impl ActionKind {
    /// The action from its arguments, in parameter order.
    pub(super) fn build(self, mut args: Vec<String>) -> Action {
        let mut next = || {
            if args.is_empty() {
                String::new()
            } else {
                args.remove(0)
            }
        };
        match self {
            ActionKind::Refer => Action::Refer {
                urgency: next(),
                destination: next(),
                reason: next(),
            },
            ActionKind::RedFlag => Action::RedFlag {
                id: next(),
                text: next(),
            },
            ActionKind::Suggest => Action::Suggest {
                treatment: next(),
                why: next(),
            },
            ActionKind::Avoid => Action::Avoid {
                treatment: next(),
                why: next(),
            },
            ActionKind::Review => Action::Review { text: next() },
            ActionKind::Define => Action::Define {
                name: next(),
                value: Value::Unknown,
            },
        }
    }
}

/// An action with the rule line that asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub action: Action,
    /// The rule file and line.
    pub origin: Origin,
    /// The rule block that took the action (none for a definition).
    pub rule_id: Option<RuleId>,
    /// The 1-based column of the call, for error carets.
    pub column: usize,
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
    /// Only filled when a trace was asked for ([`Recorder::tracing`]).
    pub reads: Vec<FieldRead>,
    pub printed: Vec<Printed>,
}

/// Collects one rule file's trace while it runs.
#[derive(Debug, Clone, Default)]
pub(super) struct Recorder {
    pub trace: FileTrace,
    /// Whether case reads are kept (for `explain` and `test`); `assess` does not pay for them.
    pub tracing: bool,
    /// Whether this is a definition file, which may only define (and the others may not).
    pub definitions_file: bool,
    /// The file's part of every rule id: its path in the rule set (`red_flags/cauda_equina`).
    pub rule_file: String,
    /// The rule block running now, if any: its name.
    pub rule: Option<String>,
}

impl Recorder {
    /// A recorder for `file`, whose rules are named `rule_file#name`.
    pub(super) fn new(file: &str, rule_file: &str, tracing: bool, definitions_file: bool) -> Self {
        Recorder {
            trace: FileTrace {
                file: file.to_string(),
                ..FileTrace::default()
            },
            tracing,
            definitions_file,
            rule_file: rule_file.to_string(),
            rule: None,
        }
    }

    /// Enters the rule block `name`: every action until [`Recorder::leave_rule`]
    /// carries its id. A rule block inside another is refused: an action must have
    /// one rule, and the outer rule would lose the actions of the inner one.
    pub(super) fn enter_rule(&mut self, name: &str) -> Result<(), Box<EvalAltResult>> {
        if self.definitions_file {
            return Err("a definition file makes definitions, not rules: move the rule block to a rule file outside rules/definitions/".into());
        }
        if let Some(outer) = &self.rule {
            return Err(format!(
                "the rule block `{name}` is inside the rule block `{outer}`: rule blocks cannot be nested (end `{outer}` first, or make `{name}` part of it)"
            )
            .into());
        }
        self.rule = Some(name.to_string());
        Ok(())
    }

    /// Leaves the rule block that is running.
    pub(super) fn leave_rule(&mut self) {
        self.rule = None;
    }

    fn origin(&self, position: Position) -> (Origin, usize) {
        (
            Origin::line(self.trace.file.clone(), position.line().unwrap_or(0)),
            position.position().unwrap_or(0),
        )
    }

    /// Keeps an action, or fails past [`limits::MAX_ACTIONS`].
    pub(super) fn act(
        &mut self,
        action: Action,
        position: Position,
    ) -> Result<(), Box<EvalAltResult>> {
        let defining = matches!(action, Action::Define { .. });
        if self.definitions_file && !defining {
            return Err("a definition file only makes definitions: referrals, red flags, treatments and reviews belong in the other rule files".into());
        }
        if defining && !self.definitions_file {
            return Err("definitions are made only in files under rules/definitions/, which run first: read them here as `defined.name`".into());
        }
        if self.trace.actions.len() >= limits::MAX_ACTIONS {
            return Err(format!(
                "this rule file made more than {} rules-API calls for one case: is a call inside a loop?",
                limits::MAX_ACTIONS
            )
            .into());
        }
        let rule_id = match &self.rule {
            Some(_) if defining => {
                return Err(
                    "a definition is not made inside a rule block: write define(...) outside it"
                        .into(),
                );
            }
            Some(name) => Some(RuleId::new(&self.rule_file, name)),
            None if defining => None,
            None => {
                return Err("every referral, red flag, suggestion, avoid and review is made inside a named rule block, `rule name { ... }`, so that it has a stable id".into());
            }
        };
        let (origin, column) = self.origin(position);
        self.trace.actions.push(Recorded {
            action,
            origin,
            rule_id,
            column,
        });
        Ok(())
    }

    /// The value of a definition made earlier in this file, if any.
    pub(super) fn defined(&self, name: &str) -> Option<Value> {
        self.trace
            .actions
            .iter()
            .rev()
            .find_map(|recorded| match &recorded.action {
                Action::Define {
                    name: defined,
                    value,
                } if defined == name => Some(value.clone()),
                _ => None,
            })
    }

    /// Keeps a case read when tracing, or fails past [`limits::MAX_READS`].
    pub(super) fn read(
        &mut self,
        field: impl FnOnce() -> String,
        value: &Value,
        position: Position,
    ) -> Result<(), Box<EvalAltResult>> {
        if !self.tracing {
            return Ok(());
        }
        if self.trace.reads.len() >= limits::MAX_READS {
            return Err(format!(
                "this rule file read case fields more than {} times for one case: is a read inside a loop?",
                limits::MAX_READS
            )
            .into());
        }
        let (origin, _) = self.origin(position);
        self.trace.reads.push(FieldRead {
            field: field(),
            value: value.clone(),
            origin,
        });
        Ok(())
    }

    /// Keeps a `print`/`debug` line, up to [`limits::MAX_PRINTED_LINES`] per file,
    /// then one line saying that the rest was dropped.
    pub(super) fn print(&mut self, text: String) {
        let printed = &mut self.trace.printed;
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
            file: self.trace.file.clone(),
        });
    }
}

/// Runs `f` on the recorder of the running rule file. Rhai gives registered
/// functions the run's tag, which holds the recorder; without one the call fails
/// loudly, because a dropped action would be a silent partial answer.
pub(super) fn with_recorder<T>(
    context: &NativeCallContext,
    f: impl FnOnce(&mut Recorder) -> Result<T, Box<EvalAltResult>>,
) -> Result<T, Box<EvalAltResult>> {
    with_tag(context.tag(), f)
}

/// Runs `f` on the recorder held by a run's tag (for the custom syntax, whose
/// context is not a [`NativeCallContext`]).
pub(super) fn with_tag<T>(
    tag: Option<&Dynamic>,
    f: impl FnOnce(&mut Recorder) -> Result<T, Box<EvalAltResult>>,
) -> Result<T, Box<EvalAltResult>> {
    let missing = || -> Box<EvalAltResult> {
        "the rules API was called outside an evaluation (no recorder): nothing was recorded".into()
    };
    // The tag is a shared value: this clone is another handle on the same recorder.
    let mut tag: Dynamic = tag.ok_or_else(missing)?.clone();
    let mut recorder = tag.write_lock::<Recorder>().ok_or_else(missing)?;
    f(&mut recorder)
}

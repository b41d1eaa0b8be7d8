//! The native evaluation: a second, much faster way to run the common part of
//! the rules language on a case, which answers only where it is certain to give
//! exactly what Rhai gives, and otherwise says it cannot tell.
//!
//! Most rule files record nothing for a given case: their guards are false. Rhai
//! still walks every `let` and every guard of each, through its general function
//! resolution. Here a file is compiled once, when the rules load, into a small
//! tree of what it does in the subset this module knows ([`program`]: `let`,
//! `if`/`else`, blocks, rule blocks, the rules-API calls, comparisons, `!`, `&&`,
//! `||`, `in`, literals, lists, case fields and definitions), and run on each
//! case ([`interpret`]) with the operators' exact semantics ([`value`]). Whenever
//! Rhai would raise an error (an unknown field or definition, a comparison the
//! sandbox refuses, a non-true/false guard, a rule block inside another, a list
//! past the size limits), or whenever the file does something outside the subset
//! (a loop, `print`, a function of its own, a method call, arithmetic) on the
//! path the case takes, the answer is [`CannotTell`] and the evaluation runs the
//! file in Rhai from its start: a native run has no effect of its own to undo.
//!
//! Because this is a second implementation of the sandbox's semantics, the
//! evaluation has a differential mode that runs both and compares every trace
//! (`evaluation::Evaluator::Differential`), used by the tests on every fixture and
//! on generated cases.

mod interpret;
mod program;
mod value;

pub(crate) use interpret::{Env, run};
pub(crate) use program::{File, Names, Program, compile};

#[cfg(test)]
mod tests;

//! The named rule block, `rule name { ... }`: what gives every action a stable id.
//!
//! ```rhai
//! rule some_name {
//!     if defined.some_finding {
//!         red_flag("some_flag", "...");
//!         refer("some_urgency", "some_destination", "...");
//!     }
//! }
//! ```
//!
//! A file and line change whenever a line is added above; the name of the block
//! does not. It is Rhai custom syntax, so the block is ordinary Rhai that runs in
//! the file's scope (it reads and sets the file's `let` variables, and its own
//! `let`s end with it). While it runs, the file's recorder holds its name, and every
//! action recorded meanwhile carries the id `file#name`. Blocks do not nest: the
//! recorder refuses one inside another, and `triage check` refuses it first.

use rhai::{Dynamic, EvalAltResult, EvalContext, Expression};

use super::trace::with_tag;

/// The keyword that starts a rule block.
pub(crate) const KEYWORD: &str = "rule";

/// Registers the rule block with the engine.
pub(super) fn register(engine: &mut rhai::Engine) {
    let registered = engine.register_custom_syntax([KEYWORD, "$ident$", "$block$"], false, run);
    // The symbols are fixed and valid: a failure here is a bug in this file, and
    // would show at once, as every shipped rule file would fail to compile.
    debug_assert!(registered.is_ok(), "the rule block syntax registers");
}

/// Runs one rule block: its name on the recorder, the block, the name off again
/// (also when the block fails, though the case stops then anyway).
fn run(context: &mut EvalContext, inputs: &[Expression]) -> Result<Dynamic, Box<EvalAltResult>> {
    let (Some(name_input), Some(block)) = (inputs.first(), inputs.get(1)) else {
        return Err("a rule block is written `rule name { ... }`".into());
    };
    let name = name_input
        .get_string_value()
        .unwrap_or_default()
        .to_string();
    with_tag(Some(context.tag()), |recorder| recorder.enter_rule(&name)).map_err(|mut error| {
        error.set_position(name_input.position());
        error
    })?;
    let result = context.eval_expression_tree(block);
    with_tag(Some(context.tag()), |recorder| {
        recorder.leave_rule();
        Ok(())
    })?;
    result.map(|_| Dynamic::UNIT)
}

//! One compiled rule file: its path, its text and its syntax tree, and how a rule
//! file is compiled.

use crate::engine::{self, RuleEngine};
use crate::error::Error;

/// One compiled rule file.
pub struct RuleFile {
    /// Path as shown to users, e.g. `rules/red_flags/fracture.rhai`.
    pub path: String,
    /// The file inside the rule set, without `.rhai` (`red_flags/fracture`): the
    /// first part of the id of each of its rules, the same whichever folder or git
    /// revision the rule set is read from.
    pub name: String,
    pub source: String,
    pub ast: rhai::AST,
    /// A file under `rules/definitions/`: it runs before the others and may only define.
    pub definitions: bool,
    /// Where the file calls a rules-API action directly (line, column): an action
    /// recorded anywhere else was reached through a pointer, and is refused.
    pub(crate) direct_actions: Vec<crate::engine::Site>,
    /// The direct action calls whose checked arguments are all literals, which
    /// the analysis checked when the rules loaded.
    pub(crate) literal_actions: Vec<crate::engine::Site>,
    /// The file as the native evaluation runs it (`engine::native`).
    pub(crate) native: crate::engine::Program,
}

/// The folder whose files make the shared definitions.
pub(crate) const DEFINITIONS_FOLDER: &str = "definitions/";

/// Compiles `source` on `engine` as a rule file, turning parse errors into located
/// rule errors. An unknown variable does not hide the file's other problems: it
/// is reported, declared, and the file compiled again, so the syntax tree still
/// comes back for the other checks (with the errors, which keep it from running).
pub(super) fn compile(
    engine: &RuleEngine,
    path: &str,
    source: &str,
    sections: &[String],
) -> (Option<rhai::AST>, Vec<Error>) {
    let mut declared = sections.to_vec();
    let mut errors = Vec::new();
    for _ in 0..MAX_UNKNOWN_VARIABLES {
        match engine.compile(source, &declared) {
            Ok(ast) => return (Some(ast), errors),
            Err(error) => {
                errors.push(engine::parse_error(path, source, &error, sections));
                match error.err_type() {
                    rhai::ParseErrorType::VariableUndefined(name) => declared.push(name.clone()),
                    _ => return (None, errors),
                }
            }
        }
    }
    (None, errors)
}

/// How many unknown variables in one file are reported before giving up on it.
const MAX_UNKNOWN_VARIABLES: usize = 50;

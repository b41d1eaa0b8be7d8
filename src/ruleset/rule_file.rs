//! One compiled rule file: its path, its text and its syntax tree.

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
}

/// The folder whose files make the shared definitions.
pub(crate) const DEFINITIONS_FOLDER: &str = "definitions/";

//! One compiled rule file: its path, its text and its syntax tree.

/// One compiled rule file.
pub struct RuleFile {
    /// Path as shown to users, e.g. `rules/red_flags/fracture.rhai`.
    pub path: String,
    pub source: String,
    pub ast: rhai::AST,
}

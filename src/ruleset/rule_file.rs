//! One compiled rule file: its path, its text and its syntax tree.

/// One compiled rule file.
pub struct RuleFile {
    /// Path as shown to users, e.g. `rules/red_flags/fracture.rhai`.
    pub path: String,
    pub source: String,
    pub ast: rhai::AST,
    /// A file under `rules/definitions/`: it runs before the others and may only define.
    pub definitions: bool,
    /// The presentation the file recognises (its `// Presentation:` header line),
    /// which the report names when the file acts on a case; `None` for files
    /// that are not about one presentation (red flags, escalation, definitions).
    pub presentation: Option<String>,
    /// Where the file calls a rules-API action directly (line, column): an action
    /// recorded anywhere else was reached through a pointer, and is refused.
    pub(crate) direct_actions: Vec<crate::engine::Site>,
}

/// The folder whose files make the shared definitions.
pub(crate) const DEFINITIONS_FOLDER: &str = "definitions/";

impl RuleFile {
    /// Every line with an action (refer, red flag, suggest, avoid, review), in
    /// source order, each once: what `test` counts for coverage and `explain`
    /// lists when it did not fire.
    pub fn action_lines(&self) -> Vec<usize> {
        let mut lines: Vec<usize> = crate::engine::calls(&self.ast)
            .iter()
            .filter(|call| call.is_action())
            .map(|call| call.line)
            .collect();
        lines.dedup();
        lines
    }
}

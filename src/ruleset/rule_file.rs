//! One compiled rule file: its path, its text and its syntax tree, and how a rule
//! file is compiled.

use rayon::prelude::*;

use super::source::SourceFile;
use crate::case::Vocabulary;
use crate::engine::{self, DEFINED, RuleEngine};
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
    /// The presentation the file recognises (its `// Presentation:` header line),
    /// which the report names when the file acts on a case; `None` for files
    /// that are not about one presentation (red flags, escalation, definitions).
    pub presentation: Option<String>,
    /// Where the file calls a rules-API action directly (line, column): an action
    /// recorded anywhere else was reached through a pointer, and is refused.
    pub(crate) direct_actions: Vec<crate::engine::Site>,
    /// The direct action calls whose checked arguments are all literals, which
    /// the analysis checked when the rules loaded.
    pub(crate) literal_actions: Vec<crate::engine::Site>,
    /// The file as the native evaluation runs it (`engine::native`).
    pub(crate) native: crate::engine::Program,
    /// What the file's trace depends on, and the definitions it makes (for the
    /// what-if, which runs again only the files an answer can change).
    pub(crate) reads: crate::engine::Reads,
}

/// The longest rule file accepted: Rhai counts lines in 16 bits, so a line past
/// this could not be named in a message or a rule reference.
const MAX_RULE_FILE_LINES: usize = 65_535;

/// Compiles every rule file, on every core, each against the vocabulary's
/// sections: the files that compiled, in the order given, and every problem, in
/// the same order.
pub(super) fn compile_all<'a>(
    engine: &RuleEngine,
    sources: impl Iterator<Item = &'a SourceFile>,
    vocabulary: &Vocabulary,
) -> (Vec<RuleFile>, Vec<Error>) {
    let mut section_names: Vec<String> = vocabulary.sections.keys().cloned().collect();
    section_names.push(DEFINED.to_string());
    let sources: Vec<&SourceFile> = sources.collect();
    let compiled: Vec<(Option<RuleFile>, Vec<Error>)> = sources
        .par_iter()
        .map(|source| compile_file(engine, source, &section_names))
        .collect();
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (rule, errors) in compiled {
        problems.extend(errors);
        rules.extend(rule);
    }
    (rules, problems)
}

/// One rule file compiled, with its problems. A file with unknown variables
/// still gets its other checks; its errors keep the rule set from loading.
fn compile_file(
    engine: &RuleEngine,
    source: &SourceFile,
    section_names: &[String],
) -> (Option<RuleFile>, Vec<Error>) {
    let lines = source.text.lines().count();
    if lines > MAX_RULE_FILE_LINES {
        let error = Error::rule(
            crate::place::Location::file_only(&source.path),
            format!(
                "this rule file has {lines} lines; a rule file may have at most {MAX_RULE_FILE_LINES}, past which lines cannot be reported correctly: split it"
            ),
        );
        return (None, vec![error]);
    }
    let (ast, errors) = compile(engine, &source.path, &source.text, section_names);
    let sections = section_names
        .iter()
        .filter(|name| name.as_str() != DEFINED)
        .cloned()
        .collect::<Vec<_>>();
    let rule = ast.map(|mut ast| {
        ast.set_source(source.path.as_str());
        RuleFile {
            reads: engine::reads(&ast, &sections),
            path: source.path.clone(),
            name: source
                .relative
                .strip_suffix(".rhai")
                .unwrap_or(&source.relative)
                .to_string(),
            source: source.text.clone(),
            direct_actions: engine::direct_action_sites(&ast),
            literal_actions: engine::literal_action_sites(&ast),
            ast,
            definitions: source.relative.starts_with(DEFINITIONS_FOLDER),
            presentation: presentation(&source.text),
            native: engine::Program::default(),
        }
    });
    (rule, errors)
}

/// The value of the `// Presentation:` line of the file's leading comment block
/// (the header, checked by `crate::analysis`), when it has a non-empty one.
fn presentation(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim_start)
        .skip_while(|line| line.is_empty())
        .map_while(|line| line.strip_prefix("//"))
        .find_map(|comment| {
            let comment = comment.trim();
            let key = comment.get(..PRESENTATION.len())?;
            let value = comment[PRESENTATION.len()..].strip_prefix(':')?;
            key.eq_ignore_ascii_case(PRESENTATION)
                .then(|| value.trim().to_string())
        })
        .filter(|name| !name.is_empty())
}

/// The header key naming a file's presentation.
const PRESENTATION: &str = "Presentation";

/// Once every file compiled (definitions first): a getter for every field and
/// definition read, and each file compiled for the native evaluation.
pub(super) fn prepare_native(
    engine: &mut RuleEngine,
    rules: &mut [RuleFile],
    vocabulary: &Vocabulary,
) {
    let fields: Vec<Vec<&str>> = vocabulary
        .sections
        .values()
        .map(|section| section.fields.keys().map(String::as_str).collect())
        .collect();
    let definitions =
        engine::definition_names(rules.iter().filter(|r| r.definitions).map(|r| &r.ast));
    engine.register_getters(&fields, &definitions);
    let sections: Vec<(String, Vec<String>)> = vocabulary
        .sections
        .iter()
        .map(|(name, section)| (name.clone(), section.fields.keys().cloned().collect()))
        .collect();
    let names = engine::Names {
        sections: &sections,
        defined: DEFINED,
        definitions: &definitions,
    };
    rules.par_iter_mut().for_each(|rule| {
        let file = engine::NativeFile {
            ast: &rule.ast,
            rule_file: &rule.name,
        };
        rule.native = engine::compile_native(&file, &names);
    });
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

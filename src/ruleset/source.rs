//! Where a rule set comes from: a folder on disk, or a git revision read straight
//! from git's object store. Either way the result is the same list of files in
//! memory, so loading, hashing and `triage diff` never need a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::case::not_utf8_place;
use crate::error::Error;

/// The case vocabulary file inside a rules folder.
pub(crate) const VOCABULARY_FILE: &str = "vocabulary.toml";
/// The treatment catalogue file inside a rules folder.
pub(crate) const TREATMENTS_FILE: &str = "treatments.toml";
/// The referral scale (urgencies and destinations) inside a rules folder.
pub(crate) const REFERRALS_FILE: &str = "referrals.toml";

/// The folder of the safety case inside a rules folder: the safety properties,
/// the hazard log and the report's templates (read and checked by `src/safety/`).
pub(crate) const SAFETY_FOLDER: &str = "safety/";

/// A rule or data file as read from a rule set.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path inside the rule set, with forward slashes (`red_flags/fracture.rhai`).
    pub relative: String,
    /// Path as shown to users (`rules/red_flags/fracture.rhai`).
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// Whether this is a Rhai rule file (the others are data files).
    pub fn is_rule(&self) -> bool {
        Path::new(&self.relative)
            .extension()
            .is_some_and(|ext| ext == "rhai")
    }
}

/// Every file of a rule set, in path order, and the files that could not be read.
pub struct SourceFiles {
    /// How the rule set is named in messages (the path as typed, or `REV:rules`).
    pub shown_dir: String,
    pub files: Vec<SourceFile>,
    pub problems: Vec<Error>,
}

/// A rule set's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// A folder of `.rhai` and `.toml` files.
    Folder(PathBuf),
    /// `REV:PATH`: the tree `PATH` at git revision `REV` of the current repository.
    Git(String),
    /// The rules shipped inside the binary: those it was built and installed with.
    Embedded,
}

/// Where a loaded rule set came from, as every assessment's JSON names it
/// (`ruleset.source`): the rules built into the binary, a folder, or a git
/// revision, so a reader never has to guess which rules were used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Provenance {
    /// `{"kind": "built-in", "version": "0.1.0"}`: the rules of this `triage`.
    BuiltIn { version: String },
    /// `{"kind": "folder", "path": "rules"}`: the folder as it was named.
    Folder { path: String },
    /// `{"kind": "git", "revision": "HEAD~1", "path": "rules"}`.
    Git { revision: String, path: String },
}

impl Provenance {
    /// Whether these are the rules built into the binary, not a folder the
    /// clinic keeps: every report says so at its top.
    pub fn is_built_in(&self) -> bool {
        matches!(self, Provenance::BuiltIn { .. })
    }
}

/// The shipped rules, embedded by `build.rs`.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// How the embedded rules are named in messages and reports.
const EMBEDDED_NAME: &str = "built-in rules";

impl RuleSource {
    /// A folder when `spec` names one (or has no `:`), else a git `REV:PATH`.
    pub fn parse(spec: &str) -> RuleSource {
        let path = Path::new(spec);
        if path.is_dir() || !spec.contains(':') {
            RuleSource::Folder(path.to_path_buf())
        } else {
            RuleSource::Git(spec.to_string())
        }
    }

    /// How this rule set is named in messages.
    pub fn shown(&self) -> String {
        match self {
            RuleSource::Folder(dir) => display_path(dir),
            RuleSource::Git(spec) => spec.clone(),
            RuleSource::Embedded => {
                format!("{EMBEDDED_NAME} of triage {}", env!("CARGO_PKG_VERSION"))
            }
        }
    }

    /// Where this rule set comes from, as the JSON `ruleset.source` names it.
    pub fn provenance(&self) -> Provenance {
        match self {
            RuleSource::Folder(dir) => Provenance::Folder {
                path: display_path(dir),
            },
            RuleSource::Git(spec) => {
                let (revision, path) = spec.split_once(':').unwrap_or((spec.as_str(), ""));
                Provenance::Git {
                    revision: revision.to_string(),
                    path: path.to_string(),
                }
            }
            RuleSource::Embedded => Provenance::BuiltIn {
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
        }
    }

    /// Reads every `.rhai`, `.toml` and `.j2` file. Fails only when the rule set itself
    /// cannot be read; a file that cannot be read is a problem in the result.
    pub fn read(&self) -> Result<SourceFiles, Error> {
        match self {
            RuleSource::Folder(dir) => read_folder(dir, &self.shown()),
            RuleSource::Git(spec) => read_git(spec),
            RuleSource::Embedded => Ok(SourceFiles {
                shown_dir: self.shown(),
                files: embedded::EMBEDDED_RULES
                    .iter()
                    .map(|(relative, text)| SourceFile {
                        relative: (*relative).to_string(),
                        path: format!("{EMBEDDED_NAME}/{relative}"),
                        text: (*text).to_string(),
                    })
                    .collect(),
                problems: Vec::new(),
            }),
        }
    }
}

/// `shown_dir/relative`, or just `relative` for the current folder.
pub(super) fn shown_path(shown_dir: &str, relative: &str) -> String {
    let dir = shown_dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        relative.to_string()
    } else {
        format!("{dir}/{relative}")
    }
}

/// A path as users typed it, with forward slashes and no leading `./`.
pub(crate) fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

fn read_folder(dir: &Path, shown_dir: &str) -> Result<SourceFiles, Error> {
    if !dir.is_dir() {
        return Err(Error::RulesUnreadable {
            path: shown_dir.to_string(),
            reason: "no rules folder here (give one with --rules DIR)".to_string(),
        });
    }
    let mut walk = Walk {
        root: dir,
        real_root: fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
        shown_dir,
        visited: Vec::new(),
        files: Vec::new(),
        problems: Vec::new(),
    };
    walk.dir(dir).map_err(|e| Error::RulesUnreadable {
        path: shown_dir.to_string(),
        reason: e.to_string(),
    })?;
    let mut relatives = walk.files;
    relatives.sort();
    let mut problems = walk.problems;
    let mut files = Vec::new();
    for relative in relatives {
        let relative_text = relative.to_string_lossy().replace('\\', "/");
        let shown = shown_path(shown_dir, &relative_text);
        match fs::read(dir.join(&relative)) {
            Ok(bytes) => match decode(bytes, &shown) {
                Ok(text) => files.push(SourceFile {
                    relative: relative_text,
                    path: shown,
                    text,
                }),
                Err(problem) => problems.push(problem),
            },
            Err(error) => problems.push(Error::RulesUnreadable {
                path: shown,
                reason: error.to_string(),
            }),
        }
    }
    Ok(SourceFiles {
        shown_dir: shown_dir.to_string(),
        files,
        problems,
    })
}

fn decode(bytes: Vec<u8>, shown: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|error| Error::RulesUnreadable {
        path: shown.to_string(),
        reason: format!(
            "is not UTF-8 text ({}); save it as UTF-8",
            not_utf8_place(error.as_bytes(), &error.utf8_error())
        ),
    })
}

/// Walks a rules folder: every `.rhai` and `.toml` file, as paths relative to the
/// folder, and a problem for each entry that cannot be taken. Nothing is skipped
/// silently: a symbolic link is followed when its target stays inside the rules
/// folder and refused otherwise, and a special file (a pipe, a device) with a rule
/// or data file's name is refused before anything opens it.
struct Walk<'a> {
    root: &'a Path,
    /// The rules folder itself, resolved, to tell where a link points.
    real_root: PathBuf,
    shown_dir: &'a str,
    /// Folders already walked (resolved), so a link to a parent cannot loop.
    visited: Vec<PathBuf>,
    files: Vec<PathBuf>,
    problems: Vec<Error>,
}

impl Walk<'_> {
    fn problem(&mut self, relative: &Path, reason: String) {
        let shown = shown_path(
            self.shown_dir,
            &relative.to_string_lossy().replace('\\', "/"),
        );
        self.problems.push(Error::RulesUnreadable {
            path: crate::text::shown(&shown),
            reason,
        });
    }

    fn dir(&mut self, dir: &Path) -> std::io::Result<()> {
        if let Ok(real) = fs::canonicalize(dir) {
            if self.visited.contains(&real) {
                return Ok(());
            }
            self.visited.push(real);
        }
        let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let relative = path.strip_prefix(self.root).unwrap_or(&path).to_path_buf();
            let file_type = entry.file_type()?;
            if file_type.is_symlink() {
                self.link(&path, &relative)?;
            } else if file_type.is_dir() {
                self.dir(&path)?;
            } else if is_rule_or_data(&path) {
                if file_type.is_file() {
                    self.files.push(relative);
                } else {
                    self.problem(
                        &relative,
                        "is not a regular file (a pipe, socket or device): refused".to_string(),
                    );
                }
            }
        }
        Ok(())
    }

    fn link(&mut self, path: &Path, relative: &Path) -> std::io::Result<()> {
        let Ok(target) = fs::canonicalize(path) else {
            if is_rule_or_data(path) {
                self.problem(
                    relative,
                    "is a symbolic link to nothing (a broken link)".to_string(),
                );
            }
            return Ok(());
        };
        if !target.starts_with(&self.real_root) {
            self.problem(
                relative,
                format!(
                    "is a symbolic link to {}, outside the rules folder: refused (copy the file in, or link within the folder)",
                    crate::text::shown(&target.to_string_lossy())
                ),
            );
            return Ok(());
        }
        let metadata = fs::metadata(&target)?;
        if metadata.is_dir() {
            self.dir(path)
        } else if is_rule_or_data(path) || is_rule_or_data(&target) {
            if metadata.is_file() {
                self.files.push(relative.to_path_buf());
            } else {
                self.problem(
                    relative,
                    "links to something that is not a regular file (a pipe, socket or device): refused".to_string(),
                );
            }
            Ok(())
        } else {
            Ok(())
        }
    }
}

/// Rule files (`.rhai`), data files (`.toml`) and handout templates (`.j2`).
fn is_rule_or_data(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "rhai" || ext == "toml" || ext == "j2")
}

fn git(args: &[&str], spec: &str) -> Result<Vec<u8>, Error> {
    let failed = |reason: String| Error::RulesUnreadable {
        path: spec.to_string(),
        reason,
    };
    let output = Command::new("git").args(args).output().map_err(|e| {
        failed(format!(
            "git could not be run ({e}); give a rules folder instead"
        ))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!(
            "git could not read it: {} (write REV:PATH, e.g. HEAD~1:rules)",
            stderr.trim()
        )));
    }
    Ok(output.stdout)
}

/// Reads the `.rhai` and `.toml` blobs of the git tree `spec` into memory.
fn read_git(spec: &str) -> Result<SourceFiles, Error> {
    if spec.starts_with('-') {
        return Err(Error::RulesUnreadable {
            path: spec.to_string(),
            reason: "not a rules folder, nor a git REV:PATH".to_string(),
        });
    }
    let listing = git(&["ls-tree", "-r", "-z", spec], spec)?;
    let listing = String::from_utf8_lossy(&listing);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let Some((meta, name)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [_, "blob", object] = fields.as_slice() else {
            continue;
        };
        if !is_rule_or_data(Path::new(name)) {
            continue;
        }
        let shown = shown_path(spec, name);
        let bytes = git(&["cat-file", "blob", object], spec)?;
        match decode(bytes, &shown) {
            Ok(text) => files.push(SourceFile {
                relative: name.to_string(),
                path: shown,
                text,
            }),
            Err(problem) => problems.push(problem),
        }
    }
    if files.is_empty() && problems.is_empty() {
        return Err(Error::RulesUnreadable {
            path: spec.to_string(),
            reason: "git has no rule or data files there (write REV:PATH, e.g. HEAD~1:rules)"
                .to_string(),
        });
    }
    // The same order as a folder (component by component), so the hash is the same.
    files.sort_by(|a, b| Path::new(&a.relative).cmp(Path::new(&b.relative)));
    Ok(SourceFiles {
        shown_dir: spec.to_string(),
        files,
        problems,
    })
}

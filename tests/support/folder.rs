//! Temporary folders (always `tempfile`, removed when dropped) and the files in them.

use std::path::{Path, PathBuf};

use super::mini;

/// The crate root: where `rules/`, `fixtures/` and `README.md` are.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fewest fixtures [`fixture_paths`] accepts: fewer means the folder was not
/// found or was emptied, and every test over the fixtures would pass on nothing.
const MIN_FIXTURES: usize = 50;

/// Every shipped fixture (`fixtures/*.json`), in path order; fewer than
/// [`MIN_FIXTURES`] fails the test.
pub fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("fixtures"))
        .expect("fixtures folder")
        .map(|entry| entry.expect("fixtures entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= MIN_FIXTURES,
        "expected at least {MIN_FIXTURES} fixtures, found {}",
        paths.len()
    );
    paths
}

/// A fresh temporary folder, removed with everything in it when dropped.
pub struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    pub fn new() -> Folder {
        let dir = tempfile::Builder::new()
            .prefix("triage-test-")
            .tempdir()
            .expect("a temporary folder");
        Folder { dir }
    }

    /// A copy of the shipped `rules/`.
    pub fn shipped_rules() -> Folder {
        let folder = Folder::new();
        copy_dir(&manifest_dir().join("rules"), folder.path());
        folder
    }

    /// Copies the shipped `rules/` to `relative` in this folder (`"rules"` for a
    /// workspace run with `--rules rules`); returns the copy's path.
    pub fn copy_shipped_rules(&self, relative: &str) -> PathBuf {
        let to = self.join(relative);
        copy_dir(&manifest_dir().join("rules"), &to);
        to
    }

    /// The mini rules: a small rule set written for the tests, so snapshots do not
    /// change when the shipped clinical rules are edited (see [`mini`]).
    pub fn mini_rules() -> Folder {
        let folder = Folder::new();
        for (relative, text) in mini::RULES {
            folder.write(relative, text);
        }
        folder
    }

    /// Cases for the mini rules; `with_failing` adds one whose expectation is wrong.
    pub fn mini_cases(with_failing: bool) -> Folder {
        let folder = Folder::new();
        for (relative, text) in mini::CASES {
            folder.write(relative, text);
        }
        if with_failing {
            folder.write(mini::FAILING_CASE.0, mini::FAILING_CASE.1);
        }
        folder
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.path().join(relative)
    }

    /// Writes a file (making its folders), returns its path.
    pub fn write(&self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("folder made");
        std::fs::write(&path, contents).expect("file written");
        path
    }

    /// Rewrites one text file; an edit that changes nothing fails the test.
    pub fn edit(&self, relative: &str, change: impl FnOnce(String) -> String) {
        edit(self.path(), relative, change);
    }

    /// Every `.rhai` file below the folder, relative, sorted.
    pub fn rule_files(&self) -> Vec<String> {
        rule_files(self.path())
    }
}

/// Rewrites one text file of `dir`; an edit that changes nothing fails the test.
pub fn edit(dir: &Path, relative: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path).expect("file to edit");
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit of {relative} changed nothing");
    std::fs::write(path, changed).expect("file written");
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder made");
    for entry in std::fs::read_dir(from).expect("folder readable") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// Every `.rhai` file below `dir`, relative with `/`, sorted.
pub fn rule_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("folder readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rhai") {
                let relative = path.strip_prefix(root).expect("inside the folder");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

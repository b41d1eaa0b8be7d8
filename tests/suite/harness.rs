//! The test harness keeps its own rules: every snapshot is taken through
//! `tests/support/snapshot.rs` and lives in `tests/snapshots`, so a snapshot is
//! found, reviewed and checked for use (`.ci/run`) in one place.

use std::path::{Path, PathBuf};

use crate::support::folder::manifest_dir;

/// Every file below `dir`, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_snapshot_file_is_in_tests_snapshots() {
    let tests = manifest_dir().join("tests");
    let stray: Vec<PathBuf> = files_below(&tests)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "snap"))
        .filter(|path| path.parent() != Some(tests.join("snapshots").as_path()))
        .collect();
    assert!(
        stray.is_empty(),
        "snapshots outside tests/snapshots (take them with `snapshot!`): {stray:?}"
    );
}

#[test]
fn every_insta_assertion_goes_through_the_snapshot_helper() {
    let suite = manifest_dir().join("tests/suite");
    let direct: Vec<String> = files_below(&suite)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .filter(|path| {
            std::fs::read_to_string(path)
                .expect("test source readable")
                .contains(concat!("insta::", "assert_"))
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        direct.is_empty(),
        "use `snapshot!` or `json_snapshot!` (tests/support/snapshot.rs), which keep \
         every snapshot in tests/snapshots: {direct:?}"
    );
}

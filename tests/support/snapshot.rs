//! Snapshots under the names they had when each test module was its own test
//! binary: `tests/snapshots/<module>__<name>.snap` (for instance
//! `bad_input__age_as_text.snap`), whatever folder the module is in.
//!
//! insta would prefix the whole module path (`main__suite__bad_input__...`), so
//! [`snapshot!`] and [`json_snapshot!`] turn the prefix off and name the snapshot
//! `<test module>__<name>` themselves ([`name`]). Every insta assertion goes
//! through them, so every snapshot is in `tests/snapshots` (`.ci/run` fails on a
//! `.snap` file elsewhere, or one no test asserts). Inside `insta::glob!` the
//! file name is appended as usual (`fixtures__report@case.json.snap`).

use std::path::PathBuf;

/// insta's settings for every snapshot: the one snapshot folder, no module prefix.
pub fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// `<module>__<name>`, where `<module>` is the test module under `suite`
/// (`main::suite::bad_input::...` gives `bad_input`), so a snapshot keeps its name
/// when it is taken inside a `battery!` module or a test module split into a
/// folder; outside `suite`, the last segment of `module_path`.
pub fn name(module_path: &str, name: &str) -> String {
    let module = module_path
        .split("::")
        .skip_while(|segment| *segment != "suite")
        .nth(1)
        .or_else(|| module_path.rsplit("::").next())
        .unwrap_or(module_path);
    format!("{module}__{name}")
}

/// `insta::assert_snapshot!(name, value)`, stored as `<module>__<name>.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {{
        let _settings = $crate::support::snapshot::settings().bind_to_scope();
        insta::assert_snapshot!(
            $crate::support::snapshot::name(module_path!(), $name),
            $value
        );
    }};
}

/// `insta::assert_json_snapshot!(name, value, {redactions})`, stored as
/// `<module>__<name>.snap`.
macro_rules! json_snapshot {
    ($name:expr, $value:expr $(, {$($selector:expr => $replacement:expr),* $(,)?})? $(,)?) => {{
        let _settings = $crate::support::snapshot::settings().bind_to_scope();
        insta::assert_json_snapshot!(
            $crate::support::snapshot::name(module_path!(), $name),
            $value
            $(, {$($selector => $replacement),*})?
        );
    }};
}

pub(crate) use {json_snapshot, snapshot};

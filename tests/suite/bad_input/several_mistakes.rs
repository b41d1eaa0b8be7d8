//! Several mistakes in one case: one error each, all at once, each naming its
//! field.

use crate::support::Folder;
use crate::support::snapshot::snapshot;

use super::{BAD_INPUT, assess};

/// Four mistakes give four errors in one run, each naming its field, in field
/// order, with what was probably meant (issue #12).
#[test]
fn four_mistakes_give_four_errors_at_once() {
    let dir = Folder::new();
    let path = dir.write(
        "four.json",
        r#"{"patient": {"age": 45, "sex": "F"}, "complaint": {"region": "hip", "side": "L"},
            "screening": {"fever_or_unwell": "yes"}, "symptoms": {"temperature_c": 38.5}}"#,
    );
    let run = assess(&dir)
        .arg(path)
        .status(BAD_INPUT)
        .stdout("")
        .any_stderr()
        .run();
    snapshot!("four_mistakes", run.err());
    let err = run.err();
    assert!(err.contains("4 problems in this case"), "{err}");
    for expected in [
        "1. patient.sex: \"F\" is not allowed: did you mean `female`?",
        "2. complaint.side: \"L\" is not allowed: did you mean `left`?",
        "3. screening.fever_or_unwell: expected true or false, found text \"yes\": did you mean true",
        "4. symptoms.temperature_c: temperature_c is a field of exam",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
}

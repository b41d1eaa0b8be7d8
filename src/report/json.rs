//! The assessment as JSON, in the contract's shape: pretty for one case, one line
//! per case in a batch (JSON Lines).

use crate::assessment::Assessment;

/// The assessment as JSON text: one line when `one_line`, else indented.
pub fn json(assessment: &Assessment, one_line: bool) -> String {
    let written = if one_line {
        serde_json::to_string(assessment)
    } else {
        serde_json::to_string_pretty(assessment)
    };
    // An assessment holds only strings, numbers and lists: it always serialises.
    written.unwrap_or_default()
}

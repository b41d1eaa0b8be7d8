//! The last stage of the flow: an assessment written out for its reader. One file
//! per format, so a new one (markdown, CDS Hooks cards, a handout) is one file.

mod json;
mod text;

pub use json::json;
pub use text::text;

//! The last stage of the flow: an assessment written out for its reader. The
//! report is built once as a document (`document.rs`); each format renders it in
//! its own file, so a new one (CDS Hooks cards, a handout) is one file.

mod document;
mod json;
mod markdown;
mod text;

pub use document::Detail;
pub use json::json;
pub use markdown::markdown;
pub use text::{Layout, text};

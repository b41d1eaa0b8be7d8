//! `battery!`: a table of rows, one `#[test]` each, in the style of casey/just's
//! `test!`. A loop over rows stops at the first row that fails and hides the
//! others; here every row is its own test, named after the row, so `cargo test`
//! lists every failing row and `cargo test --test main <row>` runs one.
//!
//! ```ignore
//! /// Checks one row (`name` is the row's, and its snapshot name).
//! fn bad_input_battery(name: &str, row: Row) { ... }
//!
//! battery! {
//!     /// The rows of the bad-input battery.
//!     mod bad_input_battery (bad_input_battery, at_least 25) {
//!         empty_file => row("empty.json", Text(""), BAD_INPUT),
//!         missing_file => row("missing.json", Missing, BAD_INPUT),
//!     }
//! }
//! ```
//!
//! expands to a module `bad_input_battery` (which sees everything of the
//! enclosing module) with `#[test] fn empty_file() { bad_input_battery("empty_file",
//! row(...)) }` and so on, and a test `has_not_shrunk` (at least 25 rows), so the
//! table cannot shrink unnoticed. The check function and the module carry the
//! battery's name: `cargo test bad_input_battery` runs every row, and what cites
//! the battery as `tests/suite/bad_input/malformed_cases.rs::bad_input_battery`
//! finds its `fn`.

/// One `#[test]` per row: see the module documentation.
macro_rules! battery {
    (
        $(#[$meta:meta])*
        mod $module:ident ($check:path, at_least $min:literal) {
            $($(#[$row_meta:meta])* $name:ident => $row:expr),* $(,)?
        }
    ) => {
        $(#[$meta])*
        mod $module {
            #[allow(clippy::wildcard_imports)]
            use super::*;

            $(
                $(#[$row_meta])*
                #[test]
                fn $name() {
                    $check(stringify!($name), $row);
                }
            )*

            /// The table keeps at least the rows it was written with.
            #[test]
            fn has_not_shrunk() {
                let rows = [$(stringify!($name)),*].len();
                assert!(rows >= $min, "the battery shrank to {rows} rows");
            }
        }
    };
}

pub(crate) use battery;

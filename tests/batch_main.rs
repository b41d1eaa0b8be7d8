//! Temporary entry for the batch tests until they join the shared test binary
//! (`tests/main.rs`); the integrator wires `tests/suite/batch.rs` in there and
//! deletes this file.

#[path = "suite/batch.rs"]
mod batch;

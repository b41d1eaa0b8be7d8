//! Limits that stop a runaway rule well inside a fraction of a second, and keep
//! its memory small. Each is checked by a test in the bad-rules battery.

use std::time::Duration;

/// Operations one rule file may run for one case.
pub(crate) const MAX_OPERATIONS: u64 = 500_000;
/// Wall-clock budget for all rules on one case (a backstop to the operation count).
pub(crate) const MAX_TIME_PER_CASE: Duration = Duration::from_millis(500);
/// Nested function calls (stops runaway recursion).
pub(crate) const MAX_CALL_LEVELS: usize = 32;
/// Expression nesting at global and function level.
pub(crate) const MAX_EXPR_DEPTHS: (usize, usize) = (64, 32);
/// Longest string a rule may build, in bytes.
pub(crate) const MAX_STRING_SIZE: usize = 4_096;
/// Largest array a rule may build.
pub(crate) const MAX_ARRAY_SIZE: usize = 1_024;
/// Largest object map a rule may build. Object maps are refused in rules (see
/// [`super::RuleEngine::new`]); the limit stays as a second line of defence.
pub(crate) const MAX_MAP_SIZE: usize = 256;
/// `print`/`debug` lines kept per rule file per case. Without a cap, a loop of
/// prints inside the operation limit could hold and write out hundreds of MB.
pub(crate) const MAX_PRINTED_LINES: usize = 100;
/// Rules-API calls that record an action, per rule file and case. Each keeps its
/// texts, so without a cap a loop inside the operation limit could hold hundreds
/// of MB; past it the rule fails (dropping calls silently would be a partial answer).
pub(crate) const MAX_ACTIONS: usize = 1_000;
/// Case-field reads kept per rule file and case when a trace is asked for; past
/// it the rule fails, for the same reason.
pub(crate) const MAX_READS: usize = 20_000;

//! The limits that stop a runaway rule well inside a fraction of a second, and
//! keep its memory small: defined with every other limit in `crate::limits`, so
//! that what a case holds fits in what a rule may hold. Each is checked by a test
//! in the bad-rules battery.

pub(crate) use crate::limits::{
    MAX_ACTIONS, MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_EXPR_DEPTHS, MAX_MAP_SIZE, MAX_OPERATIONS,
    MAX_PRINTED_LINES, MAX_READS, MAX_STRING_SIZE, MAX_TIME_PER_CASE, size,
};

//! What a rule can know of a value without running a case, as far as unknown
//! answers go; the ground of the unknown-safe check (`unknown_safe.rs`).
//!
//! An unknown answer is Rhai's `()`. Every comparison with it is false
//! (`x == "v"`, `x >= 52`, `"v" in x`): safe where the comparison is a reason to
//! act, because unknown is not yes. Negated, it turns round: `x != "v"`,
//! `!(x >= 52)`, `!(x == "v")` are true when `x` was never asked, and read as if
//! the answer were known. The helpers of the rules API name what unknown does
//! (`yes`, `no`, `not_yes`, `known`, `unknown`, `is_not`, `any_of`, `count_yes`), so
//! a negation of them says what it means.

use std::cmp::Ordering;

/// What can be known of a value, from the safest to negate to the least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Knowing {
    /// It never depends on an unknown answer: a literal, a required field, a
    /// field read where `known(x)` was tested first.
    Known,
    /// A true/false (or a count) made by a helper whose name says what unknown
    /// does: `yes(x)`, `no(x)`, `not_yes(x)`, `known(x)`, `is_not(x, v)`,
    /// `any_of(...)`, `count_yes(...)`, and what is built only from them.
    /// Negating it keeps that meaning: `!yes(x)` is "not known to be yes".
    Named,
    /// A true/false that is false when an answer is unknown without saying so: a
    /// comparison of an answer that may be unknown, or a definition or variable
    /// made from one. Negated, unknown would count as the opposite.
    Hidden,
    /// The value itself may be unknown: an optional case field, a definition or a
    /// variable that may hold one, or arithmetic on one.
    MaybeUnknown,
}

impl Knowing {
    /// The larger of two: what is known of a value made from both.
    #[must_use]
    pub(crate) fn and(self, other: Knowing) -> Knowing {
        match self.cmp(&other) {
            Ordering::Less => other,
            _ => self,
        }
    }

    /// What is known of a true/false made from this value by comparing it: a
    /// comparison with a value that may be unknown hides it.
    #[must_use]
    pub(crate) fn compared(self) -> Knowing {
        match self {
            Knowing::MaybeUnknown => Knowing::Hidden,
            other => other,
        }
    }

    /// Whether `!` or `!=` on it would count an unknown answer as the opposite.
    pub(crate) fn unsafe_to_negate(self) -> bool {
        self >= Knowing::Hidden
    }
}

/// The larger of all, [`Knowing::Known`] for none.
pub(crate) fn all(values: impl IntoIterator<Item = Knowing>) -> Knowing {
    values.into_iter().fold(Knowing::Known, Knowing::and)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_hides_an_unknown_and_helpers_name_it() {
        assert_eq!(Knowing::MaybeUnknown.compared(), Knowing::Hidden);
        assert_eq!(Knowing::Named.compared(), Knowing::Named);
        assert_eq!(all([Knowing::Named, Knowing::Known]), Knowing::Named);
        assert_eq!(all([]), Knowing::Known);
        assert!(Knowing::Hidden.unsafe_to_negate());
        assert!(!Knowing::Named.unsafe_to_negate());
    }
}

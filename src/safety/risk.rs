//! The DCB0129 clinical risk matrix: a hazard's severity and likelihood, each
//! on a five-point scale, give its clinical risk from 1 (acceptable) to 5
//! (unacceptable). This is the standard's matrix (NHS Digital, DCB0129 clinical
//! risk management), not a clinical fact: the hazard log in `rules/safety/`
//! names the severities and likelihoods, the engine only looks them up.

/// Severities, least first, as written in `hazards.toml`.
pub(crate) const SEVERITIES: [&str; 5] = [
    "minor",
    "significant",
    "considerable",
    "major",
    "catastrophic",
];

/// Likelihoods, least first, as written in `hazards.toml`.
pub(crate) const LIKELIHOODS: [&str; 5] = ["very_low", "low", "medium", "high", "very_high"];

/// The risk for each likelihood (rows, least first) and severity (columns,
/// least first).
const MATRIX: [[u8; 5]; 5] = [
    [1, 1, 2, 2, 3],
    [1, 2, 2, 3, 4],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 5],
    [3, 4, 4, 5, 5],
];

/// A clinical risk on the DCB0129 scale, from a severity and a likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Risk {
    /// Index into [`SEVERITIES`].
    pub(crate) severity: usize,
    /// Index into [`LIKELIHOODS`].
    pub(crate) likelihood: usize,
}

impl Risk {
    /// The rating, 1 to 5.
    pub(crate) fn rating(self) -> u8 {
        MATRIX[self.likelihood.min(4)][self.severity.min(4)]
    }

    /// What the rating means, in the standard's words.
    pub(crate) fn meaning(self) -> &'static str {
        match self.rating() {
            1 => "acceptable: no further action required",
            2 => "acceptable where further reduction is impractical or costs more than it gains",
            3 => "undesirable: accepted only when further reduction is impractical",
            4 => "unacceptable: the hazard must be removed or controlled",
            _ => "unacceptable",
        }
    }

    /// `4 (major, medium)`: the rating with the words it comes from.
    pub(crate) fn describe(self) -> String {
        format!(
            "{} ({}, {})",
            self.rating(),
            SEVERITIES[self.severity.min(4)].replace('_', " "),
            LIKELIHOODS[self.likelihood.min(4)].replace('_', " ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_rises_with_severity_and_likelihood() {
        for likelihood in 0..5 {
            for severity in 0..5 {
                let risk = Risk {
                    severity,
                    likelihood,
                }
                .rating();
                if severity < 4 {
                    assert!(
                        risk <= Risk {
                            severity: severity + 1,
                            likelihood
                        }
                        .rating()
                    );
                }
                if likelihood < 4 {
                    assert!(
                        risk <= Risk {
                            severity,
                            likelihood: likelihood + 1
                        }
                        .rating()
                    );
                }
            }
        }
        assert_eq!(
            Risk {
                severity: 4,
                likelihood: 4
            }
            .rating(),
            5
        );
        assert_eq!(
            Risk {
                severity: 0,
                likelihood: 0
            }
            .rating(),
            1
        );
        assert_eq!(
            Risk {
                severity: 4,
                likelihood: 0
            }
            .rating(),
            3
        );
    }
}

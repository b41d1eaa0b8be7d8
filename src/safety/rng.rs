//! The deep check's random numbers: SplitMix64, seeded from the run's seed and
//! the case's number. Written out (a dozen lines) rather than taken from a crate
//! so that the same seed gives the same cases in every version of the tool: a
//! counterexample found today is found again tomorrow, on any machine, with any
//! number of threads.

/// A small, fast, seedable generator (SplitMix64, Steele et al. 2014).
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    /// The generator for case `index` of property `property` in a run seeded `seed`.
    pub(super) fn for_case(seed: u64, property: usize, index: usize) -> Rng {
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        let mixed = rng.next() ^ (property as u64).rotate_left(32) ^ index as u64;
        Rng(mixed)
    }

    /// The next 64 random bits.
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The modulo bias is negligible for the small `n` used here.
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// True with probability `numerator / denominator`.
    pub(super) fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        denominator > 0 && self.next() % denominator < numerator
    }

    /// One item of `items`, if there is any.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

//! A small seeded random number generator (SplitMix64).
//!
//! Written out here rather than taken from `rand` on purpose: the generator's output is part of
//! its contract (same seed, same data, for as long as the crate exists), and `rand` does not
//! promise that its sampling algorithms stay value-stable across releases. SplitMix64 is a fixed,
//! published algorithm, so a dependency update can never change a generated data set.

/// Increment of the SplitMix64 state (the 64-bit golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// An independent stream for one purpose: `seed` mixed with a path such as
    /// `[ANSWERS, account, cycle, contact]`. Deriving per purpose keeps each value tied to its
    /// key, so adding a contact never shifts the noise of another account.
    pub(crate) fn derive(seed: u64, path: &[u64]) -> Self {
        let state = path.iter().fold(mix(seed), |state, part| {
            mix(state ^ mix(part.wrapping_add(GOLDEN)))
        });
        Self { state }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A uniform integer in `lo..=hi` (`lo <= hi`), without modulo bias.
    pub(crate) fn range(&mut self, lo: i32, hi: i32) -> i32 {
        let span = u64::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(1);
        // Reject the top partial block so that every residue is equally likely.
        let limit = u64::MAX - u64::MAX % span;
        let draw = loop {
            let value = self.next_u64();
            if value < limit {
                break value % span;
            }
        };
        let offset = i64::try_from(draw).unwrap_or(0);
        i32::try_from(i64::from(lo) + offset).unwrap_or(lo)
    }

    /// `true` with probability `percent / 100`.
    pub(crate) fn chance(&mut self, percent: i32) -> bool {
        self.range(0, 99) < percent
    }

    /// A uniform index below `len` (`len > 0`).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        let hi = i32::try_from(len.max(1) - 1).unwrap_or(i32::MAX);
        usize::try_from(self.range(0, hi)).unwrap_or(0)
    }
}

/// The SplitMix64 output function.
fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_reference_values() {
        // Reference: the first outputs of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
        let mut rng = Rng { state: 1_234_567 };
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn range_stays_inclusive_and_reaches_both_ends() {
        let mut rng = Rng::derive(7, &[1, 2]);
        let draws: Vec<i32> = (0..1000).map(|_| rng.range(-1, 1)).collect();
        assert!(draws.iter().all(|value| (-1..=1).contains(value)));
        assert!(draws.contains(&-1) && draws.contains(&1));
    }

    #[test]
    fn derived_streams_differ_by_path() {
        let a = Rng::derive(9, &[1, 2]).next_u64();
        let b = Rng::derive(9, &[2, 1]).next_u64();
        assert_ne!(a, b);
    }
}

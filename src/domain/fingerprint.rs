//! Sets of texts kept as 128-bit fingerprints instead of copies.

use foldhash::HashSet;

/// A set of texts (each one or more parts) kept as 128-bit fingerprints:
/// two hashes of fixed seeds, so the same texts always give the same
/// answers. A text is neither copied nor allocated to be remembered; two
/// different texts share a fingerprint with a chance of about n²/2¹²⁹
/// (10⁻²⁷ for a million texts).
#[derive(Debug, Default, Clone)]
pub struct Fingerprints(HashSet<u128>);

impl Fingerprints {
    fn print(parts: &[&str]) -> u128 {
        use std::hash::{BuildHasher, Hasher};
        let half = |seed: u64| {
            let mut h = foldhash::quality::FixedState::with_seed(seed).build_hasher();
            for part in parts {
                h.write(part.as_bytes());
                // Not a byte of UTF-8: `ab`+`c` and `a`+`bc` differ.
                h.write_u8(0xff);
            }
            h.finish()
        };
        (u128::from(half(0x243f_6a88_85a3_08d3)) << 64) | u128::from(half(0x1319_8a2e_0370_7344))
    }

    pub fn contains(&self, parts: &[&str]) -> bool {
        self.0.contains(&Self::print(parts))
    }

    /// Whether the text was new.
    pub fn insert(&mut self, parts: &[&str]) -> bool {
        self.0.insert(Self::print(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_told_apart_by_their_parts() {
        let mut set = Fingerprints::default();
        assert!(set.insert(&["ab", "c"]));
        assert!(!set.insert(&["ab", "c"]));
        assert!(set.contains(&["ab", "c"]));
        assert!(!set.contains(&["a", "bc"]));
        assert!(!set.contains(&["abc"]));
        assert!(set.insert(&["a", "bc"]));
        assert!(set.insert(&[""]));
        assert!(!set.contains(&[]));
    }
}

//! The one seeded random generator of a simulation.
//!
//! Upstream draws from `math/rand` and `k8s.io/apimachinery/pkg/util/rand`; here every draw
//! comes from this PCG-XSH-RR generator so that one seed gives one run, byte for byte. No OS
//! entropy is ever read (that would also pull `getrandom` into the wasm build).

use serde::{Deserialize, Serialize};

/// PCG32 (O'Neill), small and fast; quality is ample for names and tie-breaks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
    inc: u64,
}

/// The alphabet of `utilrand.String`: consonants and digits chosen upstream so that generated
/// names never spell words.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng {
            state: 0,
            inc: (seed << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed ^ 0x853c_49e6_748f_ea9b);
        rng.next_u32();
        rng
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(self.inc);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    pub fn next_u64(&mut self) -> u64 {
        (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())
    }

    /// A value in `0..bound` (bound > 0), without modulo bias.
    pub fn below(&mut self, bound: u32) -> u32 {
        debug_assert!(bound > 0);
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let r = self.next_u32();
            if r >= threshold {
                return r % bound;
            }
        }
    }

    /// A random name suffix as `utilrand.String(n)` makes for `generateName`.
    pub fn suffix(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| ALPHANUMS[self.below(ALPHANUMS.len() as u32) as usize] as char)
            .collect()
    }

    /// A version-4 UUID, the shape of `metadata.uid`.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let hi = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        let lo = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u32(), b.next_u32());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn suffix_uses_the_upstream_alphabet() {
        let s = Rng::new(7).suffix(5);
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|c| ALPHANUMS.contains(&c)));
    }

    #[test]
    fn uuid_has_the_v4_shape() {
        let u = Rng::new(3).uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}

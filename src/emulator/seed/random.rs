//! The seeded random source of the demo data and the id formats Flow Service uses.
//!
//! Each part of a sandbox (connections, flows, runs) draws from its own stream, derived
//! from the seed and a label, so growing the run count does not change flow ids.

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::emulator::clock::EpochMs;
use crate::emulator::dlz::stable_hash;

const HEX: &[u8] = b"0123456789abcdef";
pub(super) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub(super) const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const DIGITS: &[u8] = b"0123456789";
pub(super) const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Crockford base32, the alphabet of ULID batch ids.
const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub(super) struct Gen {
    rng: ChaCha8Rng,
}

impl Gen {
    pub fn new(seed: u64, label: &str) -> Self {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(stable_hash(seed, &["flowscope-seed", label])),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.rng.random_range(0..n) }
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..hi) }
    }

    pub fn unit(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A log-uniform value in `lo..hi`, for sizes that span orders of magnitude.
    pub fn log_range(&mut self, lo: u64, hi: u64) -> u64 {
        let (a, b) = ((lo.max(1)) as f64, (hi.max(lo + 1)) as f64);
        (a.ln() + self.unit() * (b.ln() - a.ln())).exp() as u64
    }

    /// One element of a non-empty slice (the catalogue test guarantees non-empty lists).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn in proportion to `weights`.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < u64::from(*w) {
                return i;
            }
            x -= u64::from(*w);
        }
        0
    }

    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize]))
            .collect()
    }

    pub fn hex(&mut self, n: usize) -> String {
        self.chars(HEX, n)
    }

    pub fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        uuid::Builder::from_random_bytes(b).into_uuid().to_string()
    }

    /// An etag as Flow Service writes them, quotes included; the last group encodes the
    /// write time in hex seconds like the real ones (`"6802064a-0000-0200-0000-6387c6b90000"`).
    pub fn etag(&mut self, at: EpochMs) -> String {
        format!(
            "\"{:08x}-0000-0200-0000-{:08x}0000\"",
            self.next_u64() as u32,
            (at / 1000) as u32
        )
    }

    /// A ULID (26 Crockford base32 characters, time first), the shape of batch ids.
    pub fn ulid(&mut self, at: EpochMs) -> String {
        let mut out = String::with_capacity(26);
        let t = at.max(0) as u64;
        for i in (0..10).rev() {
            out.push(char::from(CROCKFORD[((t >> (i * 5)) & 31) as usize]));
        }
        let r = self.next_u64();
        let s = self.next_u64();
        for i in 0..16 {
            let v = if i < 12 { r >> (i * 5) } else { s >> ((i - 12) * 5) };
            out.push(char::from(CROCKFORD[(v & 31) as usize]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_flow_service_shapes() {
        let mut g = Gen::new(1, "t");
        assert_eq!(g.uuid().len(), 36);
        let e = g.etag(1_669_842_617_000);
        assert!(e.starts_with('"') && e.ends_with("-6387c6b90000\""), "{e}");
        let u = g.ulid(1_793_491_200_000);
        assert_eq!(u.len(), 26);
        assert!(u.starts_with("01K"), "{u}");
        let mut h = Gen::new(1, "t");
        assert_eq!(h.uuid(), Gen::new(1, "t").uuid());
        assert_ne!(h.uuid(), Gen::new(1, "u").uuid());
    }
}

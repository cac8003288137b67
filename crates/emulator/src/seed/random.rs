//! The seeded random source of the demo data and the id formats Flow Service uses.
//!
//! Each part of a sandbox (connections, flows, runs) draws from its own stream, derived
//! from the seed and a label, so growing the run count does not change flow ids.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::EpochMs;
use crate::dlz::stable_hash;

pub(super) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub(super) const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const DIGITS: &[u8] = b"0123456789";
pub(super) const BASE64: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX: &[u8] = b"0123456789abcdef";
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

    /// A stream from a value already drawn from another stream.
    pub fn from_u64(seed: u64) -> Self {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Uniform in `0..n` (0 when `n` is 0). Plain arithmetic on one draw instead of
    /// rand's generic samplers, which this crate compiles unoptimised in debug builds
    /// and the 200,000-run scale set calls millions of times; the modulo bias is far
    /// below anything demo data could show.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            ((u128::from(self.rng.next_u64()) * u128::from(n)) >> 64) as u64
        }
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi.abs_diff(lo)) as i64
        }
    }

    /// Uniform in `0.0..1.0`, from the top 53 bits of one draw.
    pub fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
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

    /// `n` lowercase hex digits (ids of datasets and mappings).
    pub fn hex(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n + 16);
        while out.len() < n {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(n);
        out
    }

    /// A version-4 UUID from the stream's bytes. Written digit by digit in a plain
    /// loop: std formatting and iterator adapters both cost more in this crate's debug
    /// build, and the 200,000-run scale set needs hundreds of thousands of ids.
    pub fn uuid(&mut self) -> String {
        // Two words rather than fill_bytes, whose generic block buffering is slow unoptimised.
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        b[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        let bytes = *uuid::Builder::from_random_bytes(b).into_uuid().as_bytes();
        let mut out = [b'-'; 36];
        let (mut pos, mut i) = (0usize, 0usize);
        while i < 16 {
            if matches!(pos, 8 | 13 | 18 | 23) {
                pos += 1;
            }
            out[pos] = HEX[usize::from(bytes[i] >> 4)];
            out[pos + 1] = HEX[usize::from(bytes[i] & 15)];
            pos += 2;
            i += 1;
        }
        ascii(&out)
    }

    /// An etag as Flow Service writes them, quotes included; the last group encodes the
    /// write time in hex seconds like the real ones (`"6802064a-0000-0200-0000-6387c6b90000"`).
    pub fn etag(&mut self, at: EpochMs) -> String {
        format!(
            "\"{:08x}-0000-0200-0000-{:08x}0000\"",
            self.next_u64() as u32,
            (at / 1000).max(0) as u32
        )
    }

    /// A ULID (26 Crockford base32 characters, time first), the shape of batch ids.
    pub fn ulid(&mut self, at: EpochMs) -> String {
        // Ten characters of 48-bit time, then sixteen of randomness (80 bits).
        let t = at.max(0) as u64;
        let (r1, r2) = (self.next_u64(), self.next_u64());
        let mut out = [0u8; 26];
        let mut i = 0;
        while i < 10 {
            out[i] = CROCKFORD[((t >> (45 - 5 * i)) & 31) as usize];
            out[i + 10] = CROCKFORD[((r1 >> (5 * i)) & 31) as usize];
            i += 1;
        }
        while i < 16 {
            out[i + 10] = CROCKFORD[((r2 >> (5 * (i - 10))) & 31) as usize];
            i += 1;
        }
        ascii(&out)
    }
}

/// The id buffers above hold only ASCII from fixed alphabets.
fn ascii(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap_or_default()
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
        assert!(u.starts_with("01M6"), "{u}");
        let id = g.uuid();
        assert!(
            uuid::Uuid::parse_str(&id).is_ok_and(|p| p.get_version_num() == 4),
            "{id}"
        );
        let mut h = Gen::new(1, "t");
        assert_eq!(h.uuid(), Gen::new(1, "t").uuid());
        assert_ne!(h.uuid(), Gen::new(1, "u").uuid());
    }
}

//! Which byte ranges of a download are on disk: a sorted set of disjoint half-open
//! ranges, merged as parts finish in any order, and the parts still missing.

use serde::{Deserialize, Serialize};

/// Disjoint, sorted, non-adjacent `[start, end)` ranges (stored as pairs in the plan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<(u64, u64)>", into = "Vec<(u64, u64)>")]
pub struct Ranges(Vec<(u64, u64)>);

impl From<Vec<(u64, u64)>> for Ranges {
    /// Normalises whatever a file said: empty ranges dropped, overlaps merged.
    fn from(v: Vec<(u64, u64)>) -> Ranges {
        let mut r = Ranges::default();
        for (s, e) in v {
            r.insert(s, e);
        }
        r
    }
}

impl From<Ranges> for Vec<(u64, u64)> {
    fn from(r: Ranges) -> Self {
        r.0
    }
}

impl Ranges {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn spans(&self) -> &[(u64, u64)] {
        &self.0
    }

    /// Adds `[start, end)`, merging it with what it overlaps or touches.
    pub fn insert(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        let (mut s, mut e) = (start, end);
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut placed = false;
        for &(a, b) in &self.0 {
            if b < s {
                out.push((a, b));
            } else if a > e {
                if !placed {
                    out.push((s, e));
                    placed = true;
                }
                out.push((a, b));
            } else {
                s = s.min(a);
                e = e.max(b);
            }
        }
        if !placed {
            out.push((s, e));
        }
        self.0 = out;
    }

    /// Whether every byte of `[start, end)` is covered.
    pub fn contains(&self, start: u64, end: u64) -> bool {
        start >= end || self.0.iter().any(|&(a, b)| a <= start && end <= b)
    }

    /// Bytes covered.
    pub fn covered(&self) -> u64 {
        self.0.iter().map(|(a, b)| b - a).sum()
    }

    /// The parts (of `part_size`, the last one shorter) of a `size`-byte file that are not
    /// wholly covered: what a resumed download still fetches.
    pub fn missing_parts(&self, size: u64, part_size: u64) -> Vec<(u64, u64)> {
        let part_size = part_size.max(1);
        (0..size.div_ceil(part_size))
            .map(|i| (i * part_size, ((i + 1) * part_size).min(size)))
            .filter(|&(s, e)| !self.contains(s, e))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn merges_overlapping_and_touching_ranges() {
        let mut r = Ranges::default();
        r.insert(10, 20);
        r.insert(30, 40);
        r.insert(20, 30);
        assert_eq!(r.spans(), &[(10, 40)]);
        r.insert(0, 5);
        r.insert(50, 50);
        assert_eq!(r.spans(), &[(0, 5), (10, 40)]);
        assert_eq!(r.covered(), 35);
        assert_eq!(r.missing_parts(45, 10), vec![(0, 10), (40, 45)]);
        let from_file: Ranges = vec![(5, 9), (0, 6), (7, 7)].into();
        assert_eq!(from_file.spans(), &[(0, 9)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever order parts finish in, the set covers exactly the bytes of the
        /// finished parts, and the missing parts are exactly the others.
        #[test]
        fn finished_parts_in_any_order(
            size in 1u64..5_000,
            part_size in 1u64..700,
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..40),
        ) {
            let parts: Vec<(u64, u64)> = (0..size.div_ceil(part_size))
                .map(|i| (i * part_size, ((i + 1) * part_size).min(size)))
                .collect();
            let mut done = std::collections::BTreeSet::new();
            let mut r = Ranges::default();
            for p in &picks {
                let i = p.index(parts.len());
                done.insert(i);
                r.insert(parts[i].0, parts[i].1);
                prop_assert!(r.spans().windows(2).all(|w| w[0].1 < w[1].0));
            }
            let bytes: u64 = done.iter().map(|&i| parts[i].1 - parts[i].0).sum();
            prop_assert_eq!(r.covered(), bytes);
            let missing = r.missing_parts(size, part_size);
            let want: Vec<(u64, u64)> = parts
                .iter()
                .enumerate()
                .filter(|(i, _)| !done.contains(i))
                .map(|(_, p)| *p)
                .collect();
            prop_assert_eq!(missing, want);
            let back: Ranges = Vec::<(u64, u64)>::from(r.clone()).into();
            prop_assert_eq!(back, r);
        }
    }
}

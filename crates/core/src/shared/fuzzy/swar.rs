//! Searching short rows for one byte: sixteen bytes at a time where the compiler
//! vectorises the test, eight at a time in a `u64` to place a match. Rows are about a
//! hundred bytes, where memchr's setup per call cost more than its scan.

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// What [`Byte::search`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Search {
    At(usize),
    Absent,
    /// A byte outside ASCII, before any match: the byte-level search cannot tell.
    NonAscii,
}

/// A needle letter as nucleo compares it: a lowercase letter of a case-folded needle
/// matches both cases (`b | 0x20` is the letter exactly for the two), anything else
/// matches itself.
#[derive(Clone, Copy, Debug)]
pub(super) struct Byte {
    fold: u64,
    want: u64,
}

impl Byte {
    pub(super) fn new(b: u8, fold_case: bool) -> Byte {
        let fold = if fold_case && b.is_ascii_lowercase() {
            0x20
        } else {
            0
        };
        Byte {
            fold: ONES * fold,
            want: ONES * u64::from(b),
        }
    }

    /// The high bit of every byte of `w` that matches. Exact per byte: the sum of the
    /// low seven bits cannot carry into the next byte.
    fn hits(self, w: u64) -> u64 {
        let x = (w | self.fold) ^ self.want;
        !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
    }

    /// Like `hits`, one operation cheaper, for the first match only: the subtraction's
    /// borrow can flag bytes above a match but never without one, and the lowest flag is
    /// the first match.
    fn first_hits(self, w: u64) -> u64 {
        let x = (w | self.fold) ^ self.want;
        x.wrapping_sub(ONES) & !x & !LOW7
    }

    /// The hits in `h[from..]`, fewer than 8 bytes at its end.
    fn tail_hits(self, h: &[u8], from: usize) -> u64 {
        let (w, valid) = tail_word(h, from);
        self.hits(w) & valid
    }

    /// Whether any of sixteen bytes holds the letter (or, with `GUARD`, is not ASCII):
    /// written as a fold over booleans, which the compiler turns into one vector compare
    /// per sixteen bytes.
    fn any16<const GUARD: bool>(self, chunk: &[u8; 16]) -> bool {
        // The low byte of `fold` and `want` is the byte itself.
        let (fold, want) = (self.fold as u8, self.want as u8);
        chunk.iter().fold(false, |any, &b| {
            any | ((b | fold) == want) | (GUARD && b >= 0x80)
        })
    }

    /// The first position in `h` holding the letter: sixteen bytes at a time, then the
    /// place within the sixteen a word at a time.
    pub(super) fn find(self, h: &[u8]) -> Option<usize> {
        match self.search::<false>(h) {
            Search::At(at) => Some(at),
            Search::Absent | Search::NonAscii => None,
        }
    }

    /// Like `find`, and with `GUARD` it stops at any non-ASCII byte it passes: the
    /// filter then asks nucleo, and a row need not be checked for ASCII first.
    pub(super) fn search<const GUARD: bool>(self, h: &[u8]) -> Search {
        let (chunks, _) = h.as_chunks::<16>();
        for (i, chunk) in chunks.iter().enumerate() {
            if self.any16::<GUARD>(chunk) {
                let w = u128::from_le_bytes(*chunk);
                // Truncations: the two halves of the chunk.
                let (low, high) = (w as u64, (w >> 64) as u64);
                if GUARD && (low | high) & HIGH != 0 {
                    return Search::NonAscii;
                }
                let at = match self.first_hits(low) {
                    0 => 64 + self.first_hits(high).trailing_zeros(),
                    hits => hits.trailing_zeros(),
                };
                return Search::At(i * 16 + at as usize / 8);
            }
        }
        let mut from = chunks.len() * 16;
        if let Some(w) = h.get(from..).and_then(<[u8]>::first_chunk::<8>) {
            let w = u64::from_le_bytes(*w);
            if GUARD && w & HIGH != 0 {
                return Search::NonAscii;
            }
            let hits = self.first_hits(w);
            if hits != 0 {
                return Search::At(from + hits.trailing_zeros() as usize / 8);
            }
            from += 8;
        }
        let (w, valid) = tail_word(h, from);
        if GUARD && w & valid & HIGH != 0 {
            return Search::NonAscii;
        }
        match self.hits(w) & valid {
            0 => Search::Absent,
            hits => Search::At(from + hits.trailing_zeros() as usize / 8),
        }
    }

    /// The last position in `h` holding the letter.
    pub(super) fn rfind(self, h: &[u8]) -> Option<usize> {
        let (head, words) = h.as_rchunks::<8>();
        for (i, w) in words.iter().enumerate().rev() {
            let hits = self.hits(u64::from_le_bytes(*w));
            if hits != 0 {
                return Some(head.len() + i * 8 + 7 - hits.leading_zeros() as usize / 8);
            }
        }
        // The head's bytes, in the low end of a word.
        let hits = self.tail_hits(head, 0);
        (hits != 0).then(|| 7 - hits.leading_zeros() as usize / 8)
    }

    /// Every position in `h` holding the letter, in order.
    pub(super) fn each(self, h: &[u8], mut found: impl FnMut(usize)) {
        let (words, _) = h.as_chunks::<8>();
        let last = (words.len(), self.tail_hits(h, words.len() * 8));
        let hits = words.iter().map(|w| self.hits(u64::from_le_bytes(*w)));
        for (i, mut hits) in hits.enumerate().chain([last]) {
            while hits != 0 {
                found(i * 8 + hits.trailing_zeros() as usize / 8);
                hits &= hits - 1;
            }
        }
    }
}

/// `h[from..]`, fewer than 8 bytes at its end, as a word: read as the last word of `h`
/// (no copy) shifted past the bytes before `from`, or bytewise in rows under 8; and the
/// mask of its bytes (the rest is padding).
fn tail_word(h: &[u8], from: usize) -> (u64, u64) {
    let n = h.len() - from;
    if n == 0 {
        return (0, 0);
    }
    let w = match h.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - n)),
        None => h[from..]
            .iter()
            .rev()
            .fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    (w, u64::MAX >> (64 - 8 * n))
}

//! Searching short rows for one byte, eight bytes at a time in a `u64`. Rows are about a
//! hundred bytes, where memchr's setup per call cost more than its scan; a word at a time
//! took a third off a keystroke.

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

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

    /// The hits in `h[from..]`, fewer than 8 bytes at its end: read as the last word of
    /// `h` (no copy) shifted past the bytes before `from`, or bytewise in rows under 8.
    fn tail_hits(self, h: &[u8], from: usize) -> u64 {
        let n = h.len() - from;
        if n == 0 {
            return 0;
        }
        let w = match h.last_chunk::<8>() {
            Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - n)),
            None => h[from..]
                .iter()
                .rev()
                .fold(0, |w, &b| (w << 8) | u64::from(b)),
        };
        self.hits(w) & (u64::MAX >> (64 - 8 * n))
    }

    /// The first position in `h` holding the letter.
    pub(super) fn find(self, h: &[u8]) -> Option<usize> {
        let (words, _) = h.as_chunks::<8>();
        for (i, w) in words.iter().enumerate() {
            let hits = self.first_hits(u64::from_le_bytes(*w));
            if hits != 0 {
                return Some(i * 8 + hits.trailing_zeros() as usize / 8);
            }
        }
        let from = words.len() * 8;
        let hits = self.tail_hits(h, from);
        (hits != 0).then(|| from + hits.trailing_zeros() as usize / 8)
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

//! Bounds on nucleo's score of one fuzzy word over an ASCII row, found without nucleo's
//! matrix: a lower bound that is enough to keep most matching rows and an upper bound that
//! is enough to drop most others, so nucleo itself scores only the rows in between.
//!
//! Why the bounds hold (nucleo-matcher 0.3.1, `fuzzy_optimal.rs`, ASCII haystack and
//! needle, the haystack short enough for its matrix, see [`fits_matrix`]): nucleo's matrix
//! cell for needle letter `i` at column `j` is `16 + max(diagonal + max(cb, bonus(j)),
//! gap + bonus(j))`, where the diagonal term exists when letter `i - 1` sits at `j - 1`,
//! `cb` (the run's carried bonus) is between 4 and the largest bonus, 10, and `gap` is
//! `max(0, cell(i - 1, j') - 2 - (j - j' - 1))` at best over earlier columns `j'`. The first
//! letter's cell is `16 + 2 * bonus(j)`. Taking 4 for `cb` gives a chain of cells no larger
//! than nucleo's, taking 10 one no smaller; both run over the same reachable columns (the
//! letter's occurrences after some occurrence of the previous letter). The contiguous and
//! whole-haystack shortcuts nucleo takes score within the same bounds, and a row that lacks
//! the needle as a subsequence is `None` for every path nucleo takes.

use super::swar::{Byte, Search};

/// nucleo's `SCORE_MATCH`: what every matched letter earns.
const MATCH: i32 = 16;
/// The least and the most a letter continuing a run adds on top of `MATCH`:
/// `BONUS_CONSECUTIVE`, and the largest bonus (`bonus_boundary_white`).
const RUN_MIN: i32 = 4;
const RUN_MAX: i32 = 10;
/// `BONUS_BOUNDARY`: a bonus this high restarts a run's carried bonus.
const BOUNDARY: i32 = 8;
/// nucleo's matrix holds at most this many cells and columns; beyond them it falls back to
/// a greedy match whose score the lower bound does not cover.
const MAX_CELLS: usize = 100 * 1024;
const MAX_COLUMNS: usize = 2048;

/// nucleo's character classes of ASCII bytes (`chars.rs`), in its order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

const fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        // `u8::is_ascii_whitespace`, as nucleo's `char_class` uses.
        b' ' | b'\t' | b'\n' | b'\x0C' | b'\r' => Class::Whitespace,
        // `Config::DEFAULT.delimiter_chars`.
        b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// nucleo's `bonus_for` with `Config::DEFAULT`: the bonus of a letter of class `cur`
/// after one of class `prev`.
const fn bonus_for(prev: Class, cur: Class) -> i32 {
    if cur as u8 > Class::Delimiter as u8 {
        match prev {
            Class::Whitespace => return 10,
            Class::Delimiter => return 9,
            Class::NonWord => return 8,
            _ => {}
        }
    }
    let camel = matches!((prev, cur), (Class::Lower, Class::Upper));
    let digit = !matches!(prev, Class::Number) && matches!(cur, Class::Number);
    if camel || digit {
        5
    } else if matches!(cur, Class::Whitespace) {
        10
    } else if matches!(cur, Class::NonWord) {
        8
    } else {
        0
    }
}

/// `class` and `bonus_for` as tables: they are looked up for every occurrence of a needle
/// letter, in every row.
const CLASSES: [Class; 256] = {
    let mut t = [Class::NonWord; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = class(b as u8);
        b += 1;
    }
    t
};
const BONUSES: [[i8; 6]; 6] = {
    let all = [
        Class::Whitespace,
        Class::NonWord,
        Class::Delimiter,
        Class::Lower,
        Class::Upper,
        Class::Number,
    ];
    let mut t = [[0; 6]; 6];
    let mut p = 0;
    while p < 6 {
        let mut c = 0;
        while c < 6 {
            t[p][c] = bonus_for(all[p], all[c]) as i8;
            c += 1;
        }
        p += 1;
    }
    t
};

/// The bonus of the byte at `j` (the haystack's start counts as whitespace before it).
#[inline]
pub(super) fn bonus(h: &[u8], j: usize) -> i32 {
    let prev = j
        .checked_sub(1)
        .map_or(Class::Whitespace, |p| CLASSES[usize::from(h[p])]);
    i32::from(BONUSES[prev as usize][CLASSES[usize::from(h[j])] as usize])
}

/// Whether nucleo scores a needle of `needle_len` over a haystack of `len` bytes with its
/// matrix (and so within the bounds) rather than greedily.
pub(super) fn fits_matrix(len: usize, needle_len: usize) -> bool {
    len <= MAX_COLUMNS && len.saturating_mul(needle_len) <= MAX_CELLS
}

/// One ASCII fuzzy word of the query, its letters as nucleo compares them: with smart
/// case, a needle without capitals matches letters of either case.
#[derive(Debug)]
pub(super) struct Needle {
    letters: Vec<Byte>,
}

/// What [`Needle::greedy`] made of a row.
pub(super) enum Located {
    /// nucleo finds no match.
    Absent,
    /// The row is not ASCII: only nucleo can tell.
    NonAscii,
    Match(Greedy),
}

/// What [`Needle::greedy`] found: nucleo's first match window and bounds of its score.
#[derive(Clone, Copy, Debug)]
pub(super) struct Greedy {
    start: usize,
    pub(super) lo: u32,
    pub(super) hi: u32,
}

/// The reachable occurrences of one needle letter and the bounds of their cells.
#[derive(Clone, Copy, Debug)]
struct Cell {
    pos: i32,
    lo: i32,
    hi: i32,
    /// nucleo's carried run bonus in this cell, where it is known (a first letter's is
    /// its bonus; a run's is carried on while nucleo surely continues the run), or -1.
    run: i32,
}

/// Scratch memory for [`Needle::refine`], kept per worker so rows allocate nothing.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// The greedy match's letters' places.
    pos: Vec<usize>,
    /// Per needle letter, its earliest and latest place in a whole match.
    span: Vec<(usize, usize)>,
    occ: Vec<Vec<(i32, i32)>>,
    prev: Vec<Cell>,
    cur: Vec<Cell>,
}

impl Needle {
    /// The needle of a fuzzy atom, if it is ASCII.
    pub(super) fn new(bytes: &[u8]) -> Option<Needle> {
        if bytes.is_empty() || !bytes.is_ascii() {
            return None;
        }
        // nucleo's smart case for ASCII needles (`Atom::new_inner`).
        let ignore_case = !bytes.iter().any(u8::is_ascii_uppercase);
        let letters = bytes.iter().map(|&b| Byte::new(b, ignore_case)).collect();
        Some(Needle { letters })
    }

    pub(super) fn len(&self) -> usize {
        self.letters.len()
    }

    /// Lower and upper bounds of nucleo's score of this needle over the ASCII haystack `h`,
    /// or `None` where nucleo finds no match. `h` must fit nucleo's matrix ([`fits_matrix`]).
    #[cfg(test)]
    pub(super) fn bounds(&self, h: &[u8], s: &mut Scratch) -> Option<(u32, u32)> {
        match self.greedy::<false>(h, s) {
            Located::Match(greedy) => Some(self.refine(h, &greedy, s)),
            Located::Absent | Located::NonAscii => None,
        }
    }

    /// nucleo's prefilter: the needle's letters in order, from the first occurrence of the
    /// first one that leaves room for the others; absent for most rows. The match it
    /// finds is one nucleo weighs too, so its score is a first lower bound. With `GUARD`
    /// the row need not be ASCII: the search stops at a non-ASCII byte before deciding
    /// (nucleo reads ASCII bytes as themselves, in order, so where the ASCII bytes hold
    /// no match, nucleo finds none).
    pub(super) fn greedy<const GUARD: bool>(&self, h: &[u8], s: &mut Scratch) -> Located {
        let n = &self.letters;
        let Some(room) = (h.len() + 1).checked_sub(n.len()) else {
            return Located::Absent;
        };
        s.pos.clear();
        let mut at = 0;
        for (k, letter) in n.iter().enumerate() {
            // The first letter leaves room for the others.
            let hay = if k == 0 { &h[..room] } else { &h[at..] };
            match letter.search::<GUARD>(hay) {
                Search::At(p) => {
                    s.pos.push(at + p);
                    at += p + 1;
                }
                Search::Absent => return Located::Absent,
                Search::NonAscii => return Located::NonAscii,
            }
        }
        let Some(&start) = s.pos.first() else {
            return Located::Absent;
        };
        let mut lo = MATCH + 2 * bonus(h, start);
        for pair in s.pos.windows(2) {
            let (prev, j) = (pair[0], pair[1]);
            let b = bonus(h, j);
            lo = MATCH
                + if j == prev + 1 {
                    lo + b.max(RUN_MIN)
                } else {
                    // Positions fit i32: the haystack fits nucleo's matrix.
                    b + (lo - (j - prev - 1) as i32 - 2).max(0)
                };
        }
        // Every letter adds at most 16 and 10, the first twice 10.
        let hi = (MATCH + RUN_MAX) * n.len() as i32 + RUN_MAX;
        let (lo, hi) = score_range(lo, hi);
        Located::Match(Greedy { start, lo, hi })
    }

    /// Tighter bounds than `greedy`'s, from the bounded matrix.
    pub(super) fn refine(&self, h: &[u8], greedy: &Greedy, s: &mut Scratch) -> (u32, u32) {
        if self.letters.len() == 1 {
            // A single letter scores 16 plus twice its best bonus (10 at most).
            return (greedy.lo, (MATCH + 2 * RUN_MAX).unsigned_abs());
        }
        // The greedy match is among the matrix's, so the matrix finds one.
        self.cells(h, greedy.start, s)
            .unwrap_or((greedy.lo, greedy.hi))
    }

    /// The bounded matrix, kept to the occurrences a whole match can use: letter `i` lies
    /// between its earliest place (the greedy match, from `start`) and its latest (the
    /// greedy match from the end), so no other occurrence changes the best match.
    fn cells(&self, h: &[u8], start: usize, s: &mut Scratch) -> Option<(u32, u32)> {
        let m = self.letters.len();
        s.span.clear();
        let mut at = start;
        for letter in &self.letters {
            let p = at + letter.find(h.get(at..)?)?;
            s.span.push((p, p));
            at = p + 1;
        }
        let mut before = h.len();
        for (letter, span) in self.letters.iter().zip(&mut s.span).rev() {
            span.1 = span.0 + letter.rfind(h.get(span.0..before)?)?;
            before = span.1;
        }
        s.occ.resize_with(m.max(s.occ.len()), Vec::new);
        for ((letter, occ), &(from, to)) in self.letters.iter().zip(&mut s.occ).zip(&s.span) {
            occ.clear();
            letter.each(h.get(from..=to)?, |j| {
                // Positions fit i32: the haystack fits nucleo's matrix.
                occ.push(((from + j) as i32, bonus(h, from + j)));
            });
        }
        s.prev.clear();
        s.prev.extend(s.occ[0].iter().map(|&(pos, b)| {
            let v = MATCH + 2 * b;
            Cell {
                pos,
                lo: v,
                hi: v,
                run: b,
            }
        }));
        for i in 1..m {
            s.cur.clear();
            let prev = &s.prev;
            // Best `cell + column` over the previous letter's cells at least two columns
            // back (a gap of g columns costs 2 + g).
            let (mut k, mut best_lo, mut best_hi) = (0, i32::MIN, i32::MIN);
            for &(j, b) in &s.occ[i] {
                while k < prev.len() && prev[k].pos + 2 <= j {
                    best_lo = best_lo.max(prev[k].lo + prev[k].pos);
                    best_hi = best_hi.max(prev[k].hi + prev[k].pos);
                    k += 1;
                }
                let diagonal = prev.get(k).filter(|c| c.pos + 1 == j);
                if k == 0 && diagonal.is_none() {
                    // No earlier occurrence of the previous letter: unreachable.
                    continue;
                }
                let (gap_lo, gap_hi) = if k == 0 {
                    (0, 0)
                } else {
                    ((best_lo - j - 1).max(0), (best_hi - j - 1).max(0))
                };
                let (mut lo, mut hi, mut run) = (gap_lo + b, gap_hi + b, -1);
                if let Some(d) = diagonal {
                    if d.run >= 0 {
                        // nucleo's `next_m_cell`: the run's bonus, at least 4, raised to a
                        // boundary's (8 or more) met on the way.
                        let mut carried = d.run.max(RUN_MIN);
                        if b >= BOUNDARY && b > carried {
                            carried = b;
                        }
                        let on = carried.max(b);
                        // Continuing beats any gap: nucleo continues, carrying `carried`.
                        if d.lo + on > gap_hi + b {
                            run = carried;
                        }
                        lo = lo.max(d.lo + on);
                        hi = hi.max(d.hi + on);
                    } else {
                        lo = lo.max(d.lo + b.max(RUN_MIN));
                        hi = hi.max(d.hi + RUN_MAX);
                    }
                }
                s.cur.push(Cell {
                    pos: j,
                    lo: lo + MATCH,
                    hi: hi + MATCH,
                    run,
                });
            }
            std::mem::swap(&mut s.prev, &mut s.cur);
        }
        let lo = s.prev.iter().map(|c| c.lo).max()?;
        let hi = s.prev.iter().map(|c| c.hi).max()?;
        Some(score_range(lo, hi))
    }
}

/// Bounds as scores; they are never negative (every cell is at least 16), and if they
/// were, widening them keeps them bounds.
fn score_range(lo: i32, hi: i32) -> (u32, u32) {
    (
        u32::try_from(lo).unwrap_or(0),
        u32::try_from(hi).unwrap_or(u32::MAX),
    )
}

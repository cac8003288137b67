//! One query, prepared once per keystroke (nucleo's pattern, the score floor, how each
//! word can be judged without nucleo), and the decision for one row: bounds first,
//! nucleo's own score only when the bounds straddle the floor, so the answer is always
//! nucleo's.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::MIN_SCORE_PER_CHAR;
use super::bounds::{Located, Needle, Scratch, fits_matrix};
use super::literal::{Literal, Verdict};

/// What one thread needs to judge rows: nucleo's matcher is not `Sync`, so each thread
/// has its own, with its buffers.
pub(super) struct Worker {
    matcher: Matcher,
    /// A non-ASCII row's characters, as nucleo reads it.
    buf: Vec<char>,
    scratch: Scratch,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            scratch: Scratch::default(),
        }
    }
}

/// How one word of the query is judged on ASCII rows.
enum Word {
    /// A plain fuzzy word: bounds on nucleo's score.
    Fuzzy(Needle),
    /// `'exact`, `^prefix`, `suffix$`, `!not`: presence of the literal (boxed: its
    /// searcher is large).
    Literal(Box<Literal>),
    /// Anything else (a non-ASCII word, an outsized needle): nucleo.
    Nucleo,
}

/// The least total score a row needs to show for `query`. Rows are long (every visible
/// cell), so letters scattered across unrelated cells would match almost anything; a
/// minimum score per typed letter keeps matches to runs of letters, as a user reading the
/// table expects. Negated words (`!x`) add nothing to a score.
pub(super) fn floor(query: &str) -> u32 {
    let letters: usize = query
        .split_whitespace()
        .filter(|w| !w.starts_with('!'))
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    MIN_SCORE_PER_CHAR.saturating_mul(u32::try_from(letters).unwrap_or(u32::MAX))
}

/// A parsed query.
pub(super) struct Plan {
    pattern: Pattern,
    /// The least total score a row needs.
    floor: u32,
    /// Per atom of `pattern`, in its order.
    words: Vec<Word>,
    /// The atoms' indices, longest needle first: the order to rule rows out in, as a
    /// longer word rules out more rows (any order gives the same answer).
    order: Vec<usize>,
    /// Whether every word is a plain ASCII fuzzy word, and the longest one's length.
    fuzzy_only: bool,
    longest: usize,
}

impl Plan {
    /// `query` is trimmed and not empty.
    pub(super) fn new(query: &str) -> Plan {
        // fzf's syntax: words all match; `'exact`, `^prefix`, `suffix$`, `!not`.
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let floor = floor(query);
        let words: Vec<Word> = pattern
            .atoms
            .iter()
            .map(|atom| {
                let Utf32Str::Ascii(bytes) = atom.needle_text() else {
                    return Word::Nucleo;
                };
                // A negated word is never fuzzy: nucleo makes `!x` a substring word.
                let word = if atom.kind == AtomKind::Fuzzy {
                    Needle::new(bytes).map(Word::Fuzzy)
                } else {
                    Literal::new(bytes, atom.kind).map(|l| Word::Literal(Box::new(l)))
                };
                word.unwrap_or(Word::Nucleo)
            })
            .collect();
        let mut order: Vec<usize> = (0..pattern.atoms.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(pattern.atoms[i].needle_text().len()));
        let fuzzy_only = words.iter().all(|w| matches!(w, Word::Fuzzy(_)));
        let longest = pattern
            .atoms
            .iter()
            .map(|a| a.needle_text().len())
            .max()
            .unwrap_or(0);
        Plan {
            pattern,
            floor,
            words,
            order,
            fuzzy_only,
            longest,
        }
    }

    /// Whether nucleo scores `hay` at or above the floor. Cheapest evidence first: the
    /// words' prefilters rule out most rows, their greedy matches keep many, and the
    /// bounded matrices settle nearly all the rest.
    pub(super) fn keep(&self, hay: &str, w: &mut Worker) -> bool {
        // A non-ASCII row may match through nucleo's case folding and accent folding,
        // which the byte-level judgements do not model.
        let h = hay.as_bytes();
        // A query of fuzzy words searches the row with a guard against non-ASCII bytes,
        // and checks the rest of the row only where every word matched; any other
        // query checks first.
        let guarded = self.fuzzy_only && fits_matrix(h.len(), self.longest);
        if !guarded && !is_ascii(h) {
            return self.exact(hay, w);
        }
        // Bounds of the row's total score; a word without a match (or a negated word
        // with one) rules the row out, as in `Pattern::score`.
        let (mut lo, mut hi) = (0u32, 0u32);
        let mut open = false;
        for &i in &self.order {
            let (atom, word) = (&self.pattern.atoms[i], &self.words[i]);
            let range = match word {
                Word::Fuzzy(n) if fits_matrix(h.len(), n.len()) => {
                    let located = match guarded {
                        true => n.greedy::<true>(h, &mut w.scratch),
                        false => n.greedy::<false>(h, &mut w.scratch),
                    };
                    match located {
                        Located::Absent => None,
                        Located::NonAscii => return self.exact(hay, w),
                        Located::Match(g) => {
                            open |= g.lo < g.hi;
                            Some((g.lo, g.hi))
                        }
                    }
                }
                Word::Literal(l) => match (l.judge(h), atom.negative) {
                    (Verdict::Absent, true) => Some((0, 0)),
                    (Verdict::Present(..), true) | (Verdict::Absent, false) => None,
                    (Verdict::Present(l, h), false) => Some((l, h)),
                    (Verdict::Ask, _) => nucleo(atom, h, &mut w.matcher),
                },
                _ => nucleo(atom, h, &mut w.matcher),
            };
            let Some((l, h)) = range else {
                return false;
            };
            lo = lo.saturating_add(l);
            hi = hi.saturating_add(h);
        }
        if guarded && !is_ascii(h) {
            return self.exact(hay, w);
        }
        if lo >= self.floor {
            true
        } else if hi < self.floor || !open {
            hi >= self.floor && self.exact(hay, w)
        } else {
            self.settle(hay, lo, hi, w)
        }
    }

    /// A row the greedy matches leave undecided: the fuzzy words' matrices, until the
    /// bounds settle it (their greedy matches found again), and nucleo if they do not.
    /// Out of line: few rows come this far, and the common path stays small.
    #[inline(never)]
    fn settle(&self, hay: &str, mut lo: u32, mut hi: u32, w: &mut Worker) -> bool {
        let h = hay.as_bytes();
        for word in &self.words {
            if let Word::Fuzzy(n) = word
                && fits_matrix(h.len(), n.len())
                && let Located::Match(g) = n.greedy::<false>(h, &mut w.scratch)
            {
                let (l, h) = n.refine(h, &g, &mut w.scratch);
                lo = lo.saturating_sub(g.lo).saturating_add(l);
                hi = hi.saturating_sub(g.hi).saturating_add(h);
                if lo >= self.floor || hi < self.floor {
                    break;
                }
            }
        }
        if lo >= self.floor {
            true
        } else if hi < self.floor {
            false
        } else {
            self.exact(hay, w)
        }
    }

    /// nucleo's verdict, as the filter has always computed it.
    #[inline(never)]
    pub(super) fn exact(&self, hay: &str, w: &mut Worker) -> bool {
        let hay = Utf32Str::new(hay, &mut w.buf);
        self.pattern
            .score(hay, &mut w.matcher)
            .is_some_and(|score| score >= self.floor)
    }
}

/// nucleo's score of one word over an ASCII row, as exact bounds.
fn nucleo(
    atom: &nucleo_matcher::pattern::Atom,
    h: &[u8],
    matcher: &mut Matcher,
) -> Option<(u32, u32)> {
    let score = u32::from(atom.score(Utf32Str::Ascii(h), matcher)?);
    Some((score, score))
}

/// `str::is_ascii`, in a form the compiler vectorises (it compiles to a byte loop here,
/// which took a quarter of a keystroke's time): sixteen bytes at a time into one
/// accumulator, the last sixteen overlapping.
fn is_ascii(bytes: &[u8]) -> bool {
    let mut any = [0u8; 16];
    let mut or = |chunk: &[u8; 16]| {
        for (a, b) in any.iter_mut().zip(chunk) {
            *a |= b;
        }
    };
    let (chunks, tail) = bytes.as_chunks::<16>();
    chunks.iter().for_each(&mut or);
    match bytes.last_chunk::<16>() {
        Some(last) if !tail.is_empty() => or(last),
        Some(_) => {}
        None => return bytes.is_ascii(),
    }
    any.iter().fold(0, |a, b| a | b) < 0x80
}

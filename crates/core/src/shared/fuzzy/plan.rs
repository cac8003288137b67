//! One query, prepared once per keystroke (nucleo's pattern, the score floor, how each
//! word can be judged without nucleo), and the decision for one row: bounds first,
//! nucleo's own score only when the bounds straddle the floor, so the answer is always
//! nucleo's.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::MIN_SCORE_PER_CHAR;
use super::bounds::{Needle, Scratch, fits_matrix};
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
}

impl Plan {
    /// `query` is trimmed and not empty.
    pub(super) fn new(query: &str) -> Plan {
        // fzf's syntax: words all match; `'exact`, `^prefix`, `suffix$`, `!not`.
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        // Rows are long (every visible cell), so letters scattered across unrelated
        // cells would match almost anything; a minimum score per typed letter keeps
        // matches to runs of letters, as a user reading the table expects.
        // Negated words (`!x`) add nothing to a score.
        let letters: usize = query
            .split_whitespace()
            .filter(|w| !w.starts_with('!'))
            .map(|w| w.chars().filter(|c| c.is_alphanumeric()).count())
            .sum();
        let floor = MIN_SCORE_PER_CHAR.saturating_mul(u32::try_from(letters).unwrap_or(u32::MAX));
        let words = pattern
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
        Plan {
            pattern,
            floor,
            words,
            order,
        }
    }

    /// Whether nucleo scores `hay` at or above the floor. Cheapest evidence first: the
    /// words' prefilters rule out most rows, their greedy matches keep many, and the
    /// bounded matrices settle nearly all the rest.
    pub(super) fn keep(&self, hay: &str, w: &mut Worker) -> bool {
        // A non-ASCII row may match through nucleo's case folding and accent folding,
        // which the byte-level judgements do not model.
        let h = hay.as_bytes();
        if !is_ascii(h) {
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
                    let g = n.greedy(h);
                    open |= g.is_some_and(|g| g.lo < g.hi);
                    g.map(|g| (g.lo, g.hi))
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
        // Undecided: the fuzzy words' matrices, until the bounds settle it (their
        // greedy matches found again; few rows come this far).
        if open && lo < self.floor && hi >= self.floor {
            for word in &self.words {
                if let Word::Fuzzy(n) = word
                    && fits_matrix(h.len(), n.len())
                    && let Some(g) = n.greedy(h)
                {
                    let (l, h) = n.refine(h, &g, &mut w.scratch);
                    lo = lo.saturating_sub(g.lo).saturating_add(l);
                    hi = hi.saturating_sub(g.hi).saturating_add(h);
                    if lo >= self.floor || hi < self.floor {
                        break;
                    }
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
/// which took a quarter of a keystroke's time): sixteen bytes at a time, the last sixteen
/// overlapping.
fn is_ascii(bytes: &[u8]) -> bool {
    const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
    let (chunks, tail) = bytes.as_chunks::<16>();
    let any = chunks.iter().fold(0, |a, c| a | u128::from_le_bytes(*c));
    let last = match bytes.last_chunk::<16>() {
        Some(c) if !tail.is_empty() => u128::from_le_bytes(*c),
        Some(_) => 0,
        None => tail.iter().fold(0, |a, &b| a | u128::from(b)),
    };
    (any | last) & HIGH == 0
}

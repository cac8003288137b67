//! The query's literal words (`'exact`, `^prefix`, `suffix$`, `!not`) over ASCII rows:
//! whether the row holds the word at all, which settles most rows without nucleo.
//!
//! Why it holds (nucleo-matcher 0.3.1, `exact.rs` and `lib.rs`, ASCII haystack and
//! needle): every literal kind needs the needle somewhere in the haystack, compared as
//! bytes, or with ASCII capitals folded when the needle has none (smart case), so a row
//! without even a folded occurrence never matches. Conversely a substring word with an
//! exact occurrence always matches, except in one branch nucleo searches a shortened
//! haystack (a needle whose first lowercase letter comes third or later), where we ask
//! nucleo. Its score is that of the best-placed occurrence: 16, twice that first
//! letter's bonus, and 16 plus 4 to 10 per further letter.

use memchr::memmem::Finder;
use nucleo_matcher::pattern::AtomKind;

use super::bounds::bonus;

/// What the row tells about one literal word before nucleo looks.
pub(super) enum Verdict {
    /// nucleo finds no match.
    Absent,
    /// nucleo matches, scoring within these bounds.
    Present(u32, u32),
    /// Only nucleo can tell.
    Ask,
}

/// One ASCII literal word of the query.
#[derive(Debug)]
pub(super) struct Literal {
    bytes: Vec<u8>,
    finder: Finder<'static>,
    /// Smart case: a needle without capitals matches either case.
    ignore_case: bool,
    /// A substring word whose every exact occurrence nucleo finds.
    finds_all: bool,
}

impl Literal {
    pub(super) fn new(bytes: &[u8], kind: AtomKind) -> Option<Literal> {
        if bytes.is_empty() || !bytes.is_ascii() {
            return None;
        }
        let ignore_case = !bytes.iter().any(u8::is_ascii_uppercase);
        let first_lower = bytes.iter().position(u8::is_ascii_lowercase);
        let finds_all = kind == AtomKind::Substring
            && (bytes.len() == 1 || !ignore_case || first_lower.is_none_or(|i| i < 2));
        Some(Literal {
            bytes: bytes.to_vec(),
            finder: Finder::new(bytes).into_owned(),
            ignore_case,
            finds_all,
        })
    }

    /// The verdict over the ASCII haystack `h`; `lower` is `h` with capitals folded,
    /// made on first use and kept for the row's other words.
    pub(super) fn judge(&self, h: &[u8], lower: &mut Lower) -> Verdict {
        if let Some(at) = self.finder.find(h) {
            if !self.finds_all {
                return Verdict::Ask;
            }
            let m = i32::try_from(self.bytes.len()).unwrap_or(i32::MAX);
            let lo = 16 + 2 * bonus(h, at) + 20 * (m - 1);
            let hi = 26 * m + 10;
            return Verdict::Present(
                u32::try_from(lo).unwrap_or(0),
                u32::try_from(hi).unwrap_or(u32::MAX),
            );
        }
        // Without folding, or with nothing to fold, an exact occurrence is the only kind.
        if !self.ignore_case || !self.bytes.iter().any(u8::is_ascii_lowercase) {
            return Verdict::Absent;
        }
        match self.finder.find(lower.of(h)) {
            Some(_) => Verdict::Ask,
            None => Verdict::Absent,
        }
    }
}

/// A row with its ASCII capitals folded, made at most once per row.
#[derive(Debug, Default)]
pub(super) struct Lower {
    bytes: Vec<u8>,
    fresh: bool,
}

impl Lower {
    /// Forgets the previous row.
    pub(super) fn reset(&mut self) {
        self.fresh = false;
    }

    fn of(&mut self, h: &[u8]) -> &[u8] {
        if !self.fresh {
            self.bytes.clear();
            self.bytes.extend(h.iter().map(u8::to_ascii_lowercase));
            self.fresh = true;
        }
        &self.bytes
    }
}

//! The query's literal words (`'exact`, `^prefix`, `suffix$`, `!not`) over ASCII rows:
//! whether the row holds the word at all, which settles most rows without nucleo.
//!
//! Why it holds (nucleo-matcher 0.3.1, `exact.rs` and `lib.rs`, ASCII haystack and
//! needle): every literal kind needs the needle somewhere in the haystack, compared as
//! bytes, or with ASCII capitals folded when the needle has none (smart case), so a row
//! without such an occurrence never matches. Conversely nucleo finds every such
//! occurrence of a substring word, except in one branch where it searches a shortened
//! haystack, case-sensitively (a folded needle whose first lowercase letter comes third or
//! later); there, and for the anchored kinds, we ask nucleo. A substring word's score is
//! that of its best-placed occurrence: 16, twice that first letter's bonus, and 16 plus 4
//! to 10 per further letter.

use memchr::memmem::Finder;
use nucleo_matcher::pattern::AtomKind;

use super::bounds::bonus;
use super::swar::Byte;

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
    /// For a needle with capitals: its exact occurrences.
    finder: Finder<'static>,
    /// For a needle without: its first letter, either case.
    first: Byte,
    /// Smart case: a needle without capitals matches either case.
    ignore_case: bool,
    /// A substring word whose every occurrence nucleo finds.
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
            first: Byte::new(bytes[0], ignore_case),
            ignore_case,
            finds_all,
        })
    }

    /// The verdict over the ASCII haystack `h`.
    pub(super) fn judge(&self, h: &[u8]) -> Verdict {
        let found = if self.ignore_case {
            self.find_folded(h)
        } else {
            self.finder.find(h)
        };
        let Some(at) = found else {
            return Verdict::Absent;
        };
        if !self.finds_all {
            return Verdict::Ask;
        }
        let m = i32::try_from(self.bytes.len()).unwrap_or(i32::MAX);
        let lo = 16 + 2 * bonus(h, at) + 20 * (m - 1);
        let hi = 26 * m + 10;
        Verdict::Present(
            u32::try_from(lo).unwrap_or(0),
            u32::try_from(hi).unwrap_or(u32::MAX),
        )
    }

    /// The first occurrence with capitals in `h` folded (the needle has none).
    fn find_folded(&self, h: &[u8]) -> Option<usize> {
        let rest = self.bytes.get(1..)?;
        let mut from = 0;
        while let Some(p) = self.first.find(h.get(from..)?) {
            let at = from + p;
            let word = h.get(at + 1..at + self.bytes.len())?;
            if word
                .iter()
                .zip(rest)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
            {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }
}

//! The `/` filter: fuzzy matching over a row's visible text with nucleo's matcher (the
//! engine behind helix's picker), smart case, so `ordfail` finds "Orders … failed".

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::shared::table::Row;

/// nucleo gives about 16 per matched letter plus bonuses for word starts and runs,
/// minus gaps; 12 per letter lets typos and skipped letters through, not scatter.
const MIN_SCORE_PER_CHAR: u32 = 12;

/// What the filter searches: one haystack (the row's visible text, cells joined by
/// spaces) per row index. `Sync`, so a large scan can be shared between threads.
pub trait Haystacks: Sync {
    /// Row `i`'s text.
    fn haystack(&self, i: usize) -> &str;

    /// Row `i`'s text, or `None` for an index past the end, which the filter drops.
    fn try_haystack(&self, i: usize) -> Option<&str> {
        Some(self.haystack(i))
    }
}

impl Haystacks for [Row] {
    fn haystack(&self, i: usize) -> &str {
        self.try_haystack(i).unwrap_or_default()
    }

    fn try_haystack(&self, i: usize) -> Option<&str> {
        self.get(i).map(|row| row.haystack.as_str())
    }
}

impl Haystacks for [String] {
    fn haystack(&self, i: usize) -> &str {
        self.try_haystack(i).unwrap_or_default()
    }

    fn try_haystack(&self, i: usize) -> Option<&str> {
        self.get(i).map(String::as_str)
    }
}

/// A `Vec` of rows or strings, as callers hold them.
impl<T: Sync> Haystacks for Vec<T>
where
    [T]: Haystacks,
{
    fn haystack(&self, i: usize) -> &str {
        self.as_slice().haystack(i)
    }

    fn try_haystack(&self, i: usize) -> Option<&str> {
        self.as_slice().try_haystack(i)
    }
}

/// Owns the matcher's scratch memory, so filtering allocates nothing per row.
pub struct Fuzzy {
    matcher: Matcher,
    buf: Vec<char>,
}

impl std::fmt::Debug for Fuzzy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fuzzy")
    }
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }
}

impl Fuzzy {
    /// The rows among `candidates` (kept in their order) whose text matches `query`. Words
    /// separated by spaces must all match, each fuzzily.
    pub fn filter<H: Haystacks + ?Sized>(
        &mut self,
        query: &str,
        rows: &H,
        candidates: &[usize],
    ) -> Vec<usize> {
        let query = query.trim();
        if query.is_empty() {
            return candidates.to_vec();
        }
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
        let floor = MIN_SCORE_PER_CHAR * u32::try_from(letters).unwrap_or(u32::MAX);
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                rows.try_haystack(i).is_some_and(|hay| {
                    let hay = Utf32Str::new(hay, &mut self.buf);
                    pattern
                        .score(hay, &mut self.matcher)
                        .is_some_and(|score| score >= floor)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::fuzzy::*;

    fn row(text: &str) -> Row {
        Row {
            haystack: text.into(),
            ..Row::default()
        }
    }

    #[test]
    fn fuzzy_words_all_match_in_order_kept() {
        let rows = [
            row("Orders daily success"),
            row("Customers failed"),
            row("Orders hourly failed"),
        ];
        let rows = &rows[..];
        let mut f = Fuzzy::default();
        let all = [0, 1, 2];
        assert_eq!(f.filter("ordfail", rows, &all), [2]);
        assert_eq!(f.filter("failed", rows, &all), [1, 2]);
        assert_eq!(f.filter("ord hour", rows, &all), [2]);
        // o…r…d scattered over "Customers failed" is no match.
        assert_eq!(f.filter("ord", rows, &all), [0, 2]);
        assert_eq!(f.filter("", rows, &[2, 0]), [2, 0]);
        assert_eq!(f.filter("zzz", rows, &all), Vec::<usize>::new());
        assert_eq!(f.filter("!failed", rows, &all), [0]);
    }

    #[test]
    fn smart_case() {
        let rows = vec![row("orders"), row("Orders")];
        let mut f = Fuzzy::default();
        assert_eq!(f.filter("orders", &rows, &[0, 1]), [0, 1]);
        assert_eq!(f.filter("Orders", &rows, &[0, 1]), [1]);
    }

    #[test]
    fn accents_fold_and_indices_past_the_end_are_dropped() {
        let rows: Vec<String> = vec!["Café export".into(), "cafe".into()];
        let mut f = Fuzzy::default();
        assert_eq!(f.filter("cafe", &rows, &[0, 1, 7]), [0, 1]);
        assert_eq!(f.filter("!zzz", &rows, &[1, 7, 0]), [1, 0]);
    }
}

//! The `/` filter: fuzzy matching over a row's visible text with nucleo's matcher (the
//! engine behind helix's picker), smart case, so `ordfail` finds "Orders … failed".

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::shared::table::Row;

/// nucleo gives about 16 per matched letter plus bonuses for word starts and runs,
/// minus gaps; 12 per letter lets typos and skipped letters through, not scatter.
const MIN_SCORE_PER_CHAR: u32 = 12;

/// What the filter searches: one haystack (the row's visible text) per row index.
pub trait Haystacks: Sync {
    fn haystack(&self, i: usize) -> &str;
}

impl Haystacks for [Row] {
    fn haystack(&self, i: usize) -> &str {
        self.get(i).map_or("", |r| r.haystack.as_str())
    }
}

/// What one query finds among its candidates, both in the candidates' order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    /// The rows that match with at least the minimum score per letter: what is shown.
    pub shown: Vec<usize>,
    /// The rows that match at all. Unlike `shown`, this only shrinks as a query grows,
    /// so a longer query needs to look at these rows only.
    pub loose: Vec<usize>,
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
        self.matches(query, rows, candidates).shown
    }

    /// The rows among `candidates` that match `query` well enough to show, and those that
    /// match it at all (at any score): a query typed on finds its rows among the latter.
    pub fn matches<H: Haystacks + ?Sized>(
        &mut self,
        query: &str,
        rows: &H,
        candidates: &[usize],
    ) -> Matches {
        let query = query.trim();
        if query.is_empty() {
            return Matches {
                shown: candidates.to_vec(),
                loose: candidates.to_vec(),
            };
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
        let mut out = Matches::default();
        for &i in candidates {
            let hay = Utf32Str::new(rows.haystack(i), &mut self.buf);
            if let Some(score) = pattern.score(hay, &mut self.matcher) {
                out.loose.push(i);
                if score >= floor {
                    out.shown.push(i);
                }
            }
        }
        out
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
        let mut f = Fuzzy::default();
        assert_eq!(f.filter("ordfail", &rows[..], &[0, 1, 2]), [2]);
        assert_eq!(f.filter("failed", &rows[..], &[0, 1, 2]), [1, 2]);
        assert_eq!(f.filter("ord hour", &rows[..], &[0, 1, 2]), [2]);
        // o…r…d scattered over "Customers failed" is no match.
        assert_eq!(f.filter("ord", &rows[..], &[0, 1, 2]), [0, 2]);
        assert_eq!(f.filter("", &rows[..], &[2, 0]), [2, 0]);
        assert_eq!(f.filter("zzz", &rows[..], &[0, 1, 2]), Vec::<usize>::new());
        assert_eq!(f.filter("!failed", &rows[..], &[0, 1, 2]), [0]);
    }

    #[test]
    fn smart_case() {
        let rows = [row("orders"), row("Orders")];
        let mut f = Fuzzy::default();
        assert_eq!(f.filter("orders", &rows[..], &[0, 1]), [0, 1]);
        assert_eq!(f.filter("Orders", &rows[..], &[0, 1]), [1]);
    }
}

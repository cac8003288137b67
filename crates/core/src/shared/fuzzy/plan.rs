//! One query, prepared once per keystroke (nucleo's pattern and the score floor), and
//! the decision for one row.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::MIN_SCORE_PER_CHAR;

/// What one thread needs to judge rows: nucleo's matcher is not `Sync`, so each thread
/// has its own, with its buffer.
pub(super) struct Worker {
    matcher: Matcher,
    /// A non-ASCII row's characters, as nucleo reads it.
    buf: Vec<char>,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }
}

/// A parsed query.
pub(super) struct Plan {
    pattern: Pattern,
    /// The least total score a row needs.
    floor: u32,
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
        Plan { pattern, floor }
    }

    /// Whether nucleo scores `hay` at or above the floor.
    pub(super) fn keep(&self, hay: &str, w: &mut Worker) -> bool {
        let hay = Utf32Str::new(hay, &mut w.buf);
        self.pattern
            .score(hay, &mut w.matcher)
            .is_some_and(|score| score >= self.floor)
    }
}

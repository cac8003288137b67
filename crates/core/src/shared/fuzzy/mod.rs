//! The `/` filter: fuzzy matching over a row's visible text with nucleo's matcher (the
//! engine behind helix's picker), smart case, so `ordfail` finds "Orders … failed".
//!
//! One keystroke scans every row (200,000 in a large run history) within a few
//! milliseconds: most rows are decided by cheap bounds on nucleo's score
//! ([`bounds`], [`literal`]), nucleo scores only the rows they leave open ([`plan`]), and large
//! lists are split over the machine's cores. The rows kept are exactly those nucleo's
//! score puts at or above the floor, in the candidates' order.

mod bounds;
mod literal;
mod plan;
mod swar;
#[cfg(test)]
mod tests;

use std::num::NonZeroUsize;

use plan::{Plan, Worker};

/// nucleo gives about 16 per matched letter plus bonuses for word starts and runs,
/// minus gaps; 12 per letter lets typos and skipped letters through, not scatter.
const MIN_SCORE_PER_CHAR: u32 = 12;

/// Below this many candidates one thread is quicker than starting others.
const PARALLEL_ABOVE: usize = 20_000;

/// Rows whose text is read ahead together: see [`warm`].
const BATCH: usize = 16;

/// What the filter searches: one haystack (the row's visible text, cells joined by
/// spaces) per row index. `Sync`, so a large scan can be shared between threads.
pub trait Haystacks: Sync {
    /// Row `i`'s text.
    fn haystack(&self, i: usize) -> &str;

    /// Row `i`'s text, or `None` for an index past the end, which the filter drops.
    fn try_haystack(&self, i: usize) -> Option<&str> {
        Some(self.haystack(i))
    }

    /// Whether the rows' texts are separate allocations spread over the heap, which the
    /// scan reads ahead in batches (see `warm`). Texts kept back to back are read in
    /// order by the processor on its own.
    fn scattered(&self) -> bool {
        true
    }
}

impl Haystacks for [String] {
    fn haystack(&self, i: usize) -> &str {
        self.try_haystack(i).unwrap_or_default()
    }

    #[inline]
    fn try_haystack(&self, i: usize) -> Option<&str> {
        self.get(i).map(String::as_str)
    }
}

/// A `Vec` of strings, as tests and benches hold them.
impl<T: Sync> Haystacks for Vec<T>
where
    [T]: Haystacks,
{
    fn haystack(&self, i: usize) -> &str {
        self.as_slice().haystack(i)
    }

    #[inline]
    fn try_haystack(&self, i: usize) -> Option<&str> {
        self.as_slice().try_haystack(i)
    }
}

/// Owns nucleo's matchers and scratch memory (one set per thread a scan may use), so
/// filtering allocates nothing per row and nothing is rebuilt per keystroke.
pub struct Fuzzy {
    /// Never empty; the first serves scans that stay on the calling thread.
    workers: Vec<Worker>,
    /// How many threads a large scan is split over: the machine's cores.
    threads: usize,
}

impl std::fmt::Debug for Fuzzy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fuzzy")
    }
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy {
            workers: vec![Worker::default()],
            threads: std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
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
        let plan = Plan::new(query);
        let threads = self.threads.max(1);
        if candidates.len() <= PARALLEL_ABOVE || threads == 1 {
            return match self.workers.first_mut() {
                Some(w) => scan(&plan, rows, candidates, w),
                None => scan(&plan, rows, candidates, &mut Worker::default()),
            };
        }
        if self.workers.len() < threads {
            self.workers.resize_with(threads, Worker::default);
        }
        let chunk = candidates.len().div_ceil(threads);
        let plan = &plan;
        std::thread::scope(|s| {
            let mut parts = candidates.chunks(chunk).zip(self.workers.iter_mut());
            let first = parts.next();
            // The calling thread takes the first part; the others run beside it.
            let others: Vec<_> = parts
                .map(|(part, w)| s.spawn(move || scan(plan, rows, part, w)))
                .collect();
            let mut shown = first.map_or_else(Vec::new, |(part, w)| scan(plan, rows, part, w));
            for other in others {
                match other.join() {
                    Ok(part) => shown.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            shown
        })
    }
}

/// The candidates of one part that `plan` keeps, in order.
fn scan<H: Haystacks + ?Sized>(
    plan: &Plan,
    rows: &H,
    candidates: &[usize],
    w: &mut Worker,
) -> Vec<usize> {
    let mut shown = Vec::new();
    let scattered = rows.scattered();
    for batch in candidates.chunks(BATCH) {
        if scattered {
            warm(rows, batch);
        }
        for &i in batch {
            if let Some(hay) = rows.try_haystack(i)
                && plan.keep(hay, w)
            {
                shown.push(i);
            }
        }
    }
    shown
}

/// Reads one byte per cache line of each row in `batch` before any is judged. Rows'
/// texts are separate allocations spread over the heap, and judging one is enough work
/// that the processor does not reach the next row's memory early on its own; asking for
/// all of a batch at once lets those fetches overlap instead of waiting one by one
/// (measured: a plain scan of 200,000 list rows took 2.5 times as long without it).
fn warm<H: Haystacks + ?Sized>(rows: &H, batch: &[usize]) {
    let mut x = 0u8;
    for &i in batch {
        if let Some(hay) = rows.try_haystack(i) {
            let bytes = hay.as_bytes();
            x ^= bytes.first().map_or(0, |b| *b) ^ bytes.last().map_or(0, |b| *b);
            let mut at = 64;
            while let Some(b) = bytes.get(at) {
                x ^= b;
                at += 64;
            }
        }
    }
    std::hint::black_box(x);
}

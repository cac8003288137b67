//! The filter's behaviour, and proof that its shortcuts change nothing: random rows and
//! queries give exactly what scoring every candidate with nucleo gives.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use proptest::prelude::*;

use crate::shared::fuzzy::bounds::{self, Needle, Scratch, fits_matrix};
use crate::shared::fuzzy::*;

fn row(text: &str) -> String {
    text.to_string()
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
    // In "Café" only the accented letter can match the `e`.
    let rows: Vec<String> = vec!["Café export".into(), "cafe".into(), "Café".into()];
    let mut f = Fuzzy::default();
    assert_eq!(f.filter("cafe", &rows, &[0, 1, 2, 7]), [0, 1, 2]);
    assert_eq!(f.filter("!zzz", &rows, &[1, 7, 0]), [1, 0]);
}

#[test]
fn large_lists_are_split_and_keep_their_order() {
    let rows: Vec<String> = (0..50_000)
        .map(|i| format!("{} run {i}", ["success", "failed"][i % 3 / 2]))
        .collect();
    let candidates: Vec<usize> = (0..rows.len()).rev().collect();
    // Three parts, whatever the machine: the split and the order are what is tested.
    let mut f = Fuzzy {
        threads: 3,
        ..Fuzzy::default()
    };
    let shown = f.filter("failed", &rows, &candidates);
    let expected: Vec<usize> = candidates.iter().copied().filter(|i| i % 3 == 2).collect();
    assert_eq!(shown, expected);
}

/// nucleo leaves out late occurrences of some literal words; the filter must too.
#[test]
fn nucleo_misses_late_words_whose_first_lowercase_letter_comes_third() {
    // The branch `Literal::finds_all` leaves to nucleo: it searches `x12a` only up to
    // `x12`, so a substring word `'12a` is not found there.
    let word = &Pattern::parse("'12a", CaseMatching::Smart, Normalization::Smart).atoms[0];
    let mut matcher = Matcher::new(Config::DEFAULT);
    assert_eq!(word.score(Utf32Str::Ascii(b"x12a"), &mut matcher), None);
    assert!(
        word.score(Utf32Str::Ascii(b"12a x"), &mut matcher)
            .is_some()
    );
    let rows: Vec<String> = vec!["x12a".into(), "12a x".into()];
    assert_eq!(Fuzzy::default().filter("'12a", &rows, &[0, 1]), [1]);
}

/// The byte classes and bonuses the bounds use are nucleo's: a one-letter needle after
/// any other byte scores 16 plus twice the bonus.
#[test]
fn bonuses_are_nucleos() {
    use nucleo_matcher::pattern::{Atom, AtomKind};
    let mut matcher = Matcher::new(Config::DEFAULT);
    for b in 1..128u8 {
        let needle = char::from(b).to_string();
        let atom = Atom::new(
            &needle,
            CaseMatching::Respect,
            Normalization::Never,
            AtomKind::Fuzzy,
            false,
        );
        for p in (0..128u8).filter(|&p| p != b) {
            let nucleo = atom.score(Utf32Str::Ascii(&[p, b, p]), &mut matcher);
            let ours = 16 + 2 * bounds::bonus(&[p, b], 1);
            assert_eq!(nucleo.map(i32::from), Some(ours), "{p} then {b}");
        }
        let first = atom.score(Utf32Str::Ascii(&[b, b'\x00', b'\x00']), &mut matcher);
        assert_eq!(first.map(i32::from), Some(16 + 2 * bounds::bonus(&[b], 0)));
    }
}

/// The filter as it was first written: nucleo scores every candidate, one by one.
fn reference(query: &str, rows: &[String], candidates: &[usize]) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return candidates.to_vec();
    }
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let floor = super::plan::floor(query);
    let (mut matcher, mut buf) = (Matcher::new(Config::DEFAULT), Vec::new());
    candidates
        .iter()
        .copied()
        .filter(|&i| {
            rows.get(i).is_some_and(|hay| {
                pattern
                    .score(Utf32Str::new(hay, &mut buf), &mut matcher)
                    .is_some_and(|score| score >= floor)
            })
        })
        .collect()
}

/// Letters the queries use too, in both cases, word boundaries of every class nucleo
/// knows, the query syntax's own characters, and letters nucleo folds (accents, a
/// combining accent, capitals outside ASCII).
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'o', 'r', 'A', 'B', 'E', 'F', 'O', '1', '2', ' ', ' ', '-', '_',
    '/', ':', '.', '|', '\t', '$', '^', '\'', '!', '\\', 'é', 'É', 'ö', 'İ', '\u{301}', 'ß',
];
const ASCII_ALPHABET: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'o', 'r', 'A', 'B', 'E', 'O', '1', ' ', ' ', '-', '/', '.', ':',
    '|', '_', '\t', '\u{b}',
];

fn text(alphabet: &'static [char], len: std::ops::Range<usize>) -> BoxedStrategy<String> {
    prop::collection::vec(prop::sample::select(alphabet), len)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

fn haystack() -> BoxedStrategy<String> {
    prop_oneof![
        3 => text(ASCII_ALPHABET, 0..80),
        2 => text(ALPHABET, 0..60),
        // Past nucleo's matrix (2048 columns), where it matches greedily.
        1 => text(ASCII_ALPHABET, 20..40).prop_map(|s| s.repeat(120)),
    ]
    .boxed()
}

/// One to three words, each maybe negated, exact, anchored or escaped.
fn query() -> BoxedStrategy<String> {
    let word = (
        prop::sample::select(&["", "", "", "!", "'", "^", "!^", "\\", "!'"][..]),
        prop_oneof![text(ASCII_ALPHABET, 1..6), text(ALPHABET, 1..5)],
        prop::sample::select(&["", "", "", "$", "\\$"][..]),
    )
        .prop_map(|(pre, body, post)| format!("{pre}{}{post}", body.trim()));
    prop::collection::vec(word, 1..4)
        .prop_map(|words| words.join(" "))
        .boxed()
}

fn rows_and_candidates(
    n: std::ops::Range<usize>,
    picks: std::ops::Range<usize>,
) -> impl Strategy<Value = (Vec<String>, Vec<usize>)> {
    prop::collection::vec(haystack(), n).prop_flat_map(move |rows| {
        // Any order, repeats, and some indices past the end.
        let upto = rows.len() + 2;
        let candidates = prop::collection::vec(0..upto, picks.clone());
        (Just(rows), candidates)
    })
}

/// How to cut a query word out of a row: which row, where, how long, which letters to
/// skip (so the word matches with gaps), whether to capitalise it, and its syntax.
type Cut = (usize, usize, usize, u8, bool, &'static str, &'static str);

fn cut() -> impl Strategy<Value = Cut> {
    (
        any::<usize>(),
        any::<usize>(),
        1usize..8,
        any::<u8>(),
        any::<bool>(),
        prop::sample::select(&["", "", "", "", "!", "'", "^"][..]),
        prop::sample::select(&["", "", "", "", "$"][..]),
    )
}

/// A query word that nearly matches a row: scores land around the floor, where a wrong
/// bound would show.
fn word_from(rows: &[String], (r, at, len, skip, upper, pre, post): Cut) -> String {
    let chars: Vec<char> = rows[r % rows.len()].chars().collect();
    let from = if chars.is_empty() {
        0
    } else {
        at % chars.len()
    };
    let mut word: String = chars
        .iter()
        .skip(from)
        .take(len)
        .enumerate()
        .filter(|&(i, c)| (i == 0 || skip & (1 << (i % 8)) == 0) && !c.is_whitespace())
        .map(|(_, c)| *c)
        .collect();
    if word.is_empty() {
        word.push('a');
    }
    if upper {
        word = word.to_uppercase();
    }
    format!("{pre}{word}{post}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fuzzy_filter_is_nucleo_for_words_from_the_rows(
        (rows, candidates) in rows_and_candidates(1..30, 0..40),
        cuts in prop::collection::vec(cut(), 1..4),
    ) {
        let words: Vec<String> = cuts.into_iter().map(|c| word_from(&rows, c)).collect();
        let query = words.join(" ");
        let mut f = Fuzzy::default();
        prop_assert_eq!(
            f.filter(&query, &rows, &candidates),
            reference(&query, &rows, &candidates)
        );
    }

    #[test]
    fn fuzzy_filter_is_nucleo_over_every_candidate(
        (rows, candidates) in rows_and_candidates(1..40, 0..60),
        query in query(),
    ) {
        let mut f = Fuzzy::default();
        prop_assert_eq!(
            f.filter(&query, &rows, &candidates),
            reference(&query, &rows, &candidates)
        );
    }

    #[test]
    fn fuzzy_bounds_hold_nucleos_score(
        hay in text(ASCII_ALPHABET, 0..120),
        needle in text(ASCII_ALPHABET, 1..7),
    ) {
        let needle = needle.replace(' ', "a");
        let atom = &Pattern::parse(&needle, CaseMatching::Smart, Normalization::Smart).atoms[0];
        let n = Needle::new(needle.as_bytes());
        prop_assert!(fits_matrix(hay.len(), needle.len()));
        let exact = atom.score(Utf32Str::Ascii(hay.as_bytes()), &mut Matcher::new(Config::DEFAULT));
        let bounds = n.and_then(|n| n.bounds(hay.as_bytes(), &mut Scratch::default()));
        prop_assert_eq!(exact.is_some(), bounds.is_some());
        if let (Some(s), Some((lo, hi))) = (exact, bounds) {
            prop_assert!(lo <= u32::from(s) && u32::from(s) <= hi, "{lo} <= {s} <= {hi}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn byte_search_finds_what_a_plain_scan_finds(
        h in prop::collection::vec(prop::sample::select(&b"aAbB\x20\x00\x7fzZ@`{"[..]), 0..40),
        b in prop::sample::select(&b"aAbz@`\x20\x00"[..]),
        fold in any::<bool>(),
    ) {
        use crate::shared::fuzzy::swar::Byte;
        let is = |c: u8| c == b || (fold && b.is_ascii_lowercase() && c == b.to_ascii_uppercase());
        let all: Vec<usize> = (0..h.len()).filter(|&i| is(h[i])).collect();
        let letter = Byte::new(b, fold);
        let mut each = Vec::new();
        letter.each(&h, |i| each.push(i));
        prop_assert_eq!(&each, &all);
        prop_assert_eq!(letter.find(&h), all.first().copied());
        prop_assert_eq!(letter.rfind(&h), all.last().copied());
    }

    #[test]
    fn literal_verdicts_are_nucleos(
        (before, after) in (text(ASCII_ALPHABET, 0..30), text(ASCII_ALPHABET, 0..4)),
        body in text(ASCII_ALPHABET, 1..5),
        (planted, upper) in (any::<bool>(), any::<bool>()),
        syntax in prop::sample::select(&["'", "!", "^", "!^", "$", "'$"][..]),
    ) {
        use crate::shared::fuzzy::literal::{Literal, Verdict};
        let body = body.replace(' ', "-");
        // Often the row holds the word, in either case, near its end.
        let hay = match (planted, upper) {
            (true, false) => format!("{before}{body}{after}"),
            (true, true) => format!("{before}{}{after}", body.to_uppercase()),
            _ => format!("{before}{after}"),
        };
        let word = match syntax.strip_suffix('$') {
            Some(pre) => format!("{pre}{body}$"),
            None => format!("{syntax}{body}"),
        };
        let atom = &Pattern::parse(&word, CaseMatching::Smart, Normalization::Smart).atoms[0];
        let Utf32Str::Ascii(needle) = atom.needle_text() else {
            return Err(TestCaseError::fail("an ASCII needle"));
        };
        let literal = Literal::new(needle, atom.kind);
        let exact = atom.score(Utf32Str::Ascii(hay.as_bytes()), &mut Matcher::new(Config::DEFAULT));
        // A negated word's own match, before nucleo inverts it.
        let found = if atom.negative { exact.is_none() } else { exact.is_some() };
        match literal.map(|l| l.judge(hay.as_bytes())) {
            Some(Verdict::Absent) => prop_assert!(!found),
            Some(Verdict::Present(lo, hi)) => {
                prop_assert!(found);
                if let Some(s) = exact.filter(|_| !atom.negative) {
                    prop_assert!(lo <= u32::from(s) && u32::from(s) <= hi, "{lo} <= {s} <= {hi}");
                }
            }
            Some(Verdict::Ask) | None => {}
        }
    }
}

proptest! {
    // Each case scores over 20,000 candidates twice: few cases, enough to see the split.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn fuzzy_filter_split_over_threads_is_nucleo(
        (rows, candidates) in rows_and_candidates(50..120, 20_001..26_000),
        query in query(),
    ) {
        let mut f = Fuzzy {
            threads: 3,
            ..Fuzzy::default()
        };
        prop_assert_eq!(
            f.filter(&query, &rows, &candidates),
            reference(&query, &rows, &candidates)
        );
    }
}

//! A list's sort order by one column: numbers as numbers where the column has them, text
//! without regard to case, equal keys in the service's order. The keys are read once per
//! sort and text is compared without lowercase copies, so 200,000 rows sort in a few tens
//! of milliseconds.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::shared::list::Sort;
use crate::shared::list::packed::Packed;

/// Text compared as lowercase, without lowercase copies (which for 200,000 rows cost
/// megabytes): the first byte that differs decides when it is ASCII on both sides, and
/// only text that differs at a non-ASCII character is compared character by character.
fn caseless(a: &str, b: &str) -> Ordering {
    for (&p, &q) in a.as_bytes().iter().zip(b.as_bytes()) {
        if p == q {
            continue;
        }
        if !p.is_ascii() || !q.is_ascii() {
            return a
                .chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase));
        }
        let (lp, lq) = (p.to_ascii_lowercase(), q.to_ascii_lowercase());
        if lp != lq {
            return lp.cmp(&lq);
        }
    }
    a.len().cmp(&b.len())
}

/// Eight bytes from byte `at` of `s` lowercased, as a number: numbers compare as
/// [`caseless`] compares texts (lowercase characters in code-point order, which is the
/// order of their UTF-8 bytes), zeros past the end. ASCII text is read in place; only
/// text beyond ASCII is lowercased into a copy.
fn chunk(s: &str, at: usize) -> u64 {
    let mut key = [0u8; 8];
    let lower;
    let bytes = if s.is_ascii() {
        s.as_bytes()
    } else {
        // Character by character, as `caseless` lowercases (no final-sigma rule).
        lower = s.chars().flat_map(char::to_lowercase).collect::<String>();
        lower.as_bytes()
    };
    for (k, &b) in key.iter_mut().zip(bytes.get(at..).unwrap_or(&[])) {
        *k = b.to_ascii_lowercase();
    }
    u64::from_be_bytes(key)
}

/// Sorts `group` (row indices whose texts agree, without case, on their first `at`
/// bytes) by the next eight bytes, then each run that agrees on those by the eight after,
/// and so on: most comparisons are of numbers, and texts are read only as far as they
/// differ. Stable.
fn by_chunks(group: &mut [usize], keys: &[(Option<i64>, &str)], at: usize, down: bool) {
    if group.len() < 2 {
        return;
    }
    let text = |i: usize| keys[i].1;
    if at >= 256 {
        // Texts alike for 256 bytes: compared whole.
        group.sort_by(|&a, &b| {
            let ord = caseless(text(a), text(b));
            if down { ord.reverse() } else { ord }
        });
        return;
    }
    let mut keyed: Vec<(u64, usize)> = group.iter().map(|&i| (chunk(text(i), at), i)).collect();
    if down {
        keyed.sort_by_key(|&(k, _)| std::cmp::Reverse(k));
    } else {
        keyed.sort_by_key(|&(k, _)| k);
    }
    for (slot, &(_, i)) in group.iter_mut().zip(&keyed) {
        *slot = i;
    }
    let mut start = 0;
    while start < keyed.len() {
        let len = keyed[start..]
            .iter()
            .take_while(|(k, _)| *k == keyed[start].0)
            .count();
        // Texts that end within these bytes are equal here; longer ones go on.
        if len > 1
            && group[start..start + len]
                .iter()
                .any(|&i| text(i).len() > at + 8 || !text(i).is_ascii())
        {
            by_chunks(&mut group[start..start + len], keys, at + 8, down);
        }
        start += len;
    }
}

/// Each row's rank among the column's distinct texts in [`caseless`] order, when there
/// are at most an eighth as many distinct texts as rows (a status, a flow's name); None
/// for a column of mostly different texts (an id, a time), which [`prefix`] sorts.
fn ranks(keys: &[(Option<i64>, &str)]) -> Option<Vec<u32>> {
    let most = keys.len() / 8 + 1;
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut distinct: Vec<&str> = Vec::new();
    for (_, text) in keys {
        if !index.contains_key(text) {
            if distinct.len() >= most {
                return None;
            }
            index.insert(text, 0);
            distinct.push(text);
        }
    }
    distinct.sort_by(|a, b| caseless(a, b));
    // Texts equal but for case share a rank.
    let mut rank = 0u32;
    for (n, text) in distinct.iter().enumerate() {
        if n > 0 && caseless(distinct[n - 1], text) != Ordering::Equal {
            rank += 1;
        }
        index.insert(text, rank);
    }
    Some(
        keys.iter()
            .map(|(_, t)| index.get(t).copied().unwrap_or(0))
            .collect(),
    )
}

/// The row indices of `rows` in the order `sort` asks for; equal keys keep the service's
/// order either way round. Each key is read once. A column of numbers sorts by them; a
/// column of text eight bytes at a time as numbers ([`by_chunks`]), so 200,000 rows sort
/// in tens of milliseconds where comparing whole texts took hundreds. A column of few distinct
/// texts sorts them once and the rows by their rank.
pub fn order<'a>(rows: impl Iterator<Item = Packed<'a>>, sort: Sort) -> Vec<usize> {
    let keys: Vec<(Option<i64>, &'a str)> = rows
        .map(|r| (r.num(sort.column), r.cell(sort.column)))
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let down = sort.descending;
    if keys.iter().all(|(n, _)| n.is_some()) {
        let num = |i: usize| keys[i].0.unwrap_or(0);
        // Stable: equal numbers keep the service's order.
        if down {
            order.sort_by_key(|&i| std::cmp::Reverse(num(i)));
        } else {
            order.sort_by_key(|&i| num(i));
        }
        return order;
    }
    if keys.iter().all(|(n, _)| n.is_none()) {
        // Few distinct texts (statuses, flow names): rank them, then sort by rank.
        if let Some(rank) = ranks(&keys) {
            if down {
                order.sort_by_key(|&i| std::cmp::Reverse(rank[i]));
            } else {
                order.sort_by_key(|&i| rank[i]);
            }
            return order;
        }
        by_chunks(&mut order, &keys, 0, down);
        return order;
    }
    // Numbers on some rows only: numbers where both have one, else the text.
    order.sort_by(|&a, &b| {
        let ((na, ta), (nb, tb)) = (keys[a], keys[b]);
        let ord = match (na, nb) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => caseless(ta, tb),
        };
        if down { ord.reverse() } else { ord }
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::list::packed::Owned;
    use crate::shared::table::{Names, Row};

    fn row(text: &str, n: Option<i64>) -> Owned {
        Owned::new(
            &Row::new(
                text.into(),
                String::new(),
                vec![text.into()],
                vec![n],
                Vec::new(),
            ),
            &Names::default(),
        )
    }

    #[test]
    fn caseless_agrees_with_comparing_lowercase_copies() {
        let words = [
            "a", "A", "ab", "aB", "b", "É", "é", "éa", "Éb", "z", "", "a é", "A É",
        ];
        for x in words {
            for y in words {
                let want = x.to_lowercase().cmp(&y.to_lowercase());
                assert_eq!(caseless(x, y), want, "{x:?} {y:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn caseless_agrees_on_any_text(x in "[a-zA-Zé É0-9ΣσẞßİI]{0,8}", y in "[a-zA-Zé É0-9ΣσẞßİI]{0,8}") {
            let want = x.chars().flat_map(char::to_lowercase).cmp(y.chars().flat_map(char::to_lowercase));
            proptest::prop_assert_eq!(caseless(&x, &y), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn sorting_by_prefix_first_agrees_with_comparing_whole_texts(
            texts in proptest::collection::vec("[a-cA-CéÉİKΣσ ]{0,20}", 0..60),
            few in proptest::collection::vec("[a-bA-B]{0,2}", 0..60),
            down in proptest::bool::ANY,
        ) {
            // Mostly different texts (sorted by chunks), and few texts (sorted by rank).
            for texts in [&texts, &few] {
                let rows: Vec<Owned> = texts.iter().map(|t| row(t, None)).collect();
                let by = Sort { column: 0, descending: down };
                let got = order(rows.iter().map(Owned::get), by);
                let mut want: Vec<usize> = (0..texts.len()).collect();
                want.sort_by(|&a, &b| {
                    let ord = caseless(&texts[a], &texts[b]);
                    if down { ord.reverse() } else { ord }
                });
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn text_sorts_without_case_and_numbers_as_numbers() {
        let rows = [
            row("b", None),
            row("A", None),
            row("É", None),
            row("a", None),
        ];
        let up = Sort {
            column: 0,
            descending: false,
        };
        assert_eq!(
            order(rows.iter().map(Owned::get), up),
            [1, 3, 0, 2],
            "equal keys keep their order"
        );
        let nums = [
            row("9", Some(9)),
            row("100", Some(100)),
            row("20", Some(20)),
        ];
        assert_eq!(order(nums.iter().map(Owned::get), up), [0, 2, 1]);
        let down = Sort {
            descending: true,
            ..up
        };
        assert_eq!(order(nums.iter().map(Owned::get), down), [1, 2, 0]);
    }
}

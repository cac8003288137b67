//! A list's sort order by one column: numbers as numbers where the column has them, text
//! without regard to case, equal keys in the service's order. The keys are read once per
//! sort (lowercase copies only of text with capitals), so 200,000 rows sort in a few tens
//! of milliseconds.

use std::borrow::Cow;

use crate::shared::list::Sort;
use crate::shared::list::packed::Packed;

/// The text `s` sorts by: itself when it has no capitals, else its lowercase form.
fn caseless(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// The row indices of `rows` in the order `sort` asks for. Each row's key is read (and
/// lowercased) once; equal keys keep the service's order either way round.
pub fn order<'a>(rows: impl Iterator<Item = Packed<'a>>, sort: Sort) -> Vec<usize> {
    let keys: Vec<(Option<i64>, Cow<'a, str>)> = rows
        .map(|r| (r.num(sort.column), caseless(r.cell(sort.column))))
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Unstable but total: ties fall back to the position, which makes it stable.
    order.sort_unstable_by(|&a, &b| {
        let ((na, ta), (nb, tb)) = (&keys[a], &keys[b]);
        let ord = match (na, nb) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => ta.cmp(tb),
        };
        let ord = if sort.descending { ord.reverse() } else { ord };
        ord.then(a.cmp(&b))
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

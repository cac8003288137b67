//! Column fitting for tables: which columns fit the width (low-priority ones are dropped
//! first on a narrow terminal) and how wide each is, from the header and the rows in view.

use crate::app::rows::Column;

/// `(column index, width)` for the columns shown, in table order. `content[i]` is the
/// widest cell of column `i` among the rows in view. One space separates columns.
pub fn fit(columns: &[Column], content: &[usize], width: u16) -> Vec<(usize, u16)> {
    let width = usize::from(width);
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    let need = |shown: &[usize]| -> usize {
        shown
            .iter()
            .map(|&i| usize::from(columns[i].min))
            .sum::<usize>()
            + shown.len().saturating_sub(1)
    };
    while shown.len() > 1 && need(&shown) > width {
        // Drop the least important column (the highest priority number, rightmost first).
        // (`max_by_key` keeps the last of equals, i.e. the rightmost.)
        let Some(pos) = (0..shown.len()).max_by_key(|&p| columns[shown[p]].priority) else {
            break;
        };
        if columns[shown[pos]].priority == 0 {
            break;
        }
        shown.remove(pos);
    }
    // Reference columns (priority 4 and up, e.g. ids) also go when keeping them would
    // cut the others short: a whole name beats a whole id, which `d` shows anyway.
    let desired = |i: usize| -> usize {
        let c = &columns[i];
        content
            .get(i)
            .copied()
            .unwrap_or(0)
            .max(c.title.chars().count())
            .clamp(usize::from(c.min), usize::from(c.max))
    };
    loop {
        let total: usize =
            shown.iter().map(|&i| desired(i)).sum::<usize>() + shown.len().saturating_sub(1);
        let Some(pos) = (0..shown.len()).max_by_key(|&p| columns[shown[p]].priority) else {
            break;
        };
        if total <= width || columns[shown[pos]].priority < 4 {
            break;
        }
        shown.remove(pos);
    }
    let mut widths: Vec<usize> = shown.iter().map(|&i| desired(i)).collect();
    let gaps = shown.len().saturating_sub(1);
    let total = |w: &[usize]| w.iter().sum::<usize>() + gaps;
    // Too wide: take from the widest columns down to their minimum.
    while total(&widths) > width {
        let Some((k, _)) = widths
            .iter()
            .enumerate()
            .filter(|(k, w)| **w > usize::from(columns[shown[*k]].min))
            .max_by_key(|(_, w)| **w)
        else {
            break;
        };
        widths[k] -= 1;
    }
    // Room to spare: the first column (usually the name) takes it, up to its maximum.
    let spare = width.saturating_sub(total(&widths));
    if let Some(first) = widths.first_mut() {
        let max = usize::from(columns[shown[0]].max);
        let want = content.get(shown[0]).copied().unwrap_or(0);
        *first += spare
            .min(max.saturating_sub(*first))
            .min(want.saturating_sub(*first));
    }
    shown
        .into_iter()
        .zip(widths)
        .map(|(i, w)| (i, u16::try_from(w).unwrap_or(u16::MAX)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::rows::{ListKind, columns};

    #[test]
    fn wide_terminals_show_every_column() {
        let cols = columns(ListKind::Runs);
        let content = vec![7, 20, 16, 5, 4, 4, 1, 7, 36];
        let f = fit(cols, &content, 250);
        assert_eq!(f.len(), cols.len());
        assert_eq!(f[1], (1, 20));
    }

    #[test]
    fn narrow_terminals_drop_low_priority_columns_first() {
        let cols = columns(ListKind::Runs);
        let content = vec![7, 30, 16, 5, 4, 4, 1, 7, 36];
        let f = fit(cols, &content, 78);
        let shown: Vec<&str> = f.iter().map(|(i, _)| cols[*i].title).collect();
        assert!(!shown.contains(&"ID"), "{shown:?}");
        assert!(shown.contains(&"STATUS") && shown.contains(&"FLOW"));
        let used: usize = f.iter().map(|(_, w)| usize::from(*w)).sum::<usize>() + f.len() - 1;
        assert!(used <= 78, "{used}");
    }

    #[test]
    fn never_panics_on_zero_width() {
        let cols = columns(ListKind::Flows);
        let f = fit(cols, &[], 0);
        assert!(!f.is_empty());
    }
}

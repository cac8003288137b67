//! Dividing spare cells among claimants that each want some more: max-min fair
//! ("water-filling"), so the narrowest claim is met first and nobody gets more than it
//! wants. Table columns and the graph's columns of boxes both grow with the terminal
//! through it. Pure arithmetic, no drawing.

/// Grows each `widths[i]` toward `wants[i]` with at most `spare` cells in all, raising the
/// narrowest first; returns the cells left over. A want below the current width changes
/// nothing, and what cannot lift a whole level by one goes to the leftmost claimants.
pub fn fill(widths: &mut [usize], wants: &[usize], spare: usize) -> usize {
    let want: Vec<usize> = (0..widths.len())
        .map(|i| wants.get(i).copied().unwrap_or(0).max(widths[i]))
        .collect();
    let cost = |level: usize| -> usize {
        (widths.iter().zip(&want))
            .map(|(&w, &t)| t.min(level).saturating_sub(w))
            .sum()
    };
    // The highest level the spare reaches: cost grows with the level.
    let (mut lo, mut hi) = (0, want.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if cost(mid) <= spare {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut left = spare - cost(lo);
    for (w, &t) in widths.iter_mut().zip(&want) {
        *w = (*w).max(t.min(lo));
    }
    for (w, &t) in widths.iter_mut().zip(&want) {
        if left == 0 {
            break;
        }
        if *w == lo && t > lo {
            *w += 1;
            left -= 1;
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use crate::shared::share::fill;

    #[test]
    fn the_narrowest_claim_is_met_first() {
        let mut w = vec![10, 10, 10];
        assert_eq!(fill(&mut w, &[12, 40, 30], 30), 0);
        assert_eq!(w, [12, 24, 24]);
    }

    #[test]
    fn nobody_gets_more_than_it_wants() {
        let mut w = vec![5, 8];
        assert_eq!(fill(&mut w, &[7, 9], 100), 97);
        assert_eq!(w, [7, 9]);
    }

    #[test]
    fn wants_below_the_width_and_no_spare_change_nothing() {
        let mut w = vec![20, 3];
        assert_eq!(fill(&mut w, &[4, 3], 10), 10);
        assert_eq!(w, [20, 3]);
        let mut w = vec![1, 2];
        assert_eq!(fill(&mut w, &[50, 50], 0), 0);
        assert_eq!(w, [1, 2]);
        assert_eq!(fill(&mut [], &[], 7), 7);
    }

    #[test]
    fn an_odd_cell_goes_to_the_leftmost() {
        let mut w = vec![0, 0, 0];
        assert_eq!(fill(&mut w, &[9, 9, 9], 8), 0);
        assert_eq!(w, [3, 3, 2]);
    }
}

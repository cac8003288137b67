//! Column fitting for tables: which columns fit the width (low-priority ones are dropped
//! first on a narrow terminal) and how wide each is. A column's natural width is its
//! widest cell among the rows in view, so the cost does not grow with the list. Short
//! values (states, types, times) get their natural width whole or are dropped; spare
//! width then goes to the names, descriptions, messages and paths first.

use crate::app::shared::share::fill;
use crate::app::shared::table::{Column, Says};

/// Columns of this priority and up are extras: they give way to names and messages.
const EXTRA: u8 = 3;

/// `(column index, width)` for the columns shown, in table order. `content[i]` is the
/// widest cell of column `i` among the rows in view; `omit` lists columns the list
/// leaves out whatever the width. One space separates columns.
pub fn fit(columns: &[Column], content: &[usize], width: u16, omit: &[usize]) -> Vec<(usize, u16)> {
    let width = usize::from(width);
    let natural = |i: usize| -> usize {
        let c = &columns[i];
        let cells = content.get(i).copied().unwrap_or(0);
        cells.max(c.title.chars().count()).min(usize::from(c.max))
    };
    // The narrowest a column may be while it is shown.
    let need = |i: usize| match columns[i].says {
        Says::Tag | Says::Ref => natural(i),
        Says::Most | Says::Some | Says::Least => natural(i).min(usize::from(columns[i].min)),
    };
    let total = |shown: &[usize], w: &dyn Fn(usize) -> usize| -> usize {
        shown.iter().map(|&i| w(i)).sum::<usize>() + shown.len().saturating_sub(1)
    };
    let mut shown: Vec<usize> = (0..columns.len()).filter(|i| !omit.contains(i)).collect();
    // The least important column goes first: the highest priority number, rightmost
    // among equals (`max_by_key` keeps the last of equals).
    let least = |shown: &[usize], only: &dyn Fn(&Column) -> bool| {
        (0..shown.len())
            .filter(|&p| only(&columns[shown[p]]) && columns[shown[p]].priority > 0)
            .max_by_key(|&p| columns[shown[p]].priority)
    };
    while shown.len() > 1 && total(&shown, &need) > width {
        let Some(pos) = least(&shown, &|_| true) else {
            break;
        };
        shown.remove(pos);
    }
    // Extras (priority EXTRA and up) go too while a name, description or message would
    // be cut below twice its minimum: on 80 columns a readable name beats a timestamp.
    let comfort = |i: usize| match columns[i].says {
        Says::Most => natural(i).min(2 * usize::from(columns[i].min)),
        _ => need(i),
    };
    while total(&shown, &comfort) > width {
        let Some(pos) = least(&shown, &|c| c.priority >= EXTRA) else {
            break;
        };
        shown.remove(pos);
    }
    // Ids also go when keeping them would cut the others short: a whole name beats a
    // whole id, which `d` shows anyway.
    while total(&shown, &natural) > width {
        let Some(pos) = least(&shown, &|c| c.says == Says::Ref) else {
            break;
        };
        shown.remove(pos);
    }
    let mut widths: Vec<usize> = shown.iter().map(|&i| need(i)).collect();
    let gaps = shown.len().saturating_sub(1);
    // Only columns that are never dropped are left and still too wide: the widest give.
    while widths.iter().sum::<usize>() + gaps > width {
        let Some(widest) = widths.iter_mut().filter(|w| **w > 1).max_by_key(|w| **w) else {
            break;
        };
        *widest -= 1;
    }
    let mut spare = width.saturating_sub(widths.iter().sum::<usize>() + gaps);
    // Names, descriptions and messages first, up to a comfortable width; then other
    // text whole; then the first again, whole; what is left to ids shown as names.
    let phases: [(Says, &dyn Fn(usize) -> usize); 4] = [
        (Says::Most, &comfort),
        (Says::Some, &natural),
        (Says::Most, &natural),
        (Says::Least, &natural),
    ];
    for (says, want) in phases {
        let tier: Vec<usize> = (0..shown.len())
            .filter(|&k| columns[shown[k]].says == says)
            .collect();
        let mut w: Vec<usize> = tier.iter().map(|&k| widths[k]).collect();
        let wants: Vec<usize> = tier.iter().map(|&k| want(shown[k])).collect();
        spare = fill(&mut w, &wants, spare);
        for (&k, w) in tier.iter().zip(w) {
            widths[k] = w;
        }
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
    use crate::app::shared::nav::ListKind;
    use crate::app::tables::columns;

    fn titled(cols: &[Column], f: &[(usize, u16)]) -> Vec<(&'static str, u16)> {
        f.iter().map(|&(i, w)| (cols[i].title, w)).collect()
    }

    fn used(f: &[(usize, u16)]) -> usize {
        f.iter().map(|(_, w)| usize::from(*w)).sum::<usize>() + f.len().saturating_sub(1)
    }

    #[test]
    fn wide_terminals_show_every_column() {
        let cols = columns(ListKind::Runs);
        let content = vec![7, 20, 16, 5, 4, 4, 1, 7, 36];
        let f = fit(cols, &content, 250, &[]);
        assert_eq!(f.len(), cols.len());
        assert_eq!(f[1], (1, 20));
    }

    #[test]
    fn narrow_terminals_drop_low_priority_columns_first() {
        let cols = columns(ListKind::Runs);
        let content = vec![7, 30, 16, 5, 4, 4, 1, 7, 36];
        let f = fit(cols, &content, 78, &[]);
        let shown: Vec<&str> = f.iter().map(|(i, _)| cols[*i].title).collect();
        assert!(!shown.contains(&"ID"), "{shown:?}");
        assert!(shown.contains(&"STATUS") && shown.contains(&"FLOW"));
        assert!(used(&f) <= 78, "{}", used(&f));
    }

    #[test]
    fn flow_names_get_the_room_at_80_columns() {
        // A pane 80 columns wide holds 78: long names, spec pairs, a full last run.
        let cols = columns(ListKind::Flows);
        let content = vec![45, 8, 30, 16, 24, 12, 36];
        let f = fit(cols, &content, 78, &[]);
        let t = titled(cols, &f);
        let name = t.iter().find(|(n, _)| *n == "NAME").map_or(0, |c| c.1);
        assert!(name >= 26, "{t:?}");
        // Short values are whole or gone, never cut.
        assert!(
            t.contains(&("STATE", 8)) && t.contains(&("LAST RUN", 24)),
            "{t:?}"
        );
        assert!(t.iter().all(|(n, _)| *n != "SCHEDULE" && *n != "RECENT"));
        assert_eq!(used(&f), 78);
    }

    #[test]
    fn short_values_keep_their_natural_width() {
        // The old TYPE column cut "parquet" to "parqu…".
        let cols = columns(ListKind::Dlz);
        let f = fit(cols, &[40, 7, 3, 60], 78, &[]);
        let t = titled(cols, &f);
        assert!(t.contains(&("TYPE", 7)), "{t:?}");
        let f = fit(cols, &[40, 10, 3, 60], 40, &[]);
        assert!(titled(cols, &f).contains(&("TYPE", 10)), "{f:?}");
    }

    #[test]
    fn spare_width_goes_to_names_and_messages_before_other_text() {
        let cols = columns(ListKind::AwsSteps);
        // STATUS, APPFLOW FLOW, BATCH, RECORDS, UPDATED, MESSAGE
        let content = vec![9, 30, 43, 5, 16, 90];
        let f = fit(cols, &content, 148, &[]);
        let t = titled(cols, &f);
        assert!(t.contains(&("APPFLOW FLOW", 30)), "{t:?}");
        assert!(t.contains(&("BATCH", 43)), "a batch window is whole: {t:?}");
        // UPDATED, an extra, gives way so the message is comfortably wide.
        assert!(t.iter().all(|(n, _)| *n != "UPDATED"), "{t:?}");
        let msg = t.iter().find(|(n, _)| *n == "MESSAGE").map_or(0, |c| c.1);
        assert!(msg >= 48, "{t:?}");
        assert_eq!(used(&f), 148);

        // Flows: the name is comfortable first, then the spec pair is whole.
        let cols = columns(ListKind::Flows);
        let f = fit(cols, &[45, 8, 27, 16, 24, 12, 36], 118, &[]);
        let t = titled(cols, &f);
        assert!(t.contains(&("NAME", 32)), "{t:?}");
        assert!(t.contains(&("SOURCE → TARGET", 21)), "{t:?}");
        let f = fit(cols, &[45, 8, 27, 16, 24, 12, 36], 148, &[]);
        let t = titled(cols, &f);
        assert!(t.contains(&("NAME", 45)) && t.contains(&("SOURCE → TARGET", 27)));
    }

    #[test]
    fn columns_grow_with_the_terminal() {
        let cols = columns(ListKind::AwsWorkflows);
        let content = vec![11, 32, 15, 95, 16, 16];
        let desc = |w: u16| {
            let f = fit(cols, &content, w, &[2]);
            assert!(f.iter().all(|(i, _)| *i != 2), "DOMAIN is left out");
            f.iter().find(|(i, _)| *i == 3).map_or(0, |c| c.1)
        };
        assert!(
            desc(78) < desc(118) && desc(118) < desc(148),
            "{}",
            desc(118)
        );
        assert_eq!(desc(200), 95);
        // The workflow id, a name no one reads whole, grows only once the rest is whole.
        let id = |w: u16| fit(cols, &content, w, &[2])[1];
        assert_eq!((id(148), id(200)), ((1, 12), (1, 32)));
    }

    #[test]
    fn ids_go_when_they_would_cut_a_name() {
        let cols = columns(ListKind::Connections);
        let wide = fit(cols, &[20, 12, 8, 7, 16, 36], 130, &[]);
        assert_eq!(wide.len(), cols.len());
        let cut = fit(cols, &[60, 12, 8, 7, 16, 36], 130, &[]);
        assert!(titled(cols, &cut).iter().all(|(n, _)| *n != "ID"));
    }

    #[test]
    fn never_panics_on_zero_width() {
        let cols = columns(ListKind::Flows);
        let f = fit(cols, &[], 0, &[]);
        assert!(!f.is_empty());
        assert!(fit(&[], &[], 10, &[]).is_empty());
    }
}

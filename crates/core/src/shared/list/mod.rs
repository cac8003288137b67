//! A list pane's state: the objects as the service sent them, their display rows, the
//! sort and filter views over them, the selection and scroll, and the load status.
//! Pages are appended as they stream in; a refresh keeps the old rows on screen until the
//! new list is complete.

pub mod filter;

use crate::shared::nav::Scope;
use crate::shared::pane::Pane;
use std::collections::HashSet;

use serde_json::Value;

use crate::shared::fuzzy::Fuzzy;
use crate::shared::nav::ListKind;
use crate::shared::pane::Load;
use crate::shared::table::{Column, Names, Row, Schema};

/// The row of one item, as the list's schema builds it.
fn build(schema: Schema, kind: ListKind, v: &Value, names: &Names) -> Row {
    (schema.row)(kind, v, names).unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// More than this many rows is more than anyone scrolls through: the list stops paging
/// and says so, and the server filter narrows it instead.
pub const ROW_CAP: usize = 50_000;

#[derive(Debug)]
pub struct ListView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub kind: ListKind,
    pub scope: Scope,
    /// Its columns and rows, from the feature that owns the kind.
    pub schema: Schema,
    /// Columns the scope makes redundant (the flow of a flow's runs): not drawn, not
    /// sorted by.
    pub hidden: Vec<usize>,
    pub items: Vec<Value>,
    pub rows: Vec<Row>,
    /// Row indices in sort order.
    order: Vec<usize>,
    /// Row indices shown: `order` filtered by the fuzzy query.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible position drawn.
    pub offset: usize,
    /// Pages of a refresh, held back until complete so the screen never empties.
    incoming: Option<Vec<Value>>,
    pub server_filter: Option<String>,
    pub fuzzy: String,
    pub sort: Option<Sort>,
    /// The list stopped at [`ROW_CAP`].
    pub capped: bool,
    /// The status and time filters of a runs list (sent as `property` filters).
    pub runs: crate::shared::list::filter::RunFilter,
    /// Ids of rows flowscope put in itself (a run just triggered) rather than loaded: a
    /// page that brings one of them updates that row instead of adding a second.
    local: HashSet<String>,
}

impl ListView {
    /// The columns this list shows.
    pub fn columns(&self) -> &'static [Column] {
        self.schema.columns
    }

    pub fn new(
        slot: u64,
        kind: ListKind,
        scope: Scope,
        schema: Schema,
        hidden: Vec<usize>,
    ) -> ListView {
        ListView {
            pane: Pane::new(slot),
            kind,
            scope,
            schema,
            hidden,
            items: Vec::new(),
            rows: Vec::new(),
            order: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            incoming: None,
            server_filter: None,
            fuzzy: String::new(),
            sort: None,
            capped: false,
            runs: Default::default(),
            local: HashSet::new(),
        }
    }

    /// Empties the list, e.g. before it is loaded under other filters.
    pub fn clear(&mut self) {
        self.items.clear();
        self.rows.clear();
        self.order.clear();
        self.visible.clear();
        self.local.clear();
        self.incoming = None;
        self.selected = 0;
        self.offset = 0;
    }

    pub fn item(&self, id: &str) -> Option<&Value> {
        self.rows
            .iter()
            .position(|r| r.id == id)
            .and_then(|i| self.items.get(i))
    }

    pub fn has_id(&self, id: &str) -> bool {
        self.rows.iter().any(|r| r.id == id)
    }

    /// Puts `value` at the top (in place of the row `replaces`, and of any row with its
    /// id) and selects it: a run just triggered shows before any reload.
    pub fn put_front(
        &mut self,
        replaces: Option<&str>,
        value: Value,
        names: &Names,
        fuzzy: &mut Fuzzy,
    ) {
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let keep: Vec<bool> = self
            .rows
            .iter()
            .map(|r| r.id != id && Some(r.id.as_str()) != replaces)
            .collect();
        let mut k = keep.iter();
        self.items.retain(|_| *k.next().unwrap_or(&true));
        self.items.insert(0, value.clone());
        if let Some(old) = replaces {
            self.local.remove(old);
        }
        self.local.insert(id.clone());
        if let Some(buf) = &mut self.incoming {
            buf.retain(|v| v.get("id").and_then(Value::as_str) != Some(id.as_str()));
        }
        self.rebuild(names, fuzzy);
        self.select_id(&id);
    }

    pub fn remove_id(&mut self, id: &str, names: &Names, fuzzy: &mut Fuzzy) {
        if !self.has_id(id) {
            return;
        }
        let keep: Vec<bool> = self.rows.iter().map(|r| r.id != id).collect();
        let mut k = keep.iter();
        self.items.retain(|_| *k.next().unwrap_or(&true));
        self.local.remove(id);
        self.rebuild(names, fuzzy);
    }

    /// Rebuilds the rows of the objects `ids` only (their sparkline arrived).
    pub fn rebuild_rows(&mut self, ids: &HashSet<String>, names: &Names, fuzzy: &mut Fuzzy) {
        let mut changed = false;
        for (item, row) in self.items.iter().zip(self.rows.iter_mut()) {
            if ids.contains(&row.id) {
                *row = build(self.schema, self.kind, item, names);
                changed = true;
            }
        }
        if changed && (self.sort.is_some() || !self.fuzzy.is_empty()) {
            self.resort(fuzzy);
        }
    }

    /// A page's objects that are already shown because flowscope put them in update
    /// those rows and are not added again.
    fn take_known(&mut self, page: Vec<Value>, names: &Names) -> Vec<Value> {
        if self.local.is_empty() {
            return page;
        }
        let mut fresh = Vec::with_capacity(page.len());
        for v in page {
            let id = v.get("id").and_then(Value::as_str).unwrap_or("");
            if self.local.contains(id)
                && let Some(i) = self.rows.iter().position(|r| r.id == id)
            {
                // The service lists it now: an ordinary row from here on.
                self.local.remove(id);
                if let (Some(item), Some(row)) = (self.items.get_mut(i), self.rows.get_mut(i)) {
                    *row = build(self.schema, self.kind, &v, names);
                    *item = v;
                }
                continue;
            }
            fresh.push(v);
        }
        fresh
    }

    /// Starts a (re)load under `ticket`. Rows on screen stay until the new list is done.
    pub fn begin_load(&mut self, ticket: u64, now_ms: i64) {
        self.pane.begin(ticket, now_ms);
        self.capped = false;
        self.incoming = if self.items.is_empty() {
            None
        } else {
            Some(Vec::new())
        };
    }

    /// How many objects the running load has received so far.
    pub fn received(&self) -> usize {
        match &self.incoming {
            Some(v) => v.len(),
            None => self.items.len(),
        }
    }

    pub fn is_refreshing(&self) -> bool {
        self.incoming.is_some()
    }

    /// Appends one page. Returns false once the cap is reached (stop paging).
    pub fn push_page(&mut self, page: Vec<Value>, names: &Names, fuzzy: &mut Fuzzy) -> bool {
        let room = ROW_CAP.saturating_sub(self.received());
        let full = page.len() >= room;
        let page: Vec<Value> = page.into_iter().take(room).collect();
        let page = if self.incoming.is_some() {
            page
        } else {
            self.take_known(page, names)
        };
        if let Some(buf) = &mut self.incoming {
            buf.extend(page);
        } else {
            let start = self.rows.len();
            self.rows
                .extend(page.iter().map(|v| build(self.schema, self.kind, v, names)));
            self.items.extend(page);
            if self.sort.is_some() {
                self.resort(fuzzy);
            } else {
                let new = start..self.rows.len();
                self.order.extend(new.clone());
                let shown = fuzzy.filter(&self.fuzzy, &self.rows, &new.collect::<Vec<_>>());
                self.visible.extend(shown);
            }
        }
        if full {
            self.capped = true;
        }
        !full
    }

    /// The load finished: swap in a refresh's rows, keeping the selection on the same
    /// object where it still exists.
    pub fn finish(&mut self, now_ms: i64, names: &Names, fuzzy: &mut Fuzzy) {
        if let Some(mut items) = self.incoming.take() {
            let keep = self.selected_row().map(|r| r.id.clone());
            // Rows put in by flowscope that the service does not list yet stay on top.
            let missing: Vec<Value> = self
                .items
                .iter()
                .filter(|v| {
                    let id = v.get("id").and_then(Value::as_str).unwrap_or("");
                    self.local.contains(id)
                        && !items
                            .iter()
                            .any(|n| n.get("id").and_then(Value::as_str) == Some(id))
                })
                .cloned()
                .collect();
            items.splice(0..0, missing);
            self.items = items;
            self.rebuild(names, fuzzy);
            if let Some(id) = keep {
                self.select_id(&id);
            }
        }
        self.load = Load::Loaded { at_ms: now_ms };
    }

    /// Rebuilds every row, e.g. when spec or flow names arrive after the list.
    pub fn rebuild(&mut self, names: &Names, fuzzy: &mut Fuzzy) {
        self.rows = self
            .items
            .iter()
            .map(|v| build(self.schema, self.kind, v, names))
            .collect();
        self.resort(fuzzy);
    }

    /// Puts a fresher copy of the object `id` in place (after an edit); the row keeps its
    /// place until the next sort or refresh.
    pub fn replace_item(&mut self, id: &str, value: &Value, names: &Names, fuzzy: &mut Fuzzy) {
        if !matches!(
            self.kind,
            ListKind::Flows | ListKind::Connections | ListKind::Runs | ListKind::Live
        ) {
            return;
        }
        let Some(i) = self.rows.iter().position(|r| r.id == id) else {
            return;
        };
        if let (Some(item), Some(row)) = (self.items.get_mut(i), self.rows.get_mut(i)) {
            *item = value.clone();
            *row = build(self.schema, self.kind, value, names);
        }
        if !self.fuzzy.is_empty() {
            self.set_fuzzy(&self.fuzzy.clone(), fuzzy);
        }
    }

    pub fn fail(&mut self, error: crate::shared::pane::ErrorInfo, now_ms: i64) {
        self.incoming = None;
        self.pane.fail(error, now_ms);
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    pub fn selected_item(&self) -> Option<&Value> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.items.get(i))
    }

    fn select_id(&mut self, id: &str) {
        if let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.rows.get(i).is_some_and(|r| r.id == id))
        {
            self.selected = pos;
        }
        self.clamp();
    }

    /// Sets the fuzzy query and recomputes the visible rows (one keystroke of `/`).
    pub fn set_fuzzy(&mut self, query: &str, fuzzy: &mut Fuzzy) {
        let keep = self.selected_row().map(|r| r.id.clone());
        self.fuzzy = query.to_string();
        self.visible = fuzzy.filter(&self.fuzzy, &self.rows, &self.order);
        self.selected = 0;
        self.offset = 0;
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Sorts by the next column; after the last column, back to the service's order.
    /// Columns the scope leaves out (every row holds the same value) are skipped.
    pub fn sort_next(&mut self, fuzzy: &mut Fuzzy) {
        let descending = self.sort.is_some_and(|s| s.descending);
        let from = self.sort.map_or(0, |s| s.column + 1);
        self.sort = self
            .sortable(from)
            .map(|column| Sort { column, descending });
        self.resort(fuzzy);
    }

    pub fn sort_reverse(&mut self, fuzzy: &mut Fuzzy) {
        self.sort = match self.sort {
            Some(s) => Some(Sort {
                descending: !s.descending,
                ..s
            }),
            None => self.sortable(0).map(|column| Sort {
                column,
                descending: true,
            }),
        };
        self.resort(fuzzy);
    }

    /// The first column from `from` on that the list shows in its scope.
    fn sortable(&self, from: usize) -> Option<usize> {
        (from..self.schema.columns.len()).find(|c| !self.hidden.contains(c))
    }

    fn resort(&mut self, fuzzy: &mut Fuzzy) {
        let keep = self.selected_row().map(|r| r.id.clone());
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        if let Some(s) = self.sort {
            let rows = &self.rows;
            // Stable, so equal keys keep the service's order.
            order.sort_by(|&a, &b| {
                let (ra, rb) = (&rows[a], &rows[b]);
                let by_num = match (
                    ra.nums.get(s.column).copied().flatten(),
                    rb.nums.get(s.column).copied().flatten(),
                ) {
                    (Some(x), Some(y)) => Some(x.cmp(&y)),
                    _ => None,
                };
                let ord = by_num.unwrap_or_else(|| {
                    let ca = ra.cells.get(s.column).map(String::as_str).unwrap_or("");
                    let cb = rb.cells.get(s.column).map(String::as_str).unwrap_or("");
                    ca.to_lowercase().cmp(&cb.to_lowercase())
                });
                if s.descending { ord.reverse() } else { ord }
            });
        }
        self.order = order;
        self.visible = fuzzy.filter(&self.fuzzy, &self.rows, &self.order);
        if let Some(id) = keep {
            self.select_id(&id);
        }
        self.clamp();
    }

    fn clamp(&mut self) {
        if self.selected >= self.visible.len() {
            self.selected = self.visible.len().saturating_sub(1);
        }
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn select(&mut self, pos: usize) {
        self.selected = pos.min(self.visible.len().saturating_sub(1));
    }

    /// Keeps the selection inside a window of `height` rows (like a pager: the window
    /// moves only when the selection leaves it).
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.visible.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::list::*;
    use crate::shared::pane::ErrorInfo;
    use serde_json::json;

    fn flows(names: &[&str]) -> Vec<Value> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| json!({"id": format!("f{i}"), "name": n, "state": "enabled"}))
            .collect()
    }

    const COLUMNS: &[Column] = &[
        crate::shared::table::text("NAME", 8, 40, 0),
        crate::shared::table::tag("STATE", 9, 1),
        crate::shared::table::num("IN", 1),
    ];

    /// A list of its own: a name, a state and a count, numbers sorting as numbers.
    fn schema() -> Schema {
        Schema {
            columns: COLUMNS,
            row: |_, v, _| {
                let input = v.pointer("/metrics/recordSummary/inputRecordCount");
                let n = input.and_then(Value::as_i64);
                let cells = vec![
                    crate::shared::table::s(v, "/name").to_string(),
                    crate::shared::table::s(v, "/state").to_string(),
                    n.map(|n| n.to_string()).unwrap_or_default(),
                ];
                Some(Row::new(
                    crate::shared::table::s(v, "/id").to_string(),
                    crate::shared::table::s(v, "/name").to_string(),
                    cells,
                    vec![None, None, n],
                    Vec::new(),
                ))
            },
        }
    }

    fn list(hidden: Vec<usize>) -> ListView {
        ListView::new(1, ListKind::Flows, Scope::All, schema(), hidden)
    }

    fn view() -> (ListView, Fuzzy, Names) {
        (list(Vec::new()), Fuzzy::default(), Names::default())
    }

    #[test]
    fn pages_append_and_the_filter_applies_to_new_pages() {
        let (mut v, mut fz, names) = view();
        v.begin_load(1, 0);
        v.set_fuzzy("ord", &mut fz);
        assert!(v.push_page(flows(&["Orders", "Customers"]), &names, &mut fz));
        assert!(v.push_page(flows(&["Order lines"]), &names, &mut fz));
        assert_eq!(v.rows.len(), 3);
        assert_eq!(v.visible, [0, 2]);
        v.finish(5, &names, &mut fz);
        assert_eq!(v.load, Load::Loaded { at_ms: 5 });
    }

    #[test]
    fn a_refresh_keeps_rows_until_done_and_keeps_the_selection() {
        let (mut v, mut fz, names) = view();
        v.begin_load(1, 0);
        v.push_page(flows(&["A", "B", "C"]), &names, &mut fz);
        v.finish(1, &names, &mut fz);
        v.select(2);
        v.begin_load(2, 2);
        assert!(v.is_refreshing());
        let mut fresh = flows(&["New", "A", "B", "C"]);
        for (i, f) in fresh.iter_mut().enumerate().skip(1) {
            f["id"] = json!(format!("f{}", i - 1));
        }
        fresh[0]["id"] = json!("fnew");
        v.push_page(fresh, &names, &mut fz);
        assert_eq!(v.rows.len(), 3, "old rows stay while the refresh runs");
        v.finish(3, &names, &mut fz);
        assert_eq!(v.rows.len(), 4);
        assert_eq!(v.selected_row().map(|r| r.name.as_str()), Some("C"));
    }

    #[test]
    fn sorting_cycles_columns_and_uses_numbers() {
        let mut v = list(Vec::new());
        let (mut fz, names) = (Fuzzy::default(), Names::default());
        let run = |id: &str, input: i64| json!({"id": id, "metrics": {"recordSummary": {"inputRecordCount": input}}});
        v.push_page(
            vec![run("a", 9), run("b", 100), run("c", 20)],
            &names,
            &mut fz,
        );
        for _ in 0..3 {
            v.sort_next(&mut fz);
        }
        assert_eq!(v.sort.map(|s| v_title(s.column)), Some("IN"));
        let ids: Vec<&str> = v.visible.iter().map(|&i| v.rows[i].id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "b"], "9 < 20 < 100, not as text");
        v.sort_reverse(&mut fz);
        let ids: Vec<&str> = v.visible.iter().map(|&i| v.rows[i].id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }

    #[test]
    fn sorting_skips_the_column_the_scope_leaves_out() {
        let mut v = list(vec![1]);
        let mut fz = Fuzzy::default();
        v.sort_next(&mut fz);
        v.sort_next(&mut fz);
        assert_eq!(v.sort.map(|s| v_title(s.column)), Some("IN"));
    }

    fn v_title(c: usize) -> &'static str {
        COLUMNS[c].title
    }

    #[test]
    fn failure_keeps_what_was_loaded() {
        let (mut v, mut fz, names) = view();
        v.push_page(flows(&["A"]), &names, &mut fz);
        v.begin_load(2, 0);
        v.fail(
            ErrorInfo {
                status: None,
                code: Some("FLOW-1500".into()),
                message: "boom".into(),
                retry: true,
            },
            1,
        );
        assert_eq!(v.rows.len(), 1);
        assert!(matches!(v.load, Load::Failed { .. }));
    }

    #[test]
    fn scrolling_moves_the_window_only_when_needed() {
        let (mut v, mut fz, names) = view();
        v.push_page(
            flows(&["a", "b", "c", "d", "e", "f", "g", "h"]),
            &names,
            &mut fz,
        );
        v.select(5);
        v.scroll_into_view(3);
        assert_eq!(v.offset, 3);
        v.select(4);
        v.scroll_into_view(3);
        assert_eq!(v.offset, 3);
        v.select(0);
        v.scroll_into_view(3);
        assert_eq!(v.offset, 0);
        v.move_by(100);
        assert_eq!(v.selected, 7);
    }
}

crate::pane_deref!(ListView);

//! A list pane's state: every item's compact row (no parsed objects: see [`packed`]), the
//! sort and filter views over them, the selection and scroll, the marks ([`marks`]),
//! and the load status.
//! Pages are appended as they stream in; a refresh keeps the old rows on screen until the
//! new list is complete. There is no cap: 200,000 runs are a list like any other.

pub mod filter;
pub mod marks;
pub mod packed;
pub mod sort;
pub mod store;

use crate::shared::nav::Scope;
use crate::shared::pane::Pane;
use std::collections::HashSet;

use serde_json::Value;

use crate::shared::fuzzy::Fuzzy;
use crate::shared::list::packed::Packed;
use crate::shared::list::store::Store;
use crate::shared::nav::ListKind;
use crate::shared::pane::Load;
use crate::shared::table::{Column, Names, Row, Schema};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// Whether a list keeps each object (as compact JSON text, about 2 KB a flow) for the
/// keys that act on a row without asking the service. Runs are the list that grows to
/// hundreds of thousands (about 1.9 KB of JSON each): they keep only their rows, and the
/// run is read again by id when it is opened, described or copied. The failures list's
/// rows come from the watch's state, and its runs are read by id too.
pub fn keeps_objects(kind: ListKind) -> bool {
    !matches!(kind, ListKind::Runs | ListKind::Failures)
}

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
    entries: Store,
    /// Row indices in sort order.
    order: Vec<usize>,
    /// Row indices shown: `order` filtered by the fuzzy query.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible position drawn.
    pub offset: usize,
    /// Rows of a refresh, held back until complete so the screen never empties.
    incoming: Option<Box<Store>>,
    pub server_filter: Option<String>,
    pub fuzzy: String,
    pub sort: Option<Sort>,
    /// The status and time filters of a runs list (sent as `property` filters).
    pub runs: crate::shared::list::filter::RunFilter,
    /// Ids of rows flowscope put in itself (a run just triggered) rather than loaded: a
    /// page that brings one of them updates that row instead of adding a second.
    local: HashSet<String>,
    /// The marked rows, by id (`space`, `ctrl-a`): what the row keys act on when any.
    marks: marks::Marks,
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
            entries: Store::new(keeps_objects(kind)),
            order: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            incoming: None,
            server_filter: None,
            fuzzy: String::new(),
            sort: None,
            runs: Default::default(),
            local: HashSet::new(),
            marks: Default::default(),
        }
    }

    /// The row of `v`, as the list's schema builds it.
    fn build(&self, v: &Value, names: &Names) -> Row {
        (self.schema.row)(self.kind, v, names).unwrap_or_default()
    }

    /// Empties the list, e.g. before it is loaded under other filters. The marks stay
    /// for the rows the new list brings again; the others lose theirs when it is done.
    pub fn clear(&mut self) {
        self.entries = Store::new(keeps_objects(self.kind));
        self.order = Vec::new();
        self.visible = Vec::new();
        self.local.clear();
        self.incoming = None;
        self.selected = 0;
        self.offset = 0;
    }

    /// How many items the list holds (shown or filtered out).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The row at index `i` (an index of `visible`'s values).
    pub fn row(&self, i: usize) -> Option<Packed<'_>> {
        self.entries.get(i)
    }

    /// Every row, in the service's order.
    pub fn rows(&self) -> impl Iterator<Item = Packed<'_>> {
        self.entries.rows()
    }

    /// The object `id`, where the list keeps objects.
    pub fn item(&self, id: &str) -> Option<Value> {
        self.entries.object(self.entries.position(id)?)
    }

    /// Every kept object, in the service's order (empty for lists that keep none).
    pub fn items(&self) -> Vec<Value> {
        self.entries.objects()
    }

    pub fn has_id(&self, id: &str) -> bool {
        self.entries.position(id).is_some()
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
        let row = self.build(&value, names);
        let id = row.id.clone();
        self.entries
            .retain(|r| r.id() != id && Some(r.id()) != replaces);
        self.entries.push(&row, names, Some(&value));
        self.entries.last_to_front();
        if let Some(old) = replaces {
            self.local.remove(old);
        }
        self.local.insert(id.clone());
        if let Some(buf) = &mut self.incoming {
            buf.retain(|r| r.id() != id);
        }
        self.resort(fuzzy);
        self.select_id(&id);
    }

    pub fn remove_id(&mut self, id: &str, _names: &Names, fuzzy: &mut Fuzzy) {
        if !self.has_id(id) {
            return;
        }
        self.entries.retain(|r| r.id() != id);
        self.local.remove(id);
        self.unmark(id);
        self.resort(fuzzy);
    }

    /// Builds again the rows of the objects `ids` (their sparkline arrived).
    pub fn rebuild_rows(&mut self, ids: &HashSet<String>, names: &Names, fuzzy: &mut Fuzzy) {
        let mut changed = false;
        for i in 0..self.entries.len() {
            if self.entries.get(i).is_some_and(|r| ids.contains(r.id())) {
                if let Some(row) = self.refreshed(i, names) {
                    self.entries.replace(i, &row, names, None);
                }
                changed = true;
            }
        }
        if changed && (self.sort.is_some() || !self.fuzzy.is_empty()) {
            self.reorder(fuzzy);
        }
    }

    /// Row `i` again under `names` (and the clock in them): from its object where the
    /// list keeps objects, else its references filled in again; None when nothing in it
    /// can change.
    fn refreshed(&self, i: usize, names: &Names) -> Option<Row> {
        if let Some(v) = self.entries.object(i) {
            return Some(self.build(&v, names));
        }
        let packed = self.entries.get(i)?;
        packed.refers().then(|| packed.unpack())
    }

    /// Adds a page's rows: those already shown because flowscope put them in update
    /// their rows instead of being added again.
    fn add(&mut self, page: impl IntoIterator<Item = Value>, names: &Names) {
        for v in page {
            let v = &v;
            let row = self.build(v, names);
            if self.local.contains(&row.id)
                && let Some(i) = self.entries.position(&row.id)
            {
                // The service lists it now: an ordinary row from here on.
                self.local.remove(&row.id);
                self.entries.replace(i, &row, names, Some(v));
                continue;
            }
            self.entries.push(&row, names, Some(v));
        }
    }

    /// Starts a (re)load under `ticket`. Rows on screen stay until the new list is done.
    pub fn begin_load(&mut self, ticket: u64, now_ms: i64) {
        self.pane.begin(ticket, now_ms);
        self.incoming = if self.entries.is_empty() {
            None
        } else {
            Some(Box::new(Store::new(keeps_objects(self.kind))))
        };
    }

    /// How many objects the running load has received so far.
    pub fn received(&self) -> usize {
        match &self.incoming {
            Some(s) => s.len(),
            None => self.entries.len(),
        }
    }

    pub fn is_refreshing(&self) -> bool {
        self.incoming.is_some()
    }

    /// Appends one page: each object's row is packed as it comes and the object dropped.
    pub fn push_page(
        &mut self,
        page: impl IntoIterator<Item = Value>,
        names: &Names,
        fuzzy: &mut Fuzzy,
    ) {
        if let Some(mut buf) = self.incoming.take() {
            for v in page {
                buf.push(&self.build(&v, names), names, Some(&v));
            }
            self.incoming = Some(buf);
            return;
        }
        let start = self.entries.len();
        self.add(page, names);
        if self.sort.is_some() {
            self.resort(fuzzy);
        } else {
            let new: Vec<usize> = (start..self.entries.len()).collect();
            let shown = fuzzy.filter(&self.fuzzy, &self.entries, &new);
            self.order.extend(new);
            self.visible.extend(shown);
        }
    }

    /// The load finished: swap in a refresh's rows, keeping the selection on the same
    /// object where it still exists.
    pub fn finish(&mut self, now_ms: i64, _names: &Names, fuzzy: &mut Fuzzy) {
        if let Some(fresh) = self.incoming.take() {
            let keep = self.selected_row().map(|r| r.id().to_string());
            // Rows put in by flowscope that the service does not list yet stay on top.
            let unlisted: Vec<usize> = if self.local.is_empty() {
                Vec::new()
            } else {
                let listed: HashSet<&str> = fresh.rows().map(|r| r.id()).collect();
                (0..self.entries.len())
                    .filter(|&i| {
                        self.entries.get(i).is_some_and(|r| {
                            self.local.contains(r.id()) && !listed.contains(r.id())
                        })
                    })
                    .collect()
            };
            let old = std::mem::replace(&mut self.entries, *fresh);
            if !unlisted.is_empty() {
                let fresh =
                    std::mem::replace(&mut self.entries, Store::new(keeps_objects(self.kind)));
                for &i in &unlisted {
                    self.entries.push_from(&old, i);
                }
                for i in 0..fresh.len() {
                    self.entries.push_from(&fresh, i);
                }
            }
            // Local rows the refresh dropped are gone (checked only when there are any:
            // 200,000 ids would be 20 MB to hold).
            if !self.local.is_empty() {
                let kept: HashSet<&str> = self.entries.rows().map(|r| r.id()).collect();
                self.local.retain(|id| kept.contains(id.as_str()));
            }
            self.resort(fuzzy);
            if let Some(id) = keep {
                self.select_id(&id);
            }
        }
        self.prune_marks();
        self.load = Load::Loaded { at_ms: now_ms };
    }

    /// Builds every row again, e.g. when spec or flow names arrive after the list, or
    /// the clock moves the live view's elapsed times. Into a new store, so the old rows'
    /// bytes go at once.
    pub fn rebuild(&mut self, names: &Names, fuzzy: &mut Fuzzy) {
        let mut fresh = Store::new(keeps_objects(self.kind));
        for i in 0..self.entries.len() {
            match self.refreshed(i, names) {
                Some(row) => {
                    let object = self.entries.object(i);
                    fresh.push(&row, names, object.as_ref());
                }
                None => fresh.push_from(&self.entries, i),
            }
        }
        self.entries = fresh;
        self.reorder(fuzzy);
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
        let Some(i) = self.entries.position(id) else {
            return;
        };
        let row = self.build(value, names);
        self.entries.replace(i, &row, names, Some(value));
        if !self.fuzzy.is_empty() {
            self.refilter(fuzzy);
        }
    }

    pub fn fail(&mut self, error: crate::shared::pane::ErrorInfo, now_ms: i64) {
        self.incoming = None;
        self.prune_marks();
        self.pane.fail(error, now_ms);
    }

    pub fn selected_row(&self) -> Option<Packed<'_>> {
        self.visible.get(self.selected).and_then(|&i| self.row(i))
    }

    /// The selected object, where the list keeps objects; None for a runs list, whose
    /// runs are read by id.
    pub fn selected_item(&self) -> Option<Value> {
        self.entries.object(*self.visible.get(self.selected)?)
    }

    /// Selects the row at index `i` where it is visible: the rows are the same, only
    /// their order or filter changed (cheaper than finding an id among 200,000 rows).
    fn select_index(&mut self, i: usize) {
        if let Some(pos) = self.visible.iter().position(|&v| v == i) {
            self.selected = pos;
        }
        self.clamp();
    }

    fn select_id(&mut self, id: &str) {
        if let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.row(i).is_some_and(|r| r.id() == id))
        {
            self.selected = pos;
        }
        self.clamp();
    }

    /// Sets the fuzzy query and recomputes the visible rows (one keystroke of `/`): a
    /// whole scan, split over the cores (see `shared::fuzzy`).
    pub fn set_fuzzy(&mut self, query: &str, fuzzy: &mut Fuzzy) {
        let keep = self.visible.get(self.selected).copied();
        self.fuzzy = query.to_string();
        self.visible = fuzzy.filter(&self.fuzzy, &self.entries, &self.order);
        self.selected = 0;
        self.offset = 0;
        if let Some(i) = keep {
            self.select_index(i);
        }
    }

    /// The visible rows again under the same query, e.g. after a row changed.
    fn refilter(&mut self, fuzzy: &mut Fuzzy) {
        self.visible = fuzzy.filter(&self.fuzzy, &self.entries, &self.order);
        self.clamp();
    }

    /// Sorts by the next column; after the last column, back to the service's order.
    /// Columns the scope leaves out (every row holds the same value) are skipped.
    pub fn sort_next(&mut self, fuzzy: &mut Fuzzy) {
        let descending = self.sort.is_some_and(|s| s.descending);
        let from = self.sort.map_or(0, |s| s.column + 1);
        self.sort = self
            .sortable(from)
            .map(|column| Sort { column, descending });
        self.reorder(fuzzy);
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
        self.reorder(fuzzy);
    }

    /// The first column from `from` on that the list shows in its scope.
    fn sortable(&self, from: usize) -> Option<usize> {
        (from..self.schema.columns.len()).find(|c| !self.hidden.contains(c))
    }

    /// Sorts and filters again after rows were added, removed or replaced: the
    /// selection stays on the same object, wherever it now is.
    fn resort(&mut self, fuzzy: &mut Fuzzy) {
        let keep = self.selected_row().map(|r| r.id().to_string());
        self.sort_and_filter(fuzzy);
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Sorts and filters the same rows again (a new sort, rows rebuilt in place): the
    /// selection stays on the same row.
    fn reorder(&mut self, fuzzy: &mut Fuzzy) {
        let keep = self.visible.get(self.selected).copied();
        self.sort_and_filter(fuzzy);
        if let Some(i) = keep {
            self.select_index(i);
        }
    }

    fn sort_and_filter(&mut self, fuzzy: &mut Fuzzy) {
        self.order = match self.sort {
            Some(s) => sort::order(self.entries.rows(), s),
            None => (0..self.entries.len()).collect(),
        };
        self.refilter(fuzzy);
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
mod tests;

crate::pane_deref!(ListView);

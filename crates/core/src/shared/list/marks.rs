//! Marked rows of a list pane, kept by object id so a mark follows its object through a
//! sort, a filter and a reload; a row that a reload no longer brings loses its mark.
//! Only the marked ids are held: an unmarked list of 200,000 rows costs nothing more,
//! and marking never copies a row.

use std::collections::HashSet;

use crate::shared::list::ListView;
use crate::shared::list::packed::Packed;

/// The ids of the marked rows; nothing at all while none is (a list pane stays as small
/// as it was without marks).
#[derive(Debug, Default)]
pub struct Marks {
    ids: Option<Box<Ids>>,
}

#[derive(Debug, Default)]
struct Ids(HashSet<Box<str>>);

impl std::ops::Deref for Ids {
    type Target = HashSet<Box<str>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Ids {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Marks {
    pub fn len(&self) -> usize {
        self.ids.as_ref().map_or(0, |ids| ids.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.as_ref().is_some_and(|ids| ids.contains(id))
    }

    fn insert(&mut self, id: &str) {
        let ids = self.ids.get_or_insert_with(Default::default);
        if !ids.contains(id) {
            ids.insert(id.into());
        }
    }

    fn remove(&mut self, id: &str) {
        if let Some(ids) = &mut self.ids {
            ids.remove(id);
            if ids.is_empty() {
                self.ids = None;
            }
        }
    }

    fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        if let Some(ids) = &mut self.ids {
            ids.retain(|id| keep(id));
            if ids.is_empty() {
                self.ids = None;
            }
        }
    }
}

/// What `ctrl-a` did: every row the filter shows marked, or (when all of them already
/// were) unmarked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkAll {
    Marked(usize),
    Unmarked(usize),
}

impl ListView {
    /// How many rows are marked.
    pub fn marked(&self) -> usize {
        self.marks.len()
    }

    pub fn is_marked(&self, id: &str) -> bool {
        !self.marks.is_empty() && self.marks.contains(id)
    }

    /// Marks or unmarks the selected row, then moves down one row (`space`). False when
    /// no row is selected.
    pub fn toggle_mark(&mut self) -> bool {
        let Some(id) = self.selected_row().map(|r| r.id().to_string()) else {
            return false;
        };
        if self.marks.contains(&id) {
            self.marks.remove(&id);
        } else {
            self.marks.insert(&id);
        }
        self.move_by(1);
        true
    }

    /// Marks every row the filter shows, or unmarks them all when every one of them is
    /// marked already (`ctrl-a` twice gives the list back unmarked).
    pub fn mark_all(&mut self) -> MarkAll {
        let all = self
            .visible
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .all(|r| self.marks.contains(r.id()));
        let n = self.visible.len();
        let Self {
            visible,
            entries,
            marks,
            ..
        } = self;
        for r in visible.iter().filter_map(|&i| entries.get(i)) {
            if all {
                marks.remove(r.id());
            } else {
                marks.insert(r.id());
            }
        }
        if all {
            MarkAll::Unmarked(n)
        } else {
            MarkAll::Marked(n)
        }
    }

    /// Unmarks every row; the number unmarked.
    pub fn clear_marks(&mut self) -> usize {
        let n = self.marks.len();
        self.marks = Marks::default();
        n
    }

    /// Keeps only the marks of `keep` (those an action left to act on again).
    pub fn keep_marks(&mut self, keep: impl Fn(&str) -> bool) {
        self.marks.retain(keep);
    }

    /// The marked rows, in the order the list shows them (filtered-out ones included:
    /// a mark stays until it is cleared, whatever the filter shows).
    pub fn marked_rows(&self) -> Vec<Packed<'_>> {
        if self.marks.is_empty() {
            return Vec::new();
        }
        self.order
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .filter(|r| self.marks.contains(r.id()))
            .collect()
    }

    /// The marked rows' objects, in the order the list shows them, for lists that keep
    /// objects (empty for a runs list: its rows say what a retry needs).
    pub fn marked_objects(&self) -> Vec<serde_json::Value> {
        if self.marks.is_empty() {
            return Vec::new();
        }
        self.order
            .iter()
            .filter(|&&i| {
                self.entries
                    .get(i)
                    .is_some_and(|r| self.marks.contains(r.id()))
            })
            .filter_map(|&i| self.entries.object(i))
            .collect()
    }

    /// Drops the marks of rows the list no longer holds (after a reload or a removal).
    /// Only walked when something is marked.
    pub(super) fn prune_marks(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        let held: HashSet<&str> = self
            .entries
            .rows()
            .map(|r| r.id())
            .filter(|id| self.marks.contains(id))
            .collect();
        if held.len() == self.marks.len() {
            return;
        }
        let kept: HashSet<Box<str>> = held.into_iter().map(Into::into).collect();
        self.marks.ids = (!kept.is_empty()).then(|| Box::new(Ids(kept)));
    }

    pub(super) fn unmark(&mut self, id: &str) {
        self.marks.remove(id);
    }
}

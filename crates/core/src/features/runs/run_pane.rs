//! The run detail pane's state: the run, read for people (see `summary`), and a cursor
//! on its references, so each of them is one key from the clipboard or from its object.

use crate::shared::pane::Pane;
use serde_json::Value;

use crate::features::runs::summary::{Reference, Summary, summary};
use crate::shared::pane::Load;

#[derive(Debug)]
pub struct RunView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub id: String,
    pub title: String,
    pub value: Option<Value>,
    pub summary: Summary,
    /// The selected reference.
    pub cursor: usize,
}

impl RunView {
    pub fn new(slot: u64, id: &str, title: String) -> RunView {
        RunView {
            pane: Pane::new(slot),
            id: id.to_string(),
            title,
            value: None,
            summary: Summary::default(),
            cursor: 0,
        }
    }

    pub fn set_value(&mut self, value: Value, now_ms: i64) {
        self.summary = summary(&value);
        self.value = Some(value);
        self.load = Load::Loaded { at_ms: now_ms };
        self.cursor = self.cursor.min(self.summary.refs.len().saturating_sub(1));
    }

    pub fn selected_ref(&self) -> Option<&Reference> {
        self.summary.refs.get(self.cursor)
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.summary.refs.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }
}

crate::pane_deref!(RunView);

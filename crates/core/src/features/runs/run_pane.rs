//! The run detail pane's state: the run, read for people (see `summary`), and a cursor
//! on its references, so each of them is one key from the clipboard or from its object.

use serde_json::Value;

use crate::features::runs::summary::{Reference, Summary, summary};
use crate::shared::load::Load;

#[derive(Debug)]
pub struct RunView {
    pub slot: u64,
    pub ticket: u64,
    pub id: String,
    pub title: String,
    pub value: Option<Value>,
    pub summary: Summary,
    pub load: Load,
    /// The selected reference.
    pub cursor: usize,
}

impl RunView {
    pub fn new(slot: u64, id: &str, title: String) -> RunView {
        RunView {
            slot,
            ticket: 0,
            id: id.to_string(),
            title,
            value: None,
            summary: Summary::default(),
            load: Load::Idle,
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

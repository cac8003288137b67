//! The history pane's state: a flow's newest runs (one page, newest first from the
//! service) and the numbers drawn from them.

use crate::shared::pane::Pane;
use serde_json::Value;

use crate::features::runs::history::{History, history};
use crate::shared::pane::Load;

/// Runs in a flow's history chart.
pub const HISTORY_RUNS: u32 = 40;

#[derive(Debug)]
pub struct HistoryView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub flow_id: String,
    pub name: String,
    pub runs: Vec<Value>,
    pub history: History,
}

impl HistoryView {
    pub fn new(slot: u64, flow_id: &str, name: &str) -> HistoryView {
        HistoryView {
            pane: Pane::new(slot),
            flow_id: flow_id.to_string(),
            name: name.to_string(),
            runs: Vec::new(),
            history: History::default(),
        }
    }

    pub fn set_runs(&mut self, runs: Vec<Value>, now_ms: i64) {
        self.history = history(&runs);
        self.runs = runs;
        self.load = Load::Loaded { at_ms: now_ms };
    }

    /// A watched run of this flow moved: the chart follows.
    pub fn note_run(&mut self, run: &Value) {
        if run.get("flowId").and_then(Value::as_str) != Some(self.flow_id.as_str()) {
            return;
        }
        let id = run.get("id").and_then(Value::as_str);
        match self
            .runs
            .iter_mut()
            .find(|r| r.get("id").and_then(Value::as_str) == id)
        {
            Some(r) => *r = run.clone(),
            None => {
                self.runs.insert(0, run.clone());
                self.runs.truncate(HISTORY_RUNS as usize);
            }
        }
        self.history = history(&self.runs);
    }
}

crate::pane_deref!(HistoryView);

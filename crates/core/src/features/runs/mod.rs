//! Runs: triggering a run and watching it to its end, enabling and disabling flows, the
//! Runs pane's filters, run detail, a flow's history, and the live view of runs in
//! progress.
//!
//! - `form`: the trigger form; `ask`: the question before a change is sent.
//! - `act`: the keys (`t`, `D`, `v`, `V`, `H`, `L`) and what they send.
//! - `sent`: how a trigger or an enable/disable ended, reconciled with the panes.
//! - `watch`: polling a triggered run with backoff until it ends.
//! - `filter`, `history`, `recent`: the filters, the history numbers, the sparklines.
//! - `view`, `summary`, `nav`: run detail; `chart`: the history pane's state.

pub mod form;
pub mod history;
pub mod history_pane;
pub mod keys;
pub mod receive;
pub mod recent;
pub mod reply;
pub mod retry;
pub mod rows;
pub mod run_pane;
pub mod summary;
pub mod watch;

use std::collections::HashMap;

use serde_json::Value;

use flowscope_model::FlowAction;

/// A change sent and not answered yet, by the slot its answer comes back to.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Trigger {
        flow_id: String,
        flow_name: String,
        /// The id of the row shown until the service names the run.
        placeholder: String,
        /// Where it was sent: an answer that arrives after a sandbox switch is only told.
        sandbox: String,
    },
    Toggle {
        flow_id: String,
        flow_name: String,
        action: FlowAction,
        /// The flow's state before the change was shown, put back if it is refused.
        before: String,
    },
    Retry {
        run_id: String,
        flow_name: String,
        /// Where it was sent: an answer after a sandbox switch is only told.
        sandbox: String,
    },
}

#[derive(Debug, Default)]
pub struct Runs {
    pub watches: Vec<watch::Watch>,
    pub pending: HashMap<u64, Pending>,
    /// Runs being read (by slot) to ask whether to retry them.
    pub reads: std::collections::HashSet<u64>,
    pub recent: recent::Recent,
    /// Ring the terminal bell when a watched run ends.
    pub bell: bool,
    /// The last watched runs whose end was announced, newest last, so the sandbox watch
    /// does not announce the same failure again.
    pub announced: std::collections::VecDeque<String>,
}

/// How many announced runs are remembered.
pub const ANNOUNCED_KEPT: usize = 64;

impl Runs {
    /// Whether this run's end is (or will be) told by a run watch.
    pub fn told_elsewhere(&self, run_id: &str) -> bool {
        self.watches.iter().any(|w| w.run_id == run_id)
            || self.announced.iter().any(|r| r == run_id)
    }
}

/// A run's status, `""` when it has none yet.
pub fn status(run: &Value) -> &str {
    crate::shared::table::s(run, "/metrics/statusSummary/status")
}

/// Runs in these states will change again.
pub fn is_final(status: &str) -> bool {
    !matches!(status, "" | "sending" | "scheduled" | "inProgress")
}

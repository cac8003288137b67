//! Alerts: the watch over the whole sandbox (`:watch`), told of every run that fails or
//! partially succeeds whoever started it, and the recent-failures list (`!`,
//! `:failures`) to open, retry or look at the flow of each.
//!
//! The core decides when a poll is due (on the app's clock, backing off as the poller
//! says, pausing after [`BACKGROUND_MS`] in the background); the runtime owns the poller
//! (`flowscope_api::watch`) and answers each [`AlertsEffect::Poll`] with the runs that
//! failed since the last. Whether the watch is on is remembered per profile.
//!
//! - `schedule`: turning it on and off, the tick, focus, a new sandbox.
//! - `keys`: `:watch`, `:failures`/`!`, and the list's `t` (retry) and `F` (its flow).
//! - `receive`: polls answered, the setting recalled, a retry's outcome.
//! - `reply`: the question before a retry. `rows`: the list's rows.

pub mod keys;
pub mod receive;
pub mod reply;
pub mod rows;
pub mod schedule;

use std::collections::HashMap;

use serde_json::Value;

use crate::shared::pane::ErrorInfo;

/// Unfocused this long, the watch stops polling until the terminal has focus again.
pub const BACKGROUND_MS: i64 = 5 * 60_000;
/// The failures list keeps the newest this many.
pub const KEPT: usize = 200;

/// What the alerts ask of the runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertsEffect {
    /// Read whether the watch was on for `profile` (answered by [`AlertsMsg::Recalled`]).
    Recall { profile: Option<String> },
    /// Keep the watch's setting for `profile` (answered by [`AlertsMsg::Remembered`]).
    Remember { profile: Option<String>, on: bool },
    /// A new poller over the current sandbox, for runs that start from `since_ms` on;
    /// it replaces any other.
    Start { generation: u64, since_ms: i64 },
    /// One poll of the poller of `generation` (answered by [`AlertsMsg::Polled`]).
    Poll { generation: u64 },
    /// Drop the poller.
    Stop,
}

/// Why a poll did not finish.
#[derive(Clone, Debug, PartialEq)]
pub struct Trouble {
    pub error: ErrorInfo,
    /// Waiting will not cure it (auth, a 4xx): the watch stops.
    pub fatal: bool,
}

/// The runtime's answers.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertsMsg {
    Recalled {
        profile: Option<String>,
        on: bool,
    },
    Remembered(Result<(), String>),
    Polled {
        generation: u64,
        /// The runs that ended failed or partially succeeded, as read, oldest end first.
        runs: Vec<Value>,
        /// When the poller wants the next poll, from now.
        wait_ms: i64,
        trouble: Option<Trouble>,
    },
}

/// One run in the failures list, as it was when it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub run_id: String,
    pub flow_id: String,
    /// `failed` or `partialSuccess`.
    pub status: String,
    pub code: String,
    pub message: String,
    pub ended_ms: Option<i64>,
    /// When the watch saw it (app clock).
    pub seen_ms: i64,
    /// A retry was sent and accepted.
    pub retried: bool,
}

/// A retry sent from the list, by the slot its answer comes back to.
#[derive(Clone, Debug, PartialEq)]
pub struct Retry {
    pub run_id: String,
    pub flow_name: String,
    pub sandbox: String,
}

#[derive(Debug, Default)]
pub struct Alerts {
    /// The watch is on (for the sandbox the explorer is in).
    pub on: bool,
    /// Bumped at each start: a poll answered for an older one is dropped.
    pub generation: u64,
    /// The next poll is due at this instant (app clock).
    pub due_ms: i64,
    /// A poll was asked for and has not come back: never two at once.
    pub in_flight: bool,
    /// Polls asked for since the watch started (for the status and tests).
    pub polls: u64,
    /// Newest first; one row per run (a later failure of a run replaces its row).
    pub failures: Vec<Failure>,
    /// Failures and partial successes told since the watch started.
    pub failed: usize,
    pub partial: usize,
    /// The last poll's trouble, until a poll goes through.
    pub trouble: Option<String>,
    /// When the terminal lost focus (app clock); None while it has it.
    pub unfocused_since: Option<i64>,
    /// Stopped polling in the background; the first focus catches up.
    pub paused: bool,
    pub pending: HashMap<u64, Retry>,
}

impl Alerts {
    /// What the status bar says while the watch is on: `watch: on`, `watch: 2 failed`,
    /// `watch: 2 failed, 1 partial (paused)`.
    pub fn status(&self) -> Option<String> {
        if !self.on {
            return None;
        }
        let mut told = Vec::new();
        if self.failed > 0 {
            told.push(format!("{} failed", self.failed));
        }
        if self.partial > 0 {
            told.push(format!("{} partial", self.partial));
        }
        let mut text = if told.is_empty() {
            "watch: on".to_string()
        } else {
            format!("watch: {}", told.join(", "))
        };
        if self.paused {
            text.push_str(" (paused in the background)");
        } else if let Some(t) = &self.trouble {
            text.push_str(&format!(" ({t})"));
        }
        Some(text)
    }

    pub fn failure(&self, run_id: &str) -> Option<&Failure> {
        self.failures.iter().find(|f| f.run_id == run_id)
    }
}

#[cfg(test)]
mod tests;

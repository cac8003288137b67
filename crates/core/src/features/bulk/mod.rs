//! Acting on marked rows: with rows marked in a list, `t`, `D` and `X` (and AppFlow's
//! start and stop) act on every marked object. One question first, listing what will be
//! done to how many and what is skipped and why; then one job the runtime sends with
//! bounded concurrency, each change at most once and journaled ([`Effect::Bulk`]); a
//! progress line while it runs; and a summary list of every object's end.
//!
//! - `plan`: which change each marked object gets, or why it is skipped.
//! - `files`: the same for marked landing-zone files (a delete each; folders skipped).
//! - `reply`: the question, the enable-or-disable prompt, and what `y` sends.
//! - `keys`: the row keys over marks.
//! - `receive`: each object's end and the job's, reconciled with the panes.
//! - `rows`: the summary list's columns and rows.
//!
//! [`Effect::Bulk`]: crate::effect::Effect::Bulk

pub mod files;
pub mod keys;
pub mod plan;
pub mod receive;
pub mod reply;
pub mod rows;
#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::shared::effect::BulkStep;
use crate::shared::nav::{ObjKind, Tab};
use crate::shared::pane::ErrorInfo;

/// What an action on many does to each object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Retry,
    Trigger,
    Enable,
    Disable,
    Delete,
    Start,
    Stop,
}

impl Verb {
    /// "retry", as a question's first word (capitalised there).
    pub fn word(self) -> &'static str {
        match self {
            Verb::Retry => "retry",
            Verb::Trigger => "trigger",
            Verb::Enable => "enable",
            Verb::Disable => "disable",
            Verb::Delete => "delete",
            Verb::Start => "start",
            Verb::Stop => "stop",
        }
    }

    /// "retrying", for the progress line.
    pub fn doing(self) -> &'static str {
        match self {
            Verb::Retry => "retrying",
            Verb::Trigger => "triggering",
            Verb::Enable => "enabling",
            Verb::Disable => "disabling",
            Verb::Delete => "deleting",
            Verb::Start => "starting",
            Verb::Stop => "stopping",
        }
    }
}

/// How one object's change ended: the words and meanings of `flowscope_api::bulk::End`,
/// so the explorer and the CLI say the same.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkEnd {
    /// Applied; the object as it now is, when the service said or it was read back.
    Done(Option<Value>),
    /// The service refused it; nothing changed.
    Refused(ErrorInfo),
    /// Sent, and the answer was lost: it may or may not have been applied.
    Unsure(ErrorInfo),
    /// Not sent, for this reason.
    Skipped(String),
}

impl BulkEnd {
    pub fn word(&self) -> &'static str {
        match self {
            BulkEnd::Done(_) => "done",
            BulkEnd::Refused(_) => "refused",
            BulkEnd::Unsure(_) => "unsure",
            BulkEnd::Skipped(_) => "skipped",
        }
    }

    /// Refused or unsure: worth acting on again (after a look, for unsure).
    pub fn failed(&self) -> bool {
        matches!(self, BulkEnd::Refused(_) | BulkEnd::Unsure(_))
    }
}

/// What the runtime reports of a job.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkMsg {
    /// Object `index` of job `job` ended.
    Ended {
        job: u64,
        index: usize,
        end: BulkEnd,
        /// Why its journal entry could not be written, if it could not.
        journal: Option<String>,
    },
    /// Every object ended; `counts` as the bulk runner words them ("3 done, 1 refused,
    /// 0 unsure, 2 skipped").
    Finished { job: u64, counts: String },
}

/// One marked object of a job.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ObjKind,
    pub id: String,
    /// How the question and the summary name it.
    pub label: String,
    /// Its change, or why it is skipped.
    pub step: BulkStep,
    /// A run's flow, for the watch that follows a retry or a trigger.
    pub flow_name: String,
    pub end: Option<BulkEnd>,
}

/// An action on marked rows, from its question to its summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: u64,
    pub verb: Verb,
    /// What it acts on, singular and plural ("run", "runs").
    pub noun: (&'static str, &'static str),
    /// The list pane whose marks it came from, and its tab (where the summary opens).
    pub list_slot: u64,
    pub tab: Tab,
    pub items: Vec<Item>,
    /// The bytes of the files it acts on, for a landing-zone job's question.
    pub bytes: Option<u64>,
    /// The runner's own count of the ends, once finished.
    pub counts: Option<String>,
}

impl Job {
    /// The objects whose change is sent.
    pub fn sent(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i.step, BulkStep::Send(_)))
            .count()
    }

    pub fn noun(&self, n: usize) -> &'static str {
        if n == 1 { self.noun.0 } else { self.noun.1 }
    }

    /// How many ended with `word` ("done", "refused", …).
    pub fn count(&self, word: &str) -> usize {
        self.items
            .iter()
            .filter(|i| i.end.as_ref().is_some_and(|e| e.word() == word))
            .count()
    }

    /// The progress line: `retrying 40 runs: 17/40 · 15 done · 2 refused`.
    pub fn progress(&self) -> String {
        let sent = self.sent();
        let ended = self
            .items
            .iter()
            .filter(|i| matches!(i.step, BulkStep::Send(_)) && i.end.is_some())
            .count();
        let mut text = format!(
            "{} {sent} {}: {ended}/{sent} · {} done",
            self.verb.doing(),
            self.noun(sent),
            self.count("done")
        );
        for word in ["refused", "unsure"] {
            let n = self.count(word);
            if n > 0 {
                text.push_str(&format!(" · {n} {word}"));
            }
        }
        text
    }

    /// "retry of 40 runs", the summary's title.
    pub fn title(&self) -> String {
        let n = self.items.len();
        format!("{} of {n} {}", self.verb.word(), self.noun(n))
    }
}

/// Jobs running, and the last ones finished (their summaries can be reloaded).
#[derive(Debug, Default)]
pub struct Bulk {
    pub jobs: Vec<Job>,
}

/// Finished jobs kept for their summaries.
const KEPT: usize = 8;

impl Bulk {
    pub fn job(&self, id: u64) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }

    pub fn job_mut(&mut self, id: u64) -> Option<&mut Job> {
        self.jobs.iter_mut().find(|j| j.id == id)
    }

    /// The progress of the jobs still running, for the status bar.
    pub fn progress(&self) -> Option<String> {
        let running: Vec<String> = self
            .jobs
            .iter()
            .filter(|j| j.counts.is_none())
            .map(Job::progress)
            .collect();
        (!running.is_empty()).then(|| running.join(" | "))
    }

    /// Drops the oldest finished jobs beyond the few kept.
    fn trim(&mut self) {
        let finished = self.jobs.iter().filter(|j| j.counts.is_some()).count();
        let mut extra = finished.saturating_sub(KEPT);
        self.jobs.retain(|j| {
            if extra > 0 && j.counts.is_some() {
                extra -= 1;
                return false;
            }
            true
        });
    }
}

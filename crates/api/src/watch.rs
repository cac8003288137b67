//! Watching a sandbox for runs that fail, whoever started them: a [`Poller`] that each
//! poll lists only the runs that started since the last one (a `property` filter on
//! `metrics.durationSummary.startedAtUTC`, aep-api-notes §3), reads again the runs it
//! has seen still going (one `id==a,b,…` list per forty), and reports each attempt that
//! ended `failed` or `partialSuccess` once. It knows no screen: the explorer's runtime and
//! `flowscope runs watch` both drive it, each with its own clock.
//!
//! The interval starts at [`FIRST_INTERVAL`], doubles while polls find nothing new up to
//! [`MAX_INTERVAL`], and comes back to the start when a run appears or ends. A 429 slows
//! the watch as well (the client has already retried the read, honouring `Retry-After`),
//! and the next poll waits at least what the service asked. An error that waiting will
//! not cure (auth, a 4xx) is reported as fatal.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::client::Client;
use crate::error::ApiError;
use crate::paging::{ListQuery, collect_all};
use flowscope_model::Run;

/// The run field the polls filter on.
pub const STARTED_AT: &str = "metrics.durationSummary.startedAtUTC";
pub const FIRST_INTERVAL: Duration = Duration::from_secs(10);
pub const MAX_INTERVAL: Duration = Duration::from_secs(60);
/// Each poll lists from this long before the newest start it has seen: a run the
/// service lists a little late is still caught, and runs listed twice are known.
pub const OVERLAP_MS: i64 = 120_000;
/// Run ids in one `id==a,b,…` read: forty UUIDs keep the request line near 1.5 kB.
pub const IDS_PER_READ: usize = 40;
/// Runs a page asks for.
const PAGE: u32 = 100;

/// Where the runs come from: the Flow Service client, or a test's scripted answers.
pub trait RunSource {
    /// Every run matching all of `property`, as the service's JSON.
    fn runs(
        &self,
        property: Vec<String>,
    ) -> impl Future<Output = Result<Vec<Value>, ApiError>> + Send;
}

impl RunSource for Client {
    async fn runs(&self, property: Vec<String>) -> Result<Vec<Value>, ApiError> {
        let mut q = ListQuery::new().limit(PAGE);
        q.property = property;
        collect_all(self.pages::<Value>("runs", &q)).await
    }
}

/// A run that ended failed or partially succeeded, as a script or a screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub flow_id: String,
    pub run_id: String,
    /// `failed` or `partialSuccess`.
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    /// The run as it was read.
    #[serde(skip)]
    pub run: Value,
}

/// Whether a run in `status` is one the watch reports.
pub fn is_failure(status: &str) -> bool {
    status == "failed" || status == "partialSuccess"
}

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn started(run: &Value) -> Option<i64> {
    run.pointer("/metrics/durationSummary/startedAtUTC")
        .and_then(Value::as_i64)
}

impl Failure {
    /// The failure `run` is, if it ended failed or partially succeeded.
    pub fn of(run: &Value) -> Option<Failure> {
        let status = text(run, "/metrics/statusSummary/status");
        if !is_failure(status) {
            return None;
        }
        let (code, message) = first_error(run);
        Some(Failure {
            flow_id: text(run, "/flowId").to_string(),
            run_id: text(run, "/id").to_string(),
            status: status.to_string(),
            error_code: code,
            error_message: message,
            started_at: started(run),
            completed_at: run
                .pointer("/metrics/durationSummary/completedAtUTC")
                .and_then(Value::as_i64),
            run: run.clone(),
        })
    }
}

/// The first error a run reports, as code and message.
pub fn first_error(run: &Value) -> (Option<String>, Option<String>) {
    serde_json::from_value::<Run>(run.clone())
        .ok()
        .and_then(|r| r.first_error().map(|e| (e.code.clone(), e.message.clone())))
        .unwrap_or_default()
}

/// Why a poll did not finish.
#[derive(Debug)]
pub struct PollError {
    pub error: ApiError,
    /// Waiting will not cure it (auth, a 4xx other than 429): stop watching.
    pub fatal: bool,
}

/// What one poll found, and when to poll next.
#[derive(Debug)]
pub struct Report {
    /// Attempts that ended failed or partially succeeded since the last poll, oldest end
    /// first. Found before an error, they are reported all the same.
    pub failures: Vec<Failure>,
    pub wait: Duration,
    pub error: Option<PollError>,
}

/// Whether waiting may cure `e`: throttling, the service's own trouble and the network's.
pub fn is_fatal(e: &ApiError) -> bool {
    match e {
        ApiError::Throttled { .. } => false,
        ApiError::Auth { .. } | ApiError::Invalid(_) => true,
        ApiError::Service { status, .. } => (400..500).contains(status) && *status != 408,
        ApiError::Timeout { .. }
        | ApiError::Connect { .. }
        | ApiError::Interrupted { .. }
        | ApiError::Decode { .. } => false,
    }
}

pub struct Poller {
    since_ms: i64,
    /// The newest start of a run seen going or ended; polls list from just before it.
    newest_ms: i64,
    /// The attempt last seen of each run listed in the overlap window, by its start.
    known: HashMap<String, i64>,
    /// Runs seen scheduled or in progress, by id (with their start): read again until
    /// they end.
    running: BTreeMap<String, i64>,
    /// Attempts reported (run id, start).
    reported: HashSet<(String, i64)>,
    first: bool,
    base: Duration,
    max: Duration,
    interval: Duration,
}

impl Poller {
    /// A watch of the runs that start from `since_ms` on (epoch ms), polled every
    /// [`FIRST_INTERVAL`] at first.
    pub fn new(since_ms: i64) -> Poller {
        Poller::with_interval(since_ms, FIRST_INTERVAL)
    }

    /// As [`Poller::new`], starting at `base` between polls (and backing off to the
    /// larger of it and [`MAX_INTERVAL`]).
    pub fn with_interval(since_ms: i64, base: Duration) -> Poller {
        let base = base.max(Duration::from_millis(1));
        Poller {
            since_ms,
            newest_ms: since_ms,
            known: HashMap::new(),
            running: BTreeMap::new(),
            reported: HashSet::new(),
            first: true,
            base,
            max: base.max(MAX_INTERVAL),
            interval: base,
        }
    }

    /// The lower bound of the next poll's window.
    pub fn window_start(&self) -> i64 {
        self.since_ms.max(self.newest_ms - OVERLAP_MS)
    }

    /// How many runs are read again each poll until they end.
    pub fn running(&self) -> usize {
        self.running.len()
    }

    /// One poll: the runs that started since the last (on the first, also those already
    /// in progress), then the ones still going.
    pub async fn poll<S: RunSource>(&mut self, source: &S) -> Report {
        let mut found = Found::default();
        let result = self.read(source, &mut found).await;
        let mut failures = found.failures;
        failures.sort_by_key(|f| (f.completed_at.unwrap_or(i64::MAX), f.run_id.clone()));
        self.forget_old();
        let (wait, error) = match result {
            Ok(()) => {
                self.interval = if found.news {
                    self.base
                } else {
                    (self.interval * 2).min(self.max)
                };
                (self.interval, None)
            }
            Err(error) => {
                let fatal = is_fatal(&error);
                self.interval = (self.interval * 2).min(self.max);
                let asked = match &error {
                    ApiError::Throttled { retry_after, .. } => retry_after.unwrap_or_default(),
                    _ => Duration::ZERO,
                };
                let wait = if fatal {
                    self.max
                } else {
                    self.interval.max(asked)
                };
                (wait, Some(PollError { error, fatal }))
            }
        };
        Report {
            failures,
            wait,
            error,
        }
    }

    async fn read<S: RunSource>(&mut self, source: &S, found: &mut Found) -> Result<(), ApiError> {
        // The window is fixed before anything is seen: on the first poll the runs already
        // going may have started long after `--since`, and must not hide the failures
        // between the two.
        let window = format!("{STARTED_AT}>={}", self.window_start());
        if self.first {
            // Runs already going when the watch starts are followed to their end too.
            let going = source
                .runs(vec!["metrics.statusSummary.status==inProgress".to_string()])
                .await?;
            for run in &going {
                self.see(run, found, false);
            }
            self.first = false;
        }
        let listed = source.runs(vec![window]).await?;
        let mut seen: HashSet<String> = HashSet::new();
        for run in &listed {
            seen.insert(text(run, "/id").to_string());
            self.see(run, found, true);
        }
        let again: Vec<String> = self
            .running
            .keys()
            .filter(|id| !seen.contains(*id))
            .cloned()
            .collect();
        for ids in again.chunks(IDS_PER_READ) {
            let runs = source.runs(vec![format!("id=={}", ids.join(","))]).await?;
            for run in &runs {
                self.see(run, found, false);
            }
            // A run no longer listed was deleted: nothing more will come of it.
            for id in ids {
                if !runs.iter().any(|r| text(r, "/id") == id) {
                    self.running.remove(id);
                }
            }
        }
        Ok(())
    }

    /// Takes in one run as read: a new attempt is news, one that ended is news and,
    /// if it failed, a failure (once).
    fn see(&mut self, run: &Value, found: &mut Found, windowed: bool) {
        let id = text(run, "/id");
        if id.is_empty() {
            return;
        }
        let status = text(run, "/metrics/statusSummary/status");
        let start = started(run).unwrap_or(0);
        let going = matches!(status, "" | "scheduled" | "sending" | "inProgress");
        // A scheduled run names when it will start: it does not move the window ahead
        // of runs that start before it.
        if status != "scheduled" {
            self.newest_ms = self.newest_ms.max(start);
        }
        if windowed && self.known.insert(id.to_string(), start) != Some(start) {
            found.news = true;
        }
        if going {
            self.running.insert(id.to_string(), start);
            return;
        }
        if self.running.remove(id).is_some() {
            found.news = true;
        }
        if let Some(f) = Failure::of(run)
            && self.reported.insert((id.to_string(), start))
        {
            found.failures.push(f);
        }
    }

    /// What no poll can list again is forgotten, so a long watch holds only a window.
    fn forget_old(&mut self) {
        let low = self.window_start();
        let running = &self.running;
        self.known
            .retain(|id, start| *start >= low || running.contains_key(id));
        self.reported.retain(|(_, start)| *start >= low);
    }
}

#[derive(Default)]
struct Found {
    failures: Vec<Failure>,
    /// A run appeared, started again or ended.
    news: bool,
}

#[cfg(test)]
mod tests;

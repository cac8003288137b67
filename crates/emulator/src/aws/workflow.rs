//! Customer Profiles integration workflows: a plan (batches, step length, how it ends)
//! from which status, steps and metrics are computed at the emulator clock's `now`.
//!
//! A workflow waits `delay_ms` (NOT_STARTED), then runs one step per batch window, each
//! `step_ms` long (IN_PROGRESS), and ends COMPLETE, or stops at one step with FAILED,
//! CANCELLED, SPLIT or RETRY. The AppFlow flow behind it gets one execution record per
//! step, planned with the same times, so both services tell one story.

use serde_json::{Value, json};

use super::connector::Connector;
use super::flow::{Execution, Outcome};
use super::wire::{Body, epoch, put, rfc3339};
use crate::clock::EpochMs;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WfStatus {
    NotStarted,
    InProgress,
    Complete,
    Failed,
    Split,
    Retry,
    Cancelled,
}

impl WfStatus {
    pub const ALL: [WfStatus; 7] = [
        WfStatus::NotStarted,
        WfStatus::InProgress,
        WfStatus::Complete,
        WfStatus::Failed,
        WfStatus::Split,
        WfStatus::Retry,
        WfStatus::Cancelled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WfStatus::NotStarted => "NOT_STARTED",
            WfStatus::InProgress => "IN_PROGRESS",
            WfStatus::Complete => "COMPLETE",
            WfStatus::Failed => "FAILED",
            WfStatus::Split => "SPLIT",
            WfStatus::Retry => "RETRY",
            WfStatus::Cancelled => "CANCELLED",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.name() == s)
    }
}

/// One window of source records, ingested by one step.
#[derive(Clone, Debug)]
pub struct Batch {
    pub start: EpochMs,
    pub end: EpochMs,
    pub records: i64,
}

#[derive(Clone, Debug)]
pub enum Ending {
    Complete,
    /// Step `at` ends with `status` and `message`; later steps never run.
    Stops {
        at: usize,
        status: WfStatus,
        message: String,
    },
}

#[derive(Clone, Debug)]
pub struct Workflow {
    pub id: String,
    pub domain: String,
    pub flow_name: String,
    pub object_type: String,
    pub connector: Connector,
    pub profile: String,
    pub role_arn: String,
    pub created_at: EpochMs,
    pub delay_ms: i64,
    pub step_ms: i64,
    pub batches: Vec<Batch>,
    pub ending: Ending,
    /// GetWorkflow's `ErrorDescription` once the workflow has FAILED.
    pub error_description: Option<String>,
}

/// A step as it stands at some `now`.
#[derive(Clone, Debug)]
pub struct Step {
    pub status: WfStatus,
    pub message: String,
    pub records: i64,
    pub window: (EpochMs, EpochMs),
    pub created_at: EpochMs,
    pub updated_at: EpochMs,
}

impl Workflow {
    fn step_start(&self, i: usize) -> EpochMs {
        self.created_at + self.delay_ms + i as i64 * self.step_ms
    }

    fn stop(&self) -> Option<(usize, WfStatus, &str)> {
        match &self.ending {
            Ending::Complete => None,
            Ending::Stops {
                at,
                status,
                message,
            } => Some((*at, *status, message)),
        }
    }

    /// Records a step has ingested when it ends: all of its window, or the part read
    /// before it stopped.
    fn final_records(&self, i: usize, b: &Batch) -> i64 {
        match self.stop() {
            Some((at, status, _)) if at == i => match status {
                WfStatus::Failed => b.records / 3,
                WfStatus::Cancelled => b.records / 2,
                WfStatus::Retry => b.records / 4,
                _ => 0,
            },
            _ => b.records,
        }
    }

    /// The steps that have started by `now`, oldest first.
    pub fn steps(&self, now: EpochMs) -> Vec<Step> {
        let mut out = Vec::new();
        for (i, b) in self.batches.iter().enumerate() {
            let stop = self.stop();
            if stop.is_some_and(|(at, _, _)| i > at) {
                break;
            }
            let start = self.step_start(i);
            if now < start {
                break;
            }
            let end = start + self.step_ms;
            let done = self.final_records(i, b);
            let step = if now < end {
                let part =
                    i128::from(done) * i128::from(now - start) / i128::from(self.step_ms.max(1));
                Step {
                    status: WfStatus::InProgress,
                    message: format!(
                        "Ingesting records from {} to {}",
                        rfc3339(b.start),
                        rfc3339(b.end)
                    ),
                    records: part as i64,
                    window: (b.start, b.end),
                    created_at: start,
                    updated_at: start,
                }
            } else {
                let (status, message) = match stop {
                    Some((at, status, message)) if at == i => (status, message.to_string()),
                    _ => (
                        WfStatus::Complete,
                        format!("Ingested {done} records into {}", self.object_type),
                    ),
                };
                Step {
                    status,
                    message,
                    records: done,
                    window: (b.start, b.end),
                    created_at: start,
                    updated_at: end,
                }
            };
            out.push(step);
        }
        out
    }

    /// Status and last change at `now`, with the steps it was computed from.
    pub fn state(&self, now: EpochMs) -> (WfStatus, EpochMs, Vec<Step>) {
        let steps = self.steps(now);
        let Some(last) = steps.last() else {
            return (WfStatus::NotStarted, self.created_at, steps);
        };
        let status = match last.status {
            WfStatus::Complete if steps.len() == self.batches.len() => WfStatus::Complete,
            WfStatus::Complete | WfStatus::InProgress => WfStatus::InProgress,
            other => other,
        };
        let updated = last.updated_at;
        (status, updated, steps)
    }

    pub fn status(&self, now: EpochMs) -> WfStatus {
        self.state(now).0
    }

    fn description(&self, status: WfStatus, steps: &[Step]) -> String {
        let n = self.batches.len();
        let done = steps
            .iter()
            .filter(|s| s.status == WfStatus::Complete)
            .count();
        let records: i64 = steps.iter().map(|s| s.records).sum();
        let text = match status {
            WfStatus::NotStarted => format!(
                "Waiting to start; first step at {}",
                rfc3339(self.step_start(0))
            ),
            WfStatus::InProgress => format!(
                "Step {} of {n} in progress; {records} records ingested so far",
                steps.len()
            ),
            WfStatus::Complete => format!("All {n} steps completed; {records} records ingested"),
            other => format!(
                "{} at step {} of {n} after {done} completed steps: {}",
                other.name(),
                steps.len(),
                steps.last().map(|s| s.message.as_str()).unwrap_or("")
            ),
        };
        clip(text)
    }

    /// A ListWorkflows item.
    pub fn item(&self, now: EpochMs) -> Value {
        let (status, updated, steps) = self.state(now);
        json!({
            "WorkflowType": "APPFLOW_INTEGRATION",
            "WorkflowId": self.id,
            "Status": status.name(),
            "StatusDescription": self.description(status, &steps),
            "CreatedAt": epoch(self.created_at),
            "LastUpdatedAt": epoch(updated),
        })
    }

    /// The GetWorkflow answer.
    pub fn detail(&self, now: EpochMs) -> Value {
        let (status, updated, steps) = self.state(now);
        let mut m = Body::new();
        m.insert("WorkflowId".into(), self.id.clone().into());
        m.insert("WorkflowType".into(), "APPFLOW_INTEGRATION".into());
        m.insert("Status".into(), status.name().into());
        if status == WfStatus::Failed {
            put(&mut m, "ErrorDescription", self.error_description.clone());
        }
        if !steps.is_empty() {
            m.insert("StartDate".into(), epoch(self.step_start(0)));
        }
        m.insert("LastUpdatedAt".into(), epoch(updated));
        m.insert(
            "Attributes".into(),
            json!({"AppflowIntegration": {
                "SourceConnectorType": self.connector.type_name(),
                "ConnectorProfileName": self.profile,
                "RoleArn": self.role_arn,
            }}),
        );
        let completed = steps
            .iter()
            .filter(|s| s.status == WfStatus::Complete)
            .count();
        m.insert(
            "Metrics".into(),
            json!({"AppflowIntegration": {
                "RecordsProcessed": steps.iter().map(|s| s.records).sum::<i64>(),
                "StepsCompleted": completed,
                "TotalSteps": self.batches.len(),
            }}),
        );
        Value::Object(m)
    }

    /// GetWorkflowSteps items.
    pub fn step_items(&self, now: EpochMs) -> Vec<Value> {
        self.steps(now)
            .into_iter()
            .map(|s| {
                json!({"AppflowIntegration": {
                    "FlowName": self.flow_name,
                    "Status": s.status.name(),
                    "ExecutionMessage": clip(s.message),
                    "RecordsProcessed": s.records,
                    "BatchRecordsStartTime": rfc3339(s.window.0),
                    "BatchRecordsEndTime": rfc3339(s.window.1),
                    "CreatedAt": epoch(s.created_at),
                    "LastUpdatedAt": epoch(s.updated_at),
                }})
            })
            .collect()
    }

    /// The flow's execution records, one per step that will run, with `id(i)` as ids.
    pub fn plan_runs(&self, mut id: impl FnMut(usize) -> String) -> Vec<Execution> {
        let mut runs = Vec::new();
        for (i, b) in self.batches.iter().enumerate() {
            let start = self.step_start(i);
            let mut run = Execution {
                id: id(i),
                started_at: start,
                run_ms: self.step_ms,
                pull: (b.start, b.end),
                records: self.final_records(i, b),
                bytes_per_record: 740,
                outcome: Outcome::Success,
                cancel_at: None,
            };
            match self.stop() {
                Some((at, _, _)) if i > at => break,
                Some((at, status, message)) if at == i => {
                    if status == WfStatus::Cancelled {
                        // Half the window read when the cancel came.
                        run.records = b.records;
                        run.cancel_at = Some(start + self.step_ms / 2);
                    } else {
                        run.outcome = Outcome::Error {
                            message: message.to_string(),
                            put_failures: 0,
                        };
                    }
                }
                _ => {}
            }
            runs.push(run);
        }
        runs
    }
}

/// The models cap these strings at 255 characters.
fn clip(mut s: String) -> String {
    if s.len() > 255 {
        let mut cut = 252;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn wf(ending: Ending) -> Workflow {
        Workflow {
            id: "0".repeat(32),
            domain: "d".into(),
            flow_name: "f".into(),
            object_type: "T".into(),
            connector: Connector::Salesforce,
            profile: "p".into(),
            role_arn: "arn:aws:iam::123456789012:role/r".into(),
            created_at: 0,
            delay_ms: 30_000,
            step_ms: MIN,
            batches: (0..3)
                .map(|i| Batch {
                    start: i * 1000,
                    end: (i + 1) * 1000,
                    records: 300,
                })
                .collect(),
            ending,
            error_description: Some("boom".into()),
        }
    }

    #[test]
    fn steps_complete_one_a_minute_then_the_workflow_completes() {
        let w = wf(Ending::Complete);
        assert_eq!(w.status(0), WfStatus::NotStarted);
        assert_eq!(w.status(30_000), WfStatus::InProgress);
        let d = w.detail(30_000 + MIN + MIN / 2);
        assert_eq!(d["Metrics"]["AppflowIntegration"]["StepsCompleted"], 1);
        assert_eq!(d["Metrics"]["AppflowIntegration"]["RecordsProcessed"], 450);
        assert_eq!(w.status(30_000 + 3 * MIN), WfStatus::Complete);
        let d = w.detail(30_000 + 3 * MIN);
        assert_eq!(d["Metrics"]["AppflowIntegration"]["TotalSteps"], 3);
        assert_eq!(d["Metrics"]["AppflowIntegration"]["RecordsProcessed"], 900);
        assert!(d.get("ErrorDescription").is_none());
    }

    #[test]
    fn a_failure_stops_the_workflow_and_its_runs() {
        let w = wf(Ending::Stops {
            at: 1,
            status: WfStatus::Failed,
            message: "denied".into(),
        });
        let later = 10 * MIN;
        assert_eq!(w.status(later), WfStatus::Failed);
        assert_eq!(w.steps(later).len(), 2);
        assert_eq!(w.detail(later)["ErrorDescription"], "boom");
        let runs = w.plan_runs(|i| i.to_string());
        assert_eq!(runs.len(), 2);
        assert!(matches!(runs[1].outcome, Outcome::Error { .. }));
        assert_eq!(runs[1].processed(later), w.steps(later)[1].records);
    }
}

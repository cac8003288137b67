//! AppFlow flows and their execution records, in AppFlow's wire shapes.
//!
//! An execution keeps only its plan (start, duration, records, outcome, when a cancel
//! was asked); its status is computed from the emulator clock on every read, so a test
//! owning a manual clock walks a run from InProgress to Successful, or from
//! CancelStarted to Canceled, without sleeping. Records that have not started yet at
//! `now` are not shown: a workflow's future batch runs are planned ahead.

use serde_json::{Value, json};

use super::connector::Connector;
use super::wire::{Body, epoch, put};
use super::{ACCOUNT, REGION};
use crate::clock::EpochMs;

/// How long a cancelled run stays CancelStarted before it is Canceled.
pub const CANCEL_MS: i64 = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    OnDemand,
    Scheduled,
    Event,
}

impl Trigger {
    pub fn name(self) -> &'static str {
        match self {
            Trigger::OnDemand => "OnDemand",
            Trigger::Scheduled => "Scheduled",
            Trigger::Event => "Event",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        [Trigger::OnDemand, Trigger::Scheduled, Trigger::Event]
            .into_iter()
            .find(|t| t.name() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowStatus {
    Active,
    Suspended,
    Draft,
    Errored,
    Deprecated,
}

impl FlowStatus {
    pub fn name(self) -> &'static str {
        match self {
            FlowStatus::Active => "Active",
            FlowStatus::Suspended => "Suspended",
            FlowStatus::Draft => "Draft",
            FlowStatus::Errored => "Errored",
            FlowStatus::Deprecated => "Deprecated",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Error { message: String, put_failures: i64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecStatus {
    InProgress,
    Successful,
    Error,
    CancelStarted,
    Canceled,
}

impl ExecStatus {
    pub fn name(self) -> &'static str {
        match self {
            ExecStatus::InProgress => "InProgress",
            ExecStatus::Successful => "Successful",
            ExecStatus::Error => "Error",
            ExecStatus::CancelStarted => "CancelStarted",
            ExecStatus::Canceled => "Canceled",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Execution {
    pub id: String,
    pub started_at: EpochMs,
    pub run_ms: i64,
    /// The source window the run pulls (dataPullStartTime/EndTime).
    pub pull: (EpochMs, EpochMs),
    /// Records the run processes when it ends (or had processed when it failed).
    pub records: i64,
    pub bytes_per_record: i64,
    pub outcome: Outcome,
    pub cancel_at: Option<EpochMs>,
}

impl Execution {
    pub fn status(&self, now: EpochMs) -> ExecStatus {
        if let Some(c) = self.cancel_at.filter(|c| *c <= now) {
            return if now < c + CANCEL_MS {
                ExecStatus::CancelStarted
            } else {
                ExecStatus::Canceled
            };
        }
        if now < self.started_at + self.run_ms {
            return ExecStatus::InProgress;
        }
        match self.outcome {
            Outcome::Success => ExecStatus::Successful,
            Outcome::Error { .. } => ExecStatus::Error,
        }
    }

    pub fn last_updated(&self, now: EpochMs) -> EpochMs {
        match self.status(now) {
            ExecStatus::InProgress => self.started_at,
            ExecStatus::CancelStarted => self.cancel_at.unwrap_or(self.started_at),
            ExecStatus::Canceled => self.cancel_at.unwrap_or(self.started_at) + CANCEL_MS,
            _ => self.started_at + self.run_ms,
        }
    }

    /// Records processed so far: in proportion to the time run, frozen at a cancel.
    pub fn processed(&self, now: EpochMs) -> i64 {
        let stop = self.cancel_at.map_or(now, |c| c.min(now));
        let ran = (stop - self.started_at).clamp(0, self.run_ms.max(1));
        (i128::from(self.records) * i128::from(ran) / i128::from(self.run_ms.max(1))) as i64
    }

    /// A line for `mostRecentExecutionMessage` (its pattern allows no colons or slashes).
    pub fn message(&self, now: EpochMs) -> String {
        let text = match self.status(now) {
            ExecStatus::InProgress => "Flow run in progress".to_string(),
            ExecStatus::Successful => {
                format!("Successfully ran the flow, {} records", self.records)
            }
            ExecStatus::Error => match &self.outcome {
                Outcome::Error { message, .. } => message.clone(),
                Outcome::Success => String::new(),
            },
            ExecStatus::CancelStarted => "Cancellation of the flow run started".to_string(),
            ExecStatus::Canceled => "Flow run canceled".to_string(),
        };
        fit(&text, "!@#-.?,")
    }

    pub fn to_json(&self, now: EpochMs) -> Value {
        let status = self.status(now);
        let processed = self.processed(now);
        let bytes = processed * self.bytes_per_record;
        let mut result = Body::new();
        result.insert("bytesProcessed".into(), bytes.into());
        let written = if status == ExecStatus::Successful {
            bytes
        } else {
            bytes / 2
        };
        result.insert("bytesWritten".into(), written.into());
        result.insert("recordsProcessed".into(), processed.into());
        result.insert("numParallelProcesses".into(), 1.into());
        if let (
            ExecStatus::Error,
            Outcome::Error {
                message,
                put_failures,
            },
        ) = (status, &self.outcome)
        {
            result.insert(
                "errorInfo".into(),
                json!({"putFailuresCount": put_failures, "executionMessage": fit(message, "/!@#+=.-")}),
            );
        }
        json!({
            "executionId": self.id,
            "executionStatus": status.name(),
            "executionResult": result,
            "startedAt": epoch(self.started_at),
            "lastUpdatedAt": epoch(self.last_updated(now)),
            "dataPullStartTime": epoch(self.pull.0),
            "dataPullEndTime": epoch(self.pull.1),
        })
    }
}

/// Keeps word characters, whitespace and `extra`; the models constrain message
/// members with such character classes.
pub fn fit(s: &str, extra: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c.is_whitespace() || extra.contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Clone, Debug)]
pub struct Flow {
    pub name: String,
    pub description: String,
    pub status: FlowStatus,
    pub status_message: Option<String>,
    pub trigger: Trigger,
    /// AppFlow `triggerConfig`.
    pub trigger_config: Value,
    pub connector: Connector,
    pub profile: Option<String>,
    /// AppFlow `sourceFlowConfig`.
    pub source: Value,
    /// The Customer Profiles domain and object type the flow writes to.
    pub domain: String,
    pub object_type: String,
    /// AppFlow `tasks`.
    pub tasks: Value,
    pub kms_arn: String,
    pub created_at: EpochMs,
    pub updated_at: EpochMs,
    pub created_by: String,
    pub tags: Value,
    pub executions: Vec<Execution>,
    /// The integration workflow that created the flow, if one did.
    pub workflow: Option<String>,
}

pub fn flow_arn(name: &str) -> String {
    format!("arn:aws:appflow:{REGION}:{ACCOUNT}:flow/{name}")
}

impl Flow {
    pub fn arn(&self) -> String {
        flow_arn(&self.name)
    }

    /// Runs that have started by `now`, newest first.
    pub fn runs(&self, now: EpochMs) -> Vec<&Execution> {
        let mut v: Vec<&Execution> = self
            .executions
            .iter()
            .filter(|e| e.started_at <= now)
            .collect();
        v.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        v
    }

    fn last_run(&self, now: EpochMs) -> Option<Value> {
        let e = self.runs(now).into_iter().next()?;
        Some(json!({
            "mostRecentExecutionMessage": e.message(now),
            "mostRecentExecutionTime": epoch(e.started_at),
            "mostRecentExecutionStatus": e.status(now).name(),
        }))
    }

    fn common(&self, now: EpochMs) -> Body {
        let mut m = Body::new();
        m.insert("flowArn".into(), self.arn().into());
        m.insert("description".into(), self.description.clone().into());
        m.insert("flowName".into(), self.name.clone().into());
        m.insert("flowStatus".into(), self.status.name().into());
        m.insert("createdAt".into(), epoch(self.created_at));
        m.insert("lastUpdatedAt".into(), epoch(self.updated_at));
        m.insert("createdBy".into(), self.created_by.clone().into());
        m.insert("lastUpdatedBy".into(), self.created_by.clone().into());
        m.insert("tags".into(), self.tags.clone());
        put(&mut m, "lastRunExecutionDetails", self.last_run(now));
        m
    }

    /// A ListFlows item (`FlowDefinition`).
    pub fn summary(&self, now: EpochMs) -> Value {
        let mut m = self.common(now);
        m.insert(
            "sourceConnectorType".into(),
            self.connector.type_name().into(),
        );
        m.insert("destinationConnectorType".into(), "CustomerProfiles".into());
        m.insert("triggerType".into(), self.trigger.name().into());
        Value::Object(m)
    }

    /// The DescribeFlow answer.
    pub fn describe(&self, now: EpochMs) -> Value {
        let mut m = self.common(now);
        m.insert("kmsArn".into(), self.kms_arn.clone().into());
        put(&mut m, "flowStatusMessage", self.status_message.clone());
        m.insert("sourceFlowConfig".into(), self.source.clone());
        m.insert(
            "destinationFlowConfigList".into(),
            json!([{
                "connectorType": "CustomerProfiles",
                "destinationConnectorProperties": {
                    "CustomerProfiles": {"domainName": self.domain, "objectTypeName": self.object_type}
                }
            }]),
        );
        m.insert("triggerConfig".into(), self.trigger_config.clone());
        m.insert("tasks".into(), self.tasks.clone());
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(outcome: Outcome) -> Execution {
        Execution {
            id: "e1".into(),
            started_at: 1_000_000,
            run_ms: 60_000,
            pull: (0, 1_000_000),
            records: 600,
            bytes_per_record: 10,
            outcome,
            cancel_at: None,
        }
    }

    #[test]
    fn a_run_moves_with_the_clock() {
        let e = run(Outcome::Success);
        assert_eq!(e.status(1_030_000), ExecStatus::InProgress);
        assert_eq!(e.processed(1_030_000), 300);
        assert_eq!(e.status(1_060_000), ExecStatus::Successful);
        let j = e.to_json(1_060_000);
        assert_eq!(j["executionResult"]["recordsProcessed"], 600);
        assert_eq!(j["executionResult"]["bytesWritten"], 6000);
        assert!(j["executionResult"].get("errorInfo").is_none());
    }

    #[test]
    fn a_cancel_freezes_the_count_then_finishes() {
        let mut e = run(Outcome::Success);
        e.cancel_at = Some(1_010_000);
        assert_eq!(e.status(1_005_000), ExecStatus::InProgress);
        assert_eq!(e.status(1_010_000), ExecStatus::CancelStarted);
        assert_eq!(e.status(1_010_000 + CANCEL_MS), ExecStatus::Canceled);
        assert_eq!(e.processed(2_000_000), 100);
    }

    #[test]
    fn errors_carry_error_info_in_the_models_alphabet() {
        let e = run(Outcome::Error {
            message: "Salesforce: INVALID_SESSION_ID (expired)".into(),
            put_failures: 3,
        });
        let j = e.to_json(2_000_000);
        assert_eq!(j["executionStatus"], "Error");
        assert_eq!(
            j["executionResult"]["errorInfo"]["executionMessage"],
            "Salesforce INVALID_SESSION_ID expired"
        );
        assert_eq!(
            e.message(2_000_000),
            "Salesforce INVALID_SESSION_ID expired"
        );
    }
}

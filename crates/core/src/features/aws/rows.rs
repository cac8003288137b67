//! Rows of the AWS lists: domains, integration workflows and their steps, AppFlow flows,
//! their executions, and connector profiles. Items arrive in the services' own shapes
//! (PascalCase for Customer Profiles, camelCase for AppFlow, RFC 3339 times), plus the
//! domain or flow a list was read from.

use serde_json::Value;

use crate::shared::table::Names;

use crate::shared::fmt::bytes;
use crate::shared::fmt::{ago, duration, time};
use crate::shared::nav::ListKind;
use crate::shared::table::{Column, col, id, key, num, tag, text};
use crate::shared::table::{Row, Tone, s};

const DOMAIN_COLUMNS: &[Column] = &[
    text("DOMAIN", 16, 48, 0),
    tag("CREATED", 16, 1),
    tag("UPDATED", 16, 1),
    col("TAGS", 8, 60, 2),
];

const WORKFLOW_COLUMNS: &[Column] = &[
    tag("STATUS", 11, 0),
    key("WORKFLOW", 12, 32),
    col("DOMAIN", 10, 40, 1),
    text("DESCRIPTION", 16, 120, 1),
    tag("CREATED", 16, 3),
    tag("UPDATED", 16, 2),
];

const STEP_COLUMNS: &[Column] = &[
    tag("STATUS", 11, 0),
    text("APPFLOW FLOW", 12, 48, 0),
    tag("BATCH", 48, 3),
    num("RECORDS", 1),
    tag("UPDATED", 16, 3),
    text("MESSAGE", 24, 120, 1),
];

const FLOW_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    tag("STATUS", 13, 0),
    tag("TRIGGER", 9, 1),
    col("SOURCE → DESTINATION", 16, 48, 2),
    tag("LAST RUN", 30, 1),
    tag("UPDATED", 16, 3),
];

const EXECUTION_COLUMNS: &[Column] = &[
    tag("STATUS", 13, 0),
    tag("STARTED", 16, 0),
    num("DURATION", 1),
    num("RECORDS", 1),
    num("BYTES", 2),
    text("MESSAGE", 16, 120, 2),
    id("EXECUTION", 36),
];

const PROFILE_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    tag("CONNECTOR", 16, 0),
    col("INSTANCE", 16, 64, 1),
    tag("MODE", 7, 2),
    tag("UPDATED", 16, 3),
];

const INTEGRATION_COLUMNS: &[Column] = &[
    text("APPFLOW FLOW", 16, 48, 0),
    col("OBJECT TYPE", 12, 40, 0),
    key("WORKFLOW", 12, 32),
    tag("CREATED", 16, 2),
    tag("UPDATED", 16, 1),
];

const OBJECT_TYPE_COLUMNS: &[Column] = &[
    text("OBJECT TYPE", 16, 48, 0),
    text("DESCRIPTION", 16, 120, 1),
    tag("CREATED", 16, 2),
    tag("UPDATED", 16, 1),
];

pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    Some(match kind {
        ListKind::AwsDomains => DOMAIN_COLUMNS,
        ListKind::AwsWorkflows => WORKFLOW_COLUMNS,
        ListKind::AwsSteps => STEP_COLUMNS,
        ListKind::AwsFlows => FLOW_COLUMNS,
        ListKind::AwsExecutions => EXECUTION_COLUMNS,
        ListKind::AwsProfiles => PROFILE_COLUMNS,
        ListKind::AwsIntegrations => INTEGRATION_COLUMNS,
        ListKind::AwsObjectTypes => OBJECT_TYPE_COLUMNS,
        _ => return None,
    })
}

/// Milliseconds of an RFC 3339 member (the client renders AWS times that way).
pub fn at(v: &Value, ptr: &str) -> Option<i64> {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp_millis())
}

/// The colour of a status of either service: workflow (`FAILED`), step, flow (`Active`)
/// or execution (`Successful`).
pub fn tone(status: &str) -> Tone {
    match status {
        "COMPLETE" | "Successful" | "Active" => Tone::Ok,
        "FAILED" | "Error" | "Errored" => Tone::Failed,
        "IN_PROGRESS" | "RETRY" | "SPLIT" | "InProgress" | "CancelStarted" => Tone::Running,
        "CANCELLED" | "Canceled" | "Suspended" => Tone::Warn,
        "NOT_STARTED" | "Draft" | "Deprecated" | "Deleted" => Tone::Dim,
        _ => Tone::Plain,
    }
}

/// The connector-specific member of a properties object: `{"Salesforce": {…}}`.
pub fn only_entry(v: Option<&Value>) -> Option<(&str, &Value)> {
    v.and_then(Value::as_object)
        .and_then(|m| m.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}

/// The AppFlow flow an integration's `Uri` names
/// (`arn:aws:appflow:REGION:ACCOUNT:flow/NAME`), or None for another kind of source.
pub fn flow_of_uri(uri: &str) -> Option<&str> {
    let (head, name) = uri.rsplit_once(":flow/")?;
    (head.starts_with("arn:aws:appflow:") && !name.is_empty()).then_some(name)
}

/// Where a connector profile points: an instance URL, a bucket, a domain.
pub fn instance(profile: &Value) -> String {
    let Some((_, props)) = only_entry(profile.get("connectorProfileProperties")) else {
        return String::new();
    };
    ["instanceUrl", "bucketName", "domainName", "hostUrl"]
        .iter()
        .find_map(|k| props.get(*k).and_then(Value::as_str))
        .unwrap_or("")
        .to_string()
}

fn tags(v: &Value, member: &str) -> String {
    v.get(member)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// One row of an AWS list, or None for a kind that is not AWS's.
pub fn build(kind: ListKind, v: &Value, names: &Names) -> Option<Row> {
    let now_ms = names.now_ms;
    let mut tones = Vec::new();
    let mut nums = Vec::new();
    let (id, name, cells): (String, String, Vec<String>) = match kind {
        ListKind::AwsDomains => {
            let name = s(v, "/DomainName").to_string();
            let cells = vec![
                name.clone(),
                time(at(v, "/CreatedAt")),
                time(at(v, "/LastUpdatedAt")),
                tags(v, "Tags"),
            ];
            (name.clone(), name, cells)
        }
        ListKind::AwsWorkflows => {
            let id = s(v, "/WorkflowId").to_string();
            let status = s(v, "/Status");
            tones.push((0, tone(status)));
            nums = vec![
                None,
                None,
                None,
                None,
                at(v, "/CreatedAt"),
                at(v, "/LastUpdatedAt"),
            ];
            let cells = vec![
                status.to_string(),
                id.clone(),
                s(v, "/DomainName").to_string(),
                s(v, "/StatusDescription").to_string(),
                time(at(v, "/CreatedAt")),
                time(at(v, "/LastUpdatedAt")),
            ];
            (id.clone(), id, cells)
        }
        ListKind::AwsSteps => {
            let step = v.get("AppflowIntegration").unwrap_or(v);
            let flow = s(step, "/FlowName").to_string();
            let status = s(step, "/Status");
            tones.push((0, tone(status)));
            if tone(status) == Tone::Failed {
                tones.push((5, Tone::Failed));
            }
            let records = step.get("RecordsProcessed").and_then(Value::as_i64);
            nums = vec![None, None, None, records, at(step, "/LastUpdatedAt"), None];
            let cells = vec![
                status.to_string(),
                flow.clone(),
                format!(
                    "{} → {}",
                    s(step, "/BatchRecordsStartTime"),
                    s(step, "/BatchRecordsEndTime")
                ),
                records.map(|n| n.to_string()).unwrap_or_default(),
                time(at(step, "/LastUpdatedAt")),
                s(step, "/ExecutionMessage").to_string(),
            ];
            (flow.clone(), flow, cells)
        }
        ListKind::AwsFlows => {
            let name = s(v, "/flowName").to_string();
            let status = s(v, "/flowStatus");
            tones.push((1, tone(status)));
            let last_status = s(v, "/lastRunExecutionDetails/mostRecentExecutionStatus");
            let last = match at(v, "/lastRunExecutionDetails/mostRecentExecutionTime") {
                _ if last_status.is_empty() => {
                    tones.push((4, Tone::Dim));
                    "never".to_string()
                }
                Some(t) => format!("{last_status} {}", ago(t, now_ms)),
                None => last_status.to_string(),
            };
            if !last_status.is_empty() {
                tones.push((4, tone(last_status)));
            }
            nums = vec![None, None, None, None, None, at(v, "/lastUpdatedAt")];
            let cells = vec![
                name.clone(),
                status.to_string(),
                s(v, "/triggerType").to_string(),
                format!(
                    "{} → {}",
                    s(v, "/sourceConnectorType"),
                    s(v, "/destinationConnectorType")
                ),
                last,
                time(at(v, "/lastUpdatedAt")),
            ];
            (name.clone(), name, cells)
        }
        ListKind::AwsExecutions => {
            let id = s(v, "/executionId").to_string();
            let status = s(v, "/executionStatus");
            tones.push((0, tone(status)));
            let started = at(v, "/startedAt");
            let took = match (started, at(v, "/lastUpdatedAt")) {
                (Some(a), Some(b)) if status != "InProgress" => Some(b - a),
                (Some(a), _) if status == "InProgress" => Some(now_ms - a),
                _ => None,
            };
            let records = v
                .pointer("/executionResult/recordsProcessed")
                .and_then(Value::as_i64);
            let size = v
                .pointer("/executionResult/bytesProcessed")
                .and_then(Value::as_i64);
            let message = s(v, "/executionResult/errorInfo/executionMessage");
            if !message.is_empty() {
                tones.push((5, Tone::Failed));
            }
            nums = vec![None, started, took, records, size, None, None];
            let cells = vec![
                status.to_string(),
                time(started),
                took.map(duration).unwrap_or_default(),
                records.map(|n| n.to_string()).unwrap_or_default(),
                size.map(bytes).unwrap_or_default(),
                message.to_string(),
                id.clone(),
            ];
            (id.clone(), id, cells)
        }
        ListKind::AwsProfiles => {
            let name = s(v, "/connectorProfileName").to_string();
            nums = vec![None, None, None, None, at(v, "/lastUpdatedAt")];
            let cells = vec![
                name.clone(),
                s(v, "/connectorType").to_string(),
                instance(v),
                s(v, "/connectionMode").to_string(),
                time(at(v, "/lastUpdatedAt")),
            ];
            (name.clone(), name, cells)
        }
        ListKind::AwsIntegrations => {
            let uri = s(v, "/Uri");
            // A source that is not an AppFlow flow keeps its Uri, so the row says what it is.
            let flow = flow_of_uri(uri).unwrap_or(uri).to_string();
            let (created, updated) = (at(v, "/CreatedAt"), at(v, "/LastUpdatedAt"));
            nums = vec![None, None, None, created, updated];
            let cells = vec![
                flow.clone(),
                s(v, "/ObjectTypeName").to_string(),
                s(v, "/WorkflowId").to_string(),
                time(created),
                time(updated),
            ];
            (flow.clone(), flow, cells)
        }
        ListKind::AwsObjectTypes => {
            let name = s(v, "/ObjectTypeName").to_string();
            let (created, updated) = (at(v, "/CreatedAt"), at(v, "/LastUpdatedAt"));
            nums = vec![None, None, created, updated];
            let cells = vec![
                name.clone(),
                s(v, "/Description").to_string(),
                time(created),
                time(updated),
            ];
            // `domain/name`: how the detail reads it back (GetProfileObjectType).
            (format!("{}/{name}", s(v, "/DomainName")), name, cells)
        }
        _ => return None,
    };
    Some(Row::new(id, name, cells, nums, tones))
}

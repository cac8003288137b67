//! Table columns of the AWS lists (`flowscope aws …`), and the member `-o ids` prints
//! of each: pure functions from an item in the service's wire shape to cells, written
//! as the explorer writes them (times in UTC, counts as numbers).

use serde_json::Value;

use super::columns::Resource;
use crate::app::shared::fmt::time;

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// A timestamp as the SDK renders it (RFC 3339) or epoch seconds, as `YYYY-MM-DD HH:MM`.
fn at(v: &Value, ptr: &str) -> String {
    match v.pointer(ptr) {
        Some(Value::String(t)) => chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| time(Some(d.timestamp_millis())))
            .unwrap_or_else(|_| t.clone()),
        Some(Value::Number(n)) => time(n.as_f64().map(|s| (s * 1000.0) as i64)),
        _ => String::new(),
    }
}

fn num(v: &Value, ptr: &str) -> String {
    v.pointer(ptr).map(|n| n.to_string()).unwrap_or_default()
}

pub fn headers(r: Resource) -> Option<&'static [&'static str]> {
    Some(match r {
        Resource::AwsDomains => &["DOMAIN", "CREATED", "UPDATED"],
        Resource::AwsWorkflows => &["WORKFLOW", "STATUS", "CREATED", "UPDATED", "DESCRIPTION"],
        Resource::AwsSteps => &[
            "FLOW",
            "STATUS",
            "RECORDS",
            "BATCH START",
            "BATCH END",
            "MESSAGE",
        ],
        Resource::AwsFlows => &["FLOW", "STATUS", "SOURCE", "TRIGGER", "LAST RUN", "UPDATED"],
        Resource::AwsExecutions => &["EXECUTION", "STATUS", "STARTED", "RECORDS", "MESSAGE"],
        Resource::AwsConnectorProfiles => &["PROFILE", "CONNECTOR", "MODE", "INSTANCE"],
        Resource::AwsIntegrations => &["FLOW", "OBJECT TYPE", "WORKFLOW", "CREATED"],
        Resource::AwsObjectTypes => &["OBJECT TYPE", "DESCRIPTION", "CREATED"],
        _ => return None,
    })
}

pub fn cells(r: Resource, v: &Value) -> Option<Vec<String>> {
    Some(match r {
        Resource::AwsDomains => vec![
            s(v, "/DomainName").into(),
            at(v, "/CreatedAt"),
            at(v, "/LastUpdatedAt"),
        ],
        Resource::AwsWorkflows => vec![
            s(v, "/WorkflowId").into(),
            s(v, "/Status").into(),
            at(v, "/CreatedAt"),
            at(v, "/LastUpdatedAt"),
            s(v, "/StatusDescription").into(),
        ],
        Resource::AwsSteps => vec![
            s(v, "/AppflowIntegration/FlowName").into(),
            s(v, "/AppflowIntegration/Status").into(),
            num(v, "/AppflowIntegration/RecordsProcessed"),
            at(v, "/AppflowIntegration/BatchRecordsStartTime"),
            at(v, "/AppflowIntegration/BatchRecordsEndTime"),
            s(v, "/AppflowIntegration/ExecutionMessage").into(),
        ],
        Resource::AwsFlows => {
            let last = match s(v, "/lastRunExecutionDetails/mostRecentExecutionStatus") {
                "" => "never".to_string(),
                status => format!(
                    "{status} {}",
                    at(v, "/lastRunExecutionDetails/mostRecentExecutionTime")
                ),
            };
            vec![
                s(v, "/flowName").into(),
                s(v, "/flowStatus").into(),
                s(v, "/sourceConnectorType").into(),
                s(v, "/triggerType").into(),
                last,
                at(v, "/lastUpdatedAt"),
            ]
        }
        Resource::AwsExecutions => vec![
            s(v, "/executionId").into(),
            s(v, "/executionStatus").into(),
            at(v, "/startedAt"),
            num(v, "/executionResult/recordsProcessed"),
            s(v, "/executionResult/errorInfo/executionMessage").into(),
        ],
        Resource::AwsConnectorProfiles => {
            let instance = v
                .get("connectorProfileProperties")
                .and_then(Value::as_object)
                .and_then(|m| m.values().find_map(|p| p.get("instanceUrl")))
                .and_then(Value::as_str)
                .unwrap_or("");
            vec![
                s(v, "/connectorProfileName").into(),
                s(v, "/connectorType").into(),
                s(v, "/connectionMode").into(),
                instance.into(),
            ]
        }
        // The Uri is the flow's ARN; its name is what tells one from another.
        Resource::AwsIntegrations => vec![
            s(v, "/Uri").rsplit('/').next().unwrap_or("").into(),
            s(v, "/ObjectTypeName").into(),
            s(v, "/WorkflowId").into(),
            at(v, "/CreatedAt"),
        ],
        Resource::AwsObjectTypes => vec![
            s(v, "/ObjectTypeName").into(),
            s(v, "/Description").into(),
            at(v, "/CreatedAt"),
        ],
        _ => return None,
    })
}

/// The member `-o ids` prints: what the many-name commands take back.
pub fn id_member(r: Resource) -> Option<&'static str> {
    Some(match r {
        Resource::AwsDomains => "DomainName",
        Resource::AwsWorkflows => "WorkflowId",
        Resource::AwsFlows => "flowName",
        Resource::AwsExecutions => "executionId",
        Resource::AwsConnectorProfiles => "connectorProfileName",
        Resource::AwsIntegrations => "Uri",
        Resource::AwsObjectTypes => "ObjectTypeName",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_aws_row_has_one_cell_per_header_and_times_read_both_ways() {
        for r in [
            Resource::AwsDomains,
            Resource::AwsWorkflows,
            Resource::AwsSteps,
            Resource::AwsFlows,
            Resource::AwsExecutions,
            Resource::AwsConnectorProfiles,
            Resource::AwsIntegrations,
            Resource::AwsObjectTypes,
        ] {
            let n = headers(r).map(<[_]>::len);
            assert_eq!(cells(r, &json!({})).map(|c| c.len()), n, "{r:?}");
        }
        let d = json!({"DomainName": "d", "CreatedAt": "2026-11-01T00:00:00Z", "LastUpdatedAt": 1_793_491_200});
        assert_eq!(
            cells(Resource::AwsDomains, &d).unwrap_or_default(),
            ["d", "2026-11-01 00:00", "2026-11-01 00:00"]
        );
        assert_eq!(headers(Resource::Flows), None);
    }
}

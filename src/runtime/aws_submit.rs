//! Sends one AWS change and journals it, like the Flow Service changes: the request as
//! sent (secrets are not part of these requests), and how it ended. The client never
//! retries a change blindly; StartFlow's client token makes its own retries harmless.

use serde_json::{Value, json};

use super::aws::{outcome, send};
use super::submit::{entry, journal};
use crate::api::aws::AwsClient;
use crate::app::features::aws::AwsChange;
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::effect::Outcome;
use crate::store::Store;

pub async fn submit(
    aws: Option<&AwsClient>,
    store: Option<&Store>,
    change: &AwsChange,
    audit: &Audit,
) -> Outcome {
    let (resource, id, what) = describe(change);
    let result = send(aws, change).await;
    let verdict = match &result {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    };
    let mut line = entry(audit, resource, &id, what, None, verdict);
    if let Ok(answer) = &result
        && let Some(wf) = answer.get("WorkflowId").and_then(Value::as_str)
    {
        line.id = wf.to_string();
    }
    let journal = journal(store, line).await;
    outcome(result, journal)
}

/// What the journal says of a change: the resource, its id, and the request.
pub fn describe(change: &AwsChange) -> (&'static str, String, Value) {
    match change {
        AwsChange::CreateWorkflow { domain, body } => (
            "aws-workflows",
            format!("{domain}/new"),
            json!({ "post": format!("/domains/{domain}/workflows/integrations"), "body": body }),
        ),
        AwsChange::StartFlow { flow, client_token } => (
            "appflow-flows",
            flow.clone(),
            json!({ "post": "/start-flow", "body": { "flowName": flow, "clientToken": client_token } }),
        ),
        AwsChange::StopFlow { flow } => (
            "appflow-flows",
            flow.clone(),
            json!({ "post": "/stop-flow", "body": { "flowName": flow } }),
        ),
        AwsChange::CancelExecutions {
            flow,
            execution_ids,
        } => (
            "appflow-flows",
            flow.clone(),
            json!({ "post": "/cancel-flow-executions", "body": { "flowName": flow, "executionIds": execution_ids } }),
        ),
        AwsChange::DeleteWorkflow { domain, id } => (
            "aws-workflows",
            id.clone(),
            json!({ "delete": format!("/domains/{domain}/workflows/{id}") }),
        ),
        AwsChange::UpdateFlow { flow, body } => (
            "appflow-flows",
            flow.clone(),
            json!({ "post": "/update-flow", "body": body }),
        ),
        AwsChange::DeleteFlow { flow, force } => (
            "appflow-flows",
            flow.clone(),
            json!({ "post": "/delete-flow", "body": { "flowName": flow, "forceDelete": force } }),
        ),
    }
}

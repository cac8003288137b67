//! The AWS changes on objects by name or id, each an [`Act`] for [`super::many::run_on`]
//! (ids from the arguments or standard input, one question, each sent once, a journal
//! line each, the summary, exit 1 when any was refused): delete integration workflows,
//! start, stop and delete AppFlow flows. Each reads its object first; a flow that needs
//! nothing is skipped (a draft cannot start, an on-demand flow cannot stop). The journal
//! names requests as the explorer's do (`aws-workflows`, `appflow-flows`).

use serde_json::{Value, json};

use super::many::Act;
use crate::api::aws::{AwsClient, AwsError};
use crate::api::bulk::Plan;

/// DeleteWorkflow of each workflow of `domain` (the service removes the integration and
/// flow it made).
pub struct DeleteWorkflow {
    pub domain: String,
}

impl Act for DeleteWorkflow {
    type Client = AwsClient;
    type Error = AwsError;
    /// The workflow's status, said before the question.
    type Item = String;
    type Answer = Value;

    fn verb(&self) -> &str {
        "delete"
    }
    fn noun(&self) -> &str {
        "workflow"
    }
    fn skipped_as(&self) -> &str {
        "nothing to delete"
    }
    fn resource(&self) -> &str {
        "aws-workflows"
    }

    async fn look(&self, c: &AwsClient, id: &str) -> Result<Plan<String>, AwsError> {
        let w = c.workflow(&self.domain, id).await?;
        let status = w["Status"].as_str().unwrap_or("of unknown status");
        let flow = w
            .pointer("/Attributes/AppflowIntegration/SourceConnectorType")
            .and_then(Value::as_str)
            .unwrap_or("?");
        Ok(Plan::Send(format!(
            "workflow {id} ({flow}) is {status}; its integration and flow go with it"
        )))
    }

    fn note(&self, about: &String) -> Option<String> {
        Some(about.clone())
    }

    fn request(&self, id: &str, _: &String) -> Value {
        json!({"delete": format!("/domains/{}/workflows/{id}", self.domain)})
    }

    async fn send(&self, c: &AwsClient, id: &str, _: String) -> Result<Value, AwsError> {
        c.delete_workflow(&self.domain, id).await?;
        Ok(json!({}))
    }

    fn done(&self, _: &Value) -> String {
        "deleted".into()
    }
}

/// The flow's status and trigger, read with DescribeFlow.
async fn flow_state(c: &AwsClient, name: &str) -> Result<(String, String), AwsError> {
    let f = c.describe_flow(name).await?;
    let status = f["flowStatus"].as_str().unwrap_or_default().to_string();
    let trigger = f
        .pointer("/triggerConfig/triggerType")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok((status, trigger))
}

/// StartFlow: runs an on-demand flow, activates a scheduled or event one. Each carries a
/// client token of its own, so even a retried request starts one run.
pub struct StartFlow;

impl Act for StartFlow {
    type Client = AwsClient;
    type Error = AwsError;
    /// The client token.
    type Item = String;
    type Answer = Value;

    fn verb(&self) -> &str {
        "start"
    }
    fn noun(&self) -> &str {
        "flow"
    }
    fn skipped_as(&self) -> &str {
        "draft or deprecated"
    }
    fn resource(&self) -> &str {
        "appflow-flows"
    }

    async fn look(&self, c: &AwsClient, name: &str) -> Result<Plan<String>, AwsError> {
        let (status, _) = flow_state(c, name).await?;
        Ok(match status.as_str() {
            "Draft" | "Deprecated" => Plan::Skip(format!("flow is {status}")),
            _ => Plan::Send(uuid::Uuid::new_v4().to_string()),
        })
    }

    fn request(&self, name: &str, token: &String) -> Value {
        json!({"post": "/start-flow", "body": {"flowName": name, "clientToken": token}})
    }

    async fn send(&self, c: &AwsClient, name: &str, token: String) -> Result<Value, AwsError> {
        c.start_flow(name, &token).await
    }

    fn done(&self, answer: &Value) -> String {
        match answer["executionId"].as_str() {
            Some(run) => format!("run {run}"),
            None => format!("now {}", answer["flowStatus"].as_str().unwrap_or("started")),
        }
    }
}

/// StopFlow: deactivates scheduled and event flows; on-demand and suspended ones are
/// skipped.
pub struct StopFlow;

impl Act for StopFlow {
    type Client = AwsClient;
    type Error = AwsError;
    type Item = ();
    type Answer = Value;

    fn verb(&self) -> &str {
        "stop"
    }
    fn noun(&self) -> &str {
        "flow"
    }
    fn skipped_as(&self) -> &str {
        "on demand or already suspended"
    }
    fn resource(&self) -> &str {
        "appflow-flows"
    }

    async fn look(&self, c: &AwsClient, name: &str) -> Result<Plan<()>, AwsError> {
        let (status, trigger) = flow_state(c, name).await?;
        Ok(match (status.as_str(), trigger.as_str()) {
            (_, "OnDemand") => Plan::Skip("flow runs on demand; nothing to stop".into()),
            ("Suspended", _) => Plan::Skip("flow is already Suspended".into()),
            _ => Plan::Send(()),
        })
    }

    fn request(&self, name: &str, _: &()) -> Value {
        json!({"post": "/stop-flow", "body": {"flowName": name}})
    }

    async fn send(&self, c: &AwsClient, name: &str, _: ()) -> Result<Value, AwsError> {
        c.stop_flow(name).await
    }

    fn done(&self, answer: &Value) -> String {
        format!("now {}", answer["flowStatus"].as_str().unwrap_or("stopped"))
    }
}

/// DeleteFlow. What feeds from the flow (its integration) is said before the question;
/// AppFlow refuses a flow in use unless `force`, and a flow with a run in progress.
pub struct DeleteFlow {
    pub force: bool,
}

impl Act for DeleteFlow {
    type Client = AwsClient;
    type Error = AwsError;
    /// What uses the flow.
    type Item = String;
    type Answer = Value;

    fn verb(&self) -> &str {
        "delete"
    }
    fn noun(&self) -> &str {
        "flow"
    }
    fn skipped_as(&self) -> &str {
        "nothing to delete"
    }
    fn resource(&self) -> &str {
        "appflow-flows"
    }

    async fn look(&self, c: &AwsClient, name: &str) -> Result<Plan<String>, AwsError> {
        let f = c.describe_flow(name).await?;
        let arn = f["flowArn"].as_str().unwrap_or_default();
        let domain = f
            .pointer("/destinationFlowConfigList/0/destinationConnectorProperties/CustomerProfiles/domainName")
            .and_then(Value::as_str);
        let feeds = match domain {
            Some(d) if !arn.is_empty() => match c.integration(d, arn).await {
                Ok(i) => Some(format!(
                    "flow {name} feeds object type {} of domain {d}{}",
                    i["ObjectTypeName"].as_str().unwrap_or("?"),
                    if self.force {
                        "; its integration is deleted with it"
                    } else {
                        "; AppFlow refuses to delete it without --force"
                    }
                )),
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e),
            },
            _ => None,
        };
        Ok(Plan::Send(feeds.unwrap_or_else(|| {
            format!("flow {name} feeds no integration")
        })))
    }

    fn note(&self, about: &String) -> Option<String> {
        Some(about.clone())
    }

    fn request(&self, name: &str, _: &String) -> Value {
        json!({"post": "/delete-flow", "body": {"flowName": name, "forceDelete": self.force}})
    }

    async fn send(&self, c: &AwsClient, name: &str, _: String) -> Result<Value, AwsError> {
        c.delete_flow(name, self.force).await?;
        Ok(json!({}))
    }

    fn done(&self, _: &Value) -> String {
        "deleted".into()
    }
}

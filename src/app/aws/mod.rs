//! The AWS side of the explorer: Customer Profiles domains, integration workflows and
//! their steps, AppFlow flows, executions and connector profiles, and the changes sent to
//! them (create a workflow, start, stop or cancel a flow).

pub mod create;

use serde_json::Value;

/// A change to AWS state. Each is sent once; StartFlow carries a client token so that
/// even a retry of the same request cannot start a second execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsChange {
    /// `CreateIntegrationWorkflow` with `body`, the request as edited (PascalCase members,
    /// `DomainName` included).
    CreateWorkflow { domain: String, body: Value },
    /// `StartFlow`: runs an OnDemand flow, activates a Scheduled or Event one.
    StartFlow { flow: String, client_token: String },
    /// `StopFlow`: deactivates a Scheduled or Event flow.
    StopFlow { flow: String },
    /// `CancelFlowExecutions` of the flow's executions in progress (all of them when
    /// `execution_ids` is empty).
    CancelExecutions {
        flow: String,
        execution_ids: Vec<String>,
    },
}

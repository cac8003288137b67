//! The AWS side of the explorer: Customer Profiles domains, integration workflows and
//! their steps, AppFlow flows, executions and connector profiles, and the changes sent to
//! them (create a workflow, start, stop or cancel a flow).

pub mod create;

use serde_json::Value;

/// What the AWS panes keep between keys.
#[derive(Debug, Default)]
pub struct AwsUi {
    /// The domain a new workflow is created in, while its connector is asked for.
    pub create_in: Option<String>,
}

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
    /// `CancelFlowExecutions` of these executions of the flow (never empty: AppFlow reads
    /// no ids as every execution).
    CancelExecutions {
        flow: String,
        execution_ids: Vec<String>,
    },
}

pub mod act;
pub mod filter;
pub mod graph;
pub mod rows;

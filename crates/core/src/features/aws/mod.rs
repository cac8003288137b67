//! The AWS side of the explorer: Customer Profiles domains, integration workflows and
//! their steps, AppFlow flows, executions and connector profiles, and the changes sent to
//! them (create or delete a workflow, start, stop or cancel a flow), and the workflows
//! created here followed to their end (`watch`).

pub mod create;

/// What the AWS panes keep between keys.
#[derive(Debug, Default)]
pub struct AwsUi {
    /// Changes sent and not answered yet, by slot: how the toasts name them.
    pub pending: std::collections::HashMap<u64, String>,
    /// Workflows created here, followed until they end.
    pub followed: Vec<watch::Followed>,
}

pub use flowscope_model::aws::AwsChange;

pub mod filter;
pub mod graph;
pub mod keys;
pub mod receive;
pub mod reply;
pub mod rows;
pub mod watch;

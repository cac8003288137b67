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
    /// Flows being read for the editor (`e`), by the slot their DescribeFlow answers.
    pub reads: std::collections::HashMap<u64, String>,
    /// Deletes sent and not answered yet, by slot: the flow, so a refusal can offer force.
    pub deletes: std::collections::HashMap<u64, String>,
    /// Flows AppFlow refused to delete (in use, or running): `X` on one asks to force it.
    pub refused: std::collections::HashSet<String>,
    /// A new workflow's form waiting for its domain's object types: by the slot of the
    /// list read, the form's slot and the names read so far.
    pub types: std::collections::HashMap<u64, (u64, Vec<String>)>,
}

pub use flowscope_model::aws::AwsChange;

pub mod filter;
pub mod flows;
pub mod graph;
pub mod keys;
pub mod receive;
pub mod reply;
pub mod rows;
pub mod update;
pub mod watch;

//! The vocabulary of effects: what a fetch asks for ([`Request`]), a change to remote
//! state ([`Change`]), how a sent change ended ([`Outcome`]) and where flowscope is
//! pointed ([`Target`]). The effects and messages themselves are `app::effect`'s.

use serde_json::Value;

use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::pane::ErrorInfo;
use flowscope_model::FlowAction;
use flowscope_model::patchable::Resource;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    List {
        kind: ListKind,
        scope: Scope,
        /// Server-side `property` filters, ANDed (aep-api-notes §3): the one typed after
        /// `f`, then those of the runs filters.
        property: Vec<String>,
    },
    /// The newest `limit` runs of a flow, one page, newest first (history charts).
    LatestRuns {
        flow_id: String,
        limit: u32,
    },
    Get {
        kind: ObjKind,
        id: String,
    },
}

/// A change to remote state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// JSON Patch (RFC 6902) on a Flow Service object, with `If-Match: etag`.
    Patch {
        resource: Resource,
        id: String,
        etag: String,
        ops: Value,
    },
    /// `POST /runs` with `body` (`flowId` and `params`). Never retried: a second POST
    /// starts a second run.
    CreateRun { flow_id: String, body: Value },
    /// `POST /flows/{id}/action?op=enable|disable`.
    FlowAction { id: String, action: FlowAction },
    /// `POST /runs/{id}/action?op=RE_TRIGGER`: a failed run attempted again. Never
    /// retried: a second one would be a third attempt.
    RetryRun { id: String },
    /// `DELETE /{collection}/{id}`: this one object, not what it uses (no cascade).
    /// Never retried; the service refuses an object still in use (FLOW-1418-400).
    Delete { resource: Resource, id: String },
    /// A change to Customer Profiles or AppFlow.
    Aws(flowscope_model::aws::AwsChange),
    /// Delete one landing-zone file (a blob of the zone's container). A file already
    /// gone counts as deleted.
    DlzDelete {
        zone: flowscope_model::DlzType,
        path: String,
    },
}

/// One object of an action on many: the change to send, or why it is left alone (a
/// retry of a run that did not fail). Skipped objects are never sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkStep {
    Send(Change),
    Skip(String),
}

/// How a sent change ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Applied. `object` is the object reloaded after the change (None when the reload
    /// failed), `etag` its new etag.
    Sent {
        object: Option<Value>,
        etag: Option<String>,
        journal: Result<(), String>,
    },
    /// 412: the object changed on the server since the edit began. `current` is the
    /// object as it is now (None when it could not be fetched).
    Conflict {
        error: ErrorInfo,
        current: Option<Value>,
        journal: Result<(), String>,
    },
    /// Refused, or lost on the way. `unsure` when the request may have reached the
    /// service (a timeout or a dropped connection): the user must look before resending.
    Failed {
        error: ErrorInfo,
        unsure: bool,
        journal: Result<(), String>,
    },
}

/// Where the app is pointed, for the status bar.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Target {
    pub demo: bool,
    pub endpoint: String,
    pub sandbox: String,
    pub profile: Option<String>,
}

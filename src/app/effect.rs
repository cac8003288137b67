//! What `update` asks the outside world to do (effects) and what comes back (messages).
//! Every fetch names its slot (the pane it fills) and a ticket; a newer ticket for the
//! same slot makes older answers stale, and they are dropped on arrival.

use serde_json::Value;

use super::detail::ObjKind;
use super::list::Scope;
use super::load::ErrorInfo;
use super::rows::ListKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    List {
        kind: ListKind,
        scope: Scope,
        /// The server-side `property` filter (aep-api-notes §3).
        property: Option<String>,
    },
    Get {
        kind: ObjKind,
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Fetch {
        slot: u64,
        ticket: u64,
        request: Request,
    },
    /// Fetch one object into the graph cache. Not tied to a pane: graphs share objects,
    /// and the cache dedupes. `generation` names the sandbox it was asked in.
    Resolve {
        generation: u64,
        kind: ObjKind,
        id: String,
    },
    /// The pane is gone or has enough: stop its request.
    Cancel {
        slot: u64,
    },
    SwitchSandbox(String),
    SwitchProfile(String),
    Copy {
        text: String,
        what: &'static str,
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

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Page {
        slot: u64,
        ticket: u64,
        items: Vec<Value>,
        done: bool,
    },
    Object {
        slot: u64,
        ticket: u64,
        value: Value,
    },
    Failed {
        slot: u64,
        ticket: u64,
        error: ErrorInfo,
    },
    Resolved {
        generation: u64,
        kind: ObjKind,
        id: String,
        result: Result<Value, ErrorInfo>,
    },
    ProfileSwitched(Result<Target, String>),
    Copied {
        what: &'static str,
        result: Result<&'static str, String>,
    },
    /// The slow clock: toasts expire, spinners turn, auto-refresh comes due.
    Tick {
        now_ms: i64,
    },
}

impl Msg {
    /// A short name for tests that wait for a kind of message.
    pub fn name(&self) -> &'static str {
        match self {
            Msg::Page { done: false, .. } => "page",
            Msg::Page { done: true, .. } => "last page",
            Msg::Object { .. } => "object",
            Msg::Failed { .. } => "failed",
            Msg::Resolved { .. } => "resolved",
            Msg::ProfileSwitched(_) => "profile switched",
            Msg::Copied { .. } => "copied",
            Msg::Tick { .. } => "tick",
        }
    }
}

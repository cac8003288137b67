//! What `update` and `receive` ask the runtime to do ([`Effect`]) and what comes back
//! ([`Msg`]): the protocol between the pure core and the binary's runtime. Every fetch
//! names its slot (the pane it fills) and a ticket; a newer ticket for the same slot makes
//! older answers stale, and they are dropped on arrival. A feature's own effects and
//! messages ride in one variant each (`Effect::Dlz`, `Msg::Dlz`).

use crate::shared::editor::spec::Audit;
use crate::shared::effect::BulkStep;
use crate::shared::effect::Change;
use crate::shared::effect::Outcome;
use crate::shared::effect::Request;
use crate::shared::effect::Target;
use crate::shared::nav::ObjKind;
use crate::shared::pane::ErrorInfo;
use flowscope_model::Draft;
use serde_json::Value;

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
    /// Send a change to the service. Never retried: the answer comes back to `slot` as
    /// [`Msg::Submitted`], and the change is written to the audit journal.
    Submit {
        slot: u64,
        change: Change,
        audit: Audit,
    },
    /// Send one change per object, a few at a time (`bulk::DEFAULT_CONCURRENCY`), each
    /// at most once and journaled as [`Effect::Submit`] is; each object's end comes back
    /// as it ends, then the end of the whole job (see `features::bulk::BulkMsg`). Not
    /// tied to a pane: leaving it never cuts the job off halfway.
    Bulk {
        job: u64,
        steps: Vec<BulkStep>,
        audit: Audit,
    },
    /// Keep an edit in progress in the drafts directory (written in order, off the UI
    /// task).
    SaveDraft(Draft),
    /// The edit was sent or given up: forget its draft.
    RemoveDraft(Draft),
    /// Read the drafts left by an earlier session (answered by [`Msg::Drafts`]).
    LoadDrafts,
    /// Edit `text` in `$EDITOR` with the terminal suspended (the front end runs it).
    ExternalEdit {
        slot: u64,
        text: String,
    },
    /// Read the system clipboard into the editor in `slot`.
    Paste {
        slot: u64,
    },
    /// Read a watched run again (answered by [`Msg::Polled`]). A GET, retried as reads
    /// are; at most one per run in flight.
    Poll {
        run_id: String,
    },
    /// The newest runs of each flow, for the Flows pane's sparkline (answered by one
    /// [`Msg::Recent`]).
    Recent {
        generation: u64,
        flow_ids: Vec<String>,
    },
    /// Ring the terminal bell (a watched run ended and the bell is on).
    Bell,
    /// Landing-zone work: credentials, previews, storage, transfers.
    Dlz(crate::features::dlz::DlzEffect),
    /// Building, testing and deleting dataflows.
    Build(crate::features::build::BuildEffect),
    /// The watch over the sandbox: its poller and its remembered setting.
    Alerts(crate::features::alerts::AlertsEffect),
}

/// A page's items as the service's text. A list reads each one just before it stores its
/// row and drops it at once, so a page never stands as a hundred parsed objects: parsed
/// pages of runs (25 KB an object) were what kept the explorer's memory high while
/// 200,000 runs streamed in.
#[derive(Clone, Debug, Default)]
pub struct RawItems(pub Vec<Box<serde_json::value::RawValue>>);

impl PartialEq for RawItems {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().zip(&other.0).all(|(a, b)| a.get() == b.get())
    }
}

impl RawItems {
    /// The items, each read as it is asked for. An item that is not JSON (the client
    /// checked the page) is skipped.
    pub fn read(self) -> impl Iterator<Item = Value> {
        self.0
            .into_iter()
            .filter_map(|raw| serde_json::from_str(raw.get()).ok())
    }
}

/// Held by a page until the explorer has stored it; dropping it lets the reader send
/// another. The reader keeps only a few pages ahead, so a fast service cannot pile pages
/// up in memory faster than the explorer stores them (what took 200,000 runs to 400 MB).
#[derive(Clone, Default)]
pub struct Credit {
    /// Held only to be dropped with the page.
    _guard: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

impl Credit {
    /// A credit that releases `guard` (a semaphore permit) when the page is stored.
    pub fn new(guard: impl std::any::Any + Send + Sync) -> Credit {
        Credit {
            _guard: Some(std::sync::Arc::new(guard)),
        }
    }
}

impl std::fmt::Debug for Credit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credit")
    }
}

/// Credits say nothing about the page they ride with.
impl PartialEq for Credit {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Page {
        slot: u64,
        ticket: u64,
        items: Vec<Value>,
        done: bool,
    },
    /// A page of a list as the service's text (see [`RawItems`]).
    Listed {
        slot: u64,
        ticket: u64,
        items: RawItems,
        done: bool,
        credit: Credit,
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
    Submitted {
        slot: u64,
        outcome: Outcome,
    },
    DraftSaved(Result<(), String>),
    /// The drafts an earlier session left, as JSON objects, newest first.
    Drafts(Result<Vec<Value>, String>),
    ExternalEdited {
        slot: u64,
        result: Result<String, String>,
    },
    Pasted {
        slot: u64,
        result: Result<String, String>,
    },
    Polled {
        run_id: String,
        result: Result<Value, ErrorInfo>,
    },
    /// The newest runs per flow (newest first); a flow whose runs could not be read is
    /// left out and asked again later.
    Recent {
        generation: u64,
        asked: Vec<String>,
        runs: Vec<(String, Vec<Value>)>,
    },
    /// Answers of landing-zone work.
    Dlz(crate::features::dlz::DlzMsg),
    /// Answers of the dataflow wizard and the row actions.
    Build(crate::features::build::BuildMsg),
    /// How each object of an action on marked rows ended, then the whole job.
    Bulk(crate::features::bulk::BulkMsg),
    /// The watch's polls and its remembered setting.
    Alerts(crate::features::alerts::AlertsMsg),
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
            Msg::Listed { done: false, .. } => "page",
            Msg::Listed { done: true, .. } => "last page",
            Msg::Object { .. } => "object",
            Msg::Failed { .. } => "failed",
            Msg::Resolved { .. } => "resolved",
            Msg::ProfileSwitched(_) => "profile switched",
            Msg::Copied { .. } => "copied",
            Msg::Submitted { .. } => "submitted",
            Msg::DraftSaved(_) => "draft saved",
            Msg::Drafts(_) => "drafts",
            Msg::ExternalEdited { .. } => "external edit",
            Msg::Pasted { .. } => "pasted",
            Msg::Polled { .. } => "polled",
            Msg::Recent { .. } => "recent",
            Msg::Tick { .. } => "tick",
            Msg::Bulk(crate::features::bulk::BulkMsg::Ended { .. }) => "bulk ended",
            Msg::Bulk(crate::features::bulk::BulkMsg::Finished { .. }) => "bulk finished",
            Msg::Alerts(m) => match m {
                crate::features::alerts::AlertsMsg::Recalled { .. } => "recalled",
                crate::features::alerts::AlertsMsg::Remembered(_) => "remembered",
                crate::features::alerts::AlertsMsg::Polled { .. } => "watch polled",
            },
            Msg::Build(m) => match m {
                crate::features::build::BuildMsg::Loaded { .. } => "build loaded",
                crate::features::build::BuildMsg::Step { .. } => "build step",
                crate::features::build::BuildMsg::Applied { .. } => "applied",
                crate::features::build::BuildMsg::Tested { .. } => "tested",
                crate::features::build::BuildMsg::Saved { .. } => "plan saved",
            },
            Msg::Dlz(m) => match m {
                crate::features::dlz::DlzMsg::Zones { .. } => "zones",
                crate::features::dlz::DlzMsg::Refreshed { .. } => "refreshed",
                crate::features::dlz::DlzMsg::Preview { .. } => "preview",
                crate::features::dlz::DlzMsg::Deleted { .. } => "deleted",
                crate::features::dlz::DlzMsg::Planned { .. } => "planned",
                crate::features::dlz::DlzMsg::Progress { .. } => "progress",
                crate::features::dlz::DlzMsg::Finished { .. } => "transfer finished",
                crate::features::dlz::DlzMsg::Interrupted { .. } => "interrupted transfers",
                crate::features::dlz::DlzMsg::Resumable { .. } => "resumable",
                crate::features::dlz::DlzMsg::Discarded { .. } => "discarded",
            },
        }
    }
}

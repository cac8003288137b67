//! The detail pane's state: one object's JSON (secrets masked unless revealed on purpose)
//! in a foldable, searchable tree, and what kind of object it is, for related objects.

pub mod related;

use serde_json::Value;

use crate::shared::json_tree::JsonTree;
use crate::shared::load::Load;
use flowscope_model::redact::mask_secrets;

/// The kinds of object a detail view shows; each maps to a Flow Service collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjKind {
    Connection,
    SourceConnection,
    TargetConnection,
    Flow,
    Run,
    ConnectionSpec,
    FlowSpec,
    /// A landing-zone file or folder as the explore API lists it (no GET by id).
    DlzItem,
    /// An entry of the local audit journal.
    JournalEntry,
    /// An edit kept on disk, not sent yet.
    Draft,
    /// A message of this session (`:messages`).
    Message,
    /// A Customer Profiles domain (id: its name).
    AwsDomain,
    /// An integration workflow with its steps (id: `domain/workflowId`).
    AwsWorkflow,
    /// An AppFlow flow's definition (id: its name).
    AwsFlow,
    /// An AppFlow connector profile (id: its name).
    AwsProfile,
    /// A profile object type (id: `domain/name`).
    AwsObjectType,
}

impl ObjKind {
    /// The collection for `GET /{collection}/{id}`.
    pub fn collection(self) -> Option<&'static str> {
        Some(match self {
            ObjKind::Connection => "connections",
            ObjKind::SourceConnection => "sourceConnections",
            ObjKind::TargetConnection => "targetConnections",
            ObjKind::Flow => "flows",
            ObjKind::Run => "runs",
            ObjKind::ConnectionSpec => "connectionSpecs",
            ObjKind::FlowSpec => "flowSpecs",
            ObjKind::DlzItem
            | ObjKind::JournalEntry
            | ObjKind::Draft
            | ObjKind::Message
            | ObjKind::AwsDomain
            | ObjKind::AwsWorkflow
            | ObjKind::AwsFlow
            | ObjKind::AwsProfile
            | ObjKind::AwsObjectType => return None,
        })
    }

    pub fn noun(self) -> &'static str {
        match self {
            ObjKind::Connection => "connection",
            ObjKind::SourceConnection => "source connection",
            ObjKind::TargetConnection => "target connection",
            ObjKind::Flow => "flow",
            ObjKind::Run => "run",
            ObjKind::ConnectionSpec => "connection spec",
            ObjKind::FlowSpec => "flow spec",
            ObjKind::DlzItem => "file",
            ObjKind::JournalEntry => "journal entry",
            ObjKind::Draft => "draft",
            ObjKind::Message => "message",
            ObjKind::AwsDomain => "domain",
            ObjKind::AwsWorkflow => "workflow",
            ObjKind::AwsFlow => "AppFlow flow",
            ObjKind::AwsProfile => "connector profile",
            ObjKind::AwsObjectType => "object type",
        }
    }

    /// Can be read again from a service by id (Flow Service or AWS); the journal,
    /// drafts and landing-zone items are local or listed only.
    pub fn fetchable(self) -> bool {
        self.collection().is_some() || self.is_aws()
    }

    /// Read from AWS rather than Flow Service.
    pub fn is_aws(self) -> bool {
        matches!(
            self,
            ObjKind::AwsDomain
                | ObjKind::AwsWorkflow
                | ObjKind::AwsFlow
                | ObjKind::AwsProfile
                | ObjKind::AwsObjectType
        )
    }
}

#[derive(Debug)]
pub struct DetailView {
    pub slot: u64,
    pub ticket: u64,
    pub kind: ObjKind,
    pub id: String,
    pub title: String,
    /// The object as the service sent it. Never drawn directly: see `tree`.
    pub value: Option<Value>,
    pub tree: JsonTree,
    pub revealed: bool,
    pub load: Load,
}

impl DetailView {
    pub fn new(slot: u64, kind: ObjKind, id: &str, title: &str) -> DetailView {
        DetailView {
            slot,
            ticket: 0,
            kind,
            id: id.to_string(),
            title: title.to_string(),
            value: None,
            tree: JsonTree::new(&Value::Null),
            revealed: false,
            load: Load::Idle,
        }
    }

    pub fn set_value(&mut self, value: Value, now_ms: i64) {
        if let Some(name) = value.get("name").and_then(Value::as_str) {
            self.title = name.to_string();
        }
        self.value = Some(value);
        self.load = Load::Loaded { at_ms: now_ms };
        self.rebuild_tree();
    }

    /// What is drawn and copied by default: the object with secret-looking values masked.
    pub fn shown(&self) -> Value {
        let mut v = self.value.clone().unwrap_or(Value::Null);
        if !self.revealed {
            mask_secrets(&mut v);
            // A draft keeps the editor's text as typed: its secrets are inside a string.
            if self.kind == ObjKind::Draft
                && let Some(Value::String(text)) = v.get_mut("text")
            {
                *text = flowscope_model::redact::mask_secrets_in_text(text);
            }
        }
        v
    }

    pub fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
        self.rebuild_tree();
    }

    fn rebuild_tree(&mut self) {
        let query = self.tree.query().map(str::to_string);
        self.tree = JsonTree::new(&self.shown());
        if let Some(q) = query {
            self.tree.search(&q);
        }
    }
}

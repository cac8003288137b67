//! What the reusable JSON editor asks of whoever opens it: how to check the text, what
//! the confirmation shows, which effect sends it, and how to start over on the server's
//! current object after a conflict. The editor itself knows nothing of Flow Service: the
//! AEP patch editor and the AWS workflow editor are two implementations of [`EditSpec`].

use std::fmt::Debug;

use serde_json::Value;

use crate::shared::effect::Change;
use crate::shared::jsontext::diff::DiffLine;
use crate::shared::jsontext::{Finding, Severity};

/// How the text is read: operations to apply, or the whole object as it should become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// RFC 6902 operations (or, for a create, the request body as written).
    Patch,
    /// The whole object; the change is computed from it.
    Document,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Patch => "patch",
            Mode::Document => "document",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "patch" => Some(Mode::Patch),
            "document" => Some(Mode::Document),
            _ => None,
        }
    }
}

/// The text checked: what is wrong with it, what it would do, and what would be sent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Checked {
    /// Sorted by position; errors block sending, warnings do not.
    pub findings: Vec<Finding>,
    /// The object before and after, as a line diff (secrets masked).
    pub preview: Vec<DiffLine>,
    /// What would be sent, when the text is sendable.
    pub payload: Option<Value>,
    /// What the text holds that changes nothing and is not sent, one line each as the
    /// review lists it (secrets masked): `replace /description "nightly"`.
    pub left_out: Vec<String>,
    /// One line on what the text amounts to: "2 operations ready to send", "no changes".
    pub summary: String,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Who sent a change, and when, for the audit journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    pub profile: Option<String>,
    pub sandbox: String,
    pub now_ms: i64,
}

/// Where an edit's draft is filed, and what it started from.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftInfo {
    /// The collection or request kind: `flows`, `connections`, …
    pub resource: String,
    pub id: String,
    pub etag: Option<String>,
    /// The object the edit started from, secrets masked.
    pub base: Option<Value>,
}

pub trait EditSpec: Debug + Send {
    /// What is edited, for the header and the breadcrumb: `flow «Orders hourly»`.
    fn title(&self) -> String;

    /// The modes this edit can be made in; the first is where it opens.
    fn modes(&self) -> &'static [Mode];

    /// The starting text of a mode.
    fn initial(&self, mode: Mode) -> String;

    /// The same edit written in the other mode, or why it cannot be (invalid text).
    fn convert(&self, from: Mode, text: &str, to: Mode) -> Result<String, String>;

    /// Checks the text of `mode`. Called on every keystroke, so it must stay cheap.
    fn check(&self, mode: Mode, text: &str) -> Checked;

    /// The request as the confirmation shows it, one line each (`PATCH /flows/…`,
    /// `If-Match: "…"`, the operations sent); what is left out and the preview diff
    /// follow them.
    fn request_lines(&self, payload: &Value) -> Vec<String>;

    /// The change that sends `payload` (the editor sends it once and routes the answer
    /// back to itself).
    fn submit(&self, payload: &Value) -> Change;

    /// The same edit on the server's current version of the object (after a conflict or a
    /// successful send).
    fn on(&self, current: &Value) -> Box<dyn EditSpec>;

    /// What changed on the server between the edit's base and `current`.
    fn server_changes(&self, current: &Value) -> Vec<DiffLine>;

    /// The etag the edit started from, when the resource has one.
    fn etag(&self) -> Option<String>;

    fn draft(&self) -> DraftInfo;

    /// What a create made, from its answer, when it goes on after the answer and is to
    /// be followed until it ends (a new integration workflow): its kind and id.
    fn follow(&self, _answer: &Value) -> Option<(crate::shared::nav::ObjKind, String)> {
        None
    }
}

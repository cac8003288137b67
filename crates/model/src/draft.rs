//! A draft: an edit in progress as the editor keeps it on disk, so a crash or a quit
//! loses nothing and the next start offers it back.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub profile: Option<String>,
    pub sandbox: String,
    /// The collection: `flows`, `connections`, …
    pub resource: String,
    pub id: String,
    /// `patch` (RFC 6902 operations) or `document` (the whole object).
    pub mode: String,
    pub text: String,
    /// The etag the edit started from, so a recovered draft still detects a conflict.
    pub etag: Option<String>,
    /// The object the edit started from, secrets masked: a recovered patch is checked
    /// against it, and a conflict shows what changed on the server since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<serde_json::Value>,
    pub saved_ms: i64,
}

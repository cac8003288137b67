//! Small shapes shared by several resources: spec references, `{id, etag}` answers,
//! JSON Patch operations, and the serde helper that keeps explicit `null`s.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::Etag;

/// Fields the model does not name, kept so re-serialising gives the whole object back.
pub type Extra = Map<String, Value>;

/// `{"id": "…", "version": "1.0"}` as used for `connectionSpec` and `flowSpec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpecRef {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl SpecRef {
    pub fn new(id: impl Into<String>, version: impl Into<String>) -> Self {
        SpecRef {
            id: id.into(),
            version: Some(version.into()),
            extra: Extra::new(),
        }
    }
}

/// The answer to creates, PATCHes and flow actions: `{"id", "etag"}` (aep-api-notes §5, §6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdEtag {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<Etag>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One JSON Patch operation. The service takes `add`, `replace` and `remove`
/// case-insensitively; others are FLOW-1434-400, which the service reports, not us.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    pub op: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PatchOp {
    pub fn replace(path: impl Into<String>, value: Value) -> Self {
        PatchOp {
            op: "replace".into(),
            path: path.into(),
            value: Some(value),
            extra: Extra::new(),
        }
    }

    pub fn add(path: impl Into<String>, value: Value) -> Self {
        PatchOp {
            op: "add".into(),
            path: path.into(),
            value: Some(value),
            extra: Extra::new(),
        }
    }

    pub fn remove(path: impl Into<String>) -> Self {
        PatchOp {
            op: "remove".into(),
            path: path.into(),
            value: None,
            extra: Extra::new(),
        }
    }
}

/// For `Option<Option<T>>` fields: absent stays `None`, `null` becomes `Some(None)`, so a
/// field the service sends as `null` (e.g. `baseConnectionId`) survives a round trip.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

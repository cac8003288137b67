//! Source and target connections: where a flow reads and writes (aep-api-notes §4).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::nullable;
use super::{Etag, Extra, SpecRef};

/// Generates the two structs, which share their shape (the target has no `inheritedAttributes`
/// worth naming, but keeping them alike keeps the row builders alike).
macro_rules! connection_end {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(default)]
            pub id: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// `null` for sources without a base connection (the DLZ source); kept as sent.
            #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
            pub base_connection_id: Option<Option<String>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub connection_spec: Option<SpecRef>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub state: Option<String>,
            /// `format`, `schema`, `columnDelimiter`, `properties`…
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub data: Option<Value>,
            /// `path`, `type`, `dataSetId`, `tableName`…
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub params: Option<Value>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub etag: Option<Etag>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub version: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub inherited_attributes: Option<Value>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub created_at: Option<i64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub updated_at: Option<i64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub sandbox_name: Option<String>,
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl $name {
            pub fn base_connection(&self) -> Option<&str> {
                self.base_connection_id.as_ref().and_then(|b| b.as_deref())
            }

            /// `data.format`, e.g. `delimited` or `parquet_xdm`.
            pub fn format(&self) -> Option<&str> {
                self.data.as_ref()?.get("format")?.as_str()
            }

            /// `params.path` (DLZ sources and exports).
            pub fn path(&self) -> Option<&str> {
                self.params.as_ref()?.get("path")?.as_str()
            }
        }
    };
}

connection_end!(
    /// A flow's source end.
    SourceConnection
);
connection_end!(
    /// A flow's target end.
    TargetConnection
);

impl TargetConnection {
    /// `params.dataSetId` on Data Lake targets.
    pub fn dataset_id(&self) -> Option<&str> {
        self.params.as_ref()?.get("dataSetId")?.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn source_keeps_a_null_base_connection_on_round_trip() {
        let raw = json!({
            "id": "f5b4", "name": "DLZ source", "baseConnectionId": null, "state": "enabled",
            "data": {"format": "delimited", "columnDelimiter": ","},
            "params": {"path": "dlz-user-container/data8.csv", "type": "file", "recursive": false},
            "connectionSpec": {"id": "26f526f2-58f4-4712-961d-e41bf1ccc0e8", "version": "1.0"},
            "version": "\"1400d460\"", "etag": "\"1400d460\"",
            "inheritedAttributes": {"baseConnection": {"id": "x"}}
        });
        let s: SourceConnection = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(s.base_connection(), None);
        assert_eq!(s.base_connection_id, Some(None));
        assert_eq!(s.format(), Some("delimited"));
        assert_eq!(s.path(), Some("dlz-user-container/data8.csv"));
        assert_eq!(serde_json::to_value(&s).unwrap(), raw);
    }

    #[test]
    fn target_dataset_id() {
        let t: TargetConnection = serde_json::from_value(json!({
            "id": "dbc5", "params": {"dataSetId": "5f3c"}, "baseConnectionId": "b1"
        }))
        .unwrap();
        assert_eq!(t.dataset_id(), Some("5f3c"));
        assert_eq!(t.base_connection(), Some("b1"));
    }
}

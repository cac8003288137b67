//! Base connections and connection specs (aep-api-notes §4).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Etag, Extra, SpecRef};

/// A base connection. `auth.params` may hold credentials: show it masked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_spec: Option<SpecRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Absent on the DLZ destination base connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<ConnectionAuth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<Etag>,
    /// Same value as `etag` on connections; kept raw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionAuth {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A connection spec: what a source or destination type offers. Mostly shown raw.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSpec {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_spec: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_spec: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_spec: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explore_spec: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ConnectionSpec {
    /// Sources carry `sourceSpec.attributes.uiAttributes.isSource`, destinations
    /// `targetSpec.attributes.uiAttributes.isDestination` (aep-api-notes §4).
    pub fn is_destination(&self) -> bool {
        self.target_spec
            .as_ref()
            .and_then(|t| t.pointer("/attributes/uiAttributes/isDestination"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn is_source(&self) -> bool {
        let ui = self
            .source_spec
            .as_ref()
            .and_then(|s| s.pointer("/attributes/uiAttributes/isSource"))
            .and_then(Value::as_bool);
        let top = self
            .attributes
            .as_ref()
            .and_then(|a| a.get("isSource"))
            .and_then(Value::as_bool);
        ui.or(top).unwrap_or(false)
    }
}

/// The answer to `GET /connections/{id}/test`: `{"result": true}` per the spec.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionTest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connection_round_trips_unknown_fields() {
        let raw = json!({
            "id": "139f", "name": "ACME Salesforce",
            "connectionSpec": {"id": "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "version": "1.0"},
            "state": "enabled",
            "auth": {"specName": "Basic Authentication", "params": {"username": "u"}},
            "version": "\"1400dd53\"", "etag": "\"1400dd53\"",
            "imsOrgId": "X@AdobeOrg", "lastOperation": {"operation": "create"}
        });
        let c: Connection = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(c.etag.as_ref().map(Etag::as_str), Some("1400dd53"));
        assert_eq!(c.extra["imsOrgId"], json!("X@AdobeOrg"));
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }

    #[test]
    fn spec_direction_flags() {
        let s: ConnectionSpec = serde_json::from_value(json!({
            "id": "26f526f2-58f4-4712-961d-e41bf1ccc0e8", "name": "landing-zone",
            "sourceSpec": {"attributes": {"uiAttributes": {"isSource": true}}}
        }))
        .unwrap();
        assert!(s.is_source());
        assert!(!s.is_destination());
    }
}

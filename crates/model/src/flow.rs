//! Flows and flow specs (aep-api-notes §4). `inheritedAttributes` is computed by the
//! service from the connections; the graph view follows it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Etag, Extra, SpecRef};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_spec: Option<SpecRef>,
    /// `enabled`, `disabled` or `draft`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<Etag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_connection_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_connection_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherited_attributes: Option<InheritedAttributes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_params: Option<ScheduleParams>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformations: Option<Vec<Transformation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run_details: Option<LastRunDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_operation: Option<Value>,
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

impl Flow {
    pub fn source_ids(&self) -> &[String] {
        self.source_connection_ids.as_deref().unwrap_or(&[])
    }

    pub fn target_ids(&self) -> &[String] {
        self.target_connection_ids.as_deref().unwrap_or(&[])
    }

    pub fn is_enabled(&self) -> bool {
        self.state.as_deref() == Some("enabled")
    }

    /// From `inheritedAttributes.properties` (aepp's `flowType` reads the same).
    pub fn is_destination_flow(&self) -> bool {
        self.inherited_attributes
            .as_ref()
            .and_then(|i| i.properties.as_ref())
            .and_then(|p| p.is_destination_flow)
            .unwrap_or(false)
    }

    pub fn is_source_flow(&self) -> bool {
        self.inherited_attributes
            .as_ref()
            .and_then(|i| i.properties.as_ref())
            .and_then(|p| p.is_source_flow)
            .unwrap_or(false)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InheritedAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<FlowProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_connections: Option<Vec<InheritedConnection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_connections: Option<Vec<InheritedConnection>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_source_flow: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_destination_flow: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source or target connection as the flow sees it, with its base connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InheritedConnection {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_spec: Option<SpecRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_connection: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `startTime` and `interval` are strings holding numbers, but not always (creates may send
/// numbers), so they stay JSON values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ScheduleParams {
    pub fn interval_number(&self) -> Option<u64> {
        number_of(self.interval.as_ref()?)
    }

    /// Epoch seconds.
    pub fn start_time_secs(&self) -> Option<u64> {
        number_of(self.start_time.as_ref()?)
    }
}

fn number_of(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Transformation {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastRunDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `success` or `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(
        default,
        rename = "startedAtUTC",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at_utc: Option<i64>,
    #[serde(
        default,
        rename = "completedAtUTC",
        skip_serializing_if = "Option::is_none"
    )]
    pub completed_at_utc: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowSpec {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_connection_spec_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_connection_spec_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /flows/{id}/action?op=…` (aep-api-notes §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowAction {
    Enable,
    Disable,
}

impl FlowAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowAction::Enable => "enable",
            FlowAction::Disable => "disable",
        }
    }
}

impl std::fmt::Display for FlowAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "id": "2edc", "name": "Cloud Storage flow",
            "flowSpec": {"id": "9753525b-82c7-4dce-8a9b-5ccfce2b9876", "version": "1.0"},
            "state": "enabled", "version": "\"5400d99c\"", "etag": "\"5400d99c\"",
            "sourceConnectionIds": ["b758"], "targetConnectionIds": ["320f"],
            "inheritedAttributes": {"properties": {"isSourceFlow": true},
                "sourceConnections": [{"id": "b758", "connectionSpec": {"id": "26f5", "version": "1.0"},
                    "baseConnection": {"id": "6990"}}],
                "targetConnections": [{"id": "320f", "connectionSpec": {"id": "c604", "version": "1.0"}}]},
            "options": {"isSampleDataflow": false},
            "scheduleParams": {"startTime": "1612310466", "frequency": "minute", "interval": "15", "backfill": "true"},
            "transformations": [{"name": "Mapping", "params": {"mappingId": "0b09", "mappingVersion": 0}}],
            "runs": "/runs?property=flowId==2edc",
            "lastRunDetails": {"id": "a10c", "state": "success", "startedAtUTC": 1613079975512_i64, "completedAtUTC": 1613080027511_i64},
            "labels": []
        })
    }

    #[test]
    fn flow_round_trips_and_reads_its_properties() {
        let raw = sample();
        let f: Flow = serde_json::from_value(raw.clone()).unwrap();
        assert!(f.is_source_flow() && !f.is_destination_flow() && f.is_enabled());
        assert_eq!(f.source_ids(), ["b758".to_string()]);
        let sp = f.schedule_params.as_ref().unwrap();
        assert_eq!(sp.interval_number(), Some(15));
        assert_eq!(sp.start_time_secs(), Some(1612310466));
        assert_eq!(serde_json::to_value(&f).unwrap(), raw);
    }

    #[test]
    fn a_bare_flow_parses_with_defaults() {
        let f: Flow = serde_json::from_value(json!({"id": "x"})).unwrap();
        assert!(f.source_ids().is_empty());
        assert!(!f.is_enabled());
    }
}

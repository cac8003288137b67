//! Table columns per resource for the scriptable CLI: pure functions from an object's
//! JSON to cells, so they are tested without a server. Spec and flow ids are shown by name
//! when the names are known; values are written as the explorer writes them.

use crate::app::shared::fmt::duration;
use crate::app::shared::fmt::schedule;
use crate::app::shared::fmt::time;
use crate::app::shared::table::SpecNames;
use std::collections::HashMap;

use serde_json::Value;

use crate::app::features::lists::describe::{
    connection_spec_category, connection_spec_kind, flow_spec_kind,
};

/// What table cells show instead of ids: spec names for connections and flows, flow names
/// for runs (as the explorer's Runs tab does). An id without a name is shown as it is.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub specs: SpecNames,
    pub flows: HashMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Connections,
    SourceConnections,
    TargetConnections,
    Flows,
    Runs,
    ConnectionSpecs,
    FlowSpecs,
    Explore,
    /// Catalog datasets (not a Flow Service list).
    Datasets,
    /// Landing-zone transfers that can resume (plans on this machine).
    Transfers,
    /// AWS lists (`flowscope aws …`), their columns in `aws_columns`.
    AwsDomains,
    AwsWorkflows,
    AwsSteps,
    AwsFlows,
    AwsExecutions,
    AwsConnectorProfiles,
    AwsIntegrations,
    AwsObjectTypes,
}

impl Resource {
    /// The Flow Service collection it is listed from (none for the landing zone's explore).
    pub fn collection(self) -> Option<&'static str> {
        Some(match self {
            Resource::Connections => "connections",
            Resource::SourceConnections => "sourceConnections",
            Resource::TargetConnections => "targetConnections",
            Resource::Flows => "flows",
            Resource::Runs => "runs",
            Resource::ConnectionSpecs => "connectionSpecs",
            Resource::FlowSpecs => "flowSpecs",
            _ => return None,
        })
    }
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn n(v: &Value, ptr: &str) -> String {
    v.pointer(ptr)
        .and_then(Value::as_u64)
        .map(|x| x.to_string())
        .unwrap_or_default()
}

fn spec_name(names: &Labels, id: &str) -> String {
    names
        .specs
        .get(id)
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

pub fn headers(r: Resource) -> &'static [&'static str] {
    if let Some(h) = super::aws_columns::headers(r) {
        return h;
    }
    match r {
        Resource::Connections => &["ID", "NAME", "SPEC", "AUTH", "STATE", "UPDATED"],
        Resource::SourceConnections | Resource::TargetConnections => {
            &["ID", "NAME", "SPEC", "FORMAT", "OBJECT", "STATE"]
        }
        Resource::Flows => &[
            "ID",
            "NAME",
            "STATE",
            "SOURCE → TARGET",
            "SCHEDULE",
            "LAST RUN",
        ],
        Resource::Runs => &[
            "ID", "FLOW", "STATUS", "STARTED", "DURATION", "IN", "OUT", "FAILED",
        ],
        Resource::ConnectionSpecs | Resource::FlowSpecs => &["ID", "NAME", "KIND", "DETAIL"],
        Resource::Explore => &["TYPE", "NAME", "PATH", "PREVIEW"],
        Resource::Datasets => &["ID", "NAME", "SCHEMA", "CREATED"],
        Resource::Transfers => &["ID", "DIRECTION", "LOCAL", "REMOTE", "DONE", "TOTAL"],
        _ => &[],
    }
}

pub fn cells(r: Resource, v: &Value, names: &Labels) -> Vec<String> {
    if let Some(c) = super::aws_columns::cells(r, v) {
        return c;
    }
    match r {
        Resource::Connections => vec![
            s(v, "/id").into(),
            s(v, "/name").into(),
            spec_name(names, s(v, "/connectionSpec/id")),
            s(v, "/auth/specName").into(),
            s(v, "/state").into(),
            time(v.get("updatedAt").and_then(Value::as_i64)),
        ],
        Resource::SourceConnections | Resource::TargetConnections => {
            let object = [
                "/params/path",
                "/params/tableName",
                "/params/dataSetId",
                "/params/datasets/0/name",
            ]
            .iter()
            .map(|p| s(v, p))
            .find(|x| !x.is_empty())
            .unwrap_or("");
            vec![
                s(v, "/id").into(),
                s(v, "/name").into(),
                spec_name(names, s(v, "/connectionSpec/id")),
                s(v, "/data/format").into(),
                object.into(),
                s(v, "/state").into(),
            ]
        }
        Resource::Flows => {
            let side = |which: &str| {
                v.pointer(&format!("/inheritedAttributes/{which}/0/connectionSpec/id"))
                    .and_then(Value::as_str)
                    .map(|id| spec_name(names, id))
                    .unwrap_or_else(|| "?".into())
            };
            let last = match v.pointer("/lastRunDetails/state").and_then(Value::as_str) {
                Some(state) => format!(
                    "{state} {}",
                    time(
                        v.pointer("/lastRunDetails/startedAtUTC")
                            .and_then(Value::as_i64)
                    )
                ),
                None => "never".into(),
            };
            vec![
                s(v, "/id").into(),
                s(v, "/name").into(),
                s(v, "/state").into(),
                format!(
                    "{} → {}",
                    side("sourceConnections"),
                    side("targetConnections")
                ),
                schedule(v),
                last,
            ]
        }
        Resource::Runs => {
            let started = v
                .pointer("/metrics/durationSummary/startedAtUTC")
                .and_then(Value::as_i64);
            let done = v
                .pointer("/metrics/durationSummary/completedAtUTC")
                .and_then(Value::as_i64);
            let flow_id = s(v, "/flowId");
            vec![
                s(v, "/id").into(),
                names
                    .flows
                    .get(flow_id)
                    .cloned()
                    .unwrap_or_else(|| flow_id.into()),
                s(v, "/metrics/statusSummary/status").into(),
                time(started),
                match (started, done) {
                    (Some(a), Some(b)) => duration(b - a),
                    _ => String::new(),
                },
                n(v, "/metrics/recordSummary/inputRecordCount"),
                n(v, "/metrics/recordSummary/outputRecordCount"),
                n(v, "/metrics/recordSummary/failedRecordCount"),
            ]
        }
        Resource::Datasets => vec![
            s(v, "/id").into(),
            s(v, "/name").into(),
            s(v, "/schemaRef/id").into(),
            time(v.get("created").and_then(Value::as_i64)),
        ],
        Resource::ConnectionSpecs => vec![
            s(v, "/id").into(),
            s(v, "/name").into(),
            connection_spec_kind(v).into(),
            connection_spec_category(v).into(),
        ],
        Resource::FlowSpecs => {
            let kind = flow_spec_kind(v);
            let sources = v
                .get("sourceConnectionSpecIds")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let targets = v
                .get("targetConnectionSpecIds")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            vec![
                s(v, "/id").into(),
                s(v, "/name").into(),
                kind.into(),
                format!("{sources} source specs → {targets} target specs"),
            ]
        }
        Resource::Transfers => vec![
            s(v, "/id").into(),
            s(v, "/direction").into(),
            s(v, "/local").into(),
            s(v, "/remote").into(),
            n(v, "/doneBytes"),
            n(v, "/size"),
        ],
        Resource::Explore => vec![
            s(v, "/type").into(),
            s(v, "/name").into(),
            s(v, "/path").into(),
            if v.get("canPreview").and_then(Value::as_bool) == Some(true) {
                "yes"
            } else {
                ""
            }
            .into(),
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::columns::*;
    use serde_json::json;

    #[test]
    fn flow_rows_name_their_specs_schedule_and_last_run() {
        let names = Labels {
            specs: [
                ("26f5".to_string(), "landing-zone".to_string()),
                ("c604".to_string(), "datalake".to_string()),
            ]
            .into(),
            ..Labels::default()
        };
        let flow = json!({"id": "f1", "name": "Orders", "state": "enabled",
            "inheritedAttributes": {"sourceConnections": [{"connectionSpec": {"id": "26f5"}}],
                                    "targetConnections": [{"connectionSpec": {"id": "c604"}}]},
            "scheduleParams": {"frequency": "minute", "interval": "15"},
            "lastRunDetails": {"state": "failed", "startedAtUTC": 1_793_491_200_000_i64}});
        assert_eq!(
            cells(Resource::Flows, &flow, &names),
            [
                "f1",
                "Orders",
                "enabled",
                "landing-zone → datalake",
                "every 15 minutes",
                "failed 2026-11-01 00:00"
            ]
        );
        let once = json!({"id": "f2", "scheduleParams": {"frequency": "once", "interval": 0}});
        let row = cells(Resource::Flows, &once, &names);
        assert_eq!(
            (row[3].as_str(), row[4].as_str(), row[5].as_str()),
            ("? → ?", "once", "never")
        );
    }

    #[test]
    fn schedules_read_as_words_plural_unless_the_interval_is_one() {
        let of = |f: &str, i: Value| {
            schedule(&json!({"scheduleParams": {"frequency": f, "interval": i}}))
        };
        assert_eq!(of("minute", json!(30)), "every 30 minutes");
        assert_eq!(of("minute", json!("30")), "every 30 minutes");
        assert_eq!(of("hour", json!(1)), "every 1 hour");
        assert_eq!(of("day", json!("1")), "every 1 day");
        assert_eq!(of("week", Value::Null), "week");
        assert_eq!(of("once", json!(0)), "once");
        assert_eq!(schedule(&json!({"id": "streaming"})), "");
    }

    #[test]
    fn run_rows_show_status_duration_and_records() {
        let run = json!({"id": "r", "flowId": "f", "metrics": {
            "durationSummary": {"startedAtUTC": 0, "completedAtUTC": 3_725_000},
            "statusSummary": {"status": "success"},
            "recordSummary": {"inputRecordCount": 10, "outputRecordCount": 9, "failedRecordCount": 1}}});
        assert_eq!(
            cells(Resource::Runs, &run, &Labels::default()),
            [
                "r",
                "f",
                "success",
                "1970-01-01 00:00",
                "1h02m",
                "10",
                "9",
                "1"
            ]
        );
        let named = Labels {
            flows: [("f".to_string(), "Orders nightly".to_string())].into(),
            ..Labels::default()
        };
        assert_eq!(
            cells(Resource::Runs, &run, &named)[..2],
            ["r", "Orders nightly"],
            "the flow is shown by name once it is known"
        );
        assert_eq!(duration(200_000), "3m20s");
        assert_eq!(duration(999), "0s");
    }

    #[test]
    fn every_row_has_one_cell_per_header() {
        let v = json!({});
        for r in [
            Resource::Connections,
            Resource::SourceConnections,
            Resource::TargetConnections,
            Resource::Flows,
            Resource::Runs,
            Resource::ConnectionSpecs,
            Resource::FlowSpecs,
            Resource::Explore,
        ] {
            assert_eq!(
                cells(r, &v, &Labels::default()).len(),
                headers(r).len(),
                "{r:?}"
            );
        }
    }
}

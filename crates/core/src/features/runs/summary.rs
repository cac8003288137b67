//! A run read for people: its metrics, its activities on a timeline, its errors with
//! their codes, and every reference it carries (flow, connections, batch and ADF run
//! ids, error manifests), each of which can be copied or followed. Pure.

use serde_json::Value;

use crate::shared::fmt::bytes;
use crate::shared::fmt::duration;
use crate::shared::nav::ObjKind;
use crate::shared::table::{int, s};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorLine {
    pub code: String,
    pub message: String,
    /// `run`, or the activity that reported it.
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub id: String,
    pub status: String,
    pub started: Option<i64>,
    pub completed: Option<i64>,
    /// e.g. `1200 in · 1190 out · 10 failed`, or files and bytes for a copy.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub label: String,
    pub value: String,
    /// The object it names, when flowscope can open it.
    pub goto: Option<(ObjKind, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub status: String,
    pub flow_id: String,
    pub started: Option<i64>,
    pub completed: Option<i64>,
    /// Label and value, in reading order.
    pub metrics: Vec<(&'static str, String)>,
    pub activities: Vec<Activity>,
    pub errors: Vec<ErrorLine>,
    pub refs: Vec<Reference>,
}

fn count(v: &Value, ptr: &str) -> Option<i64> {
    int(v, ptr)
}

/// The errors of a run: its own, then each activity's.
pub fn errors(run: &Value) -> Vec<ErrorLine> {
    let mut out = Vec::new();
    let mut take = |status: Option<&Value>, place: &str| {
        let Some(st) = status else { return };
        for list in [st.get("errors"), st.pointer("/extensions/errors")] {
            for e in list.and_then(Value::as_array).into_iter().flatten() {
                let line = ErrorLine {
                    code: s(e, "/code").to_string(),
                    message: s(e, "/message").to_string(),
                    place: place.to_string(),
                };
                // The run repeats its activities' errors: show each once.
                if !out
                    .iter()
                    .any(|o: &ErrorLine| o.code == line.code && o.message == line.message)
                {
                    out.push(line);
                }
            }
        }
    };
    take(run.pointer("/metrics/statusSummary"), "run");
    for a in activities_of(run) {
        take(a.get("statusSummary"), s(a, "/id"));
    }
    out
}

fn activities_of(run: &Value) -> &[Value] {
    run.get("activities")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

pub fn summary(run: &Value) -> Summary {
    let started = int(run, "/metrics/durationSummary/startedAtUTC");
    let completed = int(run, "/metrics/durationSummary/completedAtUTC");
    let mut metrics = Vec::new();
    let mut put = |label: &'static str, value: Option<String>| {
        if let Some(v) = value {
            metrics.push((label, v));
        }
    };
    let n = |p: &str| count(run, p).map(|n| n.to_string());
    put("records in", n("/metrics/recordSummary/inputRecordCount"));
    put("records out", n("/metrics/recordSummary/outputRecordCount"));
    put(
        "records failed",
        n("/metrics/recordSummary/failedRecordCount"),
    );
    put(
        "records skipped",
        n("/metrics/recordSummary/skippedRecordCount"),
    );
    put("files in", n("/metrics/fileSummary/inputFileCount"));
    put("files out", n("/metrics/fileSummary/outputFileCount"));
    put(
        "bytes in",
        count(run, "/metrics/sizeSummary/inputBytes").map(bytes),
    );
    put(
        "bytes out",
        count(run, "/metrics/sizeSummary/outputBytes").map(bytes),
    );
    put(
        "duration",
        match (started, completed) {
            (Some(a), Some(b)) => Some(duration(b - a)),
            _ => None,
        },
    );
    let activities = activities_of(run)
        .iter()
        .map(|a| {
            let mut parts = Vec::new();
            if let Some(n) = count(a, "/recordSummary/inputRecordCount") {
                parts.push(format!("{n} in"));
            }
            if let Some(n) = count(a, "/recordSummary/outputRecordCount") {
                parts.push(format!("{n} out"));
            }
            if let Some(n) = count(a, "/recordSummary/failedRecordCount").filter(|n| *n > 0) {
                parts.push(format!("{n} failed"));
            }
            if parts.is_empty() {
                if let Some(n) = count(a, "/fileSummary/inputFileCount") {
                    parts.push(format!("{n} files"));
                }
                if let Some(n) = count(a, "/sizeSummary/inputBytes") {
                    parts.push(bytes(n));
                }
            }
            Activity {
                id: s(a, "/id").to_string(),
                status: s(a, "/statusSummary/status").to_string(),
                started: int(a, "/durationSummary/startedAtUTC"),
                completed: int(a, "/durationSummary/completedAtUTC"),
                detail: parts.join(" · "),
            }
        })
        .collect();
    Summary {
        status: s(run, "/metrics/statusSummary/status").to_string(),
        flow_id: s(run, "/flowId").to_string(),
        started,
        completed,
        metrics,
        activities,
        errors: errors(run),
        refs: references(run),
    }
}

fn references(run: &Value) -> Vec<Reference> {
    let mut refs: Vec<Reference> = Vec::new();
    let mut add = |label: String, value: &str, goto: Option<ObjKind>| {
        if value.is_empty() || refs.iter().any(|r| r.label == label && r.value == value) {
            return;
        }
        refs.push(Reference {
            label,
            value: value.to_string(),
            goto: goto.map(|k| (k, value.to_string())),
        });
    };
    add("run".into(), s(run, "/id"), None);
    add("flow".into(), s(run, "/flowId"), Some(ObjKind::Flow));
    add(
        "flow spec".into(),
        s(run, "/flowSpec/id"),
        Some(ObjKind::FlowSpec),
    );
    add("provider run".into(), s(run, "/providerRefId"), None);
    for a in activities_of(run) {
        for (side, kind) in [
            ("sourceInfo", ObjKind::SourceConnection),
            ("targetInfo", ObjKind::TargetConnection),
        ] {
            for info in a.get(side).and_then(Value::as_array).into_iter().flatten() {
                let noun = if kind == ObjKind::SourceConnection {
                    "source connection"
                } else {
                    "target connection"
                };
                add(noun.into(), s(info, "/id"), Some(kind));
                let what = match s(info, "/reference/type") {
                    "Batch" => "batch".to_string(),
                    "AdfRunId" => "ADF run".to_string(),
                    "" => "reference".to_string(),
                    other => other.to_string(),
                };
                for id in info
                    .pointer("/reference/ids")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    add(what.clone(), id, None);
                }
            }
        }
        if let Some(m) = a
            .pointer("/statusSummary/extensions/manifest")
            .and_then(Value::as_object)
        {
            for (k, v) in m {
                if let Some(path) = v.as_str() {
                    add(format!("manifest {k}"), path, None);
                }
            }
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use crate::features::runs::summary::*;
    use serde_json::json;

    fn failed_run() -> Value {
        json!({"id": "r-1", "flowId": "f-1", "flowSpec": {"id": "fs-1"}, "providerRefId": "M-1",
          "metrics": {"durationSummary": {"startedAtUTC": 1000, "completedAtUTC": 66_000},
            "recordSummary": {"inputRecordCount": 100, "outputRecordCount": 0, "failedRecordCount": 100},
            "sizeSummary": {"inputBytes": 2_500_000},
            "statusSummary": {"status": "failed", "errors": [{"code": "CONNECTOR-2001-500", "message": "Error occurred at promotion activity."}]}},
          "activities": [
            {"id": "copyActivity", "durationSummary": {"startedAtUTC": 1000, "completedAtUTC": 40_000},
             "fileSummary": {"inputFileCount": 2}, "sizeSummary": {"inputBytes": 2_500_000},
             "statusSummary": {"status": "success"},
             "sourceInfo": [{"id": "sc-1", "reference": {"type": "AdfRunId", "ids": ["adf-1"]}}]},
            {"id": "promotionActivity", "durationSummary": {"startedAtUTC": 40_000, "completedAtUTC": 66_000},
             "recordSummary": {"inputRecordCount": 100, "outputRecordCount": 0, "failedRecordCount": 100},
             "statusSummary": {"status": "failed", "extensions": {
                "errors": [{"code": "CONNECTOR-2001-500", "message": "Error occurred at promotion activity."},
                           {"code": "INGEST-1212-400", "message": "Bad record."}],
                "manifest": {"sampleErrors": "/runs/r-1/sampleErrors"}}},
             "targetInfo": [{"id": "tc-1", "reference": {"type": "Batch", "ids": ["01EF"]}}]}]})
    }

    #[test]
    fn errors_are_listed_once_with_where_they_came_from() {
        let e = errors(&failed_run());
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].code.as_str(), e[0].place.as_str()),
            ("CONNECTOR-2001-500", "run")
        );
        assert_eq!(
            (e[1].code.as_str(), e[1].place.as_str()),
            ("INGEST-1212-400", "promotionActivity")
        );
    }

    #[test]
    fn metrics_timeline_and_references() {
        let s = summary(&failed_run());
        assert_eq!(s.status, "failed");
        assert!(s.metrics.contains(&("records failed", "100".into())));
        assert!(s.metrics.contains(&("duration", "1m05s".into())));
        assert!(s.metrics.contains(&("bytes in", "2.5 MB".into())));
        assert_eq!(s.activities.len(), 2);
        assert_eq!(s.activities[0].detail, "2 files · 2.5 MB");
        assert_eq!(s.activities[1].detail, "100 in · 0 out · 100 failed");
        let labels: Vec<&str> = s.refs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "run",
                "flow",
                "flow spec",
                "provider run",
                "source connection",
                "ADF run",
                "target connection",
                "batch",
                "manifest sampleErrors"
            ]
        );
        assert_eq!(
            s.refs[6].goto,
            Some((ObjKind::TargetConnection, "tc-1".into()))
        );
    }
}

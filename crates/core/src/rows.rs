//! Display rows for the explorer's tables, built from API objects by pure functions so they
//! are tested with fixtures. Each row also carries what sorting (numbers) and the fuzzy
//! filter (the visible text) need, computed once when the row arrives.

use crate::shared::fmt::bytes;
use crate::shared::fmt::short_id;
use crate::shared::nav::ListKind;
use crate::shared::table::Names;
use crate::shared::table::Row;
use crate::shared::table::Tone;
use crate::shared::table::int;
use crate::shared::table::s;
use crate::shared::table::spec_name;
use crate::shared::table::status_tone;

use serde_json::Value;

use crate::columns::{connection_spec_category, connection_spec_kind, flow_spec_kind};
use crate::shared::fmt::{clock, duration, schedule, time};

/// One row per object. `v` is the object as the service sent it.
pub fn build(kind: ListKind, v: &Value, names: &Names) -> Row {
    if let Some(row) = crate::features::aws::rows::build(kind, v, names.now_ms) {
        return row;
    }
    let id = s(v, "/id").to_string();
    let name = s(v, "/name").to_string();
    let mut nums = Vec::new();
    let mut tones = Vec::new();
    let cells: Vec<String> = match kind {
        ListKind::Connections => {
            let state = s(v, "/state");
            tones.push((3, status_tone(state)));
            vec![
                name.clone(),
                spec_name(names, s(v, "/connectionSpec/id")),
                s(v, "/auth/specName").into(),
                state.into(),
                time(int(v, "/updatedAt")),
                id.clone(),
            ]
        }
        ListKind::Flows => {
            let side = |which: &str| {
                let id = s(
                    v,
                    &format!("/inheritedAttributes/{which}/0/connectionSpec/id"),
                );
                spec_name(names, id)
            };
            let state = s(v, "/state");
            let last_state = s(v, "/lastRunDetails/state");
            tones.push((1, status_tone(state)));
            let last = if last_state.is_empty() {
                tones.push((4, Tone::Dim));
                "never".to_string()
            } else {
                tones.push((4, status_tone(last_state)));
                format!(
                    "{last_state} {}",
                    time(int(v, "/lastRunDetails/startedAtUTC"))
                )
            };
            vec![
                name.clone(),
                state.into(),
                format!(
                    "{} → {}",
                    side("sourceConnections"),
                    side("targetConnections")
                ),
                schedule(v),
                last,
                names.sparks.get(&id).cloned().unwrap_or_default(),
                id.clone(),
            ]
        }
        ListKind::Runs => {
            let started = int(v, "/metrics/durationSummary/startedAtUTC");
            let done = int(v, "/metrics/durationSummary/completedAtUTC");
            let took = match (started, done) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            let status = s(v, "/metrics/statusSummary/status");
            tones.push((0, status_tone(status)));
            let flow_id = s(v, "/flowId");
            let flow = names
                .flows
                .get(flow_id)
                .cloned()
                .unwrap_or_else(|| short_id(flow_id));
            let input = int(v, "/metrics/recordSummary/inputRecordCount");
            let output = int(v, "/metrics/recordSummary/outputRecordCount");
            let failed = int(v, "/metrics/recordSummary/failedRecordCount");
            let size = int(v, "/metrics/sizeSummary/inputBytes");
            if failed.unwrap_or(0) > 0 {
                tones.push((6, Tone::Failed));
            }
            nums = vec![None, None, started, took, input, output, failed, size, None];
            let count = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
            vec![
                status.into(),
                flow,
                time(started),
                took.map(duration).unwrap_or_default(),
                count(input),
                count(output),
                count(failed),
                size.map(bytes).unwrap_or_default(),
                id.clone(),
            ]
        }
        ListKind::Live => {
            let started = int(v, "/metrics/durationSummary/startedAtUTC");
            let status = s(v, "/metrics/statusSummary/status");
            tones.push((0, status_tone(status)));
            let elapsed = started
                .filter(|_| status == "inProgress")
                .map(|t| (names.now_ms - t).max(0));
            let step = if status == "scheduled" {
                Some("waiting".to_string())
            } else {
                v.get("activities")
                    .and_then(Value::as_array)
                    .and_then(|acts| {
                        acts.iter()
                            .find(|a| s(a, "/statusSummary/status") == "inProgress")
                            .or_else(|| acts.last())
                    })
                    .map(|a| s(a, "/id").trim_end_matches("Activity").to_string())
            }
            .unwrap_or_default();
            let flow_id = s(v, "/flowId");
            let input = int(v, "/metrics/recordSummary/inputRecordCount");
            let files = int(v, "/metrics/fileSummary/inputFileCount");
            let size = int(v, "/metrics/sizeSummary/inputBytes");
            nums = vec![None, None, started, elapsed, None, input, files, size, None];
            let count = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
            vec![
                status.into(),
                names
                    .flows
                    .get(flow_id)
                    .cloned()
                    .unwrap_or_else(|| short_id(flow_id)),
                time(started),
                elapsed.map(duration).unwrap_or_default(),
                step,
                count(input),
                count(files),
                size.map(bytes).unwrap_or_default(),
                id.clone(),
            ]
        }
        ListKind::Specs => {
            let is_flow_spec = v.get("sourceConnectionSpecIds").is_some()
                || v.get("targetConnectionSpecIds").is_some();
            if is_flow_spec {
                let n = |k: &str| v.get(k).and_then(Value::as_array).map_or(0, Vec::len);
                vec![
                    name.clone(),
                    "flow".into(),
                    flow_spec_kind(v).into(),
                    format!(
                        "{} → {} specs",
                        n("sourceConnectionSpecIds"),
                        n("targetConnectionSpecIds")
                    ),
                    id.clone(),
                ]
            } else {
                vec![
                    name.clone(),
                    "connection".into(),
                    connection_spec_kind(v).into(),
                    connection_spec_category(v).into(),
                    id.clone(),
                ]
            }
        }
        ListKind::Dlz => {
            let (folder, name_cell) = dlz_name(v, &name, &mut tones);
            let preview = v.get("canPreview").and_then(Value::as_bool) == Some(true);
            vec![
                name_cell,
                crate::features::dlz::paths::marker(&name, folder),
                if preview { "yes" } else { "" }.into(),
                s(v, "/path").into(),
            ]
        }
        ListKind::Blobs => {
            let (folder, name_cell) = dlz_name(v, &name, &mut tones);
            let size = int(v, "/size");
            let modified = int(v, "/lastModified");
            let deadline = int(v, "/ttlDeadline");
            // A file due within a day is about to go: say so in colour.
            let left = deadline.map(|d| d - names.now_ms);
            if let Some(l) = left {
                tones.push((
                    4,
                    if l < 86_400_000 {
                        Tone::Warn
                    } else {
                        Tone::Dim
                    },
                ));
            }
            nums = vec![None, None, size, modified, deadline];
            vec![
                name_cell,
                crate::features::dlz::paths::marker(&name, folder),
                if folder {
                    String::new()
                } else {
                    size.map(|n| crate::shared::fmt::human_size(n.max(0) as u64))
                        .unwrap_or_default()
                },
                time(modified),
                deadline
                    .map(|d| crate::shared::fmt::countdown(d, names.now_ms))
                    .unwrap_or_default(),
            ]
        }
        ListKind::Journal => {
            let result = s(v, "/result");
            tones.push((
                1,
                if result == "ok" {
                    Tone::Ok
                } else {
                    Tone::Failed
                },
            ));
            vec![
                time(int(v, "/timeMs")),
                result.into(),
                s(v, "/sandbox").into(),
                s(v, "/resource").into(),
                id.clone(),
                format!("{} → {}", s(v, "/oldEtag"), s(v, "/newEtag")),
            ]
        }
        ListKind::Messages => {
            let error = s(v, "/level") == "error";
            tones.push((1, if error { Tone::Failed } else { Tone::Dim }));
            vec![
                clock(int(v, "/timeMs")),
                s(v, "/level").into(),
                s(v, "/text").into(),
            ]
        }
        ListKind::Drafts => vec![
            time(int(v, "/savedMs")),
            s(v, "/resource").into(),
            s(v, "/base/name").into(),
            s(v, "/mode").into(),
            s(v, "/sandbox").into(),
            id.clone(),
        ],
        // Built above.
        ListKind::AwsDomains
        | ListKind::AwsWorkflows
        | ListKind::AwsSteps
        | ListKind::AwsFlows
        | ListKind::AwsExecutions
        | ListKind::AwsProfiles => Vec::new(),
    };
    let name = match kind {
        ListKind::Drafts => s(v, "/base/name").to_string(),
        _ => name,
    };
    let haystack = cells.join(" ");
    // Rows without an id (explore items) are keyed by their path.
    let id = if id.is_empty() {
        s(v, "/path").to_string()
    } else {
        id
    };
    Row {
        id,
        name,
        cells,
        nums,
        tones,
        haystack,
    }
}

/// A landing-zone entry's name cell (folders end with `/` and stand out) and whether it
/// is a folder.
fn dlz_name(v: &Value, name: &str, tones: &mut Vec<(usize, Tone)>) -> (bool, String) {
    if s(v, "/type") == "folder" {
        tones.push((0, Tone::Running));
        (true, format!("{name}/"))
    } else {
        (false, name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use crate::rows::*;
    use crate::table::columns;
    use serde_json::json;

    fn names() -> Names {
        Names {
            specs: [("26f5".to_string(), "Data Landing Zone".to_string())].into(),
            flows: [("f-1".to_string(), "Orders".to_string())].into(),
            ..Names::default()
        }
    }

    #[test]
    fn every_row_has_one_cell_per_column() {
        for kind in [
            ListKind::Connections,
            ListKind::Flows,
            ListKind::Runs,
            ListKind::Specs,
            ListKind::Dlz,
            ListKind::Journal,
            ListKind::Drafts,
            ListKind::Live,
        ] {
            let row = build(kind, &json!({}), &Names::default());
            assert_eq!(row.cells.len(), columns(kind).len(), "{kind:?}");
            assert!(row.nums.is_empty() || row.nums.len() == row.cells.len());
        }
    }

    #[test]
    fn run_rows_name_the_flow_and_colour_the_status() {
        let run = json!({"id": "r-1", "flowId": "f-1", "metrics": {
            "durationSummary": {"startedAtUTC": 1_793_491_200_000_i64, "completedAtUTC": 1_793_491_325_000_i64},
            "sizeSummary": {"inputBytes": 1_534_000},
            "statusSummary": {"status": "failed"},
            "recordSummary": {"inputRecordCount": 10, "outputRecordCount": 7, "failedRecordCount": 3}}});
        let row = build(ListKind::Runs, &run, &names());
        assert_eq!(
            row.cells,
            [
                "failed",
                "Orders",
                "2026-11-01 00:00",
                "2m05s",
                "10",
                "7",
                "3",
                "1.5 MB",
                "r-1"
            ]
        );
        assert_eq!(row.nums[3], Some(125_000));
        assert!(row.tones.contains(&(0, Tone::Failed)));
        assert!(row.haystack.contains("Orders"));
        let unknown = build(
            ListKind::Runs,
            &json!({"flowId": "0a1b2c3d-aaaa-bbbb"}),
            &names(),
        );
        assert_eq!(unknown.cells[1], "0a1b2c3d…");
    }

    #[test]
    fn flow_rows_show_specs_schedule_and_last_run() {
        let flow = json!({"id": "f-1", "name": "Orders", "state": "enabled",
            "inheritedAttributes": {"sourceConnections": [{"connectionSpec": {"id": "26f5"}}]},
            "scheduleParams": {"frequency": "minute", "interval": 15},
            "lastRunDetails": {"state": "success", "startedAtUTC": 1_793_491_200_000_i64}});
        let row = build(ListKind::Flows, &flow, &names());
        assert_eq!(row.cells[2], "Data Landing Zone → ?");
        assert_eq!(row.cells[3], "every 15 minutes");
        assert_eq!(row.cells[4], "success 2026-11-01 00:00");
        assert!(row.tones.contains(&(4, Tone::Ok)));
    }

    #[test]
    fn specs_tell_flow_specs_from_connection_specs() {
        let fs = json!({"id": "x", "name": "CloudStorage", "sourceConnectionSpecIds": ["a", "b"],
                        "targetConnectionSpecIds": ["c"]});
        assert_eq!(
            build(ListKind::Specs, &fs, &names()).cells[1..4],
            ["flow", "source", "2 → 1 specs"]
        );
        let cs = json!({"id": "y", "name": "S3", "attributes": {"category": "cloudStorage"}});
        assert_eq!(
            build(ListKind::Specs, &cs, &names()).cells[1..4],
            ["connection", "source", "cloudStorage"]
        );
    }

    #[test]
    fn dlz_items_are_keyed_by_path() {
        let f = json!({"type": "folder", "name": "exports", "path": "exports"});
        let row = build(ListKind::Dlz, &f, &names());
        assert_eq!(
            (row.id.as_str(), row.cells[0].as_str()),
            ("exports", "exports/")
        );
    }

    #[test]
    fn bytes_read_like_a_console() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1.0 kB");
        assert_eq!(bytes(64_000_000), "64.0 MB");
    }
}

//! The rows and columns of the runs lists: a flow's runs, the sandbox's runs and the
//! runs in progress. Pure functions over the service's run objects.

use serde_json::Value;

use crate::shared::fmt::{bytes, duration, time};
use crate::shared::lookup;
use crate::shared::nav::ListKind;
use crate::shared::table::{Column, Names, Row, Tone, int, s, status_tone};
use crate::shared::table::{id, num, tag, text};

const RUN_COLUMNS: &[Column] = &[
    tag("STATUS", 14, 0),
    text("FLOW", 12, 48, 0),
    tag("STARTED", 16, 1),
    num("DURATION", 2),
    num("IN", 1),
    num("OUT", 3),
    num("FAILED", 1),
    num("BYTES", 3),
    id("ID", 36),
];

const LIVE_COLUMNS: &[Column] = &[
    tag("STATUS", 10, 0),
    text("FLOW", 12, 48, 0),
    tag("STARTED", 16, 2),
    num("ELAPSED", 0),
    tag("STEP", 18, 1),
    num("IN", 1),
    num("FILES", 3),
    num("BYTES", 3),
    id("ID", 36),
];

/// The columns of a list of this feature; None for other lists.
pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    Some(match kind {
        ListKind::Runs => RUN_COLUMNS,
        ListKind::Live => LIVE_COLUMNS,
        _ => return None,
    })
}

/// The row of one object of a list of this feature; None for other lists.
pub fn build(kind: ListKind, v: &Value, names: &Names) -> Option<Row> {
    let id = s(v, "/id").to_string();
    let name = s(v, "/name").to_string();
    let nums;
    let mut tones = Vec::new();
    let cells: Vec<String> = match kind {
        ListKind::Runs => {
            let started = int(v, "/metrics/durationSummary/startedAtUTC");
            let done = int(v, "/metrics/durationSummary/completedAtUTC");
            let took = match (started, done) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            let status = s(v, "/metrics/statusSummary/status");
            tones.push((0, status_tone(status)));
            let flow = lookup::flow(s(v, "/flowId"));
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
                lookup::flow(flow_id),
                time(started),
                elapsed.map(duration).unwrap_or_default(),
                step,
                count(input),
                count(files),
                size.map(bytes).unwrap_or_default(),
                id.clone(),
            ]
        }
        _ => return None,
    };
    let mut row = Row::new(id, name, cells, nums, tones);
    row.parent = s(v, "/flowId").to_string();
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::table::fixture_names;
    use serde_json::json;

    #[test]
    fn run_rows_name_the_flow_and_colour_the_status() {
        let run = json!({"id": "r-1", "flowId": "f-1", "metrics": {
            "durationSummary": {"startedAtUTC": 1_793_491_200_000_i64, "completedAtUTC": 1_793_491_325_000_i64},
            "sizeSummary": {"inputBytes": 1_534_000},
            "statusSummary": {"status": "failed"},
            "recordSummary": {"inputRecordCount": 10, "outputRecordCount": 7, "failedRecordCount": 3}}});
        let row = build(ListKind::Runs, &run, &fixture_names()).unwrap();
        assert_eq!(row.parent, "f-1");
        assert_eq!(
            crate::shared::lookup::shown(&row, &fixture_names()),
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
        let packed = crate::shared::list::packed::Owned::new(&row, &fixture_names());
        assert!(
            packed.get().haystack().contains("Orders"),
            "the filter finds the flow's name"
        );
        let unknown = build(
            ListKind::Runs,
            &json!({"flowId": "0a1b2c3d-aaaa-bbbb"}),
            &fixture_names(),
        )
        .unwrap();
        let shown = crate::shared::lookup::shown(&unknown, &fixture_names());
        assert_eq!(shown[1], "0a1b2c3d…");
    }
}

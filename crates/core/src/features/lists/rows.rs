//! The rows and columns of the lists this feature owns: connections, flows and specs, and
//! the local journal, drafts and messages. Pure functions over the services' objects,
//! tested with fixtures.

use serde_json::Value;

use crate::features::lists::describe::{
    connection_spec_category, connection_spec_kind, flow_spec_kind,
};
use crate::shared::fmt::{clock, schedule, time};
use crate::shared::lookup;
use crate::shared::nav::ListKind;
use crate::shared::table::{Column, Names, Row, Tone, int, s, status_tone};
use crate::shared::table::{col, id, spark, tag, text};

const CONNECTION_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    col("SPEC", 12, 40, 0),
    col("AUTH", 8, 56, 2),
    tag("STATE", 9, 1),
    tag("UPDATED", 16, 3),
    id("ID", 36),
];

const FLOW_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("STATE", 9, 1),
    col("SOURCE → TARGET", 16, 48, 2),
    tag("SCHEDULE", 18, 4),
    tag("LAST RUN", 30, 1),
    spark("RECENT", 12, 3),
    id("ID", 36),
];

const SPEC_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    tag("TYPE", 10, 0),
    tag("KIND", 11, 1),
    col("DETAIL", 12, 40, 2),
    id("ID", 36),
];

const JOURNAL_COLUMNS: &[Column] = &[
    tag("TIME", 16, 0),
    text("RESULT", 6, 80, 0),
    tag("SANDBOX", 16, 2),
    tag("RESOURCE", 18, 1),
    id("ID", 36),
    id("ETAG BEFORE → AFTER", 60),
];

const MESSAGE_COLUMNS: &[Column] = &[
    tag("TIME", 8, 0),
    tag("LEVEL", 5, 1),
    text("MESSAGE", 20, 400, 0),
];

const DRAFT_COLUMNS: &[Column] = &[
    tag("SAVED", 16, 0),
    tag("RESOURCE", 18, 1),
    text("NAME", 16, 48, 0),
    tag("MODE", 8, 2),
    tag("SANDBOX", 16, 2),
    id("ID", 36),
];

/// The columns of a list of this feature; None for other lists.
pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    Some(match kind {
        ListKind::Connections => CONNECTION_COLUMNS,
        ListKind::Flows => FLOW_COLUMNS,
        ListKind::Specs => SPEC_COLUMNS,
        ListKind::Journal => JOURNAL_COLUMNS,
        ListKind::Messages => MESSAGE_COLUMNS,
        ListKind::Drafts => DRAFT_COLUMNS,
        _ => return None,
    })
}

/// The row of one object of a list of this feature; None for other lists.
pub fn build(kind: ListKind, v: &Value, _names: &Names) -> Option<Row> {
    let id = s(v, "/id").to_string();
    let name = s(v, "/name").to_string();
    let nums = Vec::new();
    let mut tones = Vec::new();
    let cells: Vec<String> = match kind {
        ListKind::Connections => {
            let state = s(v, "/state");
            tones.push((3, status_tone(state)));
            vec![
                name.clone(),
                lookup::spec(s(v, "/connectionSpec/id")),
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
                lookup::spec(id)
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
                lookup::spark(&id),
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
        _ => return None,
    };
    // A draft is named by the object it edits.
    let name = match kind {
        ListKind::Drafts => s(v, "/base/name").to_string(),
        _ => name,
    };
    Some(Row::new(id, name, cells, nums, tones))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::table::fixture_names;
    use serde_json::json;

    #[test]
    fn flow_rows_show_specs_schedule_and_last_run() {
        let flow = json!({"id": "f-1", "name": "Orders", "state": "enabled",
            "inheritedAttributes": {"sourceConnections": [{"connectionSpec": {"id": "26f5"}}]},
            "scheduleParams": {"frequency": "minute", "interval": 15},
            "lastRunDetails": {"state": "success", "startedAtUTC": 1_793_491_200_000_i64}});
        let row = build(ListKind::Flows, &flow, &fixture_names()).unwrap();
        let shown = crate::shared::lookup::shown(&row, &fixture_names());
        assert_eq!(shown[2], "Data Landing Zone → ?");
        assert_eq!(row.cells[3], "every 15 minutes");
        assert_eq!(row.cells[4], "success 2026-11-01 00:00");
        assert!(row.tones.contains(&(4, Tone::Ok)));
    }

    #[test]
    fn specs_tell_flow_specs_from_connection_specs() {
        let fs = json!({"id": "x", "name": "CloudStorage", "sourceConnectionSpecIds": ["a", "b"],
                        "targetConnectionSpecIds": ["c"]});
        assert_eq!(
            build(ListKind::Specs, &fs, &fixture_names()).unwrap().cells[1..4],
            ["flow", "source", "2 → 1 specs"]
        );
        let cs = json!({"id": "y", "name": "S3", "attributes": {"category": "cloudStorage"}});
        assert_eq!(
            build(ListKind::Specs, &cs, &fixture_names()).unwrap().cells[1..4],
            ["connection", "source", "cloudStorage"]
        );
    }
}

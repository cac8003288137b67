//! The recent-failures list: when each run ended, its flow, its id, how it ended and its
//! first error, newest first. The list keeps no objects: its rows come from the watch's
//! state, and a run is read again by id when it is opened, described or copied.

use serde_json::{Value, json};

use crate::features::alerts::Failure;
use crate::shared::fmt::time;
use crate::shared::lookup;
use crate::shared::nav::ListKind;
use crate::shared::table::{Column, Names, Row, Tone, int, s, status_tone};
use crate::shared::table::{key, tag, text};
use crate::state::App;

const FAILURE_COLUMNS: &[Column] = &[
    tag("TIME", 16, 0),
    text("FLOW", 12, 48, 0),
    key("RUN", 10, 13),
    tag("STATUS", 24, 0),
    tag("ERROR", 24, 1),
    text("MESSAGE", 12, 200, 3),
];

/// The columns of a list of this feature; None for other lists.
pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    (kind == ListKind::Failures).then_some(FAILURE_COLUMNS)
}

/// What a row is built from.
pub fn item(f: &Failure) -> Value {
    json!({
        "id": f.run_id,
        "flowId": f.flow_id,
        "status": f.status,
        "retried": f.retried,
        "code": f.code,
        "message": f.message,
        "endedMs": f.ended_ms.unwrap_or(f.seen_ms),
    })
}

/// The row of one failure; None for other lists.
pub fn build(kind: ListKind, v: &Value, _names: &Names) -> Option<Row> {
    if kind != ListKind::Failures {
        return None;
    }
    let id = s(v, "/id").to_string();
    let status = s(v, "/status");
    let retried = v.get("retried").and_then(Value::as_bool) == Some(true);
    let (shown, tone) = if retried {
        (format!("{status}, retried"), Tone::Running)
    } else {
        (status.to_string(), status_tone(status))
    };
    let ended = int(v, "/endedMs");
    let cells = vec![
        time(ended),
        lookup::flow(s(v, "/flowId")),
        id.clone(),
        shown,
        s(v, "/code").to_string(),
        s(v, "/message").to_string(),
    ];
    let nums = vec![ended, None, None, None, None, None];
    let mut row = Row::new(
        id.clone(),
        id,
        cells,
        nums,
        vec![(3, tone), (4, Tone::Failed)],
    );
    row.parent = s(v, "/flowId").to_string();
    Some(row)
}

/// Every failures list open, in any tab, filled again from the watch's state (the
/// selection stays on its run).
pub fn fill(app: &mut App) {
    let items: Vec<Value> = app.alerts.failures.iter().map(item).collect();
    let now = app.now_ms;
    app.each_list(|l, names, fuzzy| {
        if l.kind == ListKind::Failures {
            l.begin_load(0, now);
            l.push_page(items.clone(), names, fuzzy);
            l.finish(now, names, fuzzy);
        }
    });
}

//! What the graph builders share: where they read from, and the boxes that look the same
//! in every graph (a flow, a missing object, a connection still on its way).

use crate::shared::graph::build::Ctx;
use serde_json::Value;

use crate::shared::fmt::{ago, schedule};
use crate::shared::graph::node::{Node, NodeState};
use crate::shared::nav::ObjKind;
use crate::shared::table::{Tone, int, s, status_tone};

/// `success · 3h ago`, coloured; `never run` when the flow has no finished run.
pub fn last_run(flow: &Value, now_ms: i64) -> (String, Tone) {
    let state = s(flow, "/lastRunDetails/state");
    if state.is_empty() {
        return ("never run".to_string(), Tone::Dim);
    }
    let when = int(flow, "/lastRunDetails/completedAtUTC")
        .or_else(|| int(flow, "/lastRunDetails/startedAtUTC"))
        .map(|t| format!(" · {}", ago(t, now_ms)))
        .unwrap_or_default();
    (format!("last run {state}{when}"), status_tone(state))
}

/// A flow's border colour: disabled first (it runs no more), then its last run.
pub fn flow_tone(flow: &Value) -> Tone {
    if s(flow, "/state") == "disabled" {
        return Tone::Warn;
    }
    match s(flow, "/lastRunDetails/state") {
        "" => Tone::Plain,
        st => status_tone(st),
    }
}

/// `every 1 day`, `once`, or `streaming` for flows without a schedule.
pub fn schedule_text(flow: &Value) -> String {
    match schedule(flow) {
        t if t.is_empty() => "streaming".to_string(),
        t => t,
    }
}

/// A flow as a compact box: state, schedule and last run.
pub fn flow_box(layer: usize, flow: &Value, cx: &Ctx) -> Node {
    let id = s(flow, "/id");
    let state = s(flow, "/state");
    Node {
        layer,
        label: "flow".to_string(),
        title: s(flow, "/name").to_string(),
        lines: vec![
            (
                format!("{state} · {}", schedule_text(flow)),
                status_tone(state),
            ),
            last_run(flow, cx.now_ms),
        ],
        tone: flow_tone(flow),
        state: NodeState::Ready,
        object: Some((ObjKind::Flow, id.to_string())),
    }
}

/// Ids in an array member, e.g. `sourceConnectionIds`.
pub fn ids(v: &Value, member: &str) -> Vec<String> {
    v.get(member)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `inheritedAttributes.{side}[]` entry for connection `id`: its spec and base, known
/// before the connection itself arrives.
pub fn inherited<'a>(flow: &'a Value, side: &str, id: &str) -> Option<&'a Value> {
    flow.pointer(&format!("/inheritedAttributes/{side}"))?
        .as_array()?
        .iter()
        .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
}

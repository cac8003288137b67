//! The flow graph: source base connections → source connections → the flow → target
//! connections → destination base connections, built from whatever has arrived. Each
//! object is its own fetch; a box shows what the flow already says about it until then.

use serde_json::Value;

use crate::features::graph::boxes::{flow_tone, ids, inherited, last_run, schedule_text};
use crate::shared::fmt::short_id;
use crate::shared::graph::build::{Ctx, placeholder};
use crate::shared::graph::cache::Key;
use crate::shared::graph::node::{Node, NodeState};
use crate::shared::graph::view::Built;
use crate::shared::nav::ObjKind;
use crate::shared::table::{Tone, s, status_tone};
use flowscope_model::redact::mask_secrets;

const SOURCE_BASE: usize = 0;
const SOURCE: usize = 1;
const FLOW: usize = 2;
const TARGET: usize = 3;
const DESTINATION: usize = 4;

/// How many auth params a base connection box lists.
const AUTH_PARAMS: usize = 3;

/// The graph of flow `id`, and the objects still to fetch for it.
pub fn build(id: &str, cx: &Ctx) -> (Built, Vec<Key>) {
    let mut b = Built::default();
    let mut wants = Vec::new();
    let flow = match cx.lookup(ObjKind::Flow, id, &mut wants) {
        Ok(f) => f,
        Err(state) => {
            let name = cx.names.flows.get(id).cloned();
            b.summary = match &state {
                NodeState::Missing => format!(
                    "there is no flow {id} in this sandbox: it was deleted, or the id is wrong"
                ),
                NodeState::Failed(_) => "the flow could not be read".to_string(),
                _ => "loading the flow…".to_string(),
            };
            let mut n = placeholder(FLOW, "flow", ObjKind::Flow, id, state, Vec::new());
            match (name, &n.state) {
                (Some(name), NodeState::Loading) => n.title = name,
                // Nothing was ever seen of it: "deleted" would be a guess.
                (None, NodeState::Missing) => n.title = "(not found)".to_string(),
                _ => {}
            }
            b.node(id.to_string(), n);
            return (b, wants);
        }
    };
    let flow_ix = b.node(id.to_string(), flow_node(flow, cx));
    let sources = ids(flow, "sourceConnectionIds");
    let targets = ids(flow, "targetConnectionIds");
    // Data runs base → source → flow → target → destination: on the source side the
    // connection points at the flow, on the target side the flow points at it.
    for (side, list, inherit) in [
        (Side::Source, &sources, "sourceConnections"),
        (Side::Target, &targets, "targetConnections"),
    ] {
        let link = |b: &mut Built, near: usize, far: usize| match side {
            Side::Source => b.edge(far, near),
            Side::Target => b.edge(near, far),
        };
        for cid in list {
            let known = inherited(flow, inherit, cid);
            let (node, base) = connection_node(side, cid, known, cx, &mut wants);
            let cix = b.node(cid.clone(), node);
            link(&mut b, flow_ix, cix);
            if let Some(base_id) = base {
                let bnode = base_node(side, &base_id, cx, &mut wants);
                let bix = b.node(base_id, bnode);
                link(&mut b, cix, bix);
            }
        }
    }
    let missing = b
        .nodes
        .iter()
        .filter(|n| n.state == NodeState::Missing)
        .count();
    b.summary = format!(
        "{} source{} → {} target{}",
        sources.len(),
        if sources.len() == 1 { "" } else { "s" },
        targets.len(),
        if targets.len() == 1 { "" } else { "s" },
    );
    if missing > 0 {
        let what = if missing == 1 {
            "object it names is"
        } else {
            "objects it names are"
        };
        b.summary.push_str(&format!(" · {missing} {what} deleted"));
    }
    (b, wants)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

fn flow_node(flow: &Value, cx: &Ctx) -> Node {
    let state = s(flow, "/state");
    let mut lines = vec![
        (cx.spec(s(flow, "/flowSpec/id")), Tone::Plain),
        (schedule_text(flow), Tone::Plain),
        (state.to_string(), status_tone(state)),
    ];
    for t in flow
        .get("transformations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mapping = s(t, "/params/mappingId");
        let line = if mapping.is_empty() {
            s(t, "/name").to_string()
        } else {
            let version = match t.pointer("/params/mappingVersion") {
                Some(Value::String(v)) => format!(" v{v}"),
                Some(Value::Number(v)) => format!(" v{v}"),
                _ => String::new(),
            };
            format!("mapping {}{version}", short_id(mapping))
        };
        if !line.is_empty() {
            lines.push((line, Tone::Plain));
        }
    }
    lines.push(last_run(flow, cx.now_ms));
    Node {
        layer: FLOW,
        label: "flow".to_string(),
        title: s(flow, "/name").to_string(),
        lines,
        tone: flow_tone(flow),
        state: NodeState::Ready,
        object: Some((ObjKind::Flow, s(flow, "/id").to_string())),
    }
}

/// A source or target connection box, and the id of its base connection if it has one.
/// `known` is the flow's `inheritedAttributes` entry: spec and base before the fetch.
fn connection_node(
    side: Side,
    id: &str,
    known: Option<&Value>,
    cx: &Ctx,
    wants: &mut Vec<Key>,
) -> (Node, Option<String>) {
    let (kind, layer, label) = match side {
        Side::Source => (ObjKind::SourceConnection, SOURCE, "source"),
        Side::Target => (ObjKind::TargetConnection, TARGET, "target"),
    };
    let known_base = known
        .map(|k| s(k, "/baseConnection/id"))
        .filter(|b| !b.is_empty())
        .map(String::from);
    match cx.lookup(kind, id, wants) {
        Ok(c) => {
            let base = c
                .get("baseConnectionId")
                .and_then(Value::as_str)
                .map(String::from)
                .or(known_base);
            let node = Node {
                layer,
                label: label.to_string(),
                title: s(c, "/name").to_string(),
                lines: connection_lines(c, cx),
                tone: match s(c, "/state") {
                    "disabled" => Tone::Warn,
                    _ => Tone::Plain,
                },
                state: NodeState::Ready,
                object: Some((kind, id.to_string())),
            };
            (node, base)
        }
        Err(state) => {
            let spec = known.map(|k| s(k, "/connectionSpec/id")).unwrap_or("");
            let hint = if spec.is_empty() {
                Vec::new()
            } else {
                vec![(cx.spec(spec), Tone::Dim)]
            };
            (placeholder(layer, label, kind, id, state, hint), known_base)
        }
    }
}

/// Spec, format, and where the data is: path, table, datasets, dataset and schema.
fn connection_lines(c: &Value, cx: &Ctx) -> Vec<(String, Tone)> {
    let mut lines = vec![(cx.spec(s(c, "/connectionSpec/id")), Tone::Plain)];
    let format = s(c, "/data/format");
    if !format.is_empty() {
        lines.push((format!("format {format}"), Tone::Plain));
    }
    let p = |k: &str| s(c, &format!("/params/{k}"));
    for (key, shown) in [
        ("path", "path"),
        ("remotePath", "path"),
        ("tableName", "table"),
        ("bucketName", "bucket"),
        ("container", "container"),
        ("dataSetId", "dataset"),
    ] {
        let v = p(key);
        if !v.is_empty() {
            lines.push((format!("{shown} {v}"), Tone::Plain));
        }
    }
    if let Some(list) = c.pointer("/params/datasets").and_then(Value::as_array) {
        let names: Vec<&str> = list
            .iter()
            .map(|d| {
                d.get("name")
                    .or_else(|| d.get("dataSetId"))
                    .and_then(Value::as_str)
                    .unwrap_or("?")
            })
            .collect();
        lines.push((format!("datasets {}", names.join(", ")), Tone::Plain));
    }
    let schema = s(c, "/data/schema/id");
    if !schema.is_empty() {
        let short = schema.rsplit('/').next().unwrap_or(schema);
        lines.push((format!("schema {}", short_id(short)), Tone::Plain));
    }
    lines
}

fn base_node(side: Side, id: &str, cx: &Ctx, wants: &mut Vec<Key>) -> Node {
    let (layer, label) = match side {
        Side::Source => (SOURCE_BASE, "source base"),
        Side::Target => (DESTINATION, "destination"),
    };
    match cx.lookup(ObjKind::Connection, id, wants) {
        Ok(c) => {
            let mut lines = vec![(cx.spec(s(c, "/connectionSpec/id")), Tone::Plain)];
            let auth = s(c, "/auth/specName");
            if !auth.is_empty() {
                lines.push((format!("auth {auth}"), Tone::Plain));
            }
            lines.extend(auth_params(c));
            let state = s(c, "/state");
            Node {
                layer,
                label: label.to_string(),
                title: s(c, "/name").to_string(),
                lines,
                tone: if state == "disabled" {
                    Tone::Warn
                } else {
                    Tone::Plain
                },
                state: NodeState::Ready,
                object: Some((ObjKind::Connection, id.to_string())),
            }
        }
        Err(state) => placeholder(layer, label, ObjKind::Connection, id, state, Vec::new()),
    }
}

/// The first auth params, secrets masked: the screen never shows them unasked.
fn auth_params(c: &Value) -> Vec<(String, Tone)> {
    let Some(mut params) = c.pointer("/auth/params").cloned() else {
        return Vec::new();
    };
    mask_secrets(&mut params);
    let Some(map) = params.as_object() else {
        return Vec::new();
    };
    map.iter()
        .take(AUTH_PARAMS)
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (format!("{k}: {v}"), Tone::Dim)
        })
        .collect()
}

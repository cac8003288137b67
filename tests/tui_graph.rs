//! Graph panes on the seeded demo (fixed clock, seed 7): a flow from source to target,
//! what uses an object, and the sandbox overview, as `TestBackend` snapshots; and the
//! keys that open, move in and leave them, driven through the whole app loop.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use std::collections::HashMap;

use flowscope::app::shared::graph::node::NodeState;
use flowscope::app::shared::graph::view::GraphKind;
use flowscope::app::shared::nav::ObjKind;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::Tui;

const W: u16 = 120;
const H: u16 = 30;

/// The app on the Flows tab with every flow loaded.
async fn on_flows(w: u16, h: u16) -> Tui {
    let mut t = Tui::start(w, h).await;
    t.keys("2");
    t.settle().await;
    t
}

fn flows(t: &Tui) -> Vec<Value> {
    t.app().root_list(Tab::Flows).unwrap().items()
}

fn flow_id(t: &Tui, name: &str) -> String {
    flows(t)
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("the demo has a flow named {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Opens the graph of the flow named `name` through `:graph ID` and waits for its boxes.
async fn graph_of(t: &mut Tui, name: &str) {
    let id = flow_id(t, name);
    t.keys(&format!(":graph {id}<enter>"));
    t.settle().await;
}

#[tokio::test]
async fn a_dlz_to_data_lake_flow() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "DLZ web sessions full ingestion").await;
    assert_snapshot!("graph_flow_dlz", t.screen());
}

#[tokio::test]
async fn a_multi_source_flow_fans_in() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "Leads from Data Landing Zone").await;
    let g = t.app().graph().unwrap();
    assert_eq!(g.built.edges.len(), 3, "two sources in, one target out");
    assert_snapshot!("graph_flow_multi_source", t.screen());
}

#[tokio::test]
async fn a_destination_flow_ends_at_its_destination() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "Outdoor enthusiasts to GCS").await;
    let labels: Vec<&str> = t
        .app()
        .graph()
        .unwrap()
        .built
        .nodes
        .iter()
        .map(|n| n.label.as_str())
        .collect();
    assert!(labels.contains(&"destination"), "{labels:?}");
    assert_snapshot!("graph_flow_destination", t.screen());
}

#[tokio::test]
async fn a_flow_whose_connection_was_deleted() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "Store Telemetry from file share").await;
    let g = t.app().graph().unwrap();
    let missing: Vec<_> = g
        .built
        .nodes
        .iter()
        .filter(|n| n.state == NodeState::Missing)
        .collect();
    assert_eq!(
        missing.len(),
        1,
        "one box says deleted, the rest still draw"
    );
    assert_eq!(
        missing[0].object.as_ref().unwrap().0,
        ObjKind::SourceConnection
    );
    assert!(g.error().is_none(), "not an error for the whole graph");
    // Selecting the deleted box says what happened in full.
    t.keys("h");
    assert_snapshot!("graph_flow_deleted_connection", t.screen());
}

#[tokio::test]
async fn a_flow_graph_while_its_objects_load() {
    let mut t = on_flows(W, H).await;
    let id = flow_id(&t, "DLZ web sessions full ingestion");
    t.keys(&format!(":graph {id}<enter>"));
    // The flow came with the list: its box and what it says about the rest show at once.
    t.wait_for("resolved").await;
    assert_snapshot!("graph_flow_loading", t.screen());
}

#[tokio::test]
async fn a_narrow_terminal_draws_top_to_bottom() {
    let mut t = on_flows(80, 40).await;
    graph_of(&mut t, "Outdoor enthusiasts to GCS").await;
    assert_snapshot!("graph_flow_narrow", t.screen());
}

/// The base connection used by the most flows in the demo, with its count.
fn busiest_base(t: &Tui) -> (String, usize) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for f in flows(t) {
        let mut seen = std::collections::HashSet::new();
        for side in ["sourceConnections", "targetConnections"] {
            for c in f["inheritedAttributes"][side].as_array().unwrap() {
                if let Some(b) = c["baseConnection"]["id"].as_str()
                    && seen.insert(b.to_string())
                {
                    *count.entry(b.to_string()).or_default() += 1;
                }
            }
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .unwrap()
}

#[tokio::test]
async fn the_reverse_view_of_a_busy_base_connection() {
    let mut t = on_flows(W, H).await;
    let (id, n) = busiest_base(&t);
    assert!(n >= 3, "the busiest demo connection has {n} flows");
    t.keys(&format!(":uses connection {id}<enter>"));
    t.settle().await;
    let g = t.app().graph().unwrap();
    let flow_boxes = g.built.nodes.iter().filter(|n| n.label == "flow").count();
    assert_eq!(flow_boxes, n, "every flow that uses it, once");
    assert!(
        g.built
            .summary
            .starts_with(&format!("{n} flows use this base connection"))
    );
    assert_snapshot!("graph_uses_base_connection", t.screen());
}

#[tokio::test]
async fn the_sandbox_overview() {
    let mut t = on_flows(W, H).await;
    t.keys("o");
    t.settle().await;
    let g = t.app().graph().unwrap();
    assert_eq!(g.kind, GraphKind::Overview);
    assert!(
        g.built.summary.starts_with("48 flows in"),
        "{}",
        g.built.summary
    );
    assert_snapshot!("graph_overview", t.screen());
}

#[tokio::test]
async fn flows_g_target_enter_detail_esc_back() {
    let mut t = on_flows(W, H).await;
    // The first flow in the list, by the keys a user presses.
    t.keys("g");
    t.settle().await;
    let g = t.app().graph().unwrap();
    assert!(matches!(g.kind, GraphKind::Flow { .. }));
    assert_eq!(
        g.selected_node().unwrap().label,
        "flow",
        "the flow is selected first"
    );
    // Right moves to the target connection.
    t.keys("l");
    let target = t.app().graph().unwrap().selected_node().unwrap().clone();
    assert_eq!(target.label, "target");
    let (kind, id) = target.object.clone().unwrap();
    assert_eq!(kind, ObjKind::TargetConnection);
    t.keys("<enter>");
    t.settle().await;
    let d = t.app().detail().expect("Enter opens the node's detail");
    assert_eq!(
        (d.kind, d.id.as_str()),
        (ObjKind::TargetConnection, id.as_str())
    );
    assert!(d.value.is_some(), "from the cache, without a second fetch");
    t.keys("<esc>");
    let g = t.app().graph().expect("Esc goes back to the graph");
    assert_eq!(
        g.selected_node().unwrap().object,
        target.object,
        "on the same box"
    );
    assert!(t.screen().contains("› graph"));
}

#[tokio::test]
async fn from_a_connection_to_what_uses_it_to_a_flow_graph() {
    let mut t = Tui::start(W, H).await;
    t.keys("1");
    t.settle().await;
    t.keys("w");
    t.settle().await;
    let g = t.app().graph().unwrap();
    assert!(matches!(g.kind, GraphKind::Uses(_)));
    let flows_shown = g.built.nodes.iter().filter(|n| n.label == "flow").count();
    assert!(flows_shown >= 1);
    // Root → group → first flow, then Enter draws that flow.
    t.keys("ll<enter>");
    t.settle().await;
    let g = t.app().graph().unwrap();
    assert!(matches!(g.kind, GraphKind::Flow { .. }), "{:?}", g.kind);
    assert_eq!(t.app().stack().len(), 3);
}

#[tokio::test]
async fn a_target_leads_to_the_flows_of_its_dataset() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "DLZ web sessions full ingestion").await;
    t.keys("l");
    let dataset = {
        let g = t.app().graph().unwrap();
        let (_, id) = g.selected_node().unwrap().object.clone().unwrap();
        let tc = t
            .app()
            .objects
            .ready(ObjKind::TargetConnection, &id)
            .unwrap();
        tc["params"]["dataSetId"].as_str().unwrap().to_string()
    };
    t.keys("W");
    t.settle().await;
    let g = t.app().graph().unwrap();
    assert_eq!(
        g.kind,
        GraphKind::Uses(flowscope::app::shared::nav::Subject::Dataset(dataset))
    );
    let names: Vec<&str> = g
        .built
        .nodes
        .iter()
        .filter(|n| n.label == "flow")
        .map(|n| n.title.as_str())
        .collect();
    assert!(
        names.contains(&"DLZ web sessions full ingestion"),
        "{names:?}"
    );
}

#[tokio::test]
async fn an_overview_pair_opens_its_flows() {
    let mut t = on_flows(W, H).await;
    t.keys("o");
    t.settle().await;
    // Source spec → its busiest pair.
    t.keys("l");
    let pair = t.app().graph().unwrap().selected_node().unwrap().clone();
    assert_eq!(pair.label, "flows");
    let n: usize = pair.lines[0].0.split(' ').next().unwrap().parse().unwrap();
    t.keys("<enter>");
    t.settle().await;
    match t.app().view() {
        Some(View::List(l)) => assert_eq!(l.items().len(), n, "{}", pair.title),
        other => panic!("a flows list, not {other:?}"),
    }
}

#[tokio::test]
async fn a_sandbox_switch_forgets_cached_objects() {
    let mut t = on_flows(W, H).await;
    t.keys("g");
    t.settle().await;
    assert!(!t.app().objects.is_empty());
    let before = t.app().objects.generation;
    t.keys(":sandbox dev<enter>");
    assert!(t.app().objects.is_empty());
    assert_eq!(t.app().objects.generation, before + 1);
}

#[tokio::test]
async fn a_click_selects_a_box_and_a_second_click_opens_it() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "DLZ web sessions full ingestion").await;
    let (x, y, target) = {
        let g = t.app().graph().unwrap();
        let i = g
            .built
            .nodes
            .iter()
            .position(|n| n.label == "target")
            .unwrap();
        let canvas = t.app().areas().graph_canvas();
        let b = g.layout.boxes[i];
        (
            canvas.x + b.x - g.scroll.0 + 2,
            canvas.y + b.y - g.scroll.1 + 1,
            i,
        )
    };
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    t.event(&click);
    assert_eq!(t.app().graph().unwrap().selected, target);
    t.event(&click);
    t.settle().await;
    assert_eq!(t.app().detail().unwrap().kind, ObjKind::TargetConnection);
}

#[tokio::test]
async fn no_terminal_size_panics_a_graph() {
    let mut t = on_flows(W, H).await;
    graph_of(&mut t, "Leads from Data Landing Zone").await;
    for view in ["", "<esc>o"] {
        t.keys(view);
        t.settle().await;
        for w in (0..=130).step_by(9) {
            for h in (0..=40).step_by(3) {
                t.event(&crossterm::event::Event::Resize(w, h));
                t.keys("jl");
                let _ = support::tui::screen(t.app(), w, h);
            }
        }
    }
}

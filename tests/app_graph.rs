//! Pure update tests for graphs: which fetches `g` and `w` ask for, how the object cache
//! dedupes them and drops answers about another sandbox, and what Esc cancels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::{Effect, Msg};
use flowscope::app::load::start;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::Request;
use flowscope::app::shared::graph::node::NodeState;
use flowscope::app::shared::nav::ObjKind;
use flowscope::app::shared::nav::Tab;
use flowscope::app::shared::nav::{Scope, Subject};
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use serde_json::{Value, json};
use support::tui::{app_with_flows, test_app};

fn flow() -> Value {
    json!({
        "id": "f1", "name": "Orders", "state": "enabled",
        "sourceConnectionIds": ["s1"], "targetConnectionIds": ["t1"],
        "inheritedAttributes": {
            "sourceConnections": [{"id": "s1", "connectionSpec": {"id": "cs"}, "baseConnection": {"id": "b1"}}],
            "targetConnections": [{"id": "t1", "connectionSpec": {"id": "lake"}}]
        }
    })
}

fn resolves(fx: &[Effect]) -> Vec<(ObjKind, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Resolve { kind, id, .. } => Some((*kind, id.clone())),
            _ => None,
        })
        .collect()
}

/// The app on the Flows tab with one flow loaded.
fn with_flow() -> App {
    app_with_flows(vec![flow()])
}

#[test]
fn g_draws_the_flow_at_once_and_fetches_its_connections_together() {
    let mut app = with_flow();
    let fx = update(&mut app, Action::Graph);
    assert!(matches!(app.view(), Some(View::Graph(_))));
    assert_eq!(
        resolves(&fx),
        [
            (ObjKind::SourceConnection, "s1".to_string()),
            (ObjKind::Connection, "b1".to_string()),
            (ObjKind::TargetConnection, "t1".to_string()),
        ],
        "the flow came with the row; its base is known from inheritedAttributes"
    );
    let g = app.graph().unwrap();
    assert_eq!(g.selected_node().unwrap().label, "flow");
    // A second graph of the same flow asks for nothing already on its way.
    update(&mut app, Action::Back);
    let again = update(&mut app, Action::Graph);
    assert!(resolves(&again).is_empty(), "{again:?}");
}

#[test]
fn a_404_draws_a_deleted_box_and_a_stale_answer_is_dropped() {
    let mut app = with_flow();
    let fx = update(&mut app, Action::Graph);
    let generation = match &fx.iter().find(|e| matches!(e, Effect::Resolve { .. })) {
        Some(Effect::Resolve { generation, .. }) => *generation,
        _ => panic!(),
    };
    let not_found = ErrorInfo {
        status: Some(404),
        code: Some("FLOW-1404-404".into()),
        message: "FLOW-1404-404: not found".into(),
        retry: false,
    };
    receive(
        &mut app,
        Msg::Resolved {
            generation,
            kind: ObjKind::SourceConnection,
            id: "s1".into(),
            result: Err(not_found),
        },
    );
    let state = |app: &App, key: &str| {
        let g = app.graph().unwrap();
        let i = g.built.keys.iter().position(|k| k == key).unwrap();
        g.built.nodes[i].state.clone()
    };
    assert_eq!(state(&app, "s1"), NodeState::Missing);
    // An answer from before a sandbox switch changes nothing.
    receive(
        &mut app,
        Msg::Resolved {
            generation: generation + 7,
            kind: ObjKind::TargetConnection,
            id: "t1".into(),
            result: Ok(json!({"id": "t1", "name": "Lake"})),
        },
    );
    assert_eq!(state(&app, "t1"), NodeState::Loading);
    receive(
        &mut app,
        Msg::Resolved {
            generation,
            kind: ObjKind::TargetConnection,
            id: "t1".into(),
            result: Ok(json!({"id": "t1", "name": "Lake"})),
        },
    );
    assert_eq!(state(&app, "t1"), NodeState::Ready);
}

#[test]
fn w_on_a_connection_streams_the_flows_that_use_it_and_esc_cancels_them() {
    let mut app = test_app();
    start(&mut app);
    let fx = update(&mut app, Action::GoTab(Tab::Connections));
    let (slot, ticket) = match &fx[0] {
        Effect::Fetch { slot, ticket, .. } => (*slot, *ticket),
        other => panic!("{other:?}"),
    };
    receive(
        &mut app,
        Msg::Page {
            slot,
            ticket,
            items: vec![json!({"id": "b1", "name": "Bucket", "connectionSpec": {"id": "cs"}})],
            done: true,
        },
    );
    let fx = update(&mut app, Action::Uses);
    let feed = fx
        .iter()
        .find_map(|e| match e {
            Effect::Fetch { slot, request, .. } => Some((*slot, request.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        feed.1,
        Request::List {
            kind: flowscope::app::shared::nav::ListKind::Flows,
            scope: Scope::Using(Subject::Connection("b1".into())),
            property: Vec::new(),
        }
    );
    let back = update(&mut app, Action::Back);
    assert_eq!(back, [Effect::Cancel { slot: feed.0 }]);
}

#[test]
fn g_and_w_say_when_they_do_not_apply() {
    let mut app = with_flow();
    let fx = update(&mut app, Action::Uses);
    assert!(fx.is_empty());
    assert!(app.toasts.last().unwrap().text.contains("not a flow"));
    update(&mut app, Action::GoTab(Tab::Specs));
    let fx = update(&mut app, Action::Graph);
    assert!(fx.is_empty());
    assert!(app.toasts.last().unwrap().error);
}

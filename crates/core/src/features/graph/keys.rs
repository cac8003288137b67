//! What the keys do to graphs, and how graphs follow incoming data: open a flow graph, a
//! reverse view or the overview; move between boxes; open, describe or copy the selected
//! node; rebuild every graph when an object or a page arrives and ask for what is missing.

use crate::graphs::push;
use crate::nav::feed_item;
use crate::nav::selected_object;
use serde_json::Value;

use crate::effect::Effect;
use crate::features::graph::overview::{self, pair_of};
use crate::shared::action::Action;
use crate::shared::effect::Request;
use crate::shared::graph::layout::Step;
use crate::shared::graph::view::GraphKind;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::{Scope, Subject};
use crate::state::App;
use crate::view::View;
use flowscope_model::redact::mask_secrets;

/// Opens the graph of a flow; `value` (a list row) draws it at once.
pub fn open_flow(app: &mut App, id: &str, value: Option<Value>) -> Vec<Effect> {
    if let Some(v) = value {
        app.objects.put(ObjKind::Flow, id, v);
    }
    let title = match app.names.flows.get(id) {
        Some(n) => format!("{n} › graph"),
        None => format!("{} › graph", crate::shared::fmt::short_id(id)),
    };
    push(
        app,
        GraphKind::Flow { id: id.to_string() },
        title,
        Vec::new(),
        Some(id.to_string()),
    )
}

/// Opens "what uses this?" for `subject`.
pub fn open_uses(app: &mut App, subject: Subject, name: &str) -> Vec<Effect> {
    let title = format!("{name} › used by");
    let request = Request::List {
        kind: ListKind::Flows,
        scope: Scope::Using(subject.clone()),
        property: Vec::new(),
    };
    push(
        app,
        GraphKind::Uses(subject),
        title,
        vec![request],
        Some("root".to_string()),
    )
}

pub fn open_overview(app: &mut App) -> Vec<Effect> {
    let flows = Request::List {
        kind: ListKind::Flows,
        scope: Scope::All,
        property: Vec::new(),
    };
    let runs = Request::List {
        kind: ListKind::Runs,
        scope: Scope::All,
        property: vec![overview::runs_filter(app.now_ms)],
    };
    let title = format!("{} › overview", app.target.sandbox);
    push(app, GraphKind::Overview, title, vec![flows, runs], None)
}

/// Moves, opens, describes and copies in a graph; `None` for actions graphs leave to
/// the rest of `update`.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let view = {
        let c = app.areas().graph_canvas();
        (c.width, c.height)
    };
    let Some(View::Graph(g)) = app.view_mut() else {
        return None;
    };
    let step = match action {
        Action::Left => Some(Step::Left),
        Action::Right => Some(Step::Right),
        Action::Up | Action::ScrollUp => Some(Step::Up),
        Action::Down | Action::ScrollDown => Some(Step::Down),
        _ => None,
    };
    if let Some(dir) = step {
        g.step(dir);
        g.keep_visible(view);
        return Some(Vec::new());
    }
    match action {
        Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
            let n = g.built.nodes.len();
            if n > 0 {
                let dir = matches!(action, Action::Top | Action::PageUp);
                let moves = match action {
                    Action::Top | Action::Bottom => n,
                    _ => usize::from(view.1 / 4).max(1),
                };
                for _ in 0..moves {
                    g.step(if dir { Step::Up } else { Step::Down });
                }
                g.keep_visible(view);
            }
            Some(Vec::new())
        }
        Action::Open => Some(open(app)),
        Action::CopyId | Action::CopyName | Action::CopyJson | Action::CopyJsonWithSecrets => {
            Some(copy(app, action))
        }
        _ => None,
    }
}

/// Enter on a node: a flow opens its graph (from a reverse view or a group), an
/// overview pair its flows, anything else its detail.
fn open(app: &mut App) -> Vec<Effect> {
    let Some(g) = app.graph() else {
        return Vec::new();
    };
    let Some(node) = g.selected_node() else {
        return Vec::new();
    };
    let key = g.built.keys.get(g.selected).cloned().unwrap_or_default();
    let in_flow_graph = matches!(g.kind, GraphKind::Flow { .. });
    match node.object.clone() {
        Some((ObjKind::Flow, id)) if !in_flow_graph => {
            let value = app.objects.ready(ObjKind::Flow, &id).cloned();
            let value = value.or_else(|| feed_item(app, &id));
            open_flow(app, &id, value)
        }
        Some((kind, id)) => {
            let value = app.objects.ready(kind, &id).cloned();
            crate::nav::push_detail(app, kind, &id, value)
        }
        None => match pair_of(&key) {
            Some((src, dst)) => {
                let name = node.title.clone();
                let scope = Scope::Lineage {
                    source_spec: src.to_string(),
                    target_spec: dst.to_string(),
                    name,
                };
                crate::nav::push_list(app, ListKind::Flows, scope)
            }
            None => {
                app.toast("a group: pick one of its flows", false);
                Vec::new()
            }
        },
    }
}

fn copy(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(node) = app.graph().and_then(|g| g.selected_node()).cloned() else {
        return Vec::new();
    };
    let object = selected_object(app);
    let (text, what) = match action {
        Action::CopyId => (object.map(|o| o.1), "id"),
        Action::CopyName => (Some(node.title.clone()), "name"),
        Action::CopyJsonWithSecrets => (
            object
                .and_then(|o| o.2)
                .and_then(|v| serde_json::to_string_pretty(&v).ok()),
            "JSON with secrets",
        ),
        _ => (
            object.and_then(|o| o.2).and_then(|mut v| {
                mask_secrets(&mut v);
                serde_json::to_string_pretty(&v).ok()
            }),
            "JSON",
        ),
    };
    match text {
        Some(text) => vec![Effect::Copy { text, what }],
        None => {
            app.toast(format!("this box has no {what} to copy"), true);
            Vec::new()
        }
    }
}

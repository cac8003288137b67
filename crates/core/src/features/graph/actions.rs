//! What the keys do to graphs, and how graphs follow incoming data: open a flow graph, a
//! reverse view or the overview; move between boxes; open, describe or copy the selected
//! node; rebuild every graph when an object or a page arrives and ask for what is missing.

use serde_json::Value;

use crate::effect::Effect;
use crate::features::graph::build::Ctx;
use crate::features::graph::cache::{Entry, Key};
use crate::features::graph::layout::Step;
use crate::features::graph::node::NodeState;
use crate::features::graph::overview::{self, pair_of};
use crate::features::graph::view::{Built, Feed, GraphKind, GraphView};
use crate::features::graph::{flow, uses};
use crate::shared::action::Action;
use crate::shared::effect::Request;
use crate::shared::load::ErrorInfo;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::{Scope, Subject};
use crate::shared::table::s;
use crate::state::{App, View};
use flowscope_model::redact::mask_secrets;

/// Up to this many streamed objects, a graph is rebuilt on every page.
const EARLY_OBJECTS: usize = 1_000;

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

pub(crate) fn push(
    app: &mut App,
    kind: GraphKind,
    title: String,
    feeds: Vec<Request>,
    prefer: Option<String>,
) -> Vec<Effect> {
    let slot = app.next_id();
    let mut g = GraphView::new(slot, kind, title, app.now_ms);
    g.prefer = prefer;
    for request in feeds {
        let feed_slot = app.next_id();
        g.feeds.push(Feed::new(feed_slot, request));
    }
    app.stack_mut().push(View::Graph(Box::new(g)));
    let mut fx = start_feeds(app);
    fx.extend(rebuild(app));
    fx
}

/// (Re)starts the lists of the graph in front under new tickets.
fn start_feeds(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let n = app.graph().map_or(0, |g| g.feeds.len());
    let tickets: Vec<u64> = (0..n).map(|_| app.next_id()).collect();
    let Some(View::Graph(g)) = app.view_mut() else {
        return Vec::new();
    };
    g.feeds
        .iter_mut()
        .zip(tickets)
        .map(|(f, ticket)| {
            f.begin(ticket, now);
            Effect::Fetch {
                slot: f.slot,
                ticket,
                request: f.request.clone(),
            }
        })
        .collect()
}

/// `r` on a graph: its lists again, and every object it shows fetched afresh (what is
/// on screen stays until the new answers arrive).
pub fn refresh(app: &mut App) -> Vec<Effect> {
    let mut fx = start_feeds(app);
    let keys: Vec<Key> = match app.graph() {
        Some(g) => g
            .built
            .nodes
            .iter()
            .filter_map(|n| n.object.clone())
            .filter(|(k, _)| k.fetchable())
            .collect(),
        None => Vec::new(),
    };
    let generation = app.objects.generation;
    for key in keys {
        if app.objects.want_fresh(&key) {
            fx.push(Effect::Resolve {
                generation,
                kind: key.0,
                id: key.1,
            });
        }
    }
    fx
}

/// Builds every graph again from what has arrived, and asks for the objects they miss.
pub fn rebuild(app: &mut App) -> Vec<Effect> {
    let width = app.areas().graph_canvas().width;
    let view = {
        let c = app.areas().graph_canvas();
        (c.width, c.height)
    };
    let mut wanted: Vec<Key> = Vec::new();
    let App {
        stacks,
        objects,
        names,
        now_ms,
        ..
    } = app;
    let cx = Ctx {
        cache: objects,
        names,
        now_ms: *now_ms,
    };
    for v in stacks.iter_mut().flat_map(|s| s.iter_mut()) {
        if let View::Graph(g) = v {
            let (built, wants) = build(g, &cx);
            wanted.extend(wants);
            // `:uses connection ID` opens before the name is known; it takes the name then.
            if let (GraphKind::Uses(_), Some(root)) = (&g.kind, built.nodes.first())
                && root.state == NodeState::Ready
            {
                g.title = format!("{} › used by", root.title);
            }
            g.set_built(built, width);
            g.keep_visible(view);
        }
    }
    let generation = app.objects.generation;
    wanted
        .into_iter()
        .filter(|k| app.objects.want(k))
        .map(|(kind, id)| Effect::Resolve {
            generation,
            kind,
            id,
        })
        .collect()
}

fn build(g: &GraphView, cx: &Ctx) -> (Built, Vec<Key>) {
    let done = |i: usize| g.feeds.get(i).is_some_and(|f| !f.load.is_loading());
    match &g.kind {
        GraphKind::Flow { id } => flow::build(id, cx),
        GraphKind::Aws(a) => crate::features::aws::graph::build(a, cx),
        GraphKind::Uses(subject) => uses::build(subject, g.feed(0), cx, done(0)),
        GraphKind::Overview => {
            let cx = Ctx {
                now_ms: g.opened_ms,
                ..*cx
            };
            (
                overview::build(g.feed(0), g.feed(1), &cx, done(1)),
                Vec::new(),
            )
        }
    }
}

/// An object for the cache arrived (or failed); stale generations are dropped.
pub fn resolved(
    app: &mut App,
    generation: u64,
    kind: ObjKind,
    id: String,
    result: Result<Value, ErrorInfo>,
) -> Vec<Effect> {
    if generation != app.objects.generation {
        return Vec::new();
    }
    let entry = match result {
        Ok(v) => Entry::Ready(v),
        Err(e) if e.not_found() => Entry::Missing,
        Err(e) => Entry::Failed(e),
    };
    app.objects.settle((kind, id), entry);
    rebuild(app)
}

/// A page for one of a graph's lists; the items come back when `slot` is no graph's.
pub fn page(
    app: &mut App,
    slot: u64,
    ticket: u64,
    items: Vec<Value>,
    done: bool,
) -> Result<Vec<Effect>, Vec<Value>> {
    let now = app.now_ms;
    let Some(View::Graph(g)) = app.view_by_slot(slot) else {
        return Err(items);
    };
    let Some(feed) = g.feed_mut(slot) else {
        return Err(items);
    };
    if feed.ticket != ticket {
        return Ok(Vec::new());
    }
    feed.push(items);
    if done {
        feed.finish(now);
    }
    // Every page is drawn while the first thousand objects come in; after that only
    // the last is, so a 10,000-flow list is not laid out a hundred times.
    let early = feed.received() <= EARLY_OBJECTS;
    if done || early {
        Ok(rebuild(app))
    } else {
        Ok(Vec::new())
    }
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
            crate::update::push_detail(app, kind, &id, value)
        }
        None => match pair_of(&key) {
            Some((src, dst)) => {
                let name = node.title.clone();
                let scope = Scope::Lineage {
                    source_spec: src.to_string(),
                    target_spec: dst.to_string(),
                    name,
                };
                crate::update::push_list(app, ListKind::Flows, scope)
            }
            None => {
                app.toast("a group: pick one of its flows", false);
                Vec::new()
            }
        },
    }
}

/// A flow the graph in front streamed in, by id.
fn feed_item(app: &App, id: &str) -> Option<Value> {
    app.graph()?
        .feeds
        .iter()
        .flat_map(|f| f.items.iter())
        .find(|v| s(v, "/id") == id)
        .cloned()
}

/// The object behind the selected node, for `d`, `g`, `w`: kind, id, and the value if
/// it has arrived (or was streamed in with a list).
pub fn selected_object(app: &App) -> Option<(ObjKind, String, Option<Value>)> {
    let (kind, id) = app.graph()?.selected_node()?.object.clone()?;
    let value = app
        .objects
        .ready(kind, &id)
        .cloned()
        .or_else(|| feed_item(app, &id));
    Some((kind, id, value))
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

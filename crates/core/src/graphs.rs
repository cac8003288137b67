//! Graph panes hosted for every feature that draws one: opening a graph pane, streaming
//! its feeds, filling boxes from the object cache as objects arrive, and rebuilding.
//! What a graph shows is built by its feature (the Flow Service graphs by the graph
//! feature, the AWS graph by the AWS feature); this is the one place that knows both.

use crate::effect::Effect;
use crate::shared::effect::Request;
use crate::shared::graph::build::Ctx;
use crate::shared::graph::cache::Entry;
use crate::shared::graph::cache::Key;
use crate::shared::graph::node::NodeState;
use crate::shared::graph::view::Built;
use crate::shared::graph::view::Feed;
use crate::shared::graph::view::GraphKind;
use crate::shared::graph::view::GraphView;
use crate::shared::nav::ObjKind;
use crate::shared::pane::ErrorInfo;
use crate::state::App;
use crate::view::View;
use serde_json::Value;

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
        GraphKind::Flow { id } => crate::features::graph::flow::build(id, cx),
        GraphKind::Aws(a) => crate::features::aws::graph::build(a, cx),
        GraphKind::Uses(subject) => {
            crate::features::graph::uses::build(subject, g.feed(0), cx, done(0))
        }
        GraphKind::Overview => {
            let cx = Ctx {
                now_ms: g.opened_ms,
                ..*cx
            };
            (
                crate::features::graph::overview::build(g.feed(0), g.feed(1), &cx, done(1)),
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

/// Up to this many streamed objects, a graph is rebuilt on every page.
const EARLY_OBJECTS: usize = 1_000;

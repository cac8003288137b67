//! A graph pane's state: what it shows (a flow, what uses an object, the overview), the
//! lists it streams in, the nodes built from them and the object cache, their layout,
//! and the selection. Nodes are rebuilt whenever data arrives; the selection follows its
//! node by key, so a box that moves keeps the focus.

use crate::shared::pane::Pane;
use serde_json::Value;

use crate::shared::effect::Request;
use crate::shared::graph::layout::{self, Layout, Size, Step};
use crate::shared::graph::node::Node;
use crate::shared::nav::Subject;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphKind {
    /// One flow from its source base connections to its destination.
    Flow { id: String },
    /// Every flow that touches an object.
    Uses(Subject),
    /// Flows grouped by source spec → target spec, with failure shares.
    Overview,
    /// An AppFlow flow or a Customer Profiles workflow.
    Aws(crate::shared::graph::view::AwsGraph),
}

/// A list a graph streams in, e.g. the flows that use a connection.
#[derive(Debug)]
pub struct Feed {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub request: Request,
    pub items: Vec<Value>,
    /// A refresh's pages, held until complete so the graph never empties.
    incoming: Option<Vec<Value>>,
}

impl Feed {
    pub fn new(slot: u64, request: Request) -> Feed {
        Feed {
            pane: Pane::new(slot),
            request,
            items: Vec::new(),
            incoming: None,
        }
    }

    pub fn begin(&mut self, ticket: u64, now_ms: i64) {
        self.pane.begin(ticket, now_ms);
        self.incoming = (!self.items.is_empty()).then(Vec::new);
    }

    pub fn push(&mut self, items: Vec<Value>) {
        match &mut self.incoming {
            Some(buf) => buf.extend(items),
            None => self.items.extend(items),
        }
    }

    pub fn finish(&mut self, now_ms: i64) {
        if let Some(items) = self.incoming.take() {
            self.items = items;
        }
        self.pane.loaded(now_ms);
    }

    /// A failed list keeps what it had; the graph says so in its summary.
    pub fn fail(&mut self, error: crate::shared::pane::ErrorInfo, now_ms: i64) {
        self.incoming = None;
        self.pane.fail(error, now_ms);
    }

    pub fn received(&self) -> usize {
        self.incoming.as_ref().map_or(self.items.len(), Vec::len)
    }
}

/// Nodes and edges as a builder makes them, with a stable key per node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Built {
    pub nodes: Vec<Node>,
    pub keys: Vec<String>,
    pub edges: Vec<(usize, usize)>,
    /// A line under the graph: counts, or why it is empty.
    pub summary: String,
}

impl Built {
    /// Adds a node unless one with `key` exists; returns its index either way.
    pub fn node(&mut self, key: String, node: Node) -> usize {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return i;
        }
        self.keys.push(key);
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    pub fn edge(&mut self, from: usize, to: usize) {
        if !self.edges.contains(&(from, to)) {
            self.edges.push((from, to));
        }
    }
}

#[derive(Debug)]
pub struct GraphView {
    pub slot: u64,
    pub kind: GraphKind,
    pub title: String,
    pub feeds: Vec<Feed>,
    pub built: Built,
    pub layout: Layout,
    /// The width the layout was made for; a resize lays out again.
    pub laid_width: u16,
    pub selected: usize,
    pub scroll: (u16, u16),
    /// The node selected first once it exists (the flow itself, in a flow graph).
    pub prefer: Option<String>,
    /// "Now" when the view opened: the overview's 24 h and 7 d windows end here.
    pub opened_ms: i64,
}

impl GraphView {
    pub fn new(slot: u64, kind: GraphKind, title: String, now_ms: i64) -> GraphView {
        GraphView {
            slot,
            kind,
            title,
            feeds: Vec::new(),
            built: Built::default(),
            layout: layout::layout(&[], &[], 0),
            laid_width: 0,
            selected: 0,
            scroll: (0, 0),
            prefer: None,
            opened_ms: now_ms,
        }
    }

    pub fn owns(&self, slot: u64) -> bool {
        self.slot == slot || self.feeds.iter().any(|f| f.slot == slot)
    }

    pub fn feed_mut(&mut self, slot: u64) -> Option<&mut Feed> {
        self.feeds.iter_mut().find(|f| f.slot == slot)
    }

    pub fn feed(&self, i: usize) -> &[Value] {
        self.feeds.get(i).map_or(&[], |f| f.items.as_slice())
    }

    /// When every list was last complete (for auto-refresh); a flow graph has none.
    pub fn loaded_at(&self) -> Option<i64> {
        self.feeds
            .iter()
            .map(|f| f.load.loaded_at())
            .min()
            .flatten()
    }

    /// The first list error, for the pane and `R`.
    pub fn error(&self) -> Option<&crate::shared::pane::ErrorInfo> {
        self.feeds.iter().find_map(|f| f.load.error())
    }

    pub fn is_loading(&self) -> bool {
        self.feeds.iter().any(|f| f.load.is_loading())
    }

    pub fn selected_node(&self) -> Option<&Node> {
        self.built.nodes.get(self.selected)
    }

    /// Takes freshly built nodes, keeping the selection on the same key, and lays them
    /// out for `width`.
    pub fn set_built(&mut self, built: Built, width: u16) {
        let keep = self.built.keys.get(self.selected).cloned();
        let same_shape = built.keys == self.built.keys && built.edges == self.built.edges;
        let sizes_same = same_shape
            && built
                .nodes
                .iter()
                .zip(&self.built.nodes)
                .all(|(a, b)| Size::of(a) == Size::of(b));
        self.built = built;
        if !(sizes_same && width == self.laid_width) {
            self.relayout(width);
        }
        let find = |k: String| self.built.keys.iter().position(|x| *x == k);
        self.selected = keep
            .and_then(find)
            .or_else(|| self.prefer.clone().and_then(find))
            .or_else(|| self.layout.first())
            .unwrap_or(0);
    }

    pub fn relayout(&mut self, width: u16) {
        let sizes: Vec<Size> = self.built.nodes.iter().map(Size::of).collect();
        self.layout = layout::layout(&sizes, &self.built.edges, width);
        self.laid_width = width;
    }

    pub fn step(&mut self, dir: Step) {
        if let Some(next) = self.layout.step(self.selected, dir) {
            self.selected = next;
        }
    }

    /// Scrolls so the selected box is inside a `view` of (width, height).
    pub fn keep_visible(&mut self, view: (u16, u16)) {
        if self.selected < self.layout.boxes.len() {
            self.scroll = self.layout.scroll_to_show(self.selected, view, self.scroll);
        }
    }
}

/// What an AWS graph is drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsGraph {
    /// One AppFlow flow, by name.
    Flow(String),
    /// An integration workflow and the flows its steps ran.
    Workflow { domain: String, id: String },
}

crate::pane_deref!(Feed);

//! The detail view's JSON document model: a pretty-printed, foldable, searchable view of one
//! API object, with a cursor and horizontal scroll. Pure state, no drawing types: the widget
//! in `ui/widgets/json_view.rs` reads it and must not be needed to test it.
//!
//! The document is flattened once into nodes (one per pretty-printed line when fully
//! expanded); folding only rebuilds the index of visible nodes, so [`JsonTree::line`] costs
//! the size of one line and drawing cost follows the screen, not the document.
//!
//! Here: the model and moving around it (cursor, folding, scrolling). `flatten` builds the
//! nodes and measures lines, `search` finds and visits matches.

use serde_json::Value;

mod flatten;
mod search;
#[cfg(test)]
mod tests;

use flatten::{close_bracket, flatten, folded_brackets, line_width, open_bracket, summary};
pub use search::find_matches;

/// One visible line, built on demand. The widget indents by `depth` (2 columns per level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub depth: usize,
    pub segments: Vec<Segment>,
    pub foldable: bool,
    pub folded: bool,
}

impl Line {
    /// The line's text without indentation, as the user reads it.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub kind: SegKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegKind {
    Key,
    Str,
    Number,
    Bool,
    Null,
    Punct,
    /// The dimmed `3 keys` / `2 items` note after a folded node.
    Summary,
}

impl SegKind {
    /// Search looks at keys and scalar values only, never at brackets or fold notes.
    pub fn searchable(self) -> bool {
        !matches!(self, SegKind::Punct | SegKind::Summary)
    }
}

#[derive(Clone, Debug)]
enum NodeKind {
    /// A scalar or an empty container (`{}` / `[]`), shown whole on one line.
    Leaf {
        kind: SegKind,
        text: String,
    },
    Open {
        close: usize,
        array: bool,
        children: usize,
    },
    Close {
        open: usize,
        array: bool,
    },
}

#[derive(Clone, Debug)]
struct Node {
    depth: usize,
    /// The `Open` node of the enclosing container.
    parent: Option<usize>,
    /// Display form of the object key: quoted and escaped.
    key: Option<String>,
    kind: NodeKind,
    /// Last member of its container, so no trailing comma.
    last: bool,
    /// Estimated columns of indentation plus `"key": `.
    head_width: usize,
}

#[derive(Clone, Debug)]
pub struct JsonTree {
    nodes: Vec<Node>,
    /// Indexed by node; only meaningful for `Open` nodes.
    folded: Vec<bool>,
    /// Node index of each visible line, ascending (so a node's line is a binary search).
    visible: Vec<usize>,
    cursor: usize,
    offset_y: usize,
    offset_x: usize,
    view_width: usize,
    max_width: usize,
    query: Option<String>,
    /// Nodes whose key or value matches the query, ascending.
    matches: Vec<usize>,
    current_match: Option<usize>,
}

impl JsonTree {
    /// Flattens `value`, all nodes expanded, cursor on the first line.
    pub fn new(value: &Value) -> JsonTree {
        let mut nodes = Vec::new();
        flatten(&mut nodes, value, None, 0, None, true);
        let mut tree = JsonTree {
            folded: vec![false; nodes.len()],
            nodes,
            visible: Vec::new(),
            cursor: 0,
            offset_y: 0,
            offset_x: 0,
            view_width: 0,
            max_width: 0,
            query: None,
            matches: Vec::new(),
            current_match: None,
        };
        tree.rebuild();
        tree
    }

    /// Number of visible lines (children of folded nodes are hidden).
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// Never true for a tree built from a value; here for the `len` convention.
    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// The `i`-th visible line; costs the size of that line only.
    pub fn line(&self, i: usize) -> Option<Line> {
        let n = *self.visible.get(i)?;
        let node = self.nodes.get(n)?;
        let mut segments = Vec::with_capacity(5);
        if let Some(key) = &node.key {
            segments.push(Segment::new(key.clone(), SegKind::Key));
            segments.push(Segment::new(": ", SegKind::Punct));
        }
        let folded = self.is_folded(n);
        let comma = (!node.last).then(|| Segment::new(",", SegKind::Punct));
        match &node.kind {
            NodeKind::Leaf { kind, text } => {
                segments.push(Segment::new(text.clone(), *kind));
                segments.extend(comma);
            }
            NodeKind::Open {
                array, children, ..
            } if folded => {
                segments.push(Segment::new(folded_brackets(*array), SegKind::Punct));
                segments.extend(comma);
                segments.push(Segment::new(summary(*children, *array), SegKind::Summary));
            }
            NodeKind::Open { array, .. } => {
                segments.push(Segment::new(open_bracket(*array), SegKind::Punct));
            }
            NodeKind::Close { array, .. } => {
                segments.push(Segment::new(close_bracket(*array), SegKind::Punct));
                segments.extend(comma);
            }
        }
        Some(Line {
            depth: node.depth,
            segments,
            foldable: matches!(node.kind, NodeKind::Open { .. }),
            folded,
        })
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn offset_x(&self) -> usize {
        self.offset_x
    }

    /// Widest visible line in columns, indentation included. Non-ASCII characters count as
    /// two columns: the model has no width table, and over-counting only lets the user
    /// scroll a little past the end, where under-counting would hide text.
    pub fn max_width(&self) -> usize {
        self.max_width
    }

    pub fn up(&mut self, n: usize) {
        self.cursor = self.cursor.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize) {
        self.cursor = self
            .cursor
            .saturating_add(n)
            .min(self.len().saturating_sub(1));
    }

    pub fn top(&mut self) {
        self.cursor = 0;
    }

    pub fn bottom(&mut self) {
        self.cursor = self.len().saturating_sub(1);
    }

    pub fn left(&mut self, n: usize) {
        self.offset_x = self.offset_x.saturating_sub(n);
    }

    /// Scrolls right, stopping where the widest line's end reaches the view's right edge
    /// (see [`JsonTree::set_view_width`]; before that, where one column of it is left).
    pub fn right(&mut self, n: usize) {
        self.offset_x = self.offset_x.saturating_add(n).min(self.max_offset_x());
    }

    /// Tells the model how many text columns the view shows, so horizontal scrolling stops
    /// at the end of the widest line. The widget's `fit` calls this before drawing.
    pub fn set_view_width(&mut self, width: usize) {
        self.view_width = width;
        self.offset_x = self.offset_x.min(self.max_offset_x());
    }

    /// Folds or unfolds the node on the cursor's line; on a closing bracket or a leaf, folds
    /// the enclosing node instead. The cursor lands on the node that changed.
    pub fn toggle(&mut self) {
        let Some(&n) = self.visible.get(self.cursor) else {
            return;
        };
        let target = match self.nodes.get(n).map(|node| (&node.kind, node.parent)) {
            Some((NodeKind::Open { .. }, _)) => n,
            Some((NodeKind::Close { open, .. }, _)) => *open,
            Some((NodeKind::Leaf { .. }, Some(parent))) => parent,
            _ => return,
        };
        if let Some(f) = self.folded.get_mut(target) {
            *f = !*f;
        }
        self.rebuild();
        self.cursor = self.line_of(target);
    }

    pub fn expand_all(&mut self) {
        self.folded.fill(false);
        self.rebuild();
    }

    /// Folds every container except the root, so the top-level keys stay readable.
    pub fn collapse_all(&mut self) {
        for (i, node) in self.nodes.iter().enumerate() {
            if let Some(f) = self.folded.get_mut(i) {
                *f = i > 0 && matches!(node.kind, NodeKind::Open { .. });
            }
        }
        self.rebuild();
    }

    /// First line to draw in a window of `height` lines. Reads the offset stored by
    /// [`JsonTree::keep_cursor_visible`] and corrects it without storing, so a caller that
    /// forgot to call that still sees the cursor; the stored offset is what makes scrolling
    /// list-like (it moves only when the cursor leaves the window).
    pub fn scroll_offset(&self, height: usize) -> usize {
        if height == 0 {
            return self.offset_y.min(self.cursor);
        }
        // Never leave blank rows at the bottom when a fold shortened the document.
        let off = self.offset_y.min(self.len().saturating_sub(height));
        if self.cursor < off {
            self.cursor
        } else if self.cursor >= off + height {
            self.cursor + 1 - height
        } else {
            off
        }
    }

    /// Stores the offset for a window of `height` lines; call before drawing (the widget
    /// only has `&JsonTree`).
    pub fn keep_cursor_visible(&mut self, height: usize) {
        self.offset_y = self.scroll_offset(height);
    }

    fn is_folded(&self, n: usize) -> bool {
        self.folded.get(n).copied().unwrap_or(false)
    }

    fn cursor_node(&self) -> usize {
        self.visible.get(self.cursor).copied().unwrap_or(0)
    }

    fn max_offset_x(&self) -> usize {
        self.max_width.saturating_sub(self.view_width.max(1))
    }

    /// Returns whether anything was unfolded (the visible index then needs a rebuild).
    fn unfold_ancestors(&mut self, n: usize) -> bool {
        let mut changed = false;
        let mut p = self.nodes.get(n).and_then(|node| node.parent);
        while let Some(a) = p {
            if let Some(f) = self.folded.get_mut(a) {
                changed |= *f;
                *f = false;
            }
            p = self.nodes.get(a).and_then(|node| node.parent);
        }
        changed
    }

    /// Line of `n`, or of its nearest visible ancestor when `n` is folded away.
    fn line_of(&self, mut n: usize) -> usize {
        loop {
            if let Ok(line) = self.visible.binary_search(&n) {
                return line;
            }
            let next = match self.nodes.get(n) {
                // A hidden close bracket belongs to its opening line.
                Some(Node {
                    kind: NodeKind::Close { open, .. },
                    ..
                }) => Some(*open),
                Some(node) => node.parent,
                None => None,
            };
            match next {
                Some(p) => n = p,
                None => return 0,
            }
        }
    }

    /// Recomputes the visible index and widest line after folding changed; keeps the cursor
    /// on the same node, or on its nearest visible ancestor.
    fn rebuild(&mut self) {
        let cursor_node = self.visible.get(self.cursor).copied();
        self.visible.clear();
        self.max_width = 0;
        let mut i = 0;
        while let Some(node) = self.nodes.get(i) {
            self.visible.push(i);
            let folded = self.is_folded(i);
            self.max_width = self.max_width.max(line_width(node, folded));
            i = match node.kind {
                NodeKind::Open { close, .. } if folded => close + 1,
                _ => i + 1,
            };
        }
        self.cursor = cursor_node.map_or(0, |n| self.line_of(n));
        self.offset_x = self.offset_x.min(self.max_offset_x());
    }
}

impl Segment {
    fn new(text: impl Into<String>, kind: SegKind) -> Segment {
        Segment {
            text: text.into(),
            kind,
        }
    }
}

//! The detail view's JSON document model: a pretty-printed, foldable, searchable view of one
//! API object, with a cursor and horizontal scroll. Pure state, no drawing types: the widget
//! in `ui/widgets/json_view.rs` reads it and must not be needed to test it.
//!
//! The document is flattened once into nodes (one per pretty-printed line when fully
//! expanded); folding only rebuilds the index of visible nodes, so [`JsonTree::line`] costs
//! the size of one line and drawing cost follows the screen, not the document.

use std::ops::Range;

use serde_json::Value;

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

    /// Case-insensitive search over keys and scalar values (as displayed, i.e. escaped and
    /// quoted). A match is a node (line), not an occurrence. Unfolds the ancestors of every
    /// match and moves the cursor to the first match at or after it. An empty query clears
    /// the search. Returns the number of matching nodes.
    pub fn search(&mut self, query: &str) -> usize {
        self.clear_search();
        if query.is_empty() {
            return 0;
        }
        let needle = lowercase_chars(query);
        self.matches = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node_matches(node, &needle))
            .map(|(i, _)| i)
            .collect();
        self.query = Some(query.to_owned());
        if self.matches.is_empty() {
            return 0;
        }
        let matches = std::mem::take(&mut self.matches);
        for &m in &matches {
            self.unfold_ancestors(m);
        }
        self.matches = matches;
        self.rebuild();
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m < at);
        let k = if k < self.matches.len() { k } else { 0 };
        self.go_to_match(k);
        self.matches.len()
    }

    /// Moves to the next match after the cursor, wrapping. False when nothing matches.
    pub fn search_next(&mut self) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m <= at);
        self.go_to_match(if k < self.matches.len() { k } else { 0 });
        true
    }

    /// Moves to the previous match before the cursor, wrapping. False when nothing matches.
    pub fn search_prev(&mut self) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m < at);
        self.go_to_match(k.checked_sub(1).unwrap_or(self.matches.len() - 1));
        true
    }

    pub fn clear_search(&mut self) {
        self.query = None;
        self.matches.clear();
        self.current_match = None;
    }

    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    /// 0-based index among the matches of the one last moved to.
    pub fn current_match(&self) -> Option<usize> {
        self.current_match
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

    fn go_to_match(&mut self, k: usize) {
        let Some(&m) = self.matches.get(k) else {
            return;
        };
        if self.unfold_ancestors(m) {
            self.rebuild();
        }
        self.cursor = self.line_of(m);
        self.current_match = Some(k);
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

/// Byte ranges of the non-overlapping, case-insensitive occurrences of `query` in
/// `haystack`. Shared with the widget so highlights agree with what search counted.
pub fn find_matches(haystack: &str, query: &str) -> Vec<Range<usize>> {
    let needle = lowercase_chars(query);
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let mut pos = 0;
    while let Some(rest) = haystack.get(pos..) {
        let Some(first) = rest.chars().next() else {
            break;
        };
        match match_len(rest, &needle) {
            Some(len) => {
                found.push(pos..pos + len);
                pos += len;
            }
            None => pos += first.len_utf8(),
        }
    }
    found
}

fn lowercase_chars(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Byte length of the prefix of `text` that matches `needle` (already lowercased). Compares
/// lowercase expansions so e.g. `İ` (two chars lowercased) neither panics nor misaligns.
fn match_len(text: &str, needle: &[char]) -> Option<usize> {
    let mut want = needle.iter();
    let mut next = want.next();
    for (at, ch) in text.char_indices() {
        for lc in ch.to_lowercase() {
            match next {
                Some(&w) if w == lc => next = want.next(),
                Some(_) => return None,
                None => break,
            }
        }
        if next.is_none() {
            return Some(at + ch.len_utf8());
        }
    }
    None
}

fn contains_ci(haystack: &str, needle: &[char]) -> bool {
    haystack.char_indices().any(|(at, _)| {
        haystack
            .get(at..)
            .and_then(|s| match_len(s, needle))
            .is_some()
    })
}

fn node_matches(node: &Node, needle: &[char]) -> bool {
    node.key.as_deref().is_some_and(|k| contains_ci(k, needle))
        || matches!(&node.kind, NodeKind::Leaf { kind, text } if kind.searchable() && contains_ci(text, needle))
}

/// Appends `value`'s nodes. Recursion is bounded by serde_json's parser depth limit (128),
/// which every document we show has passed through.
fn flatten(
    nodes: &mut Vec<Node>,
    value: &Value,
    key: Option<&str>,
    depth: usize,
    parent: Option<usize>,
    last: bool,
) {
    let key = key.map(escape);
    let head_width = depth * 2 + key.as_deref().map_or(0, |k| est_width(k) + 2);
    let leaf = |kind, text: String| NodeKind::Leaf { kind, text };
    let kind = match value {
        Value::Null => leaf(SegKind::Null, "null".to_owned()),
        Value::Bool(b) => leaf(SegKind::Bool, b.to_string()),
        Value::Number(n) => leaf(SegKind::Number, n.to_string()),
        Value::String(s) => leaf(SegKind::Str, escape(s)),
        Value::Array(a) if a.is_empty() => leaf(SegKind::Punct, "[]".to_owned()),
        Value::Object(o) if o.is_empty() => leaf(SegKind::Punct, "{}".to_owned()),
        Value::Array(_) | Value::Object(_) => {
            let open = nodes.len();
            let array = value.is_array();
            nodes.push(Node {
                depth,
                parent,
                key,
                // Patched below once the closing node's index is known.
                kind: NodeKind::Open {
                    close: open,
                    array,
                    children: 0,
                },
                last,
                head_width,
            });
            let children = match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let last = i + 1 == items.len();
                        flatten(nodes, item, None, depth + 1, Some(open), last);
                    }
                    items.len()
                }
                Value::Object(map) => {
                    for (i, (k, v)) in map.iter().enumerate() {
                        let last = i + 1 == map.len();
                        flatten(nodes, v, Some(k), depth + 1, Some(open), last);
                    }
                    map.len()
                }
                _ => 0,
            };
            let close = nodes.len();
            if let Some(node) = nodes.get_mut(open) {
                node.kind = NodeKind::Open {
                    close,
                    array,
                    children,
                };
            }
            nodes.push(Node {
                depth,
                parent,
                key: None,
                kind: NodeKind::Close { open, array },
                last,
                head_width: depth * 2,
            });
            return;
        }
    };
    nodes.push(Node {
        depth,
        parent,
        key,
        kind,
        last,
        head_width,
    });
}

fn open_bracket(array: bool) -> &'static str {
    if array { "[" } else { "{" }
}

fn close_bracket(array: bool) -> &'static str {
    if array { "]" } else { "}" }
}

fn folded_brackets(array: bool) -> &'static str {
    if array { "[ … ]" } else { "{ … }" }
}

fn summary(children: usize, array: bool) -> String {
    let noun = match (array, children == 1) {
        (true, true) => "item",
        (true, false) => "items",
        (false, true) => "key",
        (false, false) => "keys",
    };
    format!(" {children} {noun}")
}

fn line_width(node: &Node, folded: bool) -> usize {
    let comma = usize::from(!node.last);
    node.head_width
        + match &node.kind {
            NodeKind::Leaf { text, .. } => est_width(text) + comma,
            // `{ … }` is five columns.
            NodeKind::Open {
                array, children, ..
            } if folded => 5 + comma + summary(*children, *array).len(),
            NodeKind::Open { .. } => 1,
            NodeKind::Close { .. } => 1 + comma,
        }
}

/// Columns, over-estimated: see [`JsonTree::max_width`].
fn est_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// JSON string literal, as serde_json writes it, plus `\u` escapes for DEL and the C1
/// controls: those are valid JSON either way, and raw they would reach the terminal.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use crate::shared::json_tree::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "id": "flow-1",
            "enabled": true,
            "runs": 3,
            "owner": null,
            "sourceConnectionIds": ["sc-1", "sc-2"],
            "scheduleParams": { "frequency": "hour", "interval": 1 },
            "empty": {}
        })
    }

    fn texts(tree: &JsonTree) -> Vec<String> {
        (0..tree.len())
            .map(|i| {
                let line = tree.line(i).unwrap();
                format!("{}{}", "  ".repeat(line.depth), line.text())
            })
            .collect()
    }

    fn line_index(tree: &JsonTree, text: &str) -> usize {
        (0..tree.len())
            .find(|&i| tree.line(i).unwrap().text().contains(text))
            .unwrap()
    }

    #[test]
    fn flattens_to_pretty_printed_lines() {
        let value = sample();
        let tree = JsonTree::new(&value);
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(texts(&tree).join("\n"), pretty);
        assert_eq!(tree.len(), 15);
        assert!(tree.line(14).is_some());
        assert!(tree.line(15).is_none());
    }

    #[test]
    fn scalar_root_is_one_line() {
        let tree = JsonTree::new(&json!(42));
        assert_eq!(texts(&tree), ["42"]);
        let mut tree = tree;
        tree.toggle();
        assert_eq!(tree.len(), 1);
    }

    #[test]
    fn fold_and_unfold_change_line_count() {
        let mut tree = JsonTree::new(&sample());
        let arr = line_index(&tree, "sourceConnectionIds");
        tree.down(arr);
        tree.toggle();
        assert_eq!(tree.len(), 12);
        let line = tree.line(arr).unwrap();
        assert!(line.foldable && line.folded);
        assert_eq!(line.text(), "\"sourceConnectionIds\": [ … ], 2 items");
        assert_eq!(tree.cursor(), arr);
        tree.toggle();
        assert_eq!(tree.len(), 15);

        // On a leaf, toggle folds the enclosing node and the cursor follows it.
        let leaf = line_index(&tree, "frequency");
        tree.top();
        tree.down(leaf);
        tree.toggle();
        let obj = line_index(&tree, "scheduleParams");
        assert_eq!(tree.cursor(), obj);
        assert_eq!(
            tree.line(obj).unwrap().text(),
            "\"scheduleParams\": { … }, 2 keys"
        );
        assert_eq!(tree.len(), 12);
    }

    #[test]
    fn toggle_on_closing_bracket_folds_its_node() {
        let mut tree = JsonTree::new(&json!({"a": [1, 2]}));
        tree.down(4); // the `]` line
        assert_eq!(tree.line(4).unwrap().text(), "]");
        tree.toggle();
        assert_eq!(texts(&tree), ["{", "  \"a\": [ … ] 2 items", "}"]);
        assert_eq!(tree.cursor(), 1);
    }

    #[test]
    fn collapse_all_keeps_root_open_and_expand_all_restores() {
        let mut tree = JsonTree::new(&sample());
        tree.bottom();
        tree.up(2); // inside scheduleParams
        tree.collapse_all();
        assert_eq!(tree.len(), 9);
        assert!(!tree.line(0).unwrap().folded);
        // The cursor moved to the folded ancestor of the line it was on.
        assert!(
            tree.line(tree.cursor())
                .unwrap()
                .text()
                .contains("scheduleParams")
        );
        tree.expand_all();
        assert_eq!(tree.len(), 15);
    }

    #[test]
    fn search_expands_folded_ancestors_and_cycles() {
        let mut tree = JsonTree::new(&sample());
        tree.collapse_all();
        assert_eq!(tree.search("SC-"), 2);
        assert_eq!(tree.query(), Some("SC-"));
        assert_eq!(tree.len(), 12);
        assert_eq!(tree.current_match(), Some(0));
        assert_eq!(tree.line(tree.cursor()).unwrap().text(), "\"sc-1\",");
        assert!(tree.search_next());
        assert_eq!(tree.line(tree.cursor()).unwrap().text(), "\"sc-2\"");
        assert!(tree.search_next());
        assert_eq!(tree.current_match(), Some(0));
        assert!(tree.search_prev());
        assert_eq!(tree.current_match(), Some(1));

        // Folding the matches away and moving on unfolds them again.
        tree.toggle();
        assert_eq!(tree.len(), 9);
        assert!(tree.search_next());
        assert_eq!(tree.len(), 12);
        assert_eq!(tree.line(tree.cursor()).unwrap().text(), "\"sc-1\",");
    }

    #[test]
    fn search_matches_keys_and_starts_at_cursor() {
        let mut tree = JsonTree::new(&sample());
        let runs = line_index(&tree, "runs");
        tree.down(runs);
        // "o" is in a value before the cursor and in keys and values after it: the first
        // match at or after the cursor wins.
        let n = tree.search("O");
        assert_eq!(n, 4); // "flow-1", owner, sourceConnectionIds, "hour"
        assert_eq!(tree.cursor(), runs + 1);
        assert_eq!(tree.current_match(), Some(1));
        assert_eq!(tree.search("nothing-here"), 0);
        assert!(!tree.search_next());
        assert_eq!(tree.search(""), 0);
        assert_eq!(tree.query(), None);
    }

    #[test]
    fn search_wraps_to_first_match_before_cursor() {
        let mut tree = JsonTree::new(&sample());
        tree.bottom();
        assert_eq!(tree.search("flow"), 1);
        assert_eq!(tree.cursor(), 1);
    }

    #[test]
    fn horizontal_scroll_is_clamped() {
        let mut tree = JsonTree::new(&json!({"k": "0123456789"}));
        // `  "k": "0123456789"` is 19 columns.
        assert_eq!(tree.max_width(), 19);
        tree.right(100);
        assert_eq!(tree.offset_x(), 18);
        tree.set_view_width(10);
        assert_eq!(tree.offset_x(), 9);
        tree.left(4);
        assert_eq!(tree.offset_x(), 5);
        tree.left(100);
        assert_eq!(tree.offset_x(), 0);
        tree.set_view_width(40);
        tree.right(3);
        assert_eq!(tree.offset_x(), 0);
    }

    #[test]
    fn strings_and_keys_are_escaped() {
        let tree = JsonTree::new(&json!({"a\"b": "line\nnext\t\\ \u{1b}[31m \u{85}"}));
        let line = tree.line(1).unwrap();
        assert_eq!(line.segments[0].text, r#""a\"b""#);
        assert_eq!(
            line.segments[2].text,
            r#""line\nnext\t\\ \u001b[31m \u0085""#
        );
        assert_eq!(line.segments[2].kind, SegKind::Str);
    }

    #[test]
    fn find_matches_is_case_insensitive_and_char_safe() {
        let found = |h: &str, q: &str| -> Vec<(usize, usize)> {
            find_matches(h, q)
                .iter()
                .map(|r| (r.start, r.end))
                .collect()
        };
        assert_eq!(found("Flow flow", "FLOW"), [(0, 4), (5, 9)]);
        assert_eq!(found("aaa", "aa"), [(0, 2)]);
        // `İ` lowercases to two chars; the match covers the whole of it.
        assert_eq!(found("xİy", "i"), [(1, 3)]);
        assert_eq!(found("日本語", "本"), [(3, 6)]);
        assert!(found("abc", "").is_empty());
    }

    #[test]
    fn scroll_offset_moves_only_when_cursor_leaves_window() {
        let mut tree = JsonTree::new(&sample());
        tree.keep_cursor_visible(5);
        assert_eq!(tree.scroll_offset(5), 0);
        tree.down(4);
        tree.keep_cursor_visible(5);
        assert_eq!(tree.scroll_offset(5), 0);
        tree.down(3);
        tree.keep_cursor_visible(5);
        assert_eq!(tree.scroll_offset(5), 3);
        tree.up(2);
        tree.keep_cursor_visible(5);
        assert_eq!(tree.scroll_offset(5), 3);
        tree.top();
        assert_eq!(tree.scroll_offset(5), 0);
        assert_eq!(tree.scroll_offset(0), 0);
    }
}

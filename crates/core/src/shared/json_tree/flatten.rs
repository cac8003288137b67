//! Building the nodes from a JSON value, once, and what a line of them looks like:
//! brackets, the folded summary, escaping, and the estimated width of each line.

use serde_json::Value;

use super::{Node, NodeKind, SegKind};

/// Appends `value`'s nodes. Recursion is bounded by serde_json's parser depth limit (128),
/// which every document we show has passed through.
pub(super) fn flatten(
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

pub(super) fn open_bracket(array: bool) -> &'static str {
    if array { "[" } else { "{" }
}

pub(super) fn close_bracket(array: bool) -> &'static str {
    if array { "]" } else { "}" }
}

pub(super) fn folded_brackets(array: bool) -> &'static str {
    if array { "[ … ]" } else { "{ … }" }
}

pub(super) fn summary(children: usize, array: bool) -> String {
    let noun = match (array, children == 1) {
        (true, true) => "item",
        (true, false) => "items",
        (false, true) => "key",
        (false, false) => "keys",
    };
    format!(" {children} {noun}")
}

pub(super) fn line_width(node: &Node, folded: bool) -> usize {
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

/// Columns, over-estimated: see [`JsonTree::max_width`](super::JsonTree::max_width).
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

//! The tree from a few JSON documents: lines as pretty-printed, folding, search, escaping
//! and scrolling.

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

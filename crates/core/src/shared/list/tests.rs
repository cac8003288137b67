//! The list pane's state: paging, refresh, sorting, filtering and scrolling.

use crate::shared::list::*;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::Row;
use serde_json::json;

fn flows(names: &[&str]) -> Vec<Value> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| json!({"id": format!("f{i}"), "name": n, "state": "enabled"}))
        .collect()
}

const COLUMNS: &[Column] = &[
    crate::shared::table::text("NAME", 8, 40, 0),
    crate::shared::table::tag("STATE", 9, 1),
    crate::shared::table::num("IN", 1),
];

/// A list of its own: a name, a state and a count, numbers sorting as numbers.
fn schema() -> Schema {
    Schema {
        columns: COLUMNS,
        row: |_, v, _| {
            let input = v.pointer("/metrics/recordSummary/inputRecordCount");
            let n = input.and_then(Value::as_i64);
            let cells = vec![
                crate::shared::table::s(v, "/name").to_string(),
                crate::shared::table::s(v, "/state").to_string(),
                n.map(|n| n.to_string()).unwrap_or_default(),
            ];
            Some(Row::new(
                crate::shared::table::s(v, "/id").to_string(),
                crate::shared::table::s(v, "/name").to_string(),
                cells,
                vec![None, None, n],
                Vec::new(),
            ))
        },
    }
}

fn list(hidden: Vec<usize>) -> ListView {
    ListView::new(1, ListKind::Flows, Scope::All, schema(), hidden)
}

fn view() -> (ListView, Fuzzy, Names) {
    (list(Vec::new()), Fuzzy::default(), Names::default())
}

#[test]
fn pages_append_and_the_filter_applies_to_new_pages() {
    let (mut v, mut fz, names) = view();
    v.begin_load(1, 0);
    v.set_fuzzy("ord", &mut fz);
    v.push_page(flows(&["Orders", "Customers"]), &names, &mut fz);
    v.push_page(flows(&["Order lines"]), &names, &mut fz);
    assert_eq!(v.len(), 3);
    assert_eq!(v.visible, [0, 2]);
    v.finish(5, &names, &mut fz);
    assert_eq!(v.load, Load::Loaded { at_ms: 5 });
}

#[test]
fn a_refresh_keeps_rows_until_done_and_keeps_the_selection() {
    let (mut v, mut fz, names) = view();
    v.begin_load(1, 0);
    v.push_page(flows(&["A", "B", "C"]), &names, &mut fz);
    v.finish(1, &names, &mut fz);
    v.select(2);
    v.begin_load(2, 2);
    assert!(v.is_refreshing());
    let mut fresh = flows(&["New", "A", "B", "C"]);
    for (i, f) in fresh.iter_mut().enumerate().skip(1) {
        f["id"] = json!(format!("f{}", i - 1));
    }
    fresh[0]["id"] = json!("fnew");
    v.push_page(fresh, &names, &mut fz);
    assert_eq!(v.len(), 3, "old rows stay while the refresh runs");
    v.finish(3, &names, &mut fz);
    assert_eq!(v.len(), 4);
    assert_eq!(v.selected_row().map(|r| r.name()), Some("C"));
}

#[test]
fn sorting_cycles_columns_and_uses_numbers() {
    let mut v = list(Vec::new());
    let (mut fz, names) = (Fuzzy::default(), Names::default());
    let run = |id: &str, input: i64| json!({"id": id, "metrics": {"recordSummary": {"inputRecordCount": input}}});
    v.push_page(
        vec![run("a", 9), run("b", 100), run("c", 20)],
        &names,
        &mut fz,
    );
    for _ in 0..3 {
        v.sort_next(&mut fz);
    }
    assert_eq!(v.sort.map(|s| v_title(s.column)), Some("IN"));
    let ids: Vec<&str> = v
        .visible
        .iter()
        .map(|&i| v.row(i).map_or("", |r| r.id()))
        .collect();
    assert_eq!(ids, ["a", "c", "b"], "9 < 20 < 100, not as text");
    v.sort_reverse(&mut fz);
    let ids: Vec<&str> = v
        .visible
        .iter()
        .map(|&i| v.row(i).map_or("", |r| r.id()))
        .collect();
    assert_eq!(ids, ["b", "c", "a"]);
}

#[test]
fn sorting_skips_the_column_the_scope_leaves_out() {
    let mut v = list(vec![1]);
    let mut fz = Fuzzy::default();
    v.sort_next(&mut fz);
    v.sort_next(&mut fz);
    assert_eq!(v.sort.map(|s| v_title(s.column)), Some("IN"));
}

fn v_title(c: usize) -> &'static str {
    COLUMNS[c].title
}

#[test]
fn failure_keeps_what_was_loaded() {
    let (mut v, mut fz, names) = view();
    v.push_page(flows(&["A"]), &names, &mut fz);
    v.begin_load(2, 0);
    v.fail(
        ErrorInfo {
            status: None,
            code: Some("FLOW-1500".into()),
            message: "boom".into(),
            retry: true,
        },
        1,
    );
    assert_eq!(v.len(), 1);
    assert!(matches!(v.load, Load::Failed { .. }));
}

#[test]
fn scrolling_moves_the_window_only_when_needed() {
    let (mut v, mut fz, names) = view();
    v.push_page(
        flows(&["a", "b", "c", "d", "e", "f", "g", "h"]),
        &names,
        &mut fz,
    );
    v.select(5);
    v.scroll_into_view(3);
    assert_eq!(v.offset, 3);
    v.select(4);
    v.scroll_into_view(3);
    assert_eq!(v.offset, 3);
    v.select(0);
    v.scroll_into_view(3);
    assert_eq!(v.offset, 0);
    v.move_by(100);
    assert_eq!(v.selected, 7);
}

/// The ids of the marked rows, in list order.
fn marked_ids(v: &ListView) -> Vec<String> {
    v.marked_rows().iter().map(|r| r.id().to_string()).collect()
}

#[test]
fn space_marks_the_selected_row_and_moves_down_and_again_unmarks() {
    let (mut v, mut fz, names) = view();
    v.push_page(flows(&["A", "B", "C"]), &names, &mut fz);
    assert!(v.toggle_mark());
    assert!(v.toggle_mark());
    assert_eq!(marked_ids(&v), ["f0", "f1"]);
    assert_eq!(v.selected, 2, "each mark moves down");
    assert_eq!(v.marked(), 2);
    v.select(0);
    v.toggle_mark();
    assert_eq!(marked_ids(&v), ["f1"]);
    assert_eq!(v.clear_marks(), 1);
    assert_eq!(v.marked(), 0);
}

#[test]
fn mark_all_marks_what_the_filter_shows_and_unmarks_when_all_are() {
    let (mut v, mut fz, names) = view();
    v.push_page(
        flows(&["Orders", "Order lines", "Customers"]),
        &names,
        &mut fz,
    );
    v.set_fuzzy("ord", &mut fz);
    assert_eq!(v.mark_all(), marks::MarkAll::Marked(2));
    assert_eq!(marked_ids(&v), ["f0", "f1"], "the hidden row is not marked");
    // Every shown row marked: the same key unmarks them.
    assert_eq!(v.mark_all(), marks::MarkAll::Unmarked(2));
    assert_eq!(v.marked(), 0);
    // One shown row marked already: all of them get marked.
    v.toggle_mark();
    assert_eq!(v.mark_all(), marks::MarkAll::Marked(2));
    assert_eq!(v.marked(), 2);
}

#[test]
fn marks_follow_their_rows_through_sort_filter_and_reload() {
    let (mut v, mut fz, names) = view();
    v.push_page(flows(&["B", "A", "C"]), &names, &mut fz);
    v.finish(1, &names, &mut fz);
    v.select(1);
    v.toggle_mark(); // A
    v.toggle_mark(); // C
    v.sort_next(&mut fz);
    assert_eq!(marked_ids(&v), ["f1", "f2"], "sorted by name: A, then C");
    assert!(v.is_marked("f1") && !v.is_marked("f0"));
    v.set_fuzzy("zzz", &mut fz);
    assert!(v.visible.is_empty());
    assert_eq!(
        v.marked(),
        2,
        "a filter hides marked rows, it does not unmark them"
    );
    v.set_fuzzy("", &mut fz);
    // A reload that no longer brings C: its mark goes; A keeps its own.
    v.begin_load(2, 2);
    let mut fresh = flows(&["B", "A"]);
    fresh[1]["id"] = json!("f1");
    v.push_page(fresh, &names, &mut fz);
    assert_eq!(v.marked(), 2, "unchanged until the reload is complete");
    v.finish(3, &names, &mut fz);
    assert_eq!(marked_ids(&v), ["f1"]);
    // A list emptied for other filters keeps the marks its new rows bring again.
    v.clear();
    v.begin_load(3, 4);
    v.push_page(flows(&["B", "A"]), &names, &mut fz);
    v.finish(5, &names, &mut fz);
    assert_eq!(marked_ids(&v), ["f1"]);
    v.remove_id("f1", &names, &mut fz);
    assert_eq!(v.marked(), 0, "a row removed takes its mark with it");
}

#[test]
fn keep_marks_leaves_only_those_asked_for() {
    let (mut v, mut fz, names) = view();
    v.push_page(flows(&["A", "B", "C"]), &names, &mut fz);
    v.mark_all();
    v.keep_marks(|id| id != "f1");
    assert_eq!(marked_ids(&v), ["f0", "f2"]);
    assert_eq!(v.marked_objects().len(), 2);
}

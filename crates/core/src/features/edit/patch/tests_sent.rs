//! Unit tests of what a patch sends: the operations that change nothing left out (per
//! RFC 6902 op, in order), how the review writes an operation, and the preview's masked
//! secrets that still show as changed.

use json_patch::Patch;
use serde_json::{Value, json};

use crate::features::edit::patch::sent::{describe, no_ops};
use crate::features::edit::patch::template::patch_template;
use crate::features::edit::patch::*;
use crate::shared::jsontext::diff::{Change, preview};
use flowscope_model::redact::{MASK, masked};

fn flow() -> Value {
    json!({
        "id": "f1",
        "etag": "\"e1\"",
        "name": "Orders",
        "description": "nightly",
        "scheduleParams": {"frequency": "minute", "interval": "15", "startTime": 1700000000},
        "transformations": [
            {"name": "Mapping", "params": {"mappingId": "m1", "mappingVersion": 0}}
        ],
        "labels": ["a", "b"]
    })
}

fn patch(ops: Value) -> Patch {
    serde_json::from_value(ops).unwrap()
}

#[test]
fn a_template_with_only_the_name_edited_sends_one_operation() {
    let text = patch_template(ResourceKind::Flow, &flow()).replace("\"Orders\"", "\"Orders v2\"");
    let r = check_patch(ResourceKind::Flow, &flow(), &text);
    assert!(r.ok(), "{:?}", r.findings);
    assert_eq!(r.patch.as_ref().map(|p| p.len()), Some(4));
    assert_eq!(r.left_out, [1, 2, 3]);
    let sent = serde_json::to_value(r.to_send().unwrap()).unwrap();
    assert_eq!(
        sent,
        json!([{"op": "replace", "path": "/name", "value": "Orders v2"}])
    );
    let paths: Vec<String> = r.no_ops().iter().map(|o| o.path().to_string()).collect();
    assert_eq!(
        paths,
        [
            "/description",
            "/scheduleParams/interval",
            "/transformations/0/params/mappingVersion"
        ]
    );
    // What is sent makes the same object as the text.
    let mut made = flow();
    json_patch::patch(&mut made, &r.to_send().unwrap()).unwrap();
    assert_eq!(Some(made), r.after);
}

#[test]
fn which_operations_change_nothing() {
    let cases = [
        // replace: by an equal value only; another spelling of a number is a change.
        (
            json!({"op": "replace", "path": "/name", "value": "Orders"}),
            true,
        ),
        (
            json!({"op": "replace", "path": "/name", "value": "Other"}),
            false,
        ),
        (
            json!({"op": "replace", "path": "/scheduleParams/interval", "value": 15}),
            false,
        ),
        (
            json!({"op": "replace", "path": "/transformations/0/params/mappingVersion", "value": 0.0}),
            false,
        ),
        (
            json!({"op": "replace", "path": "/scheduleParams", "value": {"startTime": 1700000000, "interval": "15", "frequency": "minute"}}),
            true,
        ),
        // add: onto an object member it replaces; into an array it always inserts.
        (
            json!({"op": "add", "path": "/description", "value": "nightly"}),
            true,
        ),
        (
            json!({"op": "add", "path": "/owner", "value": "nightly"}),
            false,
        ),
        (
            json!({"op": "add", "path": "/labels/0", "value": "a"}),
            false,
        ),
        (
            json!({"op": "add", "path": "/labels/-", "value": "b"}),
            false,
        ),
        // remove always takes something away; a test is a condition, kept.
        (json!({"op": "remove", "path": "/description"}), false),
        (
            json!({"op": "test", "path": "/name", "value": "Orders"}),
            false,
        ),
        // move onto itself; copy of an equal value onto an object member.
        (
            json!({"op": "move", "from": "/labels/1", "path": "/labels/1"}),
            true,
        ),
        (
            json!({"op": "move", "from": "/description", "path": "/name"}),
            false,
        ),
        (
            json!({"op": "copy", "from": "/name", "path": "/name"}),
            true,
        ),
        (
            json!({"op": "copy", "from": "/labels/0", "path": "/labels/0"}),
            false,
        ),
        (json!({"op": "replace", "path": "", "value": flow()}), true),
    ];
    for (op, none) in cases {
        let found = no_ops(&flow(), &patch(json!([op.clone()])));
        assert_eq!(found.is_empty(), !none, "{op}");
    }
}

#[test]
fn each_operation_is_judged_on_what_the_ones_before_left() {
    let ops = patch(json!([
        {"op": "replace", "path": "/name", "value": "X"},
        {"op": "replace", "path": "/name", "value": "X"},
        {"op": "replace", "path": "/name", "value": "Orders"},
        {"op": "remove", "path": "/labels/0"},
        {"op": "add", "path": "/labels/0", "value": "b"},
    ]));
    // The second sets what the first did; the third puts the name back, a change by then;
    // the fifth puts back what the fourth removed.
    assert_eq!(no_ops(&flow(), &ops), [1]);
    // Past an operation that does not apply, nothing is judged.
    let ops = patch(json!([
        {"op": "remove", "path": "/missing"},
        {"op": "replace", "path": "/name", "value": "Orders"},
    ]));
    assert!(no_ops(&flow(), &ops).is_empty());
}

#[test]
fn a_masked_value_is_never_a_no_op() {
    // The editor's copy holds the mask where the secret is: writing the mask back would
    // overwrite the real one, so it must never be dropped as "changing nothing".
    let conn = masked(&json!({"name": "c", "auth": {"params": {"password": "p", "host": "h"}}}));
    let ops = patch(json!([
        {"op": "replace", "path": "/auth/params/password", "value": MASK},
        {"op": "replace", "path": "/auth/params", "value": conn["auth"]["params"].clone()},
        {"op": "copy", "from": "/auth/params/password", "path": "/auth/params/password"},
        {"op": "replace", "path": "/auth/params/host", "value": "h"},
    ]));
    assert_eq!(no_ops(&conn, &ops), [3]);
}

#[test]
fn a_patch_that_does_not_apply_leaves_nothing_out() {
    let r = check_patch(
        ResourceKind::Flow,
        &flow(),
        r#"[{"op": "replace", "path": "/name", "value": "Orders"}, {"op": "replace", "path": "/nmae", "value": "x"}]"#,
    );
    assert!(!r.ok() && r.left_out.is_empty());
}

#[test]
fn the_review_writes_each_operation_with_secrets_masked() {
    let cases = [
        (
            json!({"op": "replace", "path": "/name", "value": "Orders v2"}),
            r#"replace /name "Orders v2""#.to_string(),
        ),
        (
            json!({"op": "remove", "path": "/description"}),
            "remove /description".to_string(),
        ),
        (
            json!({"op": "move", "from": "/a", "path": "/b"}),
            "move /b from /a".to_string(),
        ),
        (
            json!({"op": "replace", "path": "/auth/params/password", "value": "hunter2"}),
            format!(r#"replace /auth/params/password "{MASK}""#),
        ),
        (
            json!({"op": "add", "path": "/auth/params/apiKeys/0", "value": "k3y"}),
            format!(r#"add /auth/params/apiKeys/0 "{MASK}""#),
        ),
        (
            json!({"op": "replace", "path": "/auth/params", "value": {"user": "u", "secretKey": "s"}}),
            format!(r#"replace /auth/params {{"user":"u","secretKey":"{MASK}"}}"#),
        ),
    ];
    for (op, shown) in cases {
        assert_eq!(describe(&op), shown);
    }
}

#[test]
fn a_changed_secret_shows_as_a_changed_masked_line() {
    let conn = json!({"name": "SF", "description": "d", "auth": {"specName": "Basic",
        "params": {"username": "u", "password": "old-pass", "environment": "prod"}},
        "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8});
    let before = masked(&conn);
    let mut after = before.clone();
    after["auth"]["params"]["password"] = json!("new-pass");
    let lines = preview(&before, &after, 1);
    let changed: Vec<(Change, &str)> = lines
        .iter()
        .filter(|l| l.change != Change::Same)
        .map(|l| (l.change, l.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (
                Change::Removed,
                format!(r#"      "password": "{MASK}","#).as_str()
            ),
            (
                Change::Added,
                format!(r#"      "password": "{MASK}" (changed),"#).as_str()
            ),
        ]
    );
    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(!all.contains("pass\""), "{all}");
    // Untouched, a secret is one of the unchanged lines; added, a plain added line.
    assert!(
        preview(&before, &before, 1)
            .iter()
            .all(|l| l.change == Change::Same)
    );
    let mut added = before.clone();
    added["auth"]["params"]["token"] = json!("t0k");
    let lines = preview(&before, &added, 1);
    let plus: Vec<&str> = lines
        .iter()
        .filter(|l| l.change == Change::Added)
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        plus.contains(&format!(r#"      "token": "{MASK}""#).as_str()),
        "{plus:?}"
    );
    assert!(
        !plus
            .iter()
            .any(|l| l.contains("changed") || l.contains("t0k"))
    );
}

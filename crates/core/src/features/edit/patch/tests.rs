//! Unit tests of the patch editor's validator, preview diff and template.

use serde_json::{Value, json};

use crate::features::edit::patch::template::patch_template;
use crate::features::edit::patch::validate::is_read_only;
use crate::features::edit::patch::*;
use crate::shared::jsontext::diff::{Change, diff};

fn flow() -> Value {
    json!({
        "id": "f1",
        "etag": "\"e1\"",
        "name": "Orders",
        "description": "nightly",
        "state": "enabled",
        "flowSpec": {"id": "fs", "version": "1.0"},
        "inheritedAttributes": {"sourceConnections": []},
        "scheduleParams": {"frequency": "minute", "interval": "15", "startTime": 1700000000},
        "transformations": [
            {"name": "Mapping", "params": {"mappingId": "m1", "mappingVersion": 0}}
        ]
    })
}

fn base_connection() -> Value {
    json!({
        "id": "c1",
        "name": "Blob",
        "description": "landing",
        "auth": {"specName": "SAS", "params": {"sasUri": "https://secret.example/?sig=abc", "container": "x"}}
    })
}

fn on_flow(text: &str) -> Report {
    check_patch(ResourceKind::Flow, &flow(), text)
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn warnings(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect()
}

/// The single error of a report, for assertions on its position and text.
fn only_error(r: &Report) -> &Finding {
    let e = errors(r);
    assert_eq!(e.len(), 1, "expected one error, got {:?}", r.findings);
    e[0]
}

#[test]
fn syntax_error_points_at_the_missing_comma() {
    let text = "[\n  {\"op\": \"replace\", \"path\": \"/name\", \"value\": \"a\"}\n  {\"op\": \"remove\", \"path\": \"/description\"}\n]";
    let r = on_flow(text);
    let e = only_error(&r);
    assert_eq!((e.line, e.column), (3, 3));
    assert_eq!(e.message, "JSON syntax: expected `,` or `]`");
    assert!(r.patch.is_none() && r.after.is_none() && !r.ok());
}

#[test]
fn syntax_error_column_counts_chars_not_bytes() {
    let text = "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"é\" x}]";
    let e = on_flow(text).findings[0].clone();
    assert_eq!((e.line, e.column), (1, 50));
}

#[test]
fn empty_text_is_an_error() {
    let r = on_flow("  \n ");
    assert!(only_error(&r).message.starts_with("the patch is empty"));
}

#[test]
fn top_level_must_be_an_array() {
    let r = on_flow("\n{\"op\": \"add\"}");
    let e = only_error(&r);
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (1, 1, "a JSON Patch is an array of operations")
    );
}

#[test]
fn empty_array_is_an_error() {
    let r = on_flow("[1]");
    assert!(
        only_error(&r)
            .message
            .starts_with("an operation is an object")
    );
    let r = on_flow("[]");
    assert!(only_error(&r).message.contains("no operations"));
    assert!(!r.ok());
}

#[test]
fn bad_op_name_points_at_its_line() {
    let text = "[\n  {\"op\": \"replace\", \"path\": \"/name\", \"value\": \"a\"},\n  {\"op\": \"foo\", \"path\": \"/name\"}\n]";
    let r = on_flow(text);
    let e = only_error(&r);
    assert_eq!(e.line, 3);
    assert_eq!(
        e.message,
        "unknown op `foo`: add, remove, replace, move, copy or test"
    );
    assert!(r.patch.is_none());
}

#[test]
fn missing_value_points_at_its_element() {
    let text = "[\n  {\"op\": \"remove\", \"path\": \"/description\"},\n  {\"op\": \"replace\", \"path\": \"/name\"}\n]";
    let e = only_error(&on_flow(text)).clone();
    assert_eq!((e.line, e.column), (3, 3));
    assert_eq!(e.message, "`replace` needs a `value`");
}

#[test]
fn bad_pointer_points_at_the_path_value() {
    let text = "[\n  {\"op\": \"replace\",\n   \"path\": \"name\", \"value\": 1}\n]";
    let e = only_error(&on_flow(text)).clone();
    assert_eq!((e.line, e.column), (3, 12));
    assert!(e.message.contains("not a JSON pointer"), "{}", e.message);
    let bad_escape = r#"[{"op": "remove", "path": "/a~2b"}]"#;
    let r = on_flow(bad_escape);
    assert!(only_error(&r).message.contains("bad escape"));
}

#[test]
fn unknown_member_is_a_warning_with_a_hint() {
    let text = r#"[{"op": "replace", "path": "/name", "value": "B", "vaule": 1}]"#;
    let r = on_flow(text);
    assert!(r.ok());
    let w = warnings(&r);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].column, 51);
    assert!(
        w[0].message.contains("did you mean `value`"),
        "{}",
        w[0].message
    );
}

#[test]
fn ops_are_case_insensitive_like_the_service() {
    let r = on_flow(r#"[{"op": "Replace", "path": "/name", "value": "B"}]"#);
    assert!(r.ok(), "{:?}", r.findings);
}

#[test]
fn missing_path_suggests_the_closest_sibling() {
    let text =
        "[\n  {\"op\": \"replace\", \"path\": \"/scheduleParams/intervall\", \"value\": \"30\"}\n]";
    let r = on_flow(text);
    let e = only_error(&r);
    assert_eq!((e.line, e.column), (2, 29));
    assert_eq!(
        e.message,
        "`/scheduleParams/intervall` does not exist (did you mean `/scheduleParams/interval`?)"
    );
    assert!(r.patch.is_some() && r.after.is_none());
}

#[test]
fn add_needs_an_existing_parent_and_index() {
    let r = on_flow(r#"[{"op": "add", "path": "/options/retries/max", "value": 3}]"#);
    assert!(
        only_error(&r).message.contains("`/options` does not exist"),
        "{:?}",
        r.findings
    );
    let r = on_flow(r#"[{"op": "add", "path": "/transformations/5", "value": {}}]"#);
    assert!(only_error(&r).message.contains("past the end"));
    let r = on_flow(r#"[{"op": "remove", "path": "/transformations/3/params"}]"#);
    assert_eq!(
        only_error(&r).message,
        "`/transformations/3/params` cannot be reached: `/transformations/3` does not exist: `/transformations` has 1 item"
    );
    let r = on_flow(r#"[{"op": "add", "path": "/transformations/-", "value": {"name": "x"}}]"#);
    assert!(r.ok(), "{:?}", r.findings);
}

#[test]
fn read_only_members_are_errors() {
    for (path, expect) in [
        ("/id", "`/id` is read-only: the service manages it"),
        ("/etag", "`/etag` is read-only: the service manages it"),
        (
            "/inheritedAttributes/x",
            "`/inheritedAttributes/x` is read-only: the service manages it",
        ),
        (
            "/state",
            "`/state` is read-only: the service manages it; use enable/disable instead",
        ),
    ] {
        let text = format!(r#"[{{"op": "add", "path": "{path}", "value": "x"}}]"#);
        let r = on_flow(&text);
        assert_eq!(only_error(&r).message, expect);
        assert!(!r.ok());
    }
    assert!(is_read_only("/etag") && is_read_only("/inheritedAttributes/a/b"));
    assert!(!is_read_only("/name") && !is_read_only("") && !is_read_only("etag"));
}

#[test]
fn non_patchable_member_is_an_error() {
    // One error per blocked op: it is not applied, so nothing after it reports noise.
    let r = on_flow(r#"[{"op": "replace", "path": "/scheduleParms/interval", "value": "3"}]"#);
    assert!(
        only_error(&r)
            .message
            .ends_with("(did you mean `/scheduleParams`?)")
    );
    let r = on_flow(r#"[{"op": "add", "path": "", "value": {}}]"#);
    assert!(
        only_error(&r)
            .message
            .starts_with("the whole flow cannot be replaced")
    );
    let r = on_flow(r#"[{"op": "add", "path": "/foo", "value": 1}]"#);
    assert!(
        only_error(&r)
            .message
            .starts_with("`/foo` cannot be patched on a flow")
    );
    let r = check_patch(
        ResourceKind::Connection,
        &base_connection(),
        r#"[{"op": "replace", "path": "/nmae", "value": "x"}]"#,
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("did you mean `/name`")),
        "{:?}",
        r.findings
    );
    let r = check_patch(
        ResourceKind::SourceConnection,
        &json!({"name": "s", "auth": {}}),
        r#"[{"op": "remove", "path": "/auth"}]"#,
    );
    assert!(
        only_error(&r)
            .message
            .contains("cannot be patched on a source connection")
    );
}

#[test]
fn schedule_type_change_is_a_warning() {
    let text = r#"[{"op": "replace", "path": "/scheduleParams/interval", "value": 30}]"#;
    let r = on_flow(text);
    assert!(r.ok());
    let w = warnings(&r);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message
            .starts_with("`/scheduleParams/interval` is a string now; the new value is a number")
    );
    let r = on_flow(r#"[{"op": "replace", "path": "/description", "value": null}]"#);
    assert_eq!(warnings(&r).len(), 1);
}

#[test]
fn no_op_patch_is_a_warning() {
    let r = on_flow(r#"[{"op": "replace", "path": "/name", "value": "Orders"}]"#);
    assert!(r.ok());
    assert_eq!(warnings(&r)[0].message, "the patch changes nothing");
}

#[test]
fn failing_test_op_is_an_error() {
    let r = on_flow(r#"[{"op": "test", "path": "/name", "value": "X"}]"#);
    assert!(
        r.findings
            .iter()
            .any(|f| f.message == "test failed: `/name` is \"Orders\"")
    );
    assert!(r.after.is_none() && !r.ok());
}

#[test]
fn ops_the_service_rejects_are_errors() {
    let r = on_flow(r#"[{"op": "copy", "from": "/name", "path": "/description"}]"#);
    assert!(only_error(&r).message.contains("rejects `copy`"));
    assert!(r.after.is_some());
}

#[test]
fn service_rules_on_the_result() {
    let r = on_flow(r#"[{"op": "replace", "path": "/scheduleParams/interval", "value": "5"}]"#);
    assert!(only_error(&r).message.contains("at least 15"));
    let r = on_flow(r#"[{"op": "replace", "path": "/name", "value": " "}]"#);
    assert!(only_error(&r).message.contains("non-empty"));
}

#[test]
fn valid_rename() {
    let r = on_flow(r#"[{"op": "replace", "path": "/name", "value": "Orders v2"}]"#);
    assert!(r.ok() && r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(
        r.after.as_ref().and_then(|a| a.get("name")),
        Some(&json!("Orders v2"))
    );
    assert_eq!(r.patch.map(|p| p.len()), Some(1));
}

#[test]
fn ops_apply_in_order() {
    let text = r#"[
  {"op": "add", "path": "/labels", "value": ["a"]},
  {"op": "replace", "path": "/labels/0", "value": "b"},
  {"op": "add", "path": "/labels/-", "value": "c"}
]"#;
    let r = on_flow(text);
    assert!(r.ok() && r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(
        r.after.and_then(|a| a.get("labels").cloned()),
        Some(json!(["b", "c"]))
    );
}

#[test]
fn document_rename_yields_one_replace() {
    let mut edited = flow();
    edited["name"] = json!("Orders v2");
    let text = serde_json::to_string_pretty(&edited).unwrap();
    let r = patch_from_document(ResourceKind::Flow, &flow(), &text);
    assert!(r.ok() && r.findings.is_empty(), "{:?}", r.findings);
    // Only what changed is sent: nothing is left out because nothing was a no-op.
    assert!(r.left_out.is_empty());
    let expected: json_patch::Patch =
        serde_json::from_value(json!([{"op": "replace", "path": "/name", "value": "Orders v2"}]))
            .unwrap();
    assert_eq!(r.to_send(), Some(expected.clone()));
    assert_eq!(r.patch, Some(expected));
    assert_eq!(r.after, Some(edited));
}

#[test]
fn document_drops_read_only_edits_with_their_lines() {
    let mut edited = flow();
    edited["state"] = json!("disabled");
    edited["id"] = json!("other");
    edited["description"] = json!("hourly");
    let text = serde_json::to_string_pretty(&edited).unwrap();
    let r = patch_from_document(ResourceKind::Flow, &flow(), &text);
    let w = warnings(&r);
    assert_eq!(w.len(), 2, "{:?}", r.findings);
    assert_eq!(
        (w[0].line, w[0].column, w[0].message.as_str()),
        (
            2,
            3,
            "`/id` is read-only (the service manages it); left out"
        )
    );
    assert_eq!(
        (w[1].line, w[1].message.as_str()),
        (
            6,
            "`/state` is read-only (the service manages it); left out"
        )
    );
    assert!(r.ok());
    assert_eq!(r.patch.map(|p| p.len()), Some(1));
    assert_eq!(
        r.after.and_then(|a| a.get("state").cloned()),
        Some(json!("enabled"))
    );
}

#[test]
fn document_syntax_error_and_no_changes() {
    let text = "{\n  \"name\": \"a\"\n  \"id\": 1\n}";
    let e = only_error(&patch_from_document(ResourceKind::Flow, &flow(), text)).clone();
    assert_eq!((e.line, e.column), (3, 3));
    let same = serde_json::to_string_pretty(&flow()).unwrap();
    let r = patch_from_document(ResourceKind::Flow, &flow(), &same);
    assert!(r.patch.is_none() && !r.ok());
    assert_eq!(warnings(&r)[0].message, "no changes to send");
    let r = patch_from_document(ResourceKind::Flow, &flow(), "[1]");
    assert!(only_error(&r).message.contains("JSON object"));
}

#[test]
fn diff_one_line_change_with_folded_context() {
    let before = json!({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8});
    let mut after = before.clone();
    after["e"] = json!(50);
    let lines = diff(&before, &after, 1);
    let removed: Vec<_> = lines
        .iter()
        .filter(|l| l.change == Change::Removed)
        .collect();
    let added: Vec<_> = lines.iter().filter(|l| l.change == Change::Added).collect();
    assert_eq!(removed.len(), 1);
    assert_eq!(added.len(), 1);
    assert_eq!(removed[0].text, "  \"e\": 5,");
    assert_eq!(added[0].text, "  \"e\": 50,");
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "… 4 unchanged lines …",
            "  \"d\": 4,",
            "  \"e\": 5,",
            "  \"e\": 50,",
            "  \"f\": 6,",
            "… 3 unchanged lines …"
        ]
    );
}

#[test]
fn diff_of_identical_values_is_all_same() {
    let v = flow();
    let lines = diff(&v, &v, 2);
    assert!(lines.iter().all(|l| l.change == Change::Same));
    assert_eq!(lines.len(), 1);
    assert!(lines[0].text.contains("unchanged lines"));
    assert_eq!(diff(&v, &v, usize::MAX).len(), 28);
    let small = diff(&json!({"a": 1}), &json!({"a": 1}), 3);
    assert_eq!(small.len(), 3);
}

#[test]
fn diff_of_large_inputs_is_bounded() {
    let before = Value::Array((0..20_000).map(Value::from).collect());
    let mut after = before.clone();
    after[10_000] = json!("x");
    let lines = diff(&before, &after, 3);
    assert_eq!(lines.iter().filter(|l| l.change != Change::Same).count(), 2);
    // Entirely different large inputs take the "replaced" fallback.
    let other = Value::Array((0..20_000).map(|i| Value::from(format!("s{i}"))).collect());
    let lines = diff(&before, &other, 3);
    assert_eq!(
        lines.iter().filter(|l| l.change == Change::Removed).count(),
        20_000
    );
    assert_eq!(
        lines.iter().filter(|l| l.change == Change::Added).count(),
        20_000
    );
}

#[test]
fn flow_template_is_a_no_op() {
    let text = patch_template(ResourceKind::Flow, &flow());
    assert!(
        text.contains("/scheduleParams/interval")
            && text.contains("/transformations/0/params/mappingVersion")
    );
    let r = on_flow(&text);
    assert!(r.ok() && errors(&r).is_empty());
    let w = warnings(&r);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].message, "the patch changes nothing");
    let bare = json!({"name": "n"});
    assert_eq!(patch_template(ResourceKind::Flow, &bare).lines().count(), 3);
}

#[test]
fn connection_template_never_echoes_a_secret() {
    let text = patch_template(ResourceKind::Connection, &base_connection());
    assert!(!text.contains("sig=abc"), "{text}");
    assert!(
        !text.contains("sasUri"),
        "no op on a credential at all: {text}"
    );
    let r = check_patch(ResourceKind::Connection, &base_connection(), &text);
    assert!(r.patch.is_some() && !r.has_errors(), "{:?}", r.findings);
    let plain = json!({"name": "n", "auth": {"params": {"Host": "db.example"}}});
    let text = patch_template(ResourceKind::Connection, &plain);
    assert!(text.contains("db.example"));
    let nested = json!({"name": "n", "auth": {"params": {"creds": {"clientSecret": "s3"}}}});
    assert!(!patch_template(ResourceKind::Connection, &nested).contains("s3"));
}

#[test]
fn truncated_and_mangled_input_never_panics() {
    let text = r#"[
  {"op": "replace", "path": "/name", "value": "Ñame \"q\" \\ ~1"},
  {"op": "add", "path": "/transformations/0/params/x~1y", "value": {"a": [1, 2, {"b": null}]}},
  {"op": "test", "path": "/scheduleParams/interval", "value": "15"},
  {"op": "move", "from": "/labels", "path": "/labels"}
]"#;
    for (i, _) in text.char_indices() {
        let prefix = &text[..i];
        let _ = on_flow(prefix);
        let _ = patch_from_document(ResourceKind::Flow, &flow(), prefix);
    }
    // Deterministic byte mangling (xorshift), kept to valid UTF-8.
    let mut seed = 0x9e37_79b9_u32;
    let alphabet = [
        '[', ']', '{', '}', '"', ',', ':', '\\', '/', '~', '0', '-', ' ', '\n',
    ];
    for _ in 0..2_000 {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let at = seed as usize % chars.len();
            chars[at] = alphabet[(seed >> 8) as usize % alphabet.len()];
        }
        let s: String = chars.into_iter().collect();
        let r = on_flow(&s);
        assert!(r.findings.iter().all(|f| f.line >= 1 && f.column >= 1));
        let _ = patch_from_document(ResourceKind::Connection, &base_connection(), &s);
    }
}

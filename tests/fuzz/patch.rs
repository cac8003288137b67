//! The patch editor's validator (`app::patch`): JSON Patch text and whole documents,
//! written from the RFC 6902 grammar against the demo objects, mutated, or arbitrary. It
//! never panics; every finding points inside the text; and it agrees with the emulator,
//! which enforces the same rules: what the editor would send, the service applies to the
//! same object (without the operations that change nothing, none of which is sent), and
//! a patch the editor refuses, the service refuses too. Switching a sendable patch to
//! document mode and back sends the same change.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

use flowscope::app::features::edit::patch::sent::no_ops;
use flowscope::app::features::edit::patch::{
    Report, ResourceKind, check_patch, patch_from_document,
};
use flowscope::app::features::edit::spec::PatchSpec;
use flowscope::app::shared::editor::spec::{EditSpec, Mode};
use flowscope::app::shared::jsontext::Severity;
use flowscope::emulator::patch::apply;
use flowscope::model::redact::masked;

use super::inputs::{
    JsonEdit, TextEdit, any_text, edit_json, edit_text, errors, findings_are_sound, json_edits,
    json_value, seeded, text_edits,
};

const KINDS: [ResourceKind; 4] = [
    ResourceKind::Flow,
    ResourceKind::Connection,
    ResourceKind::SourceConnection,
    ResourceKind::TargetConnection,
];

/// Member names worth drawing: patchable, read-only, near-misses and nested ones.
const WORDS: &[&str] = &[
    "name",
    "description",
    "scheduleParams",
    "frequency",
    "interval",
    "startTime",
    "transformations",
    "labels",
    "policy",
    "options",
    "auth",
    "params",
    "data",
    "id",
    "etag",
    "state",
    "connectionSpec",
    "nmae",
    "op",
    "path",
    "value",
    "from",
];

fn base(kind: ResourceKind, i: usize) -> Value {
    let s = seeded();
    let list = match kind {
        ResourceKind::Flow => &s.flows,
        ResourceKind::Connection => &s.connections,
        ResourceKind::SourceConnection => &s.source_connections,
        ResourceKind::TargetConnection => &s.target_connections,
    };
    list.get(i % list.len().max(1))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Every pointer into `v`, a few levels deep.
fn pointers(v: &Value, prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    let children: Vec<(String, &Value)> = match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            .collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (k, child) in children {
        let p = format!("{prefix}/{k}");
        out.push(p.clone());
        pointers(child, &p, depth - 1, out);
    }
}

/// A path, resolved against the object when the case is checked.
#[derive(Clone, Debug)]
enum PathSpec {
    /// The n-th pointer of the object, maybe with one more token after it.
    Existing(usize, Option<&'static str>),
    /// The same among pointers under a member the resource lets a patch touch.
    Patchable(usize, Option<&'static str>),
    /// `/<word>` plus tokens.
    Word(&'static str, Vec<&'static str>),
    Raw(String),
}

const SUFFIXES: &[&str] = &[
    "-", "0", "1", "01", "99", "new", "~0", "~1x", "~", "~2", "", "+1",
];

fn path_spec() -> impl Strategy<Value = PathSpec> {
    prop_oneof![
        2 => (any::<usize>(), prop::option::of(select(SUFFIXES)))
            .prop_map(|(i, s)| PathSpec::Existing(i, s)),
        4 => (any::<usize>(), prop::option::weighted(0.3, select(SUFFIXES)))
            .prop_map(|(i, s)| PathSpec::Patchable(i, s)),
        2 => (select(WORDS), vec(select(SUFFIXES), 0..2))
            .prop_map(|(w, s)| PathSpec::Word(w, s)),
        1 => any_text(10).prop_map(PathSpec::Raw),
    ]
}

fn resolve(p: &PathSpec, doc: &Value, kind: ResourceKind) -> String {
    match p {
        PathSpec::Existing(i, suffix) | PathSpec::Patchable(i, suffix) => {
            let mut all = Vec::new();
            pointers(doc, "", 3, &mut all);
            if matches!(p, PathSpec::Patchable(..)) {
                all.retain(|ptr| {
                    let top = ptr.split('/').nth(1).unwrap_or_default();
                    kind.patchable().contains(&top)
                });
                // Members the resource has not yet: `add` creates them.
                all.extend(kind.patchable().iter().map(|m| format!("/{m}")));
            }
            let base = all.get(i % all.len().max(1)).cloned().unwrap_or_default();
            match suffix {
                Some(s) => format!("{base}/{s}"),
                None => base,
            }
        }
        PathSpec::Word(w, rest) => {
            let mut p = format!("/{w}");
            for r in rest {
                p.push('/');
                p.push_str(r);
            }
            p
        }
        PathSpec::Raw(s) => s.clone(),
    }
}

#[derive(Clone, Debug)]
struct OpSpec {
    op: &'static str,
    path: Option<PathSpec>,
    value: Option<Value>,
    from: Option<PathSpec>,
    extra: Option<(String, Value)>,
}

fn op_spec() -> impl Strategy<Value = OpSpec> {
    let value = prop_oneof![
        2 => "[A-Za-z0-9 ]{0,12}".prop_map(Value::String),
        1 => Just(Value::Null),
        3 => json_value(WORDS),
    ];
    (
        prop_oneof![
            6 => select(&["add", "replace", "remove"][..]),
            1 => select(&["move", "copy", "test", "Replace", "ADD", "delete", ""][..]),
        ],
        prop::option::weighted(0.95, path_spec()),
        prop::option::weighted(0.8, value),
        prop::option::weighted(0.2, path_spec()),
        prop::option::weighted(
            0.1,
            (select(WORDS).prop_map(str::to_string), json_value(WORDS)),
        ),
    )
        .prop_map(|(op, path, value, from, extra)| OpSpec {
            op,
            path,
            value,
            from,
            extra,
        })
}

/// An operation the service takes, most of the time: add, replace or remove of a member a
/// patch may touch, with a value.
fn sendable_op() -> impl Strategy<Value = OpSpec> {
    let value = prop_oneof![
        3 => "[A-Za-z0-9 ]{1,12}".prop_map(Value::String),
        1 => json_value(WORDS),
    ];
    (
        select(&["add", "replace", "remove"][..]),
        any::<usize>(),
        prop::option::weighted(0.1, Just("-")),
        value,
    )
        .prop_map(|(op, i, suffix, value)| OpSpec {
            op,
            path: Some(PathSpec::Patchable(i, suffix)),
            value: Some(value),
            from: None,
            extra: None,
        })
}

fn ops_json(ops: &[OpSpec], doc: &Value, kind: ResourceKind) -> Value {
    Value::Array(
        ops.iter()
            .map(|o| {
                let mut m = Map::new();
                m.insert("op".into(), Value::String(o.op.to_string()));
                if let Some(p) = &o.path {
                    m.insert("path".into(), Value::String(resolve(p, doc, kind)));
                }
                if let Some(v) = &o.value {
                    m.insert("value".into(), v.clone());
                }
                if let Some(f) = &o.from {
                    m.insert("from".into(), Value::String(resolve(f, doc, kind)));
                }
                if let Some((k, v)) = &o.extra {
                    m.insert(k.clone(), v.clone());
                }
                Value::Object(m)
            })
            .collect(),
    )
}

#[derive(Clone, Debug)]
enum Text {
    Patch { ops: Vec<OpSpec>, pretty: bool },
    PatchMutated(Vec<OpSpec>, Vec<TextEdit>),
    Document { edits: Vec<JsonEdit>, pretty: bool },
    DocumentMutated(Vec<JsonEdit>, Vec<TextEdit>),
    Arbitrary(String),
}

#[derive(Clone, Debug)]
struct Case {
    kind: usize,
    object: usize,
    text: Text,
}

fn case() -> impl Strategy<Value = Case> {
    let text = prop_oneof![
        2 => (vec(op_spec(), 0..5), any::<bool>()).prop_map(|(ops, pretty)| Text::Patch { ops, pretty }),
        2 => (vec(sendable_op(), 1..4), any::<bool>())
            .prop_map(|(ops, pretty)| Text::Patch { ops, pretty }),
        2 => (vec(op_spec(), 1..4), text_edits(3)).prop_map(|(o, e)| Text::PatchMutated(o, e)),
        2 => (json_edits(WORDS, 3), any::<bool>())
            .prop_map(|(edits, pretty)| Text::Document { edits, pretty }),
        1 => (json_edits(WORDS, 2), text_edits(3)).prop_map(|(j, e)| Text::DocumentMutated(j, e)),
        1 => any_text(60).prop_map(Text::Arbitrary),
    ];
    (0..KINDS.len(), any::<usize>(), text).prop_map(|(kind, object, text)| Case {
        kind,
        object,
        text,
    })
}

fn render(v: &Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(v).unwrap_or_default()
    } else {
        v.to_string()
    }
}

/// Members the service sets on every change; they differ between two applications.
fn without_bookkeeping(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["etag", "version", "updatedAt", "updatedBy", "lastOperation"] {
            m.shift_remove(k);
        }
    }
    v
}

/// The editor's mode switch: a sendable patch, written as the document it makes and back
/// as operations, still makes the same object.
fn modes_agree(kind: ResourceKind, doc: &Value, text: &str) -> Result<(), TestCaseError> {
    let spec = PatchSpec::new(kind, "fuzz", doc);
    let Some(sent) = spec.check(Mode::Patch, text).payload else {
        return Ok(());
    };
    let document = spec
        .convert(Mode::Patch, text, Mode::Document)
        .map_err(|e| TestCaseError::fail(format!("a sendable patch has no document: {e}")))?;
    let back = spec
        .convert(Mode::Document, &document, Mode::Patch)
        .map_err(|e| TestCaseError::fail(format!("its document does not convert back: {e}")))?;
    let again = spec.check(Mode::Patch, &back).payload;
    let made = |ops: &Value| {
        let mut v = masked(doc);
        let patch: Option<json_patch::Patch> = serde_json::from_value(ops.clone()).ok();
        patch.map(|p| json_patch::patch(&mut v, &p).map(|()| v))
    };
    match again {
        Some(again) => prop_assert_eq!(
            made(&sent).and_then(Result::ok),
            made(&again).and_then(Result::ok),
            "patch {} became {}",
            text,
            back
        ),
        None => {
            return Err(TestCaseError::fail(format!(
                "{text} is sendable, but through document mode it is not: {back}"
            )));
        }
    }
    Ok(())
}

/// What the editor would send, the emulator applies, with the same result.
fn emulator_agrees(
    kind: ResourceKind,
    doc: &Value,
    r: &Report,
    text: &str,
) -> Result<(), TestCaseError> {
    // The operations that change nothing are left out of what is sent, and none is left
    // in it; the rest alone must make the same object (an empty rest is never sent).
    if r.ok()
        && let Some(sent) = r.to_send()
    {
        prop_assert!(
            no_ops(doc, &sent).is_empty(),
            "{} still sends an operation that changes nothing",
            text
        );
    }
    match (r.to_send(), &r.after) {
        (Some(patch), Some(after)) if r.ok() && !patch.is_empty() => {
            let body = serde_json::to_vec(&patch).unwrap_or_default();
            match apply(kind, doc, &body, 1, "fuzz") {
                Ok(stored) => prop_assert_eq!(
                    without_bookkeeping(&stored),
                    without_bookkeeping(after),
                    "the emulator stored something else for {}",
                    String::from_utf8_lossy(&body)
                ),
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "the editor would send {text:?}, the service refuses it: {e:?}"
                    )));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn check(case: Case) -> Result<(), TestCaseError> {
    let kind = KINDS[case.kind];
    let doc = base(kind, case.object);
    let document = |edits: &[JsonEdit]| {
        // Edits land in the object's members, or anywhere when the path runs out.
        edit_json(&doc, edits)
    };
    let (text, patch_mode) = match &case.text {
        Text::Patch { ops, pretty } => (render(&ops_json(ops, &doc, kind), *pretty), true),
        Text::PatchMutated(ops, e) => (
            edit_text(&render(&ops_json(ops, &doc, kind), true), e),
            true,
        ),
        Text::Document { edits, pretty } => (render(&document(edits), *pretty), false),
        Text::DocumentMutated(j, e) => (edit_text(&render(&document(j), true), e), false),
        Text::Arbitrary(s) => (s.clone(), case.object.is_multiple_of(2)),
    };
    if patch_mode {
        let r = check_patch(kind, &doc, &text);
        findings_are_sound(&text, &r.findings)?;
        prop_assert!(!r.ok() || !r.has_errors());
        let parsed = serde_json::from_str::<Value>(&text).ok();
        if parsed.is_none() {
            prop_assert!(r.has_errors(), "{text:?} is not JSON yet passes");
        }
        emulator_agrees(kind, &doc, &r, &text)?;
        modes_agree(kind, &doc, &text)?;
        // A JSON array the editor refuses, the service refuses as well, so an error in
        // the editor never stands between the user and a change the service would take.
        if let Some(Value::Array(_)) = &parsed
            && r.findings.iter().any(|f| f.severity == Severity::Error)
            && let Ok(stored) = apply(kind, &doc, text.as_bytes(), 1, "fuzz")
        {
            return Err(TestCaseError::fail(format!(
                "the editor refuses {text} ({:?}) but the service stores {stored}",
                errors(&r.findings)
            )));
        }
    } else {
        let r = patch_from_document(kind, &doc, &text);
        findings_are_sound(&text, &r.findings)?;
        prop_assert!(!r.ok() || !r.has_errors());
        emulator_agrees(kind, &doc, &r, &text)?;
        if let (Some(after), Ok(edited)) = (&r.after, serde_json::from_str::<Value>(&text))
            && r.ok()
        {
            // Every patchable member the document changed is carried over as written.
            for member in kind.patchable() {
                if !flowscope::app::features::edit::patch::validate::READ_ONLY.contains(member) {
                    prop_assert_eq!(after.get(*member), edited.get(*member), "member {}", member);
                }
            }
        }
        if let Ok(edited) = serde_json::from_str::<Value>(&text)
            && edited == doc
        {
            prop_assert!(r.patch.is_none(), "the object as it is gives a patch");
        }
    }
    Ok(())
}

#[test]
fn patch_validator() {
    super::fuzz("patch::patch_validator", super::CASES, case(), check);
}

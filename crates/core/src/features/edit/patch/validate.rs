//! Checks the patch editor's text (a JSON Patch, or the whole edited object) against the
//! last fetched object and the Flow Service's PATCH rules, so problems are pointed at in
//! the text before anything is sent.

use crate::shared::jsontext::Finding;
use crate::shared::jsontext::Severity;
use json_patch::Patch;
use serde_json::Value;

use crate::features::edit::patch::rules::{OpPos, apply_checked};
use crate::features::edit::patch::sent::no_ops;
use crate::shared::jsontext::{
    ElementSpan, array_elements, closest, join_pointer, line_col, object_members, offset_of,
    parse_pointer,
};

/// The rules live in the model, shared with the emulator that enforces them.
pub use flowscope_model::patchable::{READ_ONLY, Resource as ResourceKind};

/// Whether the JSON pointer's first segment is a server-managed member.
pub fn is_read_only(path: &str) -> bool {
    parse_pointer(path)
        .ok()
        .and_then(|t| t.into_iter().next())
        .is_some_and(|top| READ_ONLY.contains(&top.as_str()))
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Sorted by (line, column).
    pub findings: Vec<Finding>,
    /// The parsed patch when the text is a valid RFC 6902 document (even if it has warnings).
    pub patch: Option<Patch>,
    /// The object with the patch applied locally, when it applies cleanly.
    pub after: Option<Value>,
    /// Positions in `patch` of the operations that change nothing, left out of what is
    /// sent (see `sent::no_ops`); empty unless the patch applies.
    pub left_out: Vec<usize>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Sendable: parsed, applies, no errors (warnings allowed).
    pub fn ok(&self) -> bool {
        self.patch.is_some() && self.after.is_some() && !self.has_errors()
    }

    /// The operations to send: the patch without those that change nothing.
    pub fn to_send(&self) -> Option<Patch> {
        self.patch.as_ref().map(|p| {
            Patch(
                p.iter()
                    .enumerate()
                    .filter(|(i, _)| !self.left_out.contains(i))
                    .map(|(_, op)| op.clone())
                    .collect(),
            )
        })
    }

    /// The operations that change nothing, in the order written.
    pub fn no_ops(&self) -> Vec<json_patch::PatchOperation> {
        self.patch.as_ref().map_or_else(Vec::new, |p| {
            self.left_out
                .iter()
                .filter_map(|i| p.get(*i).cloned())
                .collect()
        })
    }
}

/// Collects findings at byte offsets and turns them into lines and columns at the end.
pub(crate) struct Sink<'a> {
    text: &'a str,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    fn new(text: &'a str) -> Self {
        Sink {
            text,
            findings: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, at: usize, message: String) {
        let (line, column) = line_col(self.text, at);
        self.findings.push(Finding {
            severity,
            line,
            column,
            message,
        });
    }

    pub(crate) fn err(&mut self, at: usize, message: impl Into<String>) {
        self.push(Severity::Error, at, message.into());
    }

    pub(crate) fn warn(&mut self, at: usize, message: impl Into<String>) {
        self.push(Severity::Warning, at, message.into());
    }

    fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    fn report(mut self, patch: Option<Patch>, after: Option<Value>) -> Report {
        // Stable, so findings at one spot keep the order they were found in.
        self.findings.sort_by_key(|f| (f.line, f.column));
        Report {
            findings: self.findings,
            patch,
            after,
            left_out: Vec::new(),
        }
    }
}

/// Parses the editor text, reporting emptiness and syntax errors with their position.
fn parse_text(out: &mut Sink, empty_message: &str) -> Option<Value> {
    let text = out.text;
    if text.trim().is_empty() {
        out.err(0, empty_message);
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let full = e.to_string();
            // serde appends " at line X column Y"; the finding carries the position.
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |n| &full[..n]);
            let at = offset_of(text, e.line(), e.column());
            out.err(at, format!("JSON syntax: {message}"));
            None
        }
    }
}

const OPS: &str = "add, remove, replace, move, copy or test";
const SHAPE: &str =
    r#"an operation is an object such as {"op": "replace", "path": "/name", "value": "…"}"#;

/// Patch mode: `text` is what the user typed (a JSON array of operations); `doc` is the
/// object as last fetched. Never panics on any input.
pub fn check_patch(kind: ResourceKind, doc: &Value, text: &str) -> Report {
    let mut out = Sink::new(text);
    let Some(raw) = parse_text(
        &mut out,
        "the patch is empty: write a JSON array of operations",
    ) else {
        return out.report(None, None);
    };
    let Value::Array(items) = raw else {
        out.err(0, "a JSON Patch is an array of operations");
        return out.report(None, None);
    };
    let spans = array_elements(text);
    let normalized: Vec<Value> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| check_shape(&mut out, item, spans.get(i)))
        .collect();
    if out.has_errors() {
        return out.report(None, None);
    }
    let patch: Patch = match serde_json::from_value(Value::Array(normalized)) {
        Ok(p) => p,
        Err(e) => {
            out.err(0, format!("not a JSON Patch: {e}"));
            return out.report(None, None);
        }
    };
    if patch.is_empty() {
        out.err(
            0,
            "the patch has no operations; the service rejects an empty one",
        );
        return out.report(Some(patch), None);
    }
    let positions: Vec<OpPos> = (0..patch.len()).map(|i| OpPos::of(spans.get(i))).collect();
    let after = apply_checked(kind, doc, &patch, &positions, &mut out);
    if after.as_ref() == Some(doc) {
        out.warn(0, "the patch changes nothing");
    }
    with_no_ops(doc, out.report(Some(patch), after))
}

/// Marks the operations that change nothing, once the patch is known to apply.
fn with_no_ops(doc: &Value, mut r: Report) -> Report {
    if let (Some(patch), Some(_)) = (&r.patch, &r.after) {
        r.left_out = no_ops(doc, patch);
    }
    r
}

/// RFC 6902 shape of one element; returns it with `op` lower-cased (the service takes ops
/// case-insensitively, json_patch only in lower case), or `None` after reporting an error.
fn check_shape(out: &mut Sink, item: &Value, span: Option<&ElementSpan>) -> Option<Value> {
    let pos = OpPos::of(span);
    let Value::Object(obj) = item else {
        out.err(pos.at, SHAPE);
        return None;
    };
    let Some(op_value) = obj.get("op") else {
        out.err(pos.at, format!("this operation has no `op`: {OPS}"));
        return None;
    };
    let name = op_value.as_str().map(str::to_ascii_lowercase);
    let needs: &[&str] = match name.as_deref() {
        Some("add" | "replace" | "test") => &["path", "value"],
        Some("remove") => &["path"],
        Some("move" | "copy") => &["path", "from"],
        _ => {
            let shown = op_value
                .as_str()
                .map_or_else(|| op_value.to_string(), str::to_string);
            out.err(pos.op_at, format!("unknown op `{shown}`: {OPS}"));
            return None;
        }
    };
    let op = name.unwrap_or_default();
    let mut ok = true;
    for member in needs {
        match obj.get(*member) {
            None => {
                out.err(pos.at, format!("`{op}` needs a `{member}`"));
                ok = false;
            }
            Some(v) if *member != "value" => {
                let at = if *member == "path" {
                    pos.path_at
                } else {
                    pos.from_at
                };
                let problem = match v.as_str() {
                    None => Some(format!(
                        "`{member}` must be a string holding a JSON pointer, such as \"/name\""
                    )),
                    Some(p) => parse_pointer(p).err(),
                };
                if let Some(problem) = problem {
                    out.err(at, problem);
                    ok = false;
                }
            }
            Some(_) => {}
        }
    }
    for key in obj
        .keys()
        .filter(|k| *k != "op" && !needs.contains(&k.as_str()))
    {
        let at = span
            .and_then(|s| s.member(key))
            .map_or(pos.at, |m| m.key_at);
        let known = ["op", "path", "value", "from"];
        let message = if known.contains(&key.as_str()) {
            format!("`{op}` does not use `{key}`; it is ignored")
        } else if let Some(hint) = closest(key, known) {
            format!("unknown member `{key}` is ignored (did you mean `{hint}`?)")
        } else {
            format!("unknown member `{key}` is ignored")
        };
        out.warn(at, message);
    }
    ok.then(|| {
        let mut normalized = obj.clone();
        normalized.insert("op".into(), Value::String(op));
        Value::Object(normalized)
    })
}

/// Document mode: `text` is the whole object as edited. Computes the patch with
/// json_patch::diff(doc, edited), keeps only operations on patchable, non-read-only
/// top-level members, and reports each dropped change as a Warning pointing at that
/// member's line (line 1 when the member was deleted from the text). `after` is doc with
/// the kept operations applied; `patch` holds them (None, with a "no changes" Warning,
/// when there is nothing to send).
pub fn patch_from_document(kind: ResourceKind, doc: &Value, text: &str) -> Report {
    let mut out = Sink::new(text);
    let Some(edited) = parse_text(
        &mut out,
        "the document is empty: write the whole object as JSON",
    ) else {
        return out.report(None, None);
    };
    if !edited.is_object() {
        out.err(0, "the document must be a JSON object");
        return out.report(None, None);
    }
    let members = object_members(text);
    let member_at = |key: &str| {
        members
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map_or(0, |m| m.key_at)
    };
    let mut kept = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for op in json_patch::diff(doc, &edited).0 {
        let top = parse_pointer(op.path().as_str())
            .ok()
            .and_then(|t| t.into_iter().next())
            .unwrap_or_default();
        if kind.patchable().contains(&top.as_str()) && !READ_ONLY.contains(&top.as_str()) {
            kept.push(op);
        } else if !dropped.contains(&top) {
            let shown = join_pointer(std::slice::from_ref(&top));
            out.warn(
                member_at(&top),
                if READ_ONLY.contains(&top.as_str()) {
                    format!("`{shown}` is read-only (the service manages it); left out")
                } else {
                    format!("`{shown}` cannot be patched; left out")
                },
            );
            dropped.push(top);
        }
    }
    if kept.is_empty() {
        out.warn(0, "no changes to send");
        return out.report(None, Some(doc.clone()));
    }
    let positions: Vec<OpPos> = kept
        .iter()
        .map(|op| {
            let top = parse_pointer(op.path().as_str())
                .ok()
                .and_then(|t| t.into_iter().next());
            OpPos::everywhere(top.map_or(0, |t| member_at(&t)))
        })
        .collect();
    let patch = Patch(kept);
    let after = apply_checked(kind, doc, &patch, &positions, &mut out);
    // json_patch::diff writes only differences today; the check keeps a future version
    // (or an edge of it) from ever sending a member replaced by itself.
    with_no_ops(doc, out.report(Some(patch), after))
}

//! What a patch sends: the operations that change something on the object, with those
//! that change nothing left out (a template sent with one line edited must not replace
//! three members by themselves, in the request or in the journal), and each operation as
//! the review lists it, secrets masked. It decides nothing about validity: `validate`
//! does, and only a patch that applies cleanly is split here.

use json_patch::{Patch, PatchOperation};
use serde_json::Value;

use flowscope_model::redact::MASK;
use flowscope_model::redact::mask_patch;

/// The positions in `patch` of the operations that change nothing, each judged against
/// the object as the operations before it left it (so dropping them leaves every other
/// operation meeting the same object, and the result unchanged). Only what is certain
/// is dropped; past an operation that does not apply, nothing more is.
pub fn no_ops(doc: &Value, patch: &Patch) -> Vec<usize> {
    let mut work = doc.clone();
    let mut out = Vec::new();
    for (i, op) in patch.iter().enumerate() {
        if changes_nothing(&work, op) {
            out.push(i);
        } else if json_patch::patch(&mut work, std::slice::from_ref(op)).is_err() {
            break;
        }
    }
    out
}

/// Whether applying `op` to `work` leaves it as it is (RFC 6902 §4, as json_patch does it).
fn changes_nothing(work: &Value, op: &PatchOperation) -> bool {
    match op {
        // Replacing a value by an equal one (serde_json's equality: `15` and `15.0` differ,
        // and the service would store the new spelling, so that is kept as a change).
        PatchOperation::Replace(o) => same(work.pointer(o.path.as_str()), &o.value),
        // `add` onto an existing object member replaces it; into an array it inserts,
        // which always changes the array.
        PatchOperation::Add(o) => {
            in_place(work, o.path.as_str()) && same(work.pointer(o.path.as_str()), &o.value)
        }
        // Moving a value onto itself takes it out and puts it back (§4.4).
        PatchOperation::Move(o) => {
            o.from == o.path
                && work
                    .pointer(o.from.as_str())
                    .is_some_and(|v| !holds_mask(v))
        }
        // A copy is an `add` of the value at `from`.
        PatchOperation::Copy(o) => {
            in_place(work, o.path.as_str())
                && work
                    .pointer(o.from.as_str())
                    .is_some_and(|v| same(work.pointer(o.path.as_str()), v))
        }
        // A `remove` that applies always takes something away (one of nothing fails, an
        // error rather than a no-op). A `test` changes nothing but is a condition on the
        // rest: dropping it would send them unguarded.
        PatchOperation::Remove(_) | PatchOperation::Test(_) => false,
    }
}

/// `current` is there and equals `value`. The editor works on a masked copy of the
/// object, so a value holding the mask equals nothing for sure: the secret behind it is
/// unknown, and writing the mask would overwrite it.
fn same(current: Option<&Value>, value: &Value) -> bool {
    current.is_some_and(|c| c == value && !holds_mask(c))
}

/// Whether `add` at `path` replaces what is there rather than inserting: the whole
/// document, or a member of an object.
fn in_place(work: &Value, path: &str) -> bool {
    match path.rfind('/') {
        None => true,
        Some(i) => work.pointer(&path[..i]).is_some_and(Value::is_object),
    }
}

/// Whether the mask shown in place of a secret is anywhere in `v`.
pub fn holds_mask(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains(MASK),
        Value::Array(a) => a.iter().any(holds_mask),
        Value::Object(m) => m.values().any(holds_mask),
        _ => false,
    }
}

/// One operation as the review lists it: `replace /name "Orders v2"`, `remove /labels/0`,
/// `move /a from /b`, the value as compact JSON with secrets masked (by the key its path
/// ends in, or the keys inside it), as the journal writes it.
pub fn describe(op: &Value) -> String {
    let mut one = Value::Array(vec![op.clone()]);
    mask_patch(&mut one);
    let op = one.get(0).unwrap_or(&Value::Null);
    let text = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("");
    let mut out = format!("{} {}", text("op"), text("path"));
    if op.get("from").is_some() {
        out.push_str(&format!(" from {}", text("from")));
    }
    if let Some(v) = op.get("value") {
        out.push_str(&format!(" {v}"));
    }
    out
}

//! Per-operation checks of a parsed patch against the working copy of the object and the
//! Flow Service's rules: read-only and non-patchable members, missing paths with
//! "did you mean" hints, type changes, and the checks the service runs on the result.

use json_patch::{Patch, PatchOperation};
use serde_json::Value;

use crate::features::edit::patch::validate::{READ_ONLY, ResourceKind, Sink};
use crate::shared::jsontext::{ElementSpan, closest, join_pointer, parse_pointer};

/// Byte offsets the findings of one operation point at.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct OpPos {
    pub at: usize,
    pub op_at: usize,
    pub path_at: usize,
    pub from_at: usize,
}

impl OpPos {
    pub fn of(span: Option<&ElementSpan>) -> Self {
        let at = span.map_or(0, |s| s.at);
        let value_at = |k: &str| span.and_then(|s| s.member(k)).map_or(at, |m| m.value_at);
        OpPos {
            at,
            op_at: value_at("op"),
            path_at: value_at("path"),
            from_at: value_at("from"),
        }
    }

    pub fn everywhere(at: usize) -> Self {
        OpPos {
            at,
            op_at: at,
            path_at: at,
            from_at: at,
        }
    }
}

/// Applies the operations one by one to a copy of `doc`, so each is checked against what
/// the earlier ones left. Returns the result when every operation applied.
pub(crate) fn apply_checked(
    kind: ResourceKind,
    doc: &Value,
    patch: &Patch,
    positions: &[OpPos],
    out: &mut Sink,
) -> Option<Value> {
    let mut work = doc.clone();
    let mut clean = true;
    let mut touched: Vec<(String, usize)> = Vec::new();
    for (i, op) in patch.iter().enumerate() {
        let pos = positions.get(i).copied().unwrap_or_default();
        clean &= check_op(kind, &mut work, op, pos, out, &mut touched);
    }
    service_rules(kind, &work, &touched, out);
    clean.then_some(work)
}

fn check_op(
    kind: ResourceKind,
    work: &mut Value,
    op: &PatchOperation,
    pos: OpPos,
    out: &mut Sink,
    touched: &mut Vec<(String, usize)>,
) -> bool {
    let path = op.path().as_str();
    let tokens = parse_pointer(path).unwrap_or_default();
    // The service would reject a write to a managed or unknown member whatever else is
    // true, so such an op gets that one error and is not applied: applying it (a root
    // `add` above all) would only make the ops after it report noise.
    let (name, from) = match op {
        PatchOperation::Move(o) => (Some("move"), Some(o.from.as_str())),
        PatchOperation::Copy(o) => (Some("copy"), Some(o.from.as_str())),
        PatchOperation::Test(_) => (Some("test"), None),
        _ => (None, None),
    };
    if let Some(name) = name {
        unsupported(name, pos.op_at, out);
    }
    let from_tokens = from.map(|f| parse_pointer(f).unwrap_or_default());
    let mut blocked = false;
    if let (PatchOperation::Move(_), Some(from), Some(from_tokens)) = (op, from, &from_tokens) {
        blocked |= guard(kind, from_tokens, from, pos.from_at, out);
    }
    if !matches!(op, PatchOperation::Test(_)) {
        blocked |= guard(kind, &tokens, path, pos.path_at, out);
    }
    if blocked {
        return false;
    }
    let fits = match op {
        PatchOperation::Add(o) => {
            // `add` onto an existing member replaces it, so it gets the type check too
            // (but not an insert into an array, which shifts rather than replaces).
            let parent_is_object = tokens
                .split_last()
                .is_some_and(|(_, parent)| locate(work, parent).is_ok_and(Value::is_object));
            if parent_is_object && let Some(old) = work.pointer(path) {
                type_warning(path, old, &o.value, pos.path_at, out);
            }
            add_target(work, &tokens, path, pos.path_at, out)
        }
        PatchOperation::Remove(_) => must_exist(work, &tokens, path, pos.path_at, out),
        PatchOperation::Replace(o) => {
            if let Some(old) = work.pointer(path) {
                type_warning(path, old, &o.value, pos.path_at, out);
            }
            must_exist(work, &tokens, path, pos.path_at, out)
        }
        PatchOperation::Move(_) | PatchOperation::Copy(_) => {
            let (from, from_tokens) = (from.unwrap_or_default(), from_tokens.unwrap_or_default());
            if let (PatchOperation::Move(_), Some(top)) = (op, from_tokens.first()) {
                touched.push((top.clone(), pos.from_at));
            }
            must_exist(work, &from_tokens, from, pos.from_at, out)
                && add_target(work, &tokens, path, pos.path_at, out)
        }
        PatchOperation::Test(o) => {
            if let Some(actual) = work.pointer(path)
                && *actual != o.value
            {
                out.err(
                    pos.path_at,
                    format!("test failed: `{path}` is {}", short(actual)),
                );
            }
            must_exist(work, &tokens, path, pos.path_at, out)
        }
    };
    if let Some(top) = tokens.first()
        && !matches!(op, PatchOperation::Test(_))
    {
        touched.push((top.clone(), pos.path_at));
    }
    if !fits {
        return false;
    }
    match json_patch::patch(work, std::slice::from_ref(op)) {
        Ok(()) => true,
        Err(e) => {
            // A failed test was reported above with the actual value.
            if !matches!(op, PatchOperation::Test(_)) {
                out.err(
                    pos.path_at,
                    format!("`{path}` cannot be applied: {}", e.kind),
                );
            }
            false
        }
    }
}

/// The service accepts only add, replace and remove (aep-api-notes §5, error 1434), so the
/// other RFC 6902 ops are checked like any other but can never be sent.
fn unsupported(op: &str, at: usize, out: &mut Sink) {
    out.err(
        at,
        format!("the service accepts only add, replace and remove; it rejects `{op}`"),
    );
}

/// Reports a write to a read-only, non-patchable or root path; true when it did.
fn guard(kind: ResourceKind, tokens: &[String], path: &str, at: usize, out: &mut Sink) -> bool {
    let noun = kind.noun();
    let problem = match tokens.first().map(String::as_str) {
        None => Some(format!(
            "the whole {noun} cannot be replaced: patch its members, such as `/name`"
        )),
        Some(top) if READ_ONLY.contains(&top) => {
            let hint = if top == "state" && kind == ResourceKind::Flow {
                "; use enable/disable instead"
            } else {
                ""
            };
            Some(format!(
                "`{path}` is read-only: the service manages it{hint}"
            ))
        }
        Some("connectionSpec") => Some(format!(
            "`/connectionSpec` cannot be changed: create a new {noun} instead"
        )),
        Some(top) if !kind.patchable().contains(&top) => {
            let hint = match closest(top, kind.patchable().iter().copied()) {
                Some(s) => format!(" (did you mean `/{s}`?)"),
                None => {
                    let all: Vec<String> =
                        kind.patchable().iter().map(|p| format!("/{p}")).collect();
                    format!("; patchable: {}", all.join(", "))
                }
            };
            Some(format!("`{path}` cannot be patched on a {noun}{hint}"))
        }
        Some(_) => None,
    };
    let blocked = problem.is_some();
    if let Some(problem) = problem {
        out.err(at, problem);
    }
    blocked
}

/// serde_json's array index rule (no sign, no leading zero), which json_patch relies on.
fn array_index(t: &str) -> Option<usize> {
    if t.starts_with('+') || (t.starts_with('0') && t.len() != 1) {
        return None;
    }
    t.parse().ok()
}

/// The value at `tokens`, or the depth of the first token that is missing.
fn locate<'v>(root: &'v Value, tokens: &[String]) -> Result<&'v Value, usize> {
    let mut cur = root;
    for (depth, t) in tokens.iter().enumerate() {
        let next = match cur {
            Value::Object(m) => m.get(t),
            Value::Array(a) => array_index(t).and_then(|i| a.get(i)),
            _ => None,
        };
        cur = next.ok_or(depth)?;
    }
    Ok(cur)
}

/// Names the first missing step of `tokens` (at `depth`), with the closest sibling key
/// when one is a likely typo: "`/a/b` does not exist (did you mean `/a/c`?)".
fn describe_missing(root: &Value, tokens: &[String], depth: usize) -> String {
    let prefix = tokens.get(..depth).unwrap_or_default();
    let missing = join_pointer(tokens.get(..=depth).unwrap_or(tokens));
    let shown_prefix = if prefix.is_empty() {
        "the object".to_string()
    } else {
        format!("`{}`", join_pointer(prefix))
    };
    match (locate(root, prefix), tokens.get(depth)) {
        (Ok(Value::Object(m)), Some(key)) => match closest(key, m.keys().map(String::as_str)) {
            Some(hint) => {
                let mut fixed = prefix.to_vec();
                fixed.push(hint.to_string());
                format!(
                    "`{missing}` does not exist (did you mean `{}`?)",
                    join_pointer(&fixed)
                )
            }
            None => format!("`{missing}` does not exist"),
        },
        (Ok(Value::Array(a)), _) => {
            let plural = if a.len() == 1 { "" } else { "s" };
            format!(
                "`{missing}` does not exist: {shown_prefix} has {} item{plural}",
                a.len()
            )
        }
        (Ok(other), _) if !other.is_object() => {
            format!(
                "`{missing}` does not exist: {shown_prefix} is {}",
                kind_of(other)
            )
        }
        _ => format!("`{missing}` does not exist"),
    }
}

fn must_exist(work: &Value, tokens: &[String], path: &str, at: usize, out: &mut Sink) -> bool {
    let Err(depth) = locate(work, tokens) else {
        return true;
    };
    let description = describe_missing(work, tokens, depth);
    if depth + 1 == tokens.len() {
        out.err(at, description);
    } else {
        out.err(at, format!("`{path}` cannot be reached: {description}"));
    }
    false
}

/// `add` needs an existing parent, and an index within 0..=len (or `-`) in an array.
fn add_target(work: &Value, tokens: &[String], path: &str, at: usize, out: &mut Sink) -> bool {
    let Some((last, parent)) = tokens.split_last() else {
        return true;
    };
    let parent_path = join_pointer(parent);
    let problem = match locate(work, parent) {
        Err(depth) => Some(format!(
            "cannot add `{path}`: {}",
            describe_missing(work, parent, depth)
        )),
        Ok(Value::Object(_)) => None,
        Ok(Value::Array(a)) => match array_index(last) {
            _ if last == "-" => None,
            Some(i) if i <= a.len() => None,
            Some(i) => Some(format!(
                "cannot add `{path}`: index {i} is past the end of `{parent_path}` ({} items); use `-` to append",
                a.len()
            )),
            None => Some(format!(
                "cannot add `{path}`: `{last}` is not an array index"
            )),
        },
        Ok(other) => Some(format!(
            "cannot add `{path}`: `{parent_path}` is {}",
            kind_of(other)
        )),
    };
    match problem {
        Some(p) => {
            out.err(at, p);
            false
        }
        None => true,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Warns when a value changes type: the service stores schedule numbers as strings, and a
/// number where a string was is the usual slip.
fn type_warning(path: &str, old: &Value, new: &Value, at: usize, out: &mut Sink) {
    if new.is_null() && !old.is_null() {
        out.warn(
            at,
            format!("`{path}` becomes null; use `remove` to drop a member"),
        );
    } else if !old.is_null() && kind_of(old) != kind_of(new) {
        let hint = match (old, new) {
            (Value::String(s), Value::Number(n)) if s.parse::<f64>().is_ok() => {
                format!(" (write it as a string: \"{n}\")")
            }
            _ => String::new(),
        };
        out.warn(
            at,
            format!(
                "`{path}` is {} now; the new value is {}{hint}",
                kind_of(old),
                kind_of(new)
            ),
        );
    }
}

/// A value for a message, cut so a large object does not flood the findings list.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    }
}

/// The checks the service runs on the patched object, for members the patch touched
/// (a problem already in the fetched object is not the patch's doing).
fn service_rules(kind: ResourceKind, after: &Value, touched: &[(String, usize)], out: &mut Sink) {
    let at = |member: &str| {
        touched
            .iter()
            .rev()
            .find(|(t, _)| t == member)
            .map(|(_, at)| *at)
    };
    if let Some(at) = at("name")
        && after
            .get("name")
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
    {
        out.err(at, "`/name` must stay a non-empty string");
    }
    if let Some(at) = at("description")
        && after
            .get("description")
            .is_some_and(|d| !d.is_string() && !d.is_null())
    {
        out.err(at, "`/description` must be a string");
    }
    if kind != ResourceKind::Flow {
        return;
    }
    if let Some(at) = at("scheduleParams")
        && let Some(sp) = after.get("scheduleParams")
    {
        let freq = sp.get("frequency").and_then(Value::as_str);
        if let Some(f) = freq
            && !["once", "minute", "hour", "day", "week"].contains(&f)
        {
            out.err(
                at,
                format!("frequency `{f}` is not one of once, minute, hour, day, week"),
            );
        }
        let interval = sp.get("interval").and_then(|v| match v {
            Value::String(s) => s.parse::<i64>().ok(),
            other => other.as_i64(),
        });
        if freq == Some("minute") && interval.is_some_and(|n| n < 15) {
            out.err(
                at,
                "`/scheduleParams/interval` must be at least 15 for a minute frequency",
            );
        }
    }
    if let Some(at) = at("transformations")
        && after.get("transformations").is_some_and(|t| !t.is_array())
    {
        out.err(at, "`/transformations` must be an array");
    }
}

//! PATCH semantics shared by connections, source/target connections and flows:
//! `If-Match` etags, RFC 6902 ops through the json-patch crate, read-only and
//! non-patchable paths, and the bookkeeping fields a successful change updates.
//!
//! A request that fails any check leaves the stored object untouched: the patch is
//! applied to a copy, validated, and only then swapped in (aep-api-notes §5).

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::problem::Problem;

pub use flowscope_model::patchable::{READ_ONLY, Resource as Kind};

/// Strips the quotes (and a weak `W/` prefix) so `"abc"`, `\"abc\"` and `abc` compare
/// equal; clients send etags in all three forms.
pub fn normalize_etag(e: &str) -> &str {
    let e = e.trim();
    let e = e.strip_prefix("W/").unwrap_or(e);
    e.trim_matches(|c| c == '"' || c == '\\')
}

static ETAG_COUNTER: AtomicU64 = AtomicU64::new(1);

/// A fresh etag in the service's quoted form, different on every call.
pub fn new_etag(now_ms: i64) -> String {
    let n = ETAG_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "\"{:08x}-0000-0200-0000-{:012x}\"",
        (n as u32).wrapping_mul(2_654_435_761),
        now_ms / 1000
    )
}

/// Checks the `If-Match` header against the stored etag: FLOW-1403-400 when missing,
/// FLOW-1404-412 when stale.
pub fn check_if_match(if_match: Option<&str>, stored: &Value) -> Result<(), Problem> {
    let Some(given) = if_match.filter(|s| !s.trim().is_empty()) else {
        return Err(Problem::bad_request(
            1403,
            "The If-Match header is missing. Send the resource's current etag.",
        ));
    };
    let current = stored.get("etag").and_then(Value::as_str).unwrap_or("");
    if normalize_etag(given) != normalize_etag(current) {
        return Err(Problem::flow(
            1404,
            412,
            format!(
                "The version in If-Match ({given}) does not match the resource's current version ({current}). Fetch it again and reapply the change."
            ),
        ));
    }
    Ok(())
}

/// Parses and validates the op list, applies it to a copy of `stored`, and returns the
/// patched document with fresh etag/version/updatedAt/lastOperation.
pub fn apply(
    kind: Kind,
    stored: &Value,
    body: &[u8],
    now_ms: i64,
    actor: &str,
) -> Result<Value, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::bad_request(1405, "The request body is empty."));
    }
    let raw: Value = serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(1405, format!("The request body is not valid JSON: {e}."))
    })?;
    let Value::Array(ops) = raw else {
        return Err(Problem::bad_request(
            1455,
            "A JSON Patch body must be an array of operations.",
        ));
    };
    if ops.is_empty() {
        return Err(Problem::bad_request(1405, "The patch holds no operations."));
    }
    let mut normalized = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        normalized.push(validate_op(kind, i, op)?);
    }
    let patch: json_patch::Patch = serde_json::from_value(Value::Array(normalized.clone()))
        .map_err(|e| Problem::bad_request(1455, format!("Invalid patch: {e}.")))?;
    let mut doc = stored.clone();
    json_patch::patch(&mut doc, &patch)
        .map_err(|e| Problem::bad_request(1455, format!("Patch validation failed: {e}.")))?;
    validate_result(kind, &doc)?;
    let etag = new_etag(now_ms);
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("etag".into(), json!(etag));
        if kind != Kind::SourceConnection && kind != Kind::TargetConnection
            || obj.contains_key("version")
        {
            obj.insert("version".into(), json!(etag));
        }
        obj.insert("updatedAt".into(), json!(now_ms));
        obj.insert("updatedBy".into(), json!(actor));
        obj.insert(
            "lastOperation".into(),
            json!({
                "started": now_ms,
                "updated": now_ms,
                "operation": "update",
                "percentCompleted": 100.0,
                "status": {"value": "completed", "errors": []},
                "ops": normalized,
            }),
        );
    }
    Ok(doc)
}

fn validate_op(kind: Kind, i: usize, op: &Value) -> Result<Value, Problem> {
    let name = op.get("op").and_then(Value::as_str).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if !matches!(lower.as_str(), "add" | "replace" | "remove") {
        return Err(Problem::bad_request(
            1434,
            format!("Operation {i}: op '{name}' is not supported. Use add, replace or remove."),
        ));
    }
    let Some(path) = op.get("path").and_then(Value::as_str) else {
        return Err(Problem::bad_request(
            1455,
            format!("Operation {i}: 'path' is missing."),
        ));
    };
    if !path.starts_with('/') {
        return Err(Problem::bad_request(
            1455,
            format!("Operation {i}: path '{path}' must start with '/'."),
        ));
    }
    if lower != "remove" && op.get("value").is_none() {
        return Err(Problem::bad_request(
            1455,
            format!("Operation {i}: '{lower}' needs a 'value'."),
        ));
    }
    let top = path[1..].split('/').next().unwrap_or("");
    if top == "connectionSpec" {
        return Err(Problem::bad_request(
            1414,
            format!(
                "Operation {i}: the connectionSpec of a {} cannot be updated.",
                kind.resource()
            ),
        ));
    }
    if READ_ONLY.contains(&top) {
        return Err(Problem::bad_request(
            1455,
            format!("Operation {i}: '{path}' is read-only."),
        ));
    }
    if !kind.patchable().contains(&top) {
        return Err(Problem::bad_request(
            1455,
            format!(
                "Operation {i}: '{path}' cannot be patched on {}. Patchable: {}.",
                kind.resource(),
                kind.patchable()
                    .iter()
                    .map(|p| format!("/{p}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut out = op.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.insert("op".into(), json!(lower));
    }
    Ok(out)
}

/// Checks the document a patch produced, so a patch cannot store an invalid object.
fn validate_result(kind: Kind, doc: &Value) -> Result<(), Problem> {
    match doc.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        _ => {
            return Err(Problem::bad_request(
                1455,
                "'name' must be a non-empty string.",
            ));
        }
    }
    if let Some(d) = doc.get("description")
        && !d.is_string()
        && !d.is_null()
    {
        return Err(Problem::bad_request(
            1455,
            "'description' must be a string.",
        ));
    }
    if kind == Kind::Flow {
        if let Some(sp) = doc.get("scheduleParams") {
            let freq = sp.get("frequency").and_then(Value::as_str);
            if let Some(f) = freq
                && !["once", "minute", "hour", "day", "week"].contains(&f)
            {
                return Err(Problem::bad_request(
                    1455,
                    format!(
                        "scheduleParams.frequency '{f}' is not one of once, minute, hour, day, week."
                    ),
                ));
            }
            let interval = sp.get("interval").and_then(|v| match v {
                Value::String(s) => s.parse::<i64>().ok(),
                other => other.as_i64(),
            });
            if freq == Some("minute") && interval.is_some_and(|n| n < 15) {
                return Err(Problem::bad_request(
                    1455,
                    "scheduleParams.interval must be at least 15 for a minute frequency.",
                ));
            }
        }
        if let Some(t) = doc.get("transformations")
            && !t.is_array()
        {
            return Err(Problem::bad_request(
                1455,
                "'transformations' must be an array.",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> Value {
        json!({"id": "f", "name": "Flow", "etag": "\"abc\"", "version": "\"abc\"",
               "scheduleParams": {"frequency": "minute", "interval": "15"},
               "transformations": [{"name": "Mapping", "params": {"mappingId": "m", "mappingVersion": 0}}]})
    }

    fn code(r: Result<Value, Problem>) -> u16 {
        match r {
            Err(Problem::Flow { code, .. }) => code,
            Ok(_) => 0,
            Err(_) => 1,
        }
    }

    #[test]
    fn etags_compare_with_or_without_quotes() {
        let f = flow();
        assert!(check_if_match(Some("\"abc\""), &f).is_ok());
        assert!(check_if_match(Some("abc"), &f).is_ok());
        assert!(check_if_match(Some("W/\"abc\""), &f).is_ok());
        assert!(matches!(
            check_if_match(Some("old"), &f),
            Err(Problem::Flow {
                code: 1404,
                status: 412,
                ..
            })
        ));
        assert!(matches!(
            check_if_match(None, &f),
            Err(Problem::Flow { code: 1403, .. })
        ));
        assert_ne!(new_etag(0), new_etag(0));
    }

    #[test]
    fn applies_case_insensitive_ops_and_refreshes_bookkeeping() {
        let body = br#"[{"op":"Replace","path":"/name","value":"New"},{"op":"ADD","path":"/scheduleParams/interval","value":"30"}]"#;
        let out = apply(Kind::Flow, &flow(), body, 5_000, "me@AdobeID").unwrap();
        assert_eq!(out["name"], json!("New"));
        assert_eq!(out["scheduleParams"]["interval"], json!("30"));
        assert_ne!(out["etag"], json!("\"abc\""));
        assert_eq!(out["etag"], out["version"]);
        assert_eq!(out["updatedAt"], json!(5_000));
        assert_eq!(out["lastOperation"]["ops"][0]["op"], json!("replace"));
    }

    #[test]
    fn rejects_bad_patches_with_their_codes() {
        let f = flow();
        let c = |body: &str, kind| code(apply(kind, &f, body.as_bytes(), 0, "x"));
        assert_eq!(c("", Kind::Flow), 1405);
        assert_eq!(c("[{", Kind::Flow), 1405);
        assert_eq!(c("{}", Kind::Flow), 1455);
        assert_eq!(
            c(r#"[{"op":"move","from":"/a","path":"/name"}]"#, Kind::Flow),
            1434
        );
        assert_eq!(
            c(r#"[{"op":"replace","path":"/id","value":"x"}]"#, Kind::Flow),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/etag","value":"x"}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/inheritedAttributes/x","value":1}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/connectionSpec/id","value":"x"}]"#,
                Kind::Connection
            ),
            1414
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/description/missing","value":1}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(
            c(r#"[{"op":"remove","path":"/nothing"}]"#, Kind::Flow),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/name","value":""}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/scheduleParams/interval","value":"5"}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(
            c(
                r#"[{"op":"replace","path":"/auth/params/x","value":"5"}]"#,
                Kind::Flow
            ),
            1455
        );
        assert_eq!(c(r#"[{"op":"replace","path":"/name"}]"#, Kind::Flow), 1455);
    }
}

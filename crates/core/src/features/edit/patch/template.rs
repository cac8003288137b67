//! The starting text of the patch editor: `replace` operations for the members users
//! change most, filled with the object's current values so sending it untouched is a no-op.

use serde_json::Value;

use crate::features::edit::patch::validate::ResourceKind;
use crate::shared::jsontext::escape_token;
use flowscope_model::redact::{MASK, is_secret_key};

/// The starting text of patch mode for a resource: a JSON array, one `replace` per line,
/// for a flow's `/name`, `/description`, `/scheduleParams/interval` and
/// `/transformations/0/params/mappingVersion`, and a connection's `/name` and
/// `/description` (plus, for a base connection, its first `/auth/params/…` entry that is
/// not a credential). Members the object lacks are left out, since replacing a missing
/// member fails.
pub fn patch_template(kind: ResourceKind, doc: &Value) -> String {
    let mut ops: Vec<(String, Value)> = Vec::new();
    let mut current = |path: &str| {
        if let Some(v) = doc.pointer(path) {
            ops.push((path.to_string(), v.clone()));
        }
    };
    current("/name");
    current("/description");
    match kind {
        ResourceKind::Flow => {
            current("/scheduleParams/interval");
            current("/transformations/0/params/mappingVersion");
        }
        ResourceKind::Connection => {
            // The first parameter that is not a credential: a template sent unchanged must
            // never overwrite a secret with a placeholder or a mask.
            let first = doc
                .pointer("/auth/params")
                .and_then(Value::as_object)
                .and_then(|params| {
                    params.iter().find(|(k, v)| {
                        !looks_secret(k)
                            && !is_secret_key(k)
                            && !holds_secret(v)
                            && v.as_str() != Some(MASK)
                    })
                });
            if let Some((key, value)) = first {
                ops.push((format!("/auth/params/{}", escape_token(key)), value.clone()));
            }
        }
        ResourceKind::SourceConnection | ResourceKind::TargetConnection => {}
    }
    let ops: Vec<Value> = ops
        .into_iter()
        .map(|(path, value)| serde_json::json!({"op": "replace", "path": path, "value": value}))
        .collect();
    format_ops(&ops)
}

/// Operations as the editor shows them: a JSON array, one operation per line, members in
/// the order `op`, `path`, `from`, `value`.
pub fn format_ops(ops: &[Value]) -> String {
    if ops.is_empty() {
        return "[]".to_string();
    }
    let lines: Vec<String> = ops
        .iter()
        .map(|op| {
            let mut parts = Vec::new();
            for key in ["op", "path", "from", "value"] {
                if let Some(v) = op.get(key) {
                    parts.push(format!("{}: {v}", Value::String(key.to_string())));
                }
            }
            format!("  {{ {} }}", parts.join(", "))
        })
        .collect();
    format!("[\n{}\n]", lines.join(",\n"))
}

/// Key names that hold credentials in connection specs' auth params.
fn looks_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "secret",
        "password",
        "token",
        "key",
        "sas",
        "connectionstring",
    ]
    .iter()
    .any(|s| key.contains(s))
}

/// A nested value can carry a credential under an innocent-looking outer key.
fn holds_secret(value: &Value) -> bool {
    match value {
        Value::Object(m) => m.iter().any(|(k, v)| looks_secret(k) || holds_secret(v)),
        Value::Array(a) => a.iter().any(holds_secret),
        _ => false,
    }
}

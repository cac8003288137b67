//! A flow copied into a new plan: its source and target connections (and, for another
//! sandbox, its base connection) as create steps with the service's own fields taken out,
//! names marked as copies, and every secret replaced by an `${env:…}` placeholder to be
//! entered again: a clone never carries a secret in clear.

use serde_json::{Map, Value};

use super::resolve::env_placeholder;
use super::{Plan, PlanKind, Step};
use crate::redact::is_secret_key;

/// Fields the service sets itself: sending them back on a create is refused or ignored.
const SERVER_FIELDS: [&str; 18] = [
    "id",
    "etag",
    "version",
    "state",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
    "inheritedAttributes",
    "lastRunDetails",
    "lastOperation",
    "runs",
    "providerRefId",
];

/// The objects a clone starts from, as the service answered them.
#[derive(Clone, Debug)]
pub struct CloneSource<'a> {
    pub flow: &'a Value,
    pub source: &'a Value,
    pub target: &'a Value,
    /// The base connection of the source side, when it has one.
    pub base: Option<&'a Value>,
    /// Cloning into the sandbox the flow is in: the base connection is reused, not
    /// created again.
    pub same_sandbox: bool,
}

/// The plan that creates a copy of the flow. Step names: `base`, `source`, `target`,
/// `flow`.
pub fn clone_flow(from: &CloneSource<'_>) -> Plan {
    let mut steps = Vec::new();
    let base_id = from.base.and_then(|b| b.get("id")).and_then(Value::as_str);
    if let (Some(base), Some(id)) = (from.base, base_id) {
        if from.same_sandbox {
            steps.push(Step::reuse("base", PlanKind::Connection, id));
        } else {
            let mut body = copy_body(base);
            secrets_to_env(&mut body, "BASE");
            steps.push(Step::create("base", PlanKind::Connection, body));
        }
    }
    for (name, kind, obj) in [
        ("source", PlanKind::SourceConnection, from.source),
        ("target", PlanKind::TargetConnection, from.target),
    ] {
        let mut body = copy_body(obj);
        secrets_to_env(&mut body, &name.to_uppercase());
        if let Some(o) = body.as_object_mut()
            && o.get("baseConnectionId").and_then(Value::as_str).is_some()
        {
            let base_step =
                o.get("baseConnectionId").and_then(Value::as_str) == base_id && base_id.is_some();
            if base_step {
                o.insert("baseConnectionId".into(), Value::String("${base}".into()));
            }
        }
        steps.push(Step::create(name, kind, body));
    }
    let mut flow = copy_body(from.flow);
    secrets_to_env(&mut flow, "FLOW");
    if let Some(o) = flow.as_object_mut() {
        o.insert(
            "sourceConnectionIds".into(),
            serde_json::json!(["${source}"]),
        );
        o.insert(
            "targetConnectionIds".into(),
            serde_json::json!(["${target}"]),
        );
    }
    steps.push(Step::create("flow", PlanKind::Flow, flow));
    let name = from
        .flow
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("the flow");
    Plan {
        description: Some(format!("a copy of {name}")),
        sandbox: None,
        steps,
    }
}

/// The object without the service's fields, its name marked as a copy.
fn copy_body(obj: &Value) -> Value {
    let mut out = Map::new();
    if let Some(o) = obj.as_object() {
        for (k, v) in o {
            if !SERVER_FIELDS.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    let name = out
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed")
        .to_string();
    out.insert("name".into(), Value::String(format!("{name} (copy)")));
    Value::Object(out)
}

/// Every secret becomes `${env:FLOWSCOPE_<WHO>_<KEY>}`: those under `auth`, and any a
/// connection keeps elsewhere (a SAS token in `params`), since the plan is a file that
/// is printed and shared.
fn secrets_to_env(body: &mut Value, who: &str) {
    match body {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if is_secret_key(k) && (x.is_string() || x.is_number()) {
                    *x = Value::String(env_placeholder(&env_name(who, k)));
                } else {
                    secrets_to_env(x, who);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| secrets_to_env(x, who)),
        _ => {}
    }
}

/// `FLOWSCOPE_BASE_S3_SECRET_KEY` for `s3SecretKey` of step `base`.
pub fn env_name(who: &str, key: &str) -> String {
    let mut out = format!("FLOWSCOPE_{who}_");
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push('_');
        }
    }
    out
}

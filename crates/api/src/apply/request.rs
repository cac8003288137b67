//! The requests a plan sends, as a review, a dry run and the journal show them: method,
//! path under the Flow Service and body, its secrets masked.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use flowscope_model::MASK;
use flowscope_model::plan::{Op, Plan, PlanKind, Ref, parse_ref};
use flowscope_model::redact::{is_secret_key, masked};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    pub method: &'static str,
    /// Under the Flow Service base: `/flows`, `/connections/{id}`.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl Request {
    /// A create, its secrets masked.
    pub fn create(kind: PlanKind, body: &Value) -> Request {
        Request {
            method: "POST",
            path: format!("/{}", kind.resource()),
            body: Some(masked(body)),
        }
    }

    pub fn delete(kind: PlanKind, id: &str) -> Request {
        Request {
            method: "DELETE",
            path: format!("/{}/{id}", kind.resource()),
            body: None,
        }
    }

    pub fn get(kind: PlanKind, id: &str) -> Request {
        Request {
            method: "GET",
            path: format!("/{}/{id}", kind.resource()),
            body: None,
        }
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// The requests `plan` would send, in order, one per step, sending nothing: `${step}`
/// references are left as they are (the ids do not exist yet), `${env:…}` placeholders
/// are shown as placeholders, and every secret written in clear is masked.
pub fn dry_run(plan: &Plan) -> Vec<Request> {
    plan.steps
        .iter()
        .map(|step| {
            let id = step.id.as_deref().unwrap_or("?");
            match step.op {
                Op::Create => {
                    let mut body = step.body.clone().unwrap_or(Value::Null);
                    mask_but_placeholders(&mut body);
                    Request {
                        body: Some(body),
                        ..Request::create(step.kind, &Value::Null)
                    }
                }
                Op::Use => Request::get(step.kind, id),
                Op::Delete => Request::delete(step.kind, id),
            }
        })
        .collect()
}

/// Masks the values of secret-looking keys, except `${env:…}` placeholders: they say
/// where the secret will come from, which is what a reviewer needs to see.
fn mask_but_placeholders(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                let placeholder = x
                    .as_str()
                    .is_some_and(|s| matches!(parse_ref(s), Some(Ref::Env(_))));
                if is_secret_key(k) && (x.is_string() || x.is_number()) {
                    if !placeholder {
                        *x = Value::String(MASK.into());
                    }
                } else {
                    mask_but_placeholders(x);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_but_placeholders),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowscope_model::plan::Step;
    use serde_json::json;

    #[test]
    fn a_dry_run_keeps_references_and_placeholders_and_masks_secrets() {
        let plan = Plan {
            description: None,
            sandbox: None,
            steps: vec![
                Step::create(
                    "base",
                    PlanKind::Connection,
                    json!({"name": "b", "connectionSpec": {"id": "s"},
                           "auth": {"params": {"s3SecretKey": "${env:S3_SECRET}", "password": "hunter2", "folderPath": "x"}}}),
                ),
                Step::create(
                    "source",
                    PlanKind::SourceConnection,
                    json!({"name": "s", "connectionSpec": {"id": "s"}, "baseConnectionId": "${base}"}),
                ),
                Step::reuse("target", PlanKind::TargetConnection, "t1"),
                Step::delete("old", PlanKind::Flow, "f9"),
            ],
        };
        let reqs = dry_run(&plan);
        let lines: Vec<String> = reqs.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "POST /connections",
                "POST /sourceConnections",
                "GET /targetConnections/t1",
                "DELETE /flows/f9"
            ]
        );
        let base = reqs[0].body.as_ref().unwrap();
        assert_eq!(base["auth"]["params"]["s3SecretKey"], "${env:S3_SECRET}");
        assert_eq!(base["auth"]["params"]["password"], MASK);
        assert_eq!(base["auth"]["params"]["folderPath"], "x");
        assert_eq!(
            reqs[1].body.as_ref().unwrap()["baseConnectionId"],
            "${base}"
        );
        assert!(reqs[2].body.is_none());
    }

    #[test]
    fn a_sent_body_has_every_secret_masked() {
        let r = Request::create(
            PlanKind::Connection,
            &json!({"name": "b", "auth": {"params": {"s3SecretKey": "real"}}}),
        );
        assert_eq!(
            r.body.unwrap()["auth"]["params"]["s3SecretKey"],
            Value::String(MASK.into())
        );
    }
}

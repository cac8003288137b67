//! `POST /flows/{id}/action?op=enable|disable`: no body, no Content-Type; answers the
//! new etag. The op is case-insensitive (the spec's enum is upper-case, aepp sends
//! lower-case); an illegal transition is FLOW-1422-400 (aep-api-notes §6).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::post;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

use super::{pairs, write};
use crate::gateway::{Caller, SandboxName};
use crate::patch::new_etag;
use crate::problem::Problem;
use crate::state::Shared;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/flows/{id}/action", post(action))
}

async fn action(
    State(st): State<Arc<Shared>>,
    Extension(sb): Extension<SandboxName>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let op = pairs(&q)
        .into_iter()
        .find(|(k, _)| k == "op")
        .map(|(_, v)| v.to_ascii_lowercase())
        .ok_or_else(|| {
            Problem::bad_request(
                1455,
                "The 'op' query parameter is required (enable or disable).",
            )
        })?;
    let target = match op.as_str() {
        "enable" => "enabled",
        "disable" => "disabled",
        other => {
            return Err(Problem::bad_request(
                1455,
                format!(
                    "Action op '{other}' is not supported on flows here; use enable or disable."
                ),
            ));
        }
    };
    let now = st.now();
    write(&st, &sb.0, |s| {
        let flow = s
            .flows
            .get_mut(&id)
            .ok_or_else(|| Problem::not_found("flows", &id))?;
        let state = flow.get("state").and_then(Value::as_str).unwrap_or("");
        if state == target {
            return Err(Problem::bad_request(
                1422,
                format!("Action '{op}' cannot be applied: flow {id} is already {state}."),
            ));
        }
        if state != "enabled" && state != "disabled" {
            return Err(Problem::bad_request(
                1422,
                format!("Action '{op}' cannot be applied to flow {id} in state '{state}'."),
            ));
        }
        let etag = new_etag(now);
        if let Some(obj) = flow.as_object_mut() {
            obj.insert("state".into(), json!(target));
            obj.insert("etag".into(), json!(etag));
            obj.insert("version".into(), json!(etag));
            obj.insert("updatedAt".into(), json!(now));
            obj.insert("updatedBy".into(), json!(caller.actor()));
            obj.insert(
                "lastOperation".into(),
                json!({"started": now, "updated": now, "operation": op,
                       "percentCompleted": 100.0, "status": {"value": "completed", "errors": []}}),
            );
        }
        Ok(Json(json!({"id": id, "etag": etag})))
    })?
}

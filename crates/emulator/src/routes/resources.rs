//! Connections, source connections, target connections and flows: list, get, create,
//! patch and delete. The four share one shape; what differs is the collection, the
//! required references and the derived attributes (aep-api-notes §4–§6). Creates are
//! checked in `create_check`; a streaming connection gets its inlet (`inlet`); what a
//! flow still uses cannot be deleted.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::create_check;
use super::{one, pairs, read, write};
use crate::collection::Collection;
use crate::gateway::{Caller, SandboxName};
use crate::inlet;
use crate::listing::{ListQuery, list};
use crate::patch::{self, Kind};
use crate::problem::Problem;
use crate::sandbox::Sandbox;
use crate::state::Shared;

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    let mut r = Router::new();
    for kind in [
        Kind::Connection,
        Kind::SourceConnection,
        Kind::TargetConnection,
        Kind::Flow,
    ] {
        let base = format!("/{}", kind.resource());
        r = r
            .route(
                &base,
                get(move |st: St, sb: Extension<SandboxName>, q: RawQuery| list_h(kind, st, sb, q))
                    .post(
                        move |st: St,
                              sb: Extension<SandboxName>,
                              c: Extension<Caller>,
                              body: Bytes| {
                            create_h(kind, st, sb, c, body)
                        },
                    ),
            )
            .route(
                &format!("{base}/{{id}}"),
                get(
                    move |st: St, sb: Extension<SandboxName>, id: Path<String>| {
                        get_h(kind, st, sb, id)
                    },
                )
                .patch(
                    move |st: St,
                          sb: Extension<SandboxName>,
                          c: Extension<Caller>,
                          id: Path<String>,
                          h: HeaderMap,
                          body: Bytes| {
                        patch_h(kind, st, sb, c, id, h, body)
                    },
                )
                .delete(
                    move |st: St, sb: Extension<SandboxName>, id: Path<String>| {
                        delete_h(kind, st, sb, id)
                    },
                ),
            );
    }
    r.route("/connections/{id}/test", get(test_h))
}

pub fn coll(sb: &Sandbox, kind: Kind) -> &Collection<Value> {
    match kind {
        Kind::Connection => &sb.connections,
        Kind::SourceConnection => &sb.source_connections,
        Kind::TargetConnection => &sb.target_connections,
        Kind::Flow => &sb.flows,
    }
}

fn coll_mut(sb: &mut Sandbox, kind: Kind) -> &mut Collection<Value> {
    match kind {
        Kind::Connection => &mut sb.connections,
        Kind::SourceConnection => &mut sb.source_connections,
        Kind::TargetConnection => &mut sb.target_connections,
        Kind::Flow => &mut sb.flows,
    }
}

/// The object as served (flows gain `lastRunDetails`).
fn served(sb: &Sandbox, kind: Kind, v: &Value, now: i64) -> Value {
    use crate::listing::Listable;
    match kind {
        Kind::Flow => sb.flow_view(v, now).render(),
        _ => v.clone(),
    }
}

async fn list_h(
    kind: Kind,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let q = ListQuery::from_pairs(&pairs(&q))?;
    let now = st.now();
    read(&st, &sb.0, |s| {
        Json(match kind {
            Kind::Flow => list(&s.flows, |f| s.flow_view(f, now), &q, kind.resource()),
            _ => list(coll(s, kind), |v| v, &q, kind.resource()),
        })
    })
}

async fn get_h(
    kind: Kind,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let now = st.now();
    read(&st, &sb.0, |s| {
        coll(s, kind)
            .get(&id)
            .map(|v| one(served(s, kind, v, now)))
            .ok_or_else(|| Problem::not_found(kind.resource(), &id))
    })?
}

async fn create_h(
    kind: Kind,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Response, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::bad_request(1405, "The request body is empty."));
    }
    let mut doc: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(1405, format!("The request body is not valid JSON: {e}."))
    })?;
    if !doc.is_object() {
        return Err(Problem::bad_request(
            1455,
            "The request body must be a JSON object.",
        ));
    }
    let now = st.now();
    let id = st.new_id();
    let etag = patch::new_etag(now);
    // Drawn only for streaming connections, so other creates take the same ids as ever.
    let inlet = (kind == Kind::Connection && inlet::is_streaming(&doc))
        .then(|| inlet::new_inlet_id(|| st.new_id()));
    write(&st, &sb.0, |s| {
        create_check::validate(s, kind, &doc)?;
        if let Some(inlet) = &inlet {
            inlet::stamp(&mut doc, inlet);
        }
        let ctx = s.ctx.clone();
        if let Some(obj) = doc.as_object_mut() {
            for k in ["inheritedAttributes", "lastRunDetails", "lastOperation"] {
                obj.remove(k);
            }
            obj.insert("id".into(), json!(id));
            obj.entry("description").or_insert(json!(""));
            obj.insert("state".into(), json!("enabled"));
            obj.insert("etag".into(), json!(etag));
            if kind == Kind::Connection || kind == Kind::Flow {
                obj.insert("version".into(), json!(etag));
            }
            for (k, v) in [("createdAt", json!(now)), ("updatedAt", json!(now))] {
                obj.insert(k.into(), v);
            }
            for k in ["createdBy", "updatedBy"] {
                obj.insert(k.into(), json!(caller.actor()));
            }
            for k in ["createdClient", "updatedClient"] {
                obj.insert(k.into(), json!(caller.0));
            }
            obj.insert("sandboxId".into(), json!(ctx.sandbox_id));
            obj.insert("sandboxName".into(), json!(ctx.sandbox_name));
            obj.insert("imsOrgId".into(), json!(ctx.ims_org_id));
            obj.insert(
                "lastOperation".into(),
                json!({"started": now, "updated": 0, "operation": "create"}),
            );
            if kind == Kind::Flow {
                obj.insert("runs".into(), json!(format!("/runs?property=flowId=={id}")));
            }
        }
        match kind {
            Kind::Connection => s.connections.insert(now, id.clone(), doc),
            Kind::SourceConnection => s.put_source_connection(doc),
            Kind::TargetConnection => s.put_target_connection(doc),
            Kind::Flow => s.put_flow(doc),
        }
        Ok::<_, Problem>(())
    })??;
    Ok((StatusCode::CREATED, Json(json!({"id": id, "etag": etag}))).into_response())
}

async fn patch_h(
    kind: Kind,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let if_match = headers.get("if-match").and_then(|v| v.to_str().ok());
    let now = st.now();
    write(&st, &sb.0, |s| {
        let stored = coll(s, kind)
            .get(&id)
            .ok_or_else(|| Problem::not_found(kind.resource(), &id))?;
        patch::check_if_match(if_match, stored)?;
        let updated = patch::apply(kind, stored, &body, now, &caller.actor())?;
        let etag = updated["etag"].clone();
        match kind {
            Kind::SourceConnection => s.put_source_connection(updated),
            Kind::TargetConnection => s.put_target_connection(updated),
            // A flow's references cannot be patched, so its inherited attributes stand.
            _ => {
                let created = updated
                    .get("createdAt")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                coll_mut(s, kind).insert(created, id.clone(), updated);
            }
        }
        Ok(Json(json!({"id": id, "etag": etag})))
    })?
}

async fn delete_h(
    kind: Kind,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    write(&st, &sb.0, |s| {
        if coll(s, kind).get(&id).is_none() {
            return Err(Problem::not_found(kind.resource(), &id));
        }
        // What still uses the object refuses its deletion, FLOW-1418-400 for each kind:
        // the notes give it for base connections (§6), and a flow whose source or target
        // vanished under it could no longer run.
        let (what, users) = match kind {
            Kind::Connection => ("Base connection", s.base_connection_in_use(&id)),
            Kind::SourceConnection => (
                "Source connection",
                s.flows_naming("sourceConnectionIds", &id),
            ),
            Kind::TargetConnection => (
                "Target connection",
                s.flows_naming("targetConnectionIds", &id),
            ),
            Kind::Flow => ("Flow", Vec::new()),
        };
        if !users.is_empty() {
            return Err(Problem::in_use(what, &id, &users));
        }
        coll_mut(s, kind).remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })?
}

/// `GET /connections/{id}/test`: a disabled connection fails its test.
async fn test_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    read(&st, &sb.0, |s| {
        let c = s
            .connections
            .get(&id)
            .ok_or_else(|| Problem::not_found("connections", &id))?;
        Ok(Json(
            json!({"result": c.get("state").and_then(Value::as_str) != Some("disabled")}),
        ))
    })?
}

//! AppFlow's edits of a flow: UpdateFlow (`POST /update-flow`, the whole definition
//! again, checked in `flow_check`) and DeleteFlow (`POST /delete-flow`). Both refuse with
//! ConflictException while a run of the flow is in progress; DeleteFlow also refuses a
//! flow that a Customer Profiles integration feeds from, unless `forceDelete`, which then
//! removes the integration with it. An update keeps the flow's runs, status and tags, and
//! moves its integration to the object type the new destination names.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use serde_json::{Value, json};

use super::error::AwsError;
use super::flow::{ExecStatus, Flow, flow_arn};
use super::flow_check::check_update;
use super::flowdef::{Placement, flow_from_definition};
use super::flows::flow;
use super::wire::{body, ok, opt_str, req_str};
use super::{Service, with_store};
use crate::clock::EpochMs;
use crate::state::Shared;

const A: Service = Service::AppFlow;

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/update-flow", post(update_flow))
        .route("/delete-flow", post(delete_flow))
}

/// A flow with a run in progress can be neither changed nor deleted.
fn idle(f: &Flow, now: EpochMs) -> Result<(), AwsError> {
    let running = f.runs(now).into_iter().find(|e| {
        matches!(
            e.status(now),
            ExecStatus::InProgress | ExecStatus::CancelStarted
        )
    });
    match running {
        Some(e) => Err(AwsError::conflict(format!(
            "Flow {} has a run in progress ({}); wait for it to end or cancel it first",
            f.name, e.id
        ))),
        None => Ok(()),
    }
}

async fn update_flow(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?.to_string();
    opt_str(A, &b, "clientToken")?;
    let now = st.now();
    with_store(&st, A, |s| {
        let f = flow(s, &name)?;
        let u = check_update(&b, s, f)?;
        idle(f, now)?;
        let at = Placement {
            domain: &u.domain,
            object_type: &u.object_type,
            created_at: f.created_at,
            status: f.status,
            workflow: f.workflow.clone(),
        };
        let mut new = flow_from_definition(&u.definition, at)
            .ok_or_else(|| AwsError::invalid(A, "The flow definition is not valid."))?;
        let old = s.flows.remove(&name).ok_or_else(|| AwsError::internal(A))?;
        new.status_message = old.status_message;
        new.created_by = old.created_by;
        new.tags = old.tags;
        new.executions = old.executions;
        new.updated_at = now;
        let status = new.status;
        s.flows.insert(name.clone(), new);
        let uri = flow_arn(&name);
        for i in s.integrations.iter_mut().filter(|i| i.uri == uri) {
            i.object_type.clone_from(&u.object_type);
        }
        Ok(ok(json!({ "flowStatus": status.name() })))
    })
}

async fn delete_flow(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?.to_string();
    let force = match b.get("forceDelete") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(f)) => *f,
        Some(_) => return Err(AwsError::invalid(A, "forceDelete must be true or false.")),
    };
    let now = st.now();
    with_store(&st, A, |s| {
        idle(flow(s, &name)?, now)?;
        let uri = flow_arn(&name);
        if !force && let Some(i) = s.integrations.iter().find(|i| i.uri == uri) {
            return Err(AwsError::conflict(format!(
                "Flow {name} is in use by the Customer Profiles integration of domain {} \
                 (object type {}); delete it with forceDelete",
                i.domain, i.object_type
            )));
        }
        s.flows.remove(&name);
        s.integrations.retain(|i| i.uri != uri);
        s.start_tokens.retain(|(flow, _), _| *flow != name);
        Ok(ok(json!({})))
    })
}

//! Integration workflows of a domain: ListWorkflows (`POST …/workflows`, filters in the
//! body, paging in the query string), GetWorkflow, GetWorkflowSteps and DeleteWorkflow.
//! Status, steps and metrics are computed at the emulator clock's `now`.
//!
//! The model documents QueryStartDate as "workflows started after" and QueryEndDate as
//! "ended after"; both bound the workflow's CreatedAt here, which is the window a
//! client's date filter means.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use bytes::Bytes;
use serde_json::{Value, json};

use super::domains::{DEFAULT_PAGE, domain};
use super::error::AwsError;
use super::store::AwsStore;
use super::wire::{PageReq, body, millis, ok, opt_str};
use super::workflow::{WfStatus, Workflow};
use super::{Service, list_answer, with_store};
use crate::state::Shared;

const P: Service = Service::Profiles;

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/domains/{domain}/workflows", post(list_workflows))
        .route(
            "/domains/{domain}/workflows/{id}",
            get(get_workflow).delete(delete_workflow),
        )
        .route("/domains/{domain}/workflows/{id}/steps", get(get_steps))
}

/// The workflow `id` of `name`, after checking the domain and the id's shape.
fn find<'a>(s: &'a AwsStore, name: &str, id: &str) -> Result<&'a Workflow, AwsError> {
    domain(s, name)?;
    if id.len() != 32
        || !id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(AwsError::invalid(
            P,
            format!(
                "WorkflowId {id} is not valid: it must be 32 lowercase hexadecimal characters."
            ),
        ));
    }
    s.workflow(name, id)
        .ok_or_else(|| AwsError::not_found(P, format!("No workflow {id} in domain {name}")))
}

fn time_filter(b: &super::wire::Body, member: &str) -> Result<Option<i64>, AwsError> {
    match b.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => millis(v).map(Some).ok_or_else(|| {
            AwsError::invalid(P, format!("{member} must be a timestamp in epoch seconds."))
        }),
    }
}

async fn list_workflows(
    State(st): St,
    Path(name): Path<String>,
    q: RawQuery,
    raw: Bytes,
) -> Result<Response, AwsError> {
    let page = PageReq::from_query(&q)?;
    let b = body(P, &raw)?;
    if let Some(t) = opt_str(P, &b, "WorkflowType")?
        && t != "APPFLOW_INTEGRATION"
    {
        return Err(AwsError::invalid(
            P,
            format!("WorkflowType {t} is not valid; the only value is APPFLOW_INTEGRATION."),
        ));
    }
    let status = match opt_str(P, &b, "Status")? {
        None => None,
        Some(s) => Some(WfStatus::from_name(s).ok_or_else(|| {
            AwsError::invalid(
                P,
                format!(
                    "Status {s} is not valid; use one of NOT_STARTED, IN_PROGRESS, COMPLETE, FAILED, SPLIT, RETRY, CANCELLED."
                ),
            )
        })?),
    };
    let from = time_filter(&b, "QueryStartDate")?;
    let to = time_filter(&b, "QueryEndDate")?;
    let now = st.now();
    with_store(&st, P, |s| {
        domain(s, &name)?;
        let items: Vec<Value> = s
            .workflows
            .iter()
            .rev()
            .filter(|w| w.domain == name)
            .filter(|w| from.is_none_or(|f| w.created_at >= f))
            .filter(|w| to.is_none_or(|t| w.created_at <= t))
            .filter(|w| status.is_none_or(|st| w.status(now) == st))
            .map(|w| w.item(now))
            .collect();
        let scope = format!("workflows/{name}");
        let (items, next) = page.cut(P, &scope, DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("Items", items, "NextToken", next)))
    })
}

async fn get_workflow(
    State(st): St,
    Path((name, id)): Path<(String, String)>,
) -> Result<Response, AwsError> {
    let now = st.now();
    with_store(&st, P, |s| Ok(ok(find(s, &name, &id)?.detail(now))))
}

async fn get_steps(
    State(st): St,
    Path((name, id)): Path<(String, String)>,
    q: RawQuery,
) -> Result<Response, AwsError> {
    let page = PageReq::from_query(&q)?;
    let now = st.now();
    with_store(&st, P, |s| {
        let w = find(s, &name, &id)?;
        let scope = format!("steps/{name}/{id}");
        let (items, next) = page.cut(P, &scope, DEFAULT_PAGE, &w.step_items(now))?;
        let mut answer = list_answer("Items", items, "NextToken", next);
        answer["WorkflowId"] = json!(id);
        answer["WorkflowType"] = json!("APPFLOW_INTEGRATION");
        Ok(ok(answer))
    })
}

/// Removes the workflow with what it created: its integration and its AppFlow flow.
async fn delete_workflow(
    State(st): St,
    Path((name, id)): Path<(String, String)>,
) -> Result<Response, AwsError> {
    with_store(&st, P, |s| {
        let flow = find(s, &name, &id)?.flow_name.clone();
        s.workflows.retain(|w| !(w.domain == name && w.id == id));
        s.integrations
            .retain(|i| i.workflow.as_deref() != Some(id.as_str()));
        if s.flows
            .get(&flow)
            .is_some_and(|f| f.workflow.as_deref() == Some(id.as_str()))
        {
            s.flows.remove(&flow);
        }
        Ok(ok(json!({})))
    })
}

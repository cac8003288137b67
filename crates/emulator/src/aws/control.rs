//! AppFlow changes: StartFlow, StopFlow and CancelFlowExecutions, with the service's
//! rules. StartFlow runs an on-demand flow (a new execution that finishes after
//! [`ON_DEMAND_RUN_MS`] of emulator time) but only activates a scheduled or
//! event-triggered one; its `clientToken` makes a retry return the first answer
//! instead of starting twice. StopFlow suspends scheduled and event flows and is
//! unsupported for on-demand ones. CancelFlowExecutions cancels runs in progress and
//! lists the others as invalid.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use serde_json::{Value, json};

use super::error::AwsError;
use super::flow::{ExecStatus, Execution, FlowStatus, Outcome, Trigger};
use super::flows::flow;
use super::seed::pick;
use super::store::{Started, TOKEN_TTL_MS};
use super::wire::{Body, body, ok, opt_str, put, req_str};
use super::{Service, with_store};
use crate::clock::EpochMs;
use crate::state::Shared;

const A: Service = Service::AppFlow;
/// How long an on-demand run takes on the emulator clock.
pub const ON_DEMAND_RUN_MS: i64 = 90_000;

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/start-flow", post(start_flow))
        .route("/stop-flow", post(stop_flow))
        .route("/cancel-flow-executions", post(cancel_executions))
}

fn answer(arn: String, status: FlowStatus, execution: Option<String>) -> Response {
    let mut m = Body::new();
    m.insert("flowArn".into(), arn.into());
    m.insert("flowStatus".into(), status.name().into());
    put(&mut m, "executionId", execution);
    ok(Value::Object(m))
}

/// Draft and deprecated flows can be neither run nor stopped.
fn usable(name: &str, status: FlowStatus) -> Result<(), AwsError> {
    match status {
        FlowStatus::Draft | FlowStatus::Deprecated => Err(AwsError::conflict(format!(
            "Flow {name} is in {} status and cannot be started or stopped",
            status.name()
        ))),
        _ => Ok(()),
    }
}

async fn start_flow(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?.to_string();
    let token = opt_str(A, &b, "clientToken")?.map(str::to_string);
    if token.as_deref().is_some_and(|t| {
        t.is_empty() || t.len() > 256 || !t.bytes().all(|c| (b' '..=b'~').contains(&c))
    }) {
        return Err(AwsError::invalid(
            A,
            "clientToken must be 1 to 256 printable ASCII characters.",
        ));
    }
    let now = st.now();
    let new_id = st.new_id();
    with_store(&st, A, |s| {
        s.start_tokens.retain(|_, v| now - v.at < TOKEN_TTL_MS);
        let f = flow(s, &name)?;
        if let Some(t) = &token
            && let Some(prev) = s.start_tokens.get(&(name.clone(), t.clone()))
        {
            return Ok(answer(f.arn(), f.status, prev.execution.clone()));
        }
        usable(&name, f.status)?;
        let f = s
            .flows
            .get_mut(&name)
            .ok_or_else(|| AwsError::internal(A))?;
        let execution = match f.trigger {
            Trigger::OnDemand => {
                let from = f.runs(now).first().map_or(now - 86_400_000, |e| e.pull.1);
                f.executions.push(Execution {
                    id: new_id.clone(),
                    started_at: now,
                    run_ms: ON_DEMAND_RUN_MS,
                    pull: (from, now),
                    records: pick(500, 5_000, &[&name, &new_id]),
                    bytes_per_record: 512,
                    outcome: Outcome::Success,
                    cancel_at: None,
                });
                Some(new_id)
            }
            Trigger::Scheduled | Trigger::Event => {
                f.status = FlowStatus::Active;
                f.status_message = None;
                f.updated_at = now;
                None
            }
        };
        let (arn, status) = (f.arn(), f.status);
        if execution.is_some() {
            *s.started.entry(name.clone()).or_default() += 1;
        }
        if let Some(t) = token {
            s.start_tokens.insert(
                (name, t),
                Started {
                    execution: execution.clone(),
                    at: now,
                },
            );
        }
        Ok(answer(arn, status, execution))
    })
}

async fn stop_flow(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?;
    let now = st.now();
    with_store(&st, A, |s| {
        let status = flow(s, name)?.status;
        usable(name, status)?;
        let f = s.flows.get_mut(name).ok_or_else(|| AwsError::internal(A))?;
        if f.trigger == Trigger::OnDemand {
            return Err(AwsError::unsupported(format!(
                "Flow {name} runs on demand; StopFlow applies only to scheduled and event-triggered flows"
            )));
        }
        if f.status != FlowStatus::Suspended {
            f.status = FlowStatus::Suspended;
            f.updated_at = now;
        }
        Ok(answer(f.arn(), f.status, None))
    })
}

async fn cancel_executions(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?;
    let ids: Option<Vec<String>> = match b.get("executionIds") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) if a.len() <= 100 => Some(
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| AwsError::invalid(A, "executionIds must be a list of strings."))?,
        ),
        Some(_) => {
            return Err(AwsError::invalid(
                A,
                "executionIds must be a list of at most 100 strings.",
            ));
        }
    };
    let now = st.now();
    with_store(&st, A, |s| {
        flow(s, name)?;
        let f = s.flows.get_mut(name).ok_or_else(|| AwsError::internal(A))?;
        let running = |e: &Execution, now: EpochMs| {
            e.started_at <= now && e.status(now) == ExecStatus::InProgress
        };
        let mut invalid = Vec::new();
        match ids {
            // No ids: every active run of the flow.
            None => f
                .executions
                .iter_mut()
                .filter(|e| running(e, now))
                .for_each(|e| e.cancel_at = Some(now)),
            Some(ids) => {
                for id in ids {
                    match f.executions.iter_mut().find(|e| e.id == id) {
                        Some(e) if running(e, now) => e.cancel_at = Some(now),
                        _ => invalid.push(id),
                    }
                }
            }
        }
        Ok(ok(json!({ "invalidExecutions": invalid })))
    })
}

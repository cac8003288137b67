//! Runs: list (with the fast record-backed filters), get, and `POST /runs`, which
//! schedules an ad-hoc run that the clock then carries through inProgress to success
//! or failure (aep-api-notes §6).
//!
//! An on-demand run is only for a flow scheduled once: Adobe's on-demand ingestion guide
//! says "the flow must be scheduled for one-time ingestion". A run asked of a disabled
//! flow, or of one that runs on a schedule or streams, is FLOW-1422-400 ("action cannot
//! be applied in the current state"), the detail saying which.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

use super::{one, pairs, read, write};
use crate::gateway::{Caller, SandboxName};
use crate::listing::{ListQuery, Listable, list_bytes};
use crate::patch::new_etag;
use crate::problem::Problem;
use crate::run_attempt::{DRAWS, attempt};
use crate::run_record::{RunOutcome, RunRecord};
use crate::state::Shared;

type St = State<Arc<Shared>>;

/// A new run waits this long in `scheduled` before it starts.
pub const SCHEDULE_DELAY_MS: i64 = 5_000;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/runs", get(list_h).post(create_h))
        .route("/runs/{id}", get(get_h))
        .route("/runs/{id}/action", post(super::run_action::action))
}

/// The seeded draws of one run attempt.
pub(super) fn draws(st: &Shared) -> [f64; DRAWS] {
    std::array::from_fn(|_| st.draw())
}

/// Written straight to the response, each run from its record: no tree per page.
async fn list_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Response, Problem> {
    let q = ListQuery::from_pairs(&pairs(&q))?;
    let now = st.now();
    let body = read(&st, &sb.0, |s| {
        list_bytes(&s.runs, |r| s.run_view(r, now), &q, "runs")
    })?
    .map_err(|e| Problem::flow(1500, 500, format!("cannot write the runs: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn get_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let now = st.now();
    read(&st, &sb.0, |s| {
        s.runs
            .get(&id)
            .map(|r| one(s.run_view(r, now).render()))
            .ok_or_else(|| Problem::not_found("runs", &id))
    })?
}

/// `None` for a flow scheduled once, else how it is scheduled. aepp's one-time export
/// flows carry no `frequency`, only `interval` 0 (aep-api-notes §10), and count as once.
fn not_once(flow: &Value) -> Option<String> {
    let Some(params) = flow.get("scheduleParams") else {
        return Some("streams, with no schedule".into());
    };
    match params.get("frequency").and_then(Value::as_str) {
        Some(f) if f.eq_ignore_ascii_case("once") => None,
        Some(f) => Some(format!("is scheduled every {f}")),
        None => {
            let interval = params.get("interval");
            let zero = interval.and_then(Value::as_u64) == Some(0)
                || interval.and_then(Value::as_str) == Some("0");
            (!zero).then(|| "is scheduled periodically".into())
        }
    }
}

async fn create_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Response, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::bad_request(1405, "The request body is empty."));
    }
    let doc: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(1405, format!("The request body is not valid JSON: {e}."))
    })?;
    // Unknown members (aepp adds "status":"active") are ignored.
    let flow_id = doc
        .get("flowId")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::bad_request(1455, "'flowId' is required."))?
        .to_string();
    if let Some(p) = doc.get("params")
        && !p.is_object()
    {
        return Err(Problem::bad_request(1455, "'params' must be an object."));
    }
    let now = st.now();
    let (id, etag) = (st.new_id(), new_etag(now));
    let draws = draws(&st);
    let (adf, batch) = (st.new_id(), st.new_id());
    write(&st, &sb.0, |s| {
        let flow = s
            .flows
            .get(&flow_id)
            .ok_or_else(|| Problem::not_found("flows", &flow_id))?;
        if flow.get("state").and_then(Value::as_str) != Some("enabled") {
            return Err(Problem::bad_request(
                1422,
                format!("Flow {flow_id} is not enabled; enable it before triggering a run."),
            ));
        }
        if let Some(schedule) = not_once(flow) {
            return Err(Problem::bad_request(
                1422,
                format!(
                    "Flow {flow_id} {schedule}; the flow must be scheduled for one-time ingestion (scheduleParams.frequency \"once\") to be run on demand."
                ),
            ));
        }
        let first = |field: &str| {
            flow.pointer(&format!("/{field}/0"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let mut run = RunRecord {
            id: id.clone(),
            flow_id: flow_id.clone(),
            flow_spec_id: flow
                .pointer("/flowSpec/id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            source_connection_id: first("sourceConnectionIds"),
            target_connection_id: first("targetConnectionIds"),
            provider_ref_id: format!("M-{}", &adf[..8]),
            etag: etag.clone(),
            created_at: now,
            started_at: now,
            duration_ms: 0,
            outcome: RunOutcome::Success,
            errors: Vec::new(),
            input_records: 0,
            output_records: 0,
            failed_records: 0,
            skipped_records: 0,
            input_bytes: 0,
            output_bytes: 0,
            input_files: 0,
            output_files: 0,
            adf_run_id: adf,
            batch_id: batch.replace('-', "").to_uppercase()[..26].to_string(),
            created_by: caller.actor(),
            created_client: caller.0.clone(),
        };
        attempt(&mut run, draws, now + SCHEDULE_DELAY_MS);
        s.put_run(run);
        Ok(())
    })??;
    // The spec answers a bare {id, etag}; current docs wrap it in items. Both at once
    // keep either kind of client working (aep-api-notes §6).
    let body = json!({"id": id, "etag": etag, "items": [{"id": id, "etag": etag}]});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

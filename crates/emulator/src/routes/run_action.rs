//! `POST /runs/{id}/action?op=RE_TRIGGER`: a failed run is attempted again. The op is
//! the spec's only one (case-insensitive, as the flow actions are); the run keeps its id
//! and creation, starts again at once (inProgress on the clock), gets a new etag, and
//! ends in success or failure by a new seeded draw, its metrics counted afresh. The
//! answer is the run as it now is (the spec's `FlowRunItemDTO`).
//!
//! Only a run that failed is retried: one scheduled, in progress or that succeeded (even
//! partially) is FLOW-1422-400, the detail saying its status. An unknown run is
//! FLOW-1101-404, an unknown or missing op FLOW-1455-400, a stale `If-Match` (optional
//! here, as in the spec) FLOW-1404-412.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use serde_json::{Value, json};

use super::runs::draws;
use super::{pairs, write};
use crate::gateway::SandboxName;
use crate::listing::Listable;
use crate::patch::{check_if_match, new_etag};
use crate::problem::Problem;
use crate::run_attempt::attempt;
use crate::run_record::{RunOutcome, RunPhase};
use crate::state::Shared;

/// The spec's enum for the op.
const RE_TRIGGER: &str = "RE_TRIGGER";

pub async fn action(
    State(st): State<Arc<Shared>>,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let op = pairs(&q)
        .into_iter()
        .find(|(k, _)| k == "op")
        .map(|(_, v)| v)
        .ok_or_else(|| {
            Problem::bad_request(
                1455,
                "The 'op' query parameter is required (RE_TRIGGER for a run).",
            )
        })?;
    if !op.eq_ignore_ascii_case(RE_TRIGGER) {
        return Err(Problem::bad_request(
            1455,
            format!("Action op '{op}' is not supported on runs; use RE_TRIGGER."),
        ));
    }
    let if_match = headers
        .get("if-match")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let now = st.now();
    let (etag, draws) = (new_etag(now), draws(&st));
    write(&st, &sb.0, |s| {
        let run = s
            .runs
            .get_mut(&id)
            .ok_or_else(|| Problem::not_found("runs", &id))?;
        if let Some(given) = if_match.as_deref() {
            check_if_match(Some(given), &json!({ "etag": run.etag }))?;
        }
        let failed = run.phase(now) == RunPhase::Done && run.outcome == RunOutcome::Failed;
        if !failed {
            return Err(Problem::bad_request(
                1422,
                format!(
                    "Action 'RE_TRIGGER' cannot be applied: run {id} is {}; only a failed run can be retried.",
                    run.status(now)
                ),
            ));
        }
        attempt(run, draws, now);
        run.etag = etag;
        Ok(())
    })??;
    let answer = super::read(&st, &sb.0, |s| {
        s.runs
            .get(&id)
            .map(|r| s.run_view(r, now).render())
            .ok_or_else(|| Problem::not_found("runs", &id))
    })??;
    Ok(Json(answer))
}

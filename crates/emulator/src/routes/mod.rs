//! The emulator's HTTP surface: IMS, Flow Service, the Catalog Service's datasets, the DLZ
//! connectors API and the storage behind the landing zone, assembled into one axum router
//! with the counting, gateway and fault layers.
//!
//! Storage routes sit outside the gateway (their auth is the SAS, not an IMS token) but
//! inside the fault and counting layers, so `--error-rate` and the request log cover them.
//! So do the AWS routes (`/domains/…`, `/list-flows`, …), behind their SigV4 check.

mod catalog;
mod configs;
mod create_check;
mod flows;
mod ims;
mod landingzone;
mod resources;
mod run_action;
mod runs;
mod specs;

use std::sync::Arc;

use axum::Router;
use axum::extract::RawQuery;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use super::aws;
use super::blob;
use super::faults;
use super::gateway;
use super::problem::Problem;
use super::s3;
use super::sandbox::Sandbox;
use super::state::Shared;

pub const FLOW_BASE: &str = "/data/foundation/flowservice";
pub const DLZ_BASE: &str = "/data/foundation/connectors/landingzone";
pub use super::blob::BLOB_BASE;

pub fn router(st: Arc<Shared>) -> Router {
    let flow = Router::new()
        .merge(resources::routes())
        .merge(specs::routes())
        .merge(configs::routes())
        .merge(flows::routes())
        .merge(runs::routes())
        .merge(landingzone::explore_routes());
    let platform = Router::new()
        .nest(FLOW_BASE, flow)
        .nest(DLZ_BASE, landingzone::routes())
        .nest(catalog::CATALOG_BASE, catalog::routes())
        .layer(from_fn_with_state(st.clone(), gateway::check))
        .layer(from_fn_with_state(st.clone(), faults::inject));
    let storage = Router::new()
        .nest(blob::BLOB_BASE, blob::routes())
        .nest(s3::S3_BASE, s3::routes())
        .layer(from_fn_with_state(st.clone(), faults::inject));
    let aws = aws::routes()
        .layer(from_fn_with_state(st.clone(), aws::auth::check))
        .layer(from_fn_with_state(st.clone(), faults::inject));
    Router::new()
        .route("/ims/token/v3", post(ims::token))
        .merge(platform)
        .merge(storage)
        .merge(aws)
        .fallback(
            get(not_routed)
                .post(not_routed)
                .patch(not_routed)
                .delete(not_routed)
                .put(not_routed),
        )
        .layer(from_fn_with_state(st.clone(), faults::count))
        .with_state(st)
}

async fn not_routed() -> Problem {
    Problem::flow(1101, 404, "No such API path.")
}

/// Raw query pairs, keeping repeated keys (`property` may repeat).
pub fn pairs(q: &RawQuery) -> Vec<(String, String)> {
    url::form_urlencoded::parse(q.0.as_deref().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

pub fn read<R>(st: &Shared, sandbox: &str, f: impl FnOnce(&Sandbox) -> R) -> Result<R, Problem> {
    let guard = st
        .sandboxes
        .read()
        .map_err(|_| Problem::flow(1000, 500, "Sandbox store unavailable."))?;
    let sb = guard
        .get(sandbox)
        .ok_or_else(|| Problem::flow(2100, 404, format!("Sandbox '{sandbox}' not found.")))?;
    Ok(f(sb))
}

pub fn write<R>(
    st: &Shared,
    sandbox: &str,
    f: impl FnOnce(&mut Sandbox) -> R,
) -> Result<R, Problem> {
    let mut guard = st
        .sandboxes
        .write()
        .map_err(|_| Problem::flow(1000, 500, "Sandbox store unavailable."))?;
    let sb = guard
        .get_mut(sandbox)
        .ok_or_else(|| Problem::flow(2100, 404, format!("Sandbox '{sandbox}' not found.")))?;
    Ok(f(sb))
}

/// `{"items":[obj]}`: every GET by id answers in this wrapper (aep-api-notes §4).
pub fn one(v: serde_json::Value) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "items": [v] }))
}

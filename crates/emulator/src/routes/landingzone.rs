//! The DLZ connectors API (`/data/foundation/connectors/landingzone`) and the Flow
//! Service explore endpoints that browse and preview landing-zone files
//! (aep-api-notes §7).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::Value;

use super::{pairs, read, write};
use crate::dlz::DlzKind;
use crate::dlz::ExploreQuery;
use crate::gateway::SandboxName;
use crate::problem::Problem;
use crate::state::Shared;

type St = State<Arc<Shared>>;

/// The spec whose explore endpoint browses the landing zone.
pub const DLZ_SPEC_ID: &str = "26f526f2-58f4-4712-961d-e41bf1ccc0e8";

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/", get(container))
        .route("/credentials", get(credentials).post(refresh))
}

/// Explore routes, mounted under the Flow Service base.
pub fn explore_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/connectionSpecs/{id}/explore", get(explore_spec))
        .route("/connections/{id}/explore", get(explore_connection))
}

fn kind(q: &RawQuery) -> Result<DlzKind, Problem> {
    let p = pairs(q);
    let t = p.iter().find(|(k, _)| k == "type").map(|(_, v)| v.as_str());
    match t {
        Some(t) => DlzKind::from_type(t).ok_or_else(|| {
            Problem::bad_request(
                1452,
                format!("Invalid type '{t}': use user_drop_zone or dlz_destination."),
            )
        }),
        None => Err(Problem::bad_request(
            1452,
            "The 'type' query parameter is required (user_drop_zone or dlz_destination).",
        )),
    }
}

async fn container(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let k = kind(&q)?;
    read(&st, &sb.0, |s| Json(s.dlz.container(k)))
}

async fn credentials(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let k = kind(&q)?;
    let now = st.now();
    write(&st, &sb.0, |s| Json(s.dlz.credentials(k, now)))
}

/// `POST …/credentials?type=…&action=refresh` rotates the SAS signature.
async fn refresh(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let k = kind(&q)?;
    let action = pairs(&q)
        .into_iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v);
    if !action
        .as_deref()
        .is_some_and(|a| a.eq_ignore_ascii_case("refresh"))
    {
        return Err(Problem::bad_request(
            1455,
            "POST on credentials needs action=refresh.",
        ));
    }
    let now = st.now();
    write(&st, &sb.0, |s| Json(s.dlz.refresh(k, now)))
}

async fn explore_spec(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let query = ExploreQuery::from_pairs(&pairs(&q))?;
    read(&st, &sb.0, |s| {
        if s.connection_specs.get(&id).is_none() {
            return Err(Problem::not_found("connectionSpecs", &id));
        }
        if id != DLZ_SPEC_ID {
            return Err(Problem::bad_request(
                1455,
                format!(
                    "Explore without a connection is only available for the landing-zone spec {DLZ_SPEC_ID}; explore through a base connection of spec {id} instead."
                ),
            ));
        }
        s.dlz.explore(&query).map(Json)
    })?
}

/// `GET /connections/{id}/explore`: landing-zone connections browse the DLZ; other
/// connections have no files in the emulator, so they say so instead of pretending.
async fn explore_connection(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let query = ExploreQuery::from_pairs(&pairs(&q))?;
    read(&st, &sb.0, |s| {
        let c = s
            .connections
            .get(&id)
            .ok_or_else(|| Problem::not_found("connections", &id))?;
        let spec = c
            .pointer("/connectionSpec/id")
            .and_then(Value::as_str)
            .unwrap_or("");
        if spec == DLZ_SPEC_ID {
            s.dlz.explore(&query).map(Json)
        } else {
            Err(Problem::bad_request(
                1455,
                format!(
                    "The emulator holds no explorable objects behind connection {id} (spec {spec}); only landing-zone connections can be explored."
                ),
            ))
        }
    })?
}

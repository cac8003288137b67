//! Catalog Service datasets: `GET /dataSets` and `GET /dataSets/{id}` under
//! `/data/foundation/catalog`, behind the same gateway and sandbox header as Flow Service.
//!
//! The Catalog answers objects keyed by id (`{"<id>": {…}, …}`), not `items`, for a
//! list and for one dataset alike; paging is `limit`/`start` offsets with no links
//! ("List Catalog objects", "Filter Catalog data using query parameters"). Its errors are
//! problem JSON with a `CAT-<code>-<http>` type; the codes are the emulator's own:
//! CAT-1400-400 for a query it cannot read, CAT-1404-404 for an unknown dataset id.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Map, Value};

use super::{pairs, read};
use crate::catalog_query::CatalogQuery;
use crate::gateway::SandboxName;
use crate::problem::Problem;
use crate::state::Shared;

type St = State<Arc<Shared>>;

pub const CATALOG_BASE: &str = "/data/foundation/catalog";

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/dataSets", get(list_h))
        .route("/dataSets/{id}", get(get_h))
        .fallback(not_routed)
}

/// Paths under the Catalog that the emulator does not serve answer in the Catalog's shape.
async fn not_routed() -> Problem {
    Problem::catalog(1404, 404, "No such Catalog Service path.")
}

fn query(q: &RawQuery) -> Result<CatalogQuery, Problem> {
    CatalogQuery::from_pairs(&pairs(q), &[]).map_err(|e| Problem::catalog(1400, 400, e))
}

/// `{"<id>": {…}}` for each dataset of the page, in the asked order.
fn keyed<'a>(q: &CatalogQuery, docs: impl IntoIterator<Item = &'a Value>) -> Value {
    let mut out = Map::new();
    for d in docs {
        let id = d.get("id").and_then(Value::as_str).unwrap_or_default();
        out.insert(id.to_string(), Value::Object(q.project(d)));
    }
    Value::Object(out)
}

async fn list_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let q = query(&q)?;
    read(&st, &sb.0, |s| {
        let (page, _) = q.page(s.datasets.values());
        Json(keyed(&q, page))
    })
}

async fn get_h(
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let q = query(&q)?;
    read(&st, &sb.0, |s| {
        s.datasets
            .get(&id)
            .map(|d| Json(keyed(&q, [d])))
            .ok_or_else(|| {
                Problem::catalog(
                    1404,
                    404,
                    format!("Dataset '{id}' was not found in sandbox '{}'.", sb.0),
                )
            })
    })?
}

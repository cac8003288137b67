//! Connection specs and flow specs: read-only catalogues, listed and filtered like any
//! other resource (aepp looks specs up with `property=name==…`).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::Value;

use super::{one, pairs, read};
use crate::collection::Collection;
use crate::gateway::SandboxName;
use crate::listing::{ListQuery, list};
use crate::problem::Problem;
use crate::sandbox::Sandbox;
use crate::state::Shared;

type St = State<Arc<Shared>>;

#[derive(Clone, Copy)]
enum Spec {
    Connection,
    Flow,
}

impl Spec {
    fn resource(self) -> &'static str {
        match self {
            Spec::Connection => "connectionSpecs",
            Spec::Flow => "flowSpecs",
        }
    }

    fn of(self, s: &Sandbox) -> &Collection<Value> {
        match self {
            Spec::Connection => &s.connection_specs,
            Spec::Flow => &s.flow_specs,
        }
    }
}

pub fn routes() -> Router<Arc<Shared>> {
    let mut r = Router::new();
    for spec in [Spec::Connection, Spec::Flow] {
        let base = format!("/{}", spec.resource());
        r = r
            .route(
                &base,
                get(move |st: St, sb: Extension<SandboxName>, q: RawQuery| list_h(spec, st, sb, q)),
            )
            .route(
                &format!("{base}/{{id}}"),
                get(
                    move |st: St, sb: Extension<SandboxName>, id: Path<String>| {
                        get_h(spec, st, sb, id)
                    },
                ),
            );
    }
    r
}

async fn list_h(
    spec: Spec,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let q = ListQuery::from_pairs(&pairs(&q))?;
    read(&st, &sb.0, |s| {
        Json(list(spec.of(s), |v| v, &q, spec.resource()))
    })
}

async fn get_h(
    spec: Spec,
    State(st): St,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    read(&st, &sb.0, |s| {
        spec.of(s)
            .get(&id)
            .map(|v| one(v.clone()))
            .ok_or_else(|| Problem::not_found(spec.resource(), &id))
    })?
}

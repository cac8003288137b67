//! Customer Profiles domains and what hangs off them: ListDomains, GetDomain,
//! ListProfileObjectTypes, ListIntegrations (`GET …/integrations`) and GetIntegration
//! (`POST …/integrations` with the flow ARN as `Uri`). Paging is in the query string.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use bytes::Bytes;
use serde_json::Value;

use super::error::AwsError;
use super::store::{AwsStore, Domain};
use super::wire::{PageReq, body, ok, req_str};
use super::{Service, list_answer, with_store};
use crate::state::Shared;

const P: Service = Service::Profiles;
/// Customer Profiles lists answer up to 100 items when MaxResults is not sent.
pub const DEFAULT_PAGE: usize = 100;

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/domains", get(list_domains))
        .route("/domains/{domain}", get(get_domain))
        .route("/domains/{domain}/object-types", get(list_object_types))
        .route(
            "/domains/{domain}/integrations",
            get(list_integrations).post(get_integration),
        )
}

/// The domain named `name`, or the 404 every domain-scoped operation answers.
pub fn domain<'a>(s: &'a AwsStore, name: &str) -> Result<&'a Domain, AwsError> {
    s.domain(name)
        .ok_or_else(|| AwsError::not_found(P, format!("No domain named {name}")))
}

async fn list_domains(State(st): St, q: RawQuery) -> Result<Response, AwsError> {
    let page = PageReq::from_query(&q)?;
    with_store(&st, P, |s| {
        let items: Vec<Value> = s.domains.iter().map(Domain::item).collect();
        let (items, next) = page.cut(P, "domains", DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("Items", items, "NextToken", next)))
    })
}

async fn get_domain(State(st): St, Path(name): Path<String>) -> Result<Response, AwsError> {
    with_store(&st, P, |s| Ok(ok(domain(s, &name)?.detail())))
}

async fn list_object_types(
    State(st): St,
    Path(name): Path<String>,
    q: RawQuery,
) -> Result<Response, AwsError> {
    let page = PageReq::from_query(&q)?;
    with_store(&st, P, |s| {
        domain(s, &name)?;
        let items: Vec<Value> = s.object_types_of(&name).iter().map(|o| o.item()).collect();
        let scope = format!("object-types/{name}");
        let (items, next) = page.cut(P, &scope, DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("Items", items, "NextToken", next)))
    })
}

async fn list_integrations(
    State(st): St,
    Path(name): Path<String>,
    q: RawQuery,
) -> Result<Response, AwsError> {
    let page = PageReq::from_query(&q)?;
    with_store(&st, P, |s| {
        domain(s, &name)?;
        let items: Vec<Value> = s
            .integrations
            .iter()
            .filter(|i| i.domain == name)
            .map(|i| i.item())
            .collect();
        let scope = format!("integrations/{name}");
        let (items, next) = page.cut(P, &scope, DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("Items", items, "NextToken", next)))
    })
}

async fn get_integration(
    State(st): St,
    Path(name): Path<String>,
    raw: Bytes,
) -> Result<Response, AwsError> {
    let b = body(P, &raw)?;
    let uri = req_str(P, &b, "Uri")?;
    with_store(&st, P, |s| {
        domain(s, &name)?;
        s.integrations
            .iter()
            .find(|i| i.domain == name && i.uri == uri)
            .map(|i| ok(i.item()))
            .ok_or_else(|| {
                AwsError::not_found(P, format!("No integration with Uri {uri} in domain {name}"))
            })
    })
}

//! AppFlow reads: ListFlows, DescribeFlow, DescribeFlowExecutionRecords and
//! DescribeConnectorProfiles, all `POST` with a JSON body carrying `maxResults` and
//! `nextToken`. Execution records are newest first; runs planned for later are hidden.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use serde_json::Value;

use super::error::AwsError;
use super::flow::Flow;
use super::store::AwsStore;
use super::wire::{PageReq, body, ok, opt_str, req_str};
use super::{Service, list_answer, with_store};
use crate::state::Shared;

const A: Service = Service::AppFlow;
/// AppFlow lists answer this many items when maxResults is not sent.
pub const DEFAULT_PAGE: usize = 50;

/// AppFlow's `ConnectorType` enum: a filter outside it is a ValidationException.
pub(super) const CONNECTOR_TYPES: &[&str] = &[
    "Salesforce",
    "Singular",
    "Slack",
    "Redshift",
    "S3",
    "Marketo",
    "Googleanalytics",
    "Zendesk",
    "Servicenow",
    "Datadog",
    "Trendmicro",
    "Snowflake",
    "Dynatrace",
    "Infornexus",
    "Amplitude",
    "Veeva",
    "EventBridge",
    "LookoutMetrics",
    "Upsolver",
    "Honeycode",
    "CustomerProfiles",
    "SAPOData",
    "CustomConnector",
    "Pardot",
];

type St = State<Arc<Shared>>;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/list-flows", post(list_flows))
        .route("/describe-flow", post(describe_flow))
        .route(
            "/describe-flow-execution-records",
            post(describe_executions),
        )
        .route("/describe-connector-profiles", post(describe_profiles))
}

/// The flow named `name`, or AppFlow's 404.
pub fn flow<'a>(s: &'a AwsStore, name: &str) -> Result<&'a Flow, AwsError> {
    s.flows
        .get(name)
        .ok_or_else(|| AwsError::not_found(A, format!("Flow {name} does not exist")))
}

async fn list_flows(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let page = PageReq::from_body(&b)?;
    let now = st.now();
    with_store(&st, A, |s| {
        let items: Vec<Value> = s.flows.values().map(|f| f.summary(now)).collect();
        let (items, next) = page.cut(A, "list-flows", DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("flows", items, "nextToken", next)))
    })
}

async fn describe_flow(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?;
    let now = st.now();
    with_store(&st, A, |s| Ok(ok(flow(s, name)?.describe(now))))
}

async fn describe_executions(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let name = req_str(A, &b, "flowName")?;
    let page = PageReq::from_body(&b)?;
    let now = st.now();
    with_store(&st, A, |s| {
        let items: Vec<Value> = flow(s, name)?
            .runs(now)
            .into_iter()
            .map(|e| e.to_json(now))
            .collect();
        let scope = format!("executions/{name}");
        let (items, next) = page.cut(A, &scope, DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer("flowExecutions", items, "nextToken", next)))
    })
}

async fn describe_profiles(State(st): St, raw: Bytes) -> Result<Response, AwsError> {
    let b = body(A, &raw)?;
    let page = PageReq::from_body(&b)?;
    let names: Option<Vec<&str>> = match b.get("connectorProfileNames") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) if a.len() <= 100 => Some(
            a.iter()
                .map(|v| {
                    v.as_str().ok_or_else(|| {
                        AwsError::invalid(A, "connectorProfileNames must be a list of strings.")
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => {
            return Err(AwsError::invalid(
                A,
                "connectorProfileNames must be a list of at most 100 strings.",
            ));
        }
    };
    let kind = opt_str(A, &b, "connectorType")?;
    if let Some(k) = kind
        && !CONNECTOR_TYPES.contains(&k)
    {
        return Err(AwsError::invalid(
            A,
            format!("connectorType {k} is not a connector type AppFlow knows."),
        ));
    }
    // Only custom connectors carry a label; none of the demo's profiles do.
    let label = opt_str(A, &b, "connectorLabel")?;
    with_store(&st, A, |s| {
        let items: Vec<Value> = s
            .profiles
            .iter()
            .filter(|p| names.as_ref().is_none_or(|n| n.contains(&p.name.as_str())))
            .filter(|p| kind.is_none_or(|k| p.connector.type_name() == k))
            .filter(|_| label.is_none())
            .map(|p| p.detail())
            .collect();
        let (items, next) = page.cut(A, "connector-profiles", DEFAULT_PAGE, &items)?;
        Ok(ok(list_answer(
            "connectorProfileDetails",
            items,
            "nextToken",
            next,
        )))
    })
}

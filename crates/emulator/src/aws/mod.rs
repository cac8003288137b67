//! The emulator's AWS side: Amazon Connect Customer Profiles (domains, object types,
//! integrations, integration workflows) and Amazon AppFlow (flows, execution records,
//! connector profiles), over the `rest-json` protocol at the emulator's root, so the
//! official SDKs and boto3 work with `endpoint_url = http://127.0.0.1:PORT`.
//!
//! Shapes, URIs and member locations follow the service models in
//! `../shared/anchors/aws/`. One file per endpoint group (`domains`, `workflows`,
//! `create` with its checks in `create_check` and `json_walk`, `flows`, `control`, `flow_edit` with its
//! checks in `flow_check`, `object_types`);
//! `store` holds the account, `seed`, `seed_flows` and `seed_workflows` the demo data,
//! `flow`/`workflow` the clock-driven lifecycles, `wire` paging and timestamps, `error`
//! the error answers, `auth` the SigV4 presence check. It must not reach into the AEP
//! sandboxes: the two sides share only the clock and the layers.

pub mod auth;
pub mod connector;
mod control;
mod create;
mod create_check;
mod domains;
pub mod error;
pub mod flow;
mod flow_check;
mod flow_edit;
pub mod flowdef;
mod flows;
mod json_walk;
mod object_types;
pub mod seed;
mod seed_flows;
mod seed_workflows;
pub mod store;
pub mod wire;
pub mod workflow;
mod workflows;

use std::sync::Arc;

use axum::Router;

use super::state::Shared;
use error::AwsError;
use store::AwsStore;

/// The demo account every seeded ARN names.
pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
/// Keys to give an SDK or the AWS CLI: any well-formed SigV4 request is accepted, and
/// these make the demo's command lines copyable.
pub const DEMO_ACCESS_KEY_ID: &str = "AKIAFLOWSCOPEDEMOKEY";
pub const DEMO_SECRET_ACCESS_KEY: &str = "flowscope/emulator/demo/secret/key/00000";
pub const DEMO_KMS_KEY: &str =
    "arn:aws:kms:us-east-1:123456789012:key/4f1c2a7e-9b3d-4c8e-a1f0-6d2b5e8c9a10";
pub const DEMO_ROLE: &str = "arn:aws:iam::123456789012:role/CustomerProfilesAppFlowRole";

/// Which model an AWS route belongs to: it decides the 400 error name and the
/// spelling of the error body's message member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Profiles,
    AppFlow,
}

const APPFLOW_PATHS: &[&str] = &[
    "/list-flows",
    "/describe-flow",
    "/describe-flow-execution-records",
    "/describe-connector-profiles",
    "/start-flow",
    "/stop-flow",
    "/cancel-flow-executions",
    "/update-flow",
    "/delete-flow",
];

impl Service {
    /// The service a request path belongs to, `None` for every non-AWS route.
    pub fn of(path: &str) -> Option<Service> {
        if path == "/domains" || path.starts_with("/domains/") {
            Some(Service::Profiles)
        } else if APPFLOW_PATHS.contains(&path) {
            Some(Service::AppFlow)
        } else {
            None
        }
    }
}

/// Every AWS route, without layers (the router adds auth, faults and counting).
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .merge(domains::routes())
        .merge(workflows::routes())
        .merge(create::routes())
        .merge(flows::routes())
        .merge(control::routes())
        .merge(flow_edit::routes())
        .merge(object_types::routes())
}

/// How to point the AWS CLI, boto3 or an SDK at this emulator, for `flowscope emulate`.
/// Both region variables: the Rust SDK and the CLI read AWS_REGION, boto3 only
/// AWS_DEFAULT_REGION.
pub fn endpoint_hint(endpoint: &str) -> Vec<String> {
    vec![
        format!(
            "AWS (Customer Profiles, AppFlow at the root, the landing zone's S3 at /s3; account \
             {ACCOUNT}, region {REGION}) at {endpoint}:"
        ),
        format!(
            "  export AWS_ENDPOINT_URL={endpoint} AWS_ENDPOINT_URL_S3={endpoint}/s3 AWS_ACCESS_KEY_ID={DEMO_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY={DEMO_SECRET_ACCESS_KEY} AWS_REGION={REGION} AWS_DEFAULT_REGION={REGION}"
        ),
        "  then e.g. aws customer-profiles list-domains; aws appflow list-flows".to_string(),
    ]
}

/// Runs `f` on the account.
pub(crate) fn with_store<R>(
    st: &Shared,
    service: Service,
    f: impl FnOnce(&mut AwsStore) -> Result<R, AwsError>,
) -> Result<R, AwsError> {
    let mut guard = st.aws.lock().map_err(|_| AwsError::internal(service))?;
    f(&mut guard)
}

/// A list answer: `items` under `items_key`, the next token under `token_key` when
/// there is one.
pub(crate) fn list_answer(
    items_key: &str,
    items: Vec<serde_json::Value>,
    token_key: &str,
    next: Option<String>,
) -> serde_json::Value {
    let mut m = wire::Body::new();
    m.insert(items_key.into(), items.into());
    wire::put(&mut m, token_key, next);
    serde_json::Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_is_a_pasteable_export_line() {
        let hint = endpoint_hint("http://127.0.0.1:4000");
        assert!(hint[1].trim_start().starts_with(
            "export AWS_ENDPOINT_URL=http://127.0.0.1:4000 \
             AWS_ENDPOINT_URL_S3=http://127.0.0.1:4000/s3 AWS_ACCESS_KEY_ID=AKIAFLOWSCOPEDEMOKEY"
        ));
        assert!(hint[1].ends_with("AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1"));
    }

    #[test]
    fn paths_name_their_service() {
        assert_eq!(Service::of("/domains"), Some(Service::Profiles));
        assert_eq!(
            Service::of("/domains/retail-prod/workflows"),
            Some(Service::Profiles)
        );
        assert_eq!(Service::of("/start-flow"), Some(Service::AppFlow));
        assert_eq!(Service::of("/domainsx"), None);
        assert_eq!(Service::of("/data/foundation/flowservice/flows"), None);
    }
}

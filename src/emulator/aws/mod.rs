//! The emulator's AWS side: Amazon Connect Customer Profiles (domains, object types,
//! integrations, integration workflows) and Amazon AppFlow (flows, execution records,
//! connector profiles), over the `rest-json` protocol at the emulator's root, so the
//! official SDKs and boto3 work with `endpoint_url = http://127.0.0.1:PORT`.
//!
//! Shapes follow the service models in `../shared/anchors/aws/`: `store` holds the
//! account, `seed`/`seed_workflows` the demo data, `flow`/`workflow` the clock-driven
//! lifecycles, `wire` paging and timestamps, `error` the error answers. It must not
//! reach into the AEP sandboxes: the two sides share only the clock.

pub mod connector;
pub mod error;
pub mod flow;
pub mod flowdef;
pub mod seed;
mod seed_workflows;
pub mod store;
pub mod wire;
pub mod workflow;

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

#[cfg(test)]
mod tests {
    use super::*;

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

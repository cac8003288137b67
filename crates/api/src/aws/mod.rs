//! AWS access for the explorer's AWS side: Customer Profiles integration workflows and
//! AppFlow, through the official SDK clients. Knows nothing of panes.
//!
//! [`AwsClient::connect`] resolves credentials, region and endpoint the way every AWS tool
//! does (env, shared config and credentials files, profiles, SSO, `credential_process`,
//! IMDS; `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_CUSTOMER_PROFILES` /
//! `AWS_ENDPOINT_URL_APPFLOW`), unless [`AwsSettings`] pins them. Lists come back as
//! streams of pages; every item and output is a `serde_json::Value` in the service's wire
//! shape (see `json/`), so the detail view reads like the AWS CLI's output. Reads are
//! retried by the SDK's standard retry; changes are sent once (see `changes.rs`).

mod appflow;
mod changes;
mod connect;
pub mod create;
mod error;
mod flow_parts;
mod json;
mod pages;
mod profiles;
mod sdk_error;
#[cfg(test)]
mod stub;
pub mod update;

use std::fmt;

pub use connect::{AwsClient, Endpoints, RegionSource};
pub use error::{AwsError, AwsErrorKind};
pub use flowscope_model::aws::WorkflowFilter;
pub use pages::{Pages, collect_pages};

/// The demo access key `flowscope emulate` prints. The emulator checks only that a request
/// is signed, so any pair works; one pair keeps the printed command lines and the
/// explorer's own connection in step.
pub const EMULATOR_ACCESS_KEY: &str = "AKIAFLOWSCOPEDEMOKEY";
/// The secret paired with [`EMULATOR_ACCESS_KEY`]; a demo value, not a secret.
pub const EMULATOR_SECRET_KEY: &str = "flowscope/emulator/demo/secret/key/00000";
/// The region used when nothing names one, as the AWS CLI's own examples do.
pub const FALLBACK_REGION: &str = "us-east-1";

/// How to reach AWS: everything optional; `None` = the standard chain / env decides.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// Named profile in ~/.aws/config (`AWS_PROFILE` otherwise).
    pub profile: Option<String>,
    /// Else `AWS_REGION` / the profile's region / IMDS / [`FALLBACK_REGION`].
    pub region: Option<String>,
    /// Overrides `AWS_ENDPOINT_URL*` for both services.
    pub endpoint: Option<String>,
    /// Fixed keys (the emulator's demo keys); `None` = the standard credential chain
    /// (env, shared config/credentials files, profiles, SSO, process, IMDS).
    pub static_keys: Option<(String, String)>,
}

impl AwsSettings {
    /// The built-in emulator at `endpoint`: demo keys, us-east-1.
    pub fn emulator(endpoint: &str) -> AwsSettings {
        AwsSettings {
            profile: None,
            region: Some(FALLBACK_REGION.to_string()),
            endpoint: Some(endpoint.to_string()),
            static_keys: Some((
                EMULATOR_ACCESS_KEY.to_string(),
                EMULATOR_SECRET_KEY.to_string(),
            )),
        }
    }
}

/// The secret key never reaches logs or error reports, even through `{:?}`.
impl fmt::Debug for AwsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsSettings")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field(
                "static_keys",
                &self.static_keys.as_ref().map(|(id, _)| (id, "***")),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret_key() {
        let s = AwsSettings::emulator("http://127.0.0.1:1");
        let text = format!("{s:?}");
        assert!(text.contains(EMULATOR_ACCESS_KEY), "{text}");
        assert!(!text.contains(EMULATOR_SECRET_KEY), "{text}");
        assert_eq!(s.region.as_deref(), Some("us-east-1"));
    }
}

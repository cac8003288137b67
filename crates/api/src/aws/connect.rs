//! Building the two SDK clients from [`AwsSettings`]: `aws_config`'s standard chain for
//! credentials, region and endpoints, with the settings layered on top, bounded timeouts,
//! and the SDK's standard retry for reads. Also what the status bar shows: the region and
//! where it came from, and the endpoint when one was set.

use std::sync::Arc;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_appflow::config::Credentials;
use aws_sdk_appflow::config::http::HttpResponse;
use aws_sdk_appflow::error::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::timeout::TimeoutConfig;
use url::Url;

use super::error::AwsError;
use super::sdk_error::{Hints, from_sdk};
use super::{AwsSettings, FALLBACK_REGION};

/// A connection that cannot be made in this time is reported, not waited on.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most one call may take, retries included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);
/// One attempt may take this long, so a read still has time for a retry.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);

/// The per-service endpoint variables, as every AWS SDK and the CLI name them.
pub const ENV_ENDPOINT: &str = "AWS_ENDPOINT_URL";
pub const ENV_ENDPOINT_PROFILES: &str = "AWS_ENDPOINT_URL_CUSTOMER_PROFILES";
pub const ENV_ENDPOINT_APPFLOW: &str = "AWS_ENDPOINT_URL_APPFLOW";
const ENV_IGNORE_ENDPOINTS: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

/// Where the region in use came from, so the status bar can say "us-east-1 (default)".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionSource {
    /// `AwsSettings::region`.
    Settings,
    /// The standard chain: `AWS_REGION`, the profile's `region`, or IMDS.
    Environment,
    /// Nothing named one: [`FALLBACK_REGION`].
    Fallback,
}

#[derive(Clone)]
pub struct AwsClient {
    pub(crate) profiles: aws_sdk_customerprofiles::Client,
    pub(crate) appflow: aws_sdk_appflow::Client,
    /// MaxResults / maxResults of every list; `None` = the service's default.
    pub(crate) page_size: Option<i32>,
    info: Arc<Info>,
}

struct Info {
    region: String,
    region_source: RegionSource,
    endpoints: Endpoints,
    endpoint_label: Option<String>,
    hints: Hints,
}

/// The endpoint of each service, when one was set (settings or environment).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    pub profiles: Option<String>,
    pub appflow: Option<String>,
}

impl std::fmt::Debug for AwsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsClient")
            .field("region", &self.info.region)
            .field("endpoints", &self.info.endpoints)
            .finish_non_exhaustive()
    }
}

impl AwsClient {
    pub async fn connect(settings: &AwsSettings) -> Result<AwsClient, AwsError> {
        let profile = nonempty(settings.profile.as_deref());
        let settings_endpoint = nonempty(settings.endpoint.as_deref());
        if let Some(e) = settings_endpoint {
            check_endpoint(e)?;
        }
        let (region, region_source) = match nonempty(settings.region.as_deref()) {
            Some(r) => (r.to_string(), RegionSource::Settings),
            None => {
                // The same chain aws_config would run, once, so the fallback is known.
                let mut chain = aws_config::default_provider::region::DefaultRegionChain::builder();
                if let Some(p) = profile {
                    chain = chain.profile_name(p);
                }
                match chain.build().region().await {
                    Some(r) => (r.to_string(), RegionSource::Environment),
                    None => (FALLBACK_REGION.to_string(), RegionSource::Fallback),
                }
            }
        };

        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .operation_timeout(OPERATION_TIMEOUT)
                    .build(),
            );
        if let Some(p) = profile {
            loader = loader.profile_name(p);
        }
        if let Some((id, secret)) = &settings.static_keys {
            loader = loader.credentials_provider(Credentials::new(
                id.clone(),
                secret.clone(),
                None,
                None,
                "flowscope-settings",
            ));
        }
        let sdk = loader.load().await;

        // An endpoint set on the service config wins over AWS_ENDPOINT_URL* (which the
        // SDK reads itself when the service config is built from `sdk`).
        let mut profiles_conf = aws_sdk_customerprofiles::config::Builder::from(&sdk);
        let mut appflow_conf = aws_sdk_appflow::config::Builder::from(&sdk);
        if let Some(e) = settings_endpoint {
            profiles_conf = profiles_conf.endpoint_url(e);
            appflow_conf = appflow_conf.endpoint_url(e);
        }
        let endpoints = configured_endpoints(settings_endpoint, |k| std::env::var(k).ok());
        let endpoint_label = endpoints.label();
        let hints = Hints {
            profile: profile
                .map(str::to_string)
                .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty())),
            static_keys: settings.static_keys.is_some(),
        };
        Ok(AwsClient {
            profiles: aws_sdk_customerprofiles::Client::from_conf(profiles_conf.build()),
            appflow: aws_sdk_appflow::Client::from_conf(appflow_conf.build()),
            page_size: None,
            info: Arc::new(Info {
                region,
                region_source,
                endpoints,
                endpoint_label,
                hints,
            }),
        })
    }

    pub fn region(&self) -> &str {
        &self.info.region
    }

    pub fn region_source(&self) -> RegionSource {
        self.info.region_source
    }

    /// The endpoint in use when one was set (settings or AWS_ENDPOINT_URL*), for the
    /// status bar. When the two services were pointed at different places, both are named.
    pub fn endpoint(&self) -> Option<&str> {
        self.info.endpoint_label.as_deref()
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.info.endpoints
    }

    /// The profile credentials come from, when one is named (settings or AWS_PROFILE).
    pub fn profile(&self) -> Option<&str> {
        self.info.hints.profile.as_deref()
    }

    /// Lists ask for pages of `n` items (MaxResults / maxResults; the services allow 1–100).
    pub fn with_page_size(mut self, n: i32) -> AwsClient {
        self.page_size = Some(n.clamp(1, 100));
        self
    }

    /// An SDK error of either service, with the advice this configuration calls for.
    pub(crate) fn err<E>(&self, e: SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        from_sdk(e, &self.info.hints)
    }
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn check_endpoint(endpoint: &str) -> Result<(), AwsError> {
    match Url::parse(endpoint) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        Ok(_) => Err(AwsError::config(format!(
            "endpoint `{endpoint}` must be an http:// or https:// URL"
        ))),
        Err(e) => Err(AwsError::config(format!("endpoint `{endpoint}`: {e}"))),
    }
}

/// The endpoints the SDK will use when set by the settings or the environment, resolved
/// in the SDK's order: settings, the per-service variable, `AWS_ENDPOINT_URL`.
pub(crate) fn configured_endpoints(
    settings: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Endpoints {
    if let Some(e) = settings {
        return Endpoints {
            profiles: Some(e.to_string()),
            appflow: Some(e.to_string()),
        };
    }
    let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    if var(ENV_IGNORE_ENDPOINTS).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Endpoints::default();
    }
    let global = var(ENV_ENDPOINT);
    Endpoints {
        profiles: var(ENV_ENDPOINT_PROFILES).or_else(|| global.clone()),
        appflow: var(ENV_ENDPOINT_APPFLOW).or(global),
    }
}

impl Endpoints {
    fn label(&self) -> Option<String> {
        match (&self.profiles, &self.appflow) {
            (Some(p), Some(a)) if p == a => Some(p.clone()),
            (Some(p), Some(a)) => Some(format!("{p} (Customer Profiles), {a} (AppFlow)")),
            (Some(p), None) => Some(format!("{p} (Customer Profiles)")),
            (None, Some(a)) => Some(format!("{a} (AppFlow)")),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
#[path = "connect_tests.rs"]
mod tests;

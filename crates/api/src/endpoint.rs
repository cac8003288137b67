//! Where and as whom the client talks: platform and IMS base URLs, credentials, default
//! sandbox, timeouts and retry policy. Built by `config` (or by hand in tests).

use std::time::Duration;

use super::retry::RetryPolicy;
use flowscope_model::Secret;

pub const PROD_PLATFORM_URL: &str = "https://platform.adobe.io";
pub const PROD_IMS_URL: &str = "https://ims-na1.adobelogin.com";
pub const STAGE_IMS_URL: &str = "https://ims-na1-stg1.adobelogin.com";
/// Scopes of an AEP OAuth server-to-server credential when none are given.
pub const DEFAULT_SCOPES: &str =
    "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext";

/// The platform gateway of an environment: `prod`, else `platform-{env}` (as aepp does).
pub fn platform_url_for(environment: &str) -> String {
    match environment.trim() {
        "" | "prod" => PROD_PLATFORM_URL.to_string(),
        env => format!("https://platform-{env}.adobe.io"),
    }
}

/// IMS of an environment: prod, else the stage IMS (as aepp does).
pub fn ims_url_for(environment: &str) -> String {
    match environment.trim() {
        "" | "prod" => PROD_IMS_URL.to_string(),
        _ => STAGE_IMS_URL.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the connection (TCP + TLS).
    pub connect: Duration,
    /// The whole exchange, answer body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
        }
    }
}

/// Everything a [`super::Client`] needs. `Debug` masks the secret.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    /// E.g. `https://platform.adobe.io` or an emulator's `http://127.0.0.1:PORT`.
    pub platform_url: String,
    /// E.g. `https://ims-na1.adobelogin.com`; the token endpoint is `{ims_url}/ims/token/v3`.
    pub ims_url: String,
    pub org_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Comma-separated, as IMS wants them.
    pub scopes: String,
    /// Sent as `x-sandbox-name` unless a call picks another with [`super::Client::sandbox`].
    pub sandbox: String,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    /// Stop using a token this long before it expires.
    pub token_margin: Duration,
}

impl ClientConfig {
    pub fn new(
        platform_url: impl Into<String>,
        ims_url: impl Into<String>,
        org_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Secret,
        scopes: impl Into<String>,
        sandbox: impl Into<String>,
    ) -> Self {
        ClientConfig {
            platform_url: platform_url.into(),
            ims_url: ims_url.into(),
            org_id: org_id.into(),
            client_id: client_id.into(),
            client_secret,
            scopes: scopes.into(),
            sandbox: sandbox.into(),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            token_margin: Duration::from_secs(300),
        }
    }

    /// An emulator at `base_url` serving both IMS and the platform. Its IMS accepts any
    /// client credentials, so these are placeholders.
    pub fn for_emulator(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_string();
        ClientConfig::new(
            base.clone(),
            base,
            EMULATOR_ORG_ID,
            "flowscope-emulator",
            Secret::new("flowscope-emulator-secret"),
            DEFAULT_SCOPES,
            "prod",
        )
    }

    /// Is the platform on this machine (an emulator)? Proxies are then bypassed.
    pub fn is_loopback(&self) -> bool {
        is_loopback_url(&self.platform_url)
    }
}

/// The org id the emulator placeholders use.
pub const EMULATOR_ORG_ID: &str = "FLOWSCOPE0000000000000000@AdobeOrg";

pub fn is_loopback_url(u: &str) -> bool {
    match url::Url::parse(u) {
        Ok(url) => match url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_map_like_aepp() {
        assert_eq!(platform_url_for("prod"), PROD_PLATFORM_URL);
        assert_eq!(platform_url_for("stage"), "https://platform-stage.adobe.io");
        assert_eq!(ims_url_for("stage"), STAGE_IMS_URL);
        assert_eq!(ims_url_for("prod"), PROD_IMS_URL);
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_url("http://127.0.0.1:4000"));
        assert!(is_loopback_url("http://localhost:4000/"));
        assert!(is_loopback_url("http://[::1]:4000"));
        assert!(!is_loopback_url("https://platform.adobe.io"));
        assert!(!is_loopback_url("not a url"));
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let c = ClientConfig::for_emulator("http://127.0.0.1:1/");
        assert_eq!(c.platform_url, "http://127.0.0.1:1");
        assert!(!format!("{c:?}").contains("flowscope-emulator-secret"));
    }
}

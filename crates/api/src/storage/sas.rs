//! Splits a DLZ `SASUri` into what object_store's Azure builder wants: account, container,
//! account endpoint and the SAS query. Never puts the query into an error message.
//!
//! Two shapes (dependencies.md "Azure Blob and Azurite"):
//! - `https://ACCOUNT.blob.core.windows.net/CONTAINER?sv=…&sig=…` (the real service: the
//!   account is the host's first label);
//! - path style `http://127.0.0.1:PORT/[prefix/]ACCOUNT/CONTAINER?…` (Azurite, and
//!   flowscope's own emulator at `/blob/ACCOUNT/CONTAINER`): the account is the segment
//!   before the container.
//!
//! In both the container is the last path segment and the endpoint is the URL without it,
//! because the builder appends the container to the endpoint itself.

use chrono::{DateTime, Utc};
use url::Url;

use crate::endpoint::is_loopback_url;
use flowscope_model::Secret;

/// A parsed SAS URI. Debug shows no secret: the query is a [`Secret`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SasParts {
    pub account: String,
    pub container: String,
    /// Scheme, host, port and any path before the container, without a trailing `/`.
    pub endpoint: String,
    /// The query without `?`: the whole SAS token, signature included.
    pub sas: Secret,
    /// `se=`, the signed expiry, when present and readable.
    pub expires_at: Option<DateTime<Utc>>,
    /// Plain http is accepted only on this machine (Azurite, the emulator): anywhere else it
    /// would send the signature in clear.
    pub allow_http: bool,
}

impl SasParts {
    /// `endpoint/container`, safe to show.
    pub fn display(&self) -> String {
        format!("{}/{}", self.endpoint, self.container)
    }
}

/// Parses a SAS URI. Errors name the part that is wrong and never repeat the query.
pub fn parse_sas_uri(uri: &str) -> Result<SasParts, String> {
    let url = Url::parse(uri.trim()).map_err(|e| format!("the SAS URI is not a URL ({e})"))?;
    let shown = redacted(&url);
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("the SAS URI {shown} has no host"))?
        .to_string();
    let loopback = is_loopback_url(uri.trim());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(format!(
                "the SAS URI {shown} uses plain http to another machine; only https is accepted there"
            ));
        }
        other => {
            return Err(format!(
                "the SAS URI {shown} has scheme `{other}`, not https"
            ));
        }
    }
    let sas = url.query().unwrap_or_default().trim_start_matches('?');
    if sas.is_empty() {
        return Err(format!("the SAS URI {shown} has no SAS token (no `?sv=…`)"));
    }
    if !sas.split('&').any(|kv| kv.starts_with("sig=")) {
        return Err(format!(
            "the SAS URI {shown} has no signature (no `sig` parameter)"
        ));
    }

    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let Some((container, before)) = segments.split_last() else {
        return Err(format!("the SAS URI {shown} names no container"));
    };
    let account = match before.last() {
        Some(account) => account.to_string(),
        // ACCOUNT.blob.core.windows.net and the like: the account is the first label.
        None if host.parse::<std::net::IpAddr>().is_err() && host.contains('.') => {
            host.split('.').next().unwrap_or_default().to_string()
        }
        None => {
            return Err(format!(
                "the SAS URI {shown} names no storage account (expected …/ACCOUNT/CONTAINER)"
            ));
        }
    };
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    let prefix: String = before.iter().map(|s| format!("/{s}")).collect();
    base.set_path(&prefix);
    let endpoint = base.as_str().trim_end_matches('/').to_string();

    Ok(SasParts {
        account,
        // Container names are lowercase letters, digits and hyphens: nothing to decode.
        container: container.to_string(),
        endpoint,
        expires_at: signed_expiry(sas),
        sas: Secret::new(sas),
        allow_http: loopback,
    })
}

/// The URL without query or fragment, for messages.
fn redacted(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

/// `se=2024-01-06T12:00:00Z` (or a bare date, which Azure also accepts) from a SAS query.
pub fn signed_expiry(sas: &str) -> Option<DateTime<Utc>> {
    let raw = url::form_urlencoded::parse(sas.as_bytes())
        .find(|(k, _)| k == "se")
        .map(|(_, v)| v.into_owned())?;
    parse_expiry(&raw)
}

/// An RFC 3339 instant, or a `YYYY-MM-DD` date taken as the end of that day (UTC): the
/// DLZ `expiryDate` is a bare date.
pub fn parse_expiry(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    let end = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    Some(DateTime::from_naive_utc_and_offset(end, Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "sig=Zm9vYmFyc2VjcmV0%3D";

    #[test]
    fn account_from_the_host_on_the_real_service() {
        let p = parse_sas_uri(&format!(
            "https://dlblobstore99.blob.core.windows.net/dlz-user-container?sv=2020-04-08&sr=c&sp=racwdlm&se=2024-01-06T10%3A00%3A00Z&{SIG}"
        ))
        .unwrap();
        assert_eq!(p.account, "dlblobstore99");
        assert_eq!(p.container, "dlz-user-container");
        assert_eq!(p.endpoint, "https://dlblobstore99.blob.core.windows.net");
        assert!(p.sas.expose().ends_with(SIG));
        assert!(!p.allow_http);
        assert_eq!(
            p.expires_at.unwrap().to_rfc3339(),
            "2024-01-06T10:00:00+00:00"
        );
        assert_eq!(
            p.display(),
            "https://dlblobstore99.blob.core.windows.net/dlz-user-container"
        );
        assert!(!format!("{p:?}").contains("Zm9v"));
    }

    #[test]
    fn path_style_for_azurite_and_the_emulator() {
        let azurite = parse_sas_uri(&format!(
            "http://127.0.0.1:10000/devstoreaccount1/dlz-user-container?sv=2021&{SIG}"
        ))
        .unwrap();
        assert_eq!(azurite.account, "devstoreaccount1");
        assert_eq!(azurite.container, "dlz-user-container");
        assert_eq!(azurite.endpoint, "http://127.0.0.1:10000/devstoreaccount1");
        assert!(azurite.allow_http);

        let emu = parse_sas_uri(&format!(
            "http://127.0.0.1:4010/blob/dlblob/dlz-user-container/?sv=2021&{SIG}"
        ))
        .unwrap();
        assert_eq!(emu.account, "dlblob");
        assert_eq!(emu.container, "dlz-user-container");
        assert_eq!(emu.endpoint, "http://127.0.0.1:4010/blob/dlblob");

        let localhost = parse_sas_uri(&format!("http://localhost:9/acct/c?{SIG}")).unwrap();
        assert_eq!(
            (localhost.account.as_str(), localhost.container.as_str()),
            ("acct", "c")
        );
    }

    #[test]
    fn bad_input_is_explained_without_the_signature() {
        let cases = [
            ("not a url", "not a URL"),
            ("https://acct.blob.core.windows.net/c", "no SAS token"),
            (
                "https://acct.blob.core.windows.net/c?sv=2020&sp=r",
                "no signature",
            ),
            (
                "https://acct.blob.core.windows.net/?sv=1&sig=Zm9vYmFyc2VjcmV0",
                "no container",
            ),
            (
                "http://acct.blob.core.windows.net/c?sv=1&sig=Zm9vYmFyc2VjcmV0",
                "plain http",
            ),
            (
                "http://127.0.0.1:10000/c?sv=1&sig=Zm9vYmFyc2VjcmV0",
                "no storage account",
            ),
            (
                "ftp://acct.blob.core.windows.net/c?sv=1&sig=Zm9vYmFyc2VjcmV0",
                "scheme `ftp`",
            ),
        ];
        for (uri, want) in cases {
            let e = parse_sas_uri(uri).unwrap_err();
            assert!(e.contains(want), "{uri}: {e}");
            assert!(!e.contains("Zm9v"), "{e}");
            assert!(!e.contains("sig="), "{e}");
        }
    }

    #[test]
    fn expiry_from_se_or_a_bare_date() {
        assert_eq!(
            signed_expiry("sv=1&se=2024-01-06&sig=x").map(|t| t.to_rfc3339()),
            Some("2024-01-07T00:00:00+00:00".into())
        );
        assert_eq!(signed_expiry("sv=1&sig=x"), None);
        assert_eq!(signed_expiry("se=garbage"), None);
    }
}

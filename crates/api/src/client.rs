//! The API client: a cheap-to-clone handle (an `Arc` inside) that adds auth and the AEP
//! headers to every call, picks the sandbox per request, retries per `retry`, and turns
//! answers into models or [`ApiError`]s. Endpoint groups live in `aep/`.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, IF_MATCH};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::auth::{self, AccessToken, TokenCache};
use super::endpoint::ClientConfig;
use super::error::ApiError;
use super::retry::is_idempotent_read;
use super::transport::{self, Raw};
use flowscope_model::Etag;

/// Path segments of the Flow Service base, `/data/foundation/flowservice`.
pub(crate) const FLOW_SEGMENTS: [&str; 3] = ["data", "foundation", "flowservice"];
/// Path segments of the DLZ (Connectors API) base, which is not under Flow Service.
pub(crate) const DLZ_SEGMENTS: [&str; 4] = ["data", "foundation", "connectors", "landingzone"];
/// Path segments of the Catalog Service base, `/data/foundation/catalog`.
pub(crate) const CATALOG_SEGMENTS: [&str; 3] = ["data", "foundation", "catalog"];

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    sandbox: Arc<str>,
}

struct Inner {
    http: reqwest::Client,
    cfg: ClientConfig,
    platform: Url,
    tokens: TokenCache,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("platform", &self.inner.platform.as_str())
            .field("sandbox", &&*self.sandbox)
            .finish_non_exhaustive()
    }
}

/// A request, kept whole so it can be sent again on retry or after a token refresh.
pub(crate) struct Call {
    pub method: Method,
    pub url: Url,
    pub body: Option<Bytes>,
    pub if_match: Option<String>,
}

impl Call {
    pub fn new(method: Method, url: Url) -> Self {
        Call {
            method,
            url,
            body: None,
            if_match: None,
        }
    }

    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, ApiError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ApiError::Invalid(format!("cannot encode the request body: {e}")))?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }

    pub fn if_match(mut self, etag: &Etag) -> Self {
        self.if_match = Some(etag.if_match());
        self
    }
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Client, ApiError> {
        let platform = parse_base(&cfg.platform_url, "platform")?;
        parse_base(&cfg.ims_url, "IMS")?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(cfg.timeouts.connect)
            .timeout(cfg.timeouts.request)
            .user_agent(concat!("flowscope/", env!("CARGO_PKG_VERSION")));
        if cfg.is_loopback() {
            // An emulator on this machine: a corporate proxy must not see these calls.
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| ApiError::Invalid(format!("cannot build the HTTP client: {e}")))?;
        let sandbox: Arc<str> = Arc::from(cfg.sandbox.as_str());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                tokens: TokenCache::new(cfg.token_margin),
                platform,
                cfg,
            }),
            sandbox,
        })
    }

    /// A clone that sends `x-sandbox-name: name`; it shares the token cache.
    pub fn sandbox(&self, name: &str) -> Client {
        Client {
            inner: self.inner.clone(),
            sandbox: Arc::from(name),
        }
    }

    pub fn sandbox_name(&self) -> &str {
        &self.sandbox
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.cfg
    }

    /// Fetches (or reuses) a token: a cheap way to check the credentials.
    pub async fn authenticate(&self) -> Result<(), ApiError> {
        self.token().await.map(|_| ())
    }

    async fn token(&self) -> Result<AccessToken, ApiError> {
        let inner = &self.inner;
        inner
            .tokens
            .get_or_fetch(Instant::now, || {
                auth::request_token(
                    &inner.http,
                    &inner.cfg.ims_url,
                    &inner.cfg.client_id,
                    &inner.cfg.client_secret,
                    &inner.cfg.scopes,
                    &inner.cfg.retry,
                )
            })
            .await
    }

    pub(crate) fn platform(&self) -> &Url {
        &self.inner.platform
    }

    /// `{platform}/data/foundation/flowservice/{segments…}?{query}`, segments percent-encoded.
    pub(crate) fn flow_url(
        &self,
        segments: &[&str],
        query: &[(String, String)],
    ) -> Result<Url, ApiError> {
        self.url_under(&FLOW_SEGMENTS, segments, query)
    }

    pub(crate) fn dlz_url(
        &self,
        segments: &[&str],
        query: &[(String, String)],
    ) -> Result<Url, ApiError> {
        self.url_under(&DLZ_SEGMENTS, segments, query)
    }

    pub(crate) fn catalog_url(
        &self,
        segments: &[&str],
        query: &[(String, String)],
    ) -> Result<Url, ApiError> {
        self.url_under(&CATALOG_SEGMENTS, segments, query)
    }

    fn url_under(
        &self,
        base: &[&str],
        segments: &[&str],
        query: &[(String, String)],
    ) -> Result<Url, ApiError> {
        let mut url = self.inner.platform.clone();
        url.path_segments_mut()
            .map_err(|()| ApiError::Invalid("the platform URL cannot take a path".into()))?
            .pop_if_empty()
            .extend(base)
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    fn build(&self, call: &Call, token: &AccessToken) -> RequestBuilder {
        let cfg = &self.inner.cfg;
        let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.value.expose()))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
        bearer.set_sensitive(true);
        let mut rb = self
            .inner
            .http
            .request(call.method.clone(), call.url.clone())
            .header(AUTHORIZATION, bearer)
            .header("x-api-key", &cfg.client_id)
            .header("x-gw-ims-org-id", &cfg.org_id)
            .header("x-sandbox-name", &*self.sandbox)
            .header(ACCEPT, "application/json");
        if let Some(body) = &call.body {
            rb = rb
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if let Some(tag) = &call.if_match {
            rb = rb.header(IF_MATCH, tag);
        }
        rb
    }

    /// Sends `call` and returns a success answer, or the error it amounts to.
    ///
    /// A 401 drops the cached token and sends once more with a fresh one, whatever the
    /// method: the gateway refused it before the service saw it, so nothing happened.
    pub(crate) async fn execute(&self, call: Call) -> Result<Raw, ApiError> {
        let path = call.url.path().to_string();
        let idempotent = is_idempotent_read(&call.method);
        let mut refreshed = false;
        loop {
            let token = self.token().await?;
            let raw = transport::send_retrying(
                &self.inner.cfg.retry,
                idempotent,
                &call.method,
                &path,
                || self.build(&call, &token),
            )
            .await
            .map_err(|e| e.into_api_error(&call.method, &path))?;
            if raw.status.is_success() {
                return Ok(raw);
            }
            if raw.status.as_u16() == 401 && !refreshed {
                self.inner.tokens.invalidate(&token).await;
                refreshed = true;
                continue;
            }
            return Err(ApiError::from_response(
                raw.status.as_u16(),
                &raw.headers,
                &raw.body,
            ));
        }
    }

    pub(crate) async fn get_json<T: DeserializeOwned>(&self, url: Url) -> Result<T, ApiError> {
        let raw = self.execute(Call::new(Method::GET, url)).await?;
        decode(&raw)
    }

    /// A GET by id: unwraps `{"items": [obj]}` (aep-api-notes §4), or takes a bare object.
    pub(crate) async fn get_single<T: DeserializeOwned>(&self, url: Url) -> Result<T, ApiError> {
        let raw = self.execute(Call::new(Method::GET, url)).await?;
        decode_single(&raw)
    }

    pub(crate) async fn execute_json<T: DeserializeOwned>(
        &self,
        call: Call,
    ) -> Result<T, ApiError> {
        let raw = self.execute(call).await?;
        decode(&raw)
    }

    pub(crate) async fn execute_single<T: DeserializeOwned>(
        &self,
        call: Call,
    ) -> Result<T, ApiError> {
        let raw = self.execute(call).await?;
        decode_single(&raw)
    }
}

fn parse_base(raw: &str, what: &str) -> Result<Url, ApiError> {
    let url = Url::parse(raw.trim())
        .map_err(|e| ApiError::Invalid(format!("bad {what} URL `{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(ApiError::Invalid(format!(
            "bad {what} URL `{raw}`: not http(s)"
        )));
    }
    Ok(url)
}

pub(crate) fn decode<T: DeserializeOwned>(raw: &Raw) -> Result<T, ApiError> {
    serde_json::from_slice(&raw.body)
        .map_err(|e| ApiError::decode(raw.status.as_u16(), e.to_string(), &raw.body))
}

pub(crate) fn decode_single<T: DeserializeOwned>(raw: &Raw) -> Result<T, ApiError> {
    let status = raw.status.as_u16();
    let v: Value = decode(raw)?;
    let obj = match v {
        Value::Object(mut m) if m.contains_key("items") => match m.remove("items") {
            Some(Value::Array(items)) => items.into_iter().next().ok_or_else(|| {
                ApiError::decode(status, "the answer's items list is empty", &raw.body)
            })?,
            _ => return Err(ApiError::decode(status, "`items` is not a list", &raw.body)),
        },
        other => other,
    };
    serde_json::from_value(obj).map_err(|e| ApiError::decode(status, e.to_string(), &raw.body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowscope_model::IdEtag;

    fn raw(body: &str) -> Raw {
        Raw {
            status: reqwest::StatusCode::OK,
            headers: Default::default(),
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn single_objects_are_unwrapped_from_items_or_taken_bare() {
        let a: IdEtag = decode_single(&raw(r#"{"items":[{"id":"a","etag":"\"1\""}]}"#)).unwrap();
        assert_eq!(a.id, "a");
        let b: IdEtag = decode_single(&raw(r#"{"id":"b","etag":"\"2\""}"#)).unwrap();
        assert_eq!(b.id, "b");
        assert!(matches!(
            decode_single::<IdEtag>(&raw(r#"{"items":[]}"#)),
            Err(ApiError::Decode { .. })
        ));
        assert!(matches!(
            decode_single::<IdEtag>(&raw(r#"{"items":[{"id""#)),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn urls_encode_segments_and_keep_a_base_path() {
        let c = Client::new(ClientConfig::for_emulator("http://127.0.0.1:9/base/")).unwrap();
        let u = c
            .flow_url(
                &["flows", "a/b?c"],
                &[("property".into(), "name==x y".into())],
            )
            .unwrap();
        assert_eq!(
            u.as_str(),
            "http://127.0.0.1:9/base/data/foundation/flowservice/flows/a%2Fb%3Fc?property=name%3D%3Dx+y"
        );
        let d = c.dlz_url(&["credentials"], &[]).unwrap();
        assert_eq!(
            d.path(),
            "/base/data/foundation/connectors/landingzone/credentials"
        );
    }

    #[test]
    fn sandbox_clones_share_config() {
        let c = Client::new(ClientConfig::for_emulator("http://127.0.0.1:9")).unwrap();
        let dev = c.sandbox("dev");
        assert_eq!((c.sandbox_name(), dev.sandbox_name()), ("prod", "dev"));
        assert!(Arc::ptr_eq(&c.inner, &dev.inner));
        assert!(Client::new(ClientConfig::for_emulator("ftp://x")).is_err());
    }
}

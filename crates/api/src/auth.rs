//! IMS OAuth server-to-server tokens (`POST {ims}/ims/token/v3`, aep-api-notes §1) and the
//! cache in front of them.
//!
//! The cache hands out a token until `margin` before it expires; fetching happens under the
//! cache's lock, so ten calls that start at once make one token request (single-flight).
//! A 401 from the platform invalidates exactly the token that was refused, so concurrent
//! 401s lead to one refresh, not one each. Tokens are [`Secret`]s and never logged.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use super::error::ApiError;
use super::retry::RetryPolicy;
use super::transport::{self, Raw};
use flowscope_model::Secret;

/// What IMS granted.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub access_token: Secret,
    pub expires_in: Duration,
}

/// A cached token and when it stops being handed out.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub(crate) value: Secret,
    /// Past this instant the cache fetches a new one.
    refresh_at: Instant,
    serial: u64,
}

impl AccessToken {
    pub fn secret(&self) -> &Secret {
        &self.value
    }

    fn is_fresh(&self, now: Instant) -> bool {
        now < self.refresh_at
    }
}

/// When to stop using a token that lives `lifetime` from `now`. A token shorter-lived than
/// twice the margin is used for half its life instead, so it is not refetched on every call.
pub fn refresh_instant(now: Instant, lifetime: Duration, margin: Duration) -> Instant {
    let margin = margin.min(lifetime / 2);
    now + lifetime.saturating_sub(margin)
}

#[derive(Debug)]
pub struct TokenCache {
    slot: tokio::sync::Mutex<Slot>,
    margin: Duration,
}

#[derive(Debug, Default)]
struct Slot {
    token: Option<AccessToken>,
    /// Tokens fetched so far; tells a stale 401 from a current one.
    fetched: u64,
}

impl TokenCache {
    pub fn new(margin: Duration) -> Self {
        TokenCache {
            slot: tokio::sync::Mutex::new(Slot::default()),
            margin,
        }
    }

    /// The cached token if still fresh at `now()`, else the result of `fetch` (called at most
    /// once per expiry, however many callers wait).
    pub async fn get_or_fetch<N, F, Fut>(&self, now: N, fetch: F) -> Result<AccessToken, ApiError>
    where
        N: Fn() -> Instant,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenGrant, ApiError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(t) = slot.token.as_ref().filter(|t| t.is_fresh(now())) {
            return Ok(t.clone());
        }
        let grant = fetch().await?;
        slot.fetched += 1;
        let token = AccessToken {
            value: grant.access_token,
            refresh_at: refresh_instant(now(), grant.expires_in, self.margin),
            serial: slot.fetched,
        };
        slot.token = Some(token.clone());
        Ok(token)
    }

    /// Drops `refused` if it is still the cached token (a newer one is kept).
    pub async fn invalidate(&self, refused: &AccessToken) {
        let mut slot = self.slot.lock().await;
        if slot
            .token
            .as_ref()
            .is_some_and(|t| t.serial == refused.serial)
        {
            slot.token = None;
        }
    }
}

/// Asks IMS for a client-credentials token. Retried like a read: it changes nothing the user
/// owns, and a flaky IMS should not fail the call it serves.
pub(crate) async fn request_token(
    http: &reqwest::Client,
    ims_base: &str,
    client_id: &str,
    client_secret: &Secret,
    scopes: &str,
    policy: &RetryPolicy,
) -> Result<TokenGrant, ApiError> {
    let url = format!("{}/ims/token/v3", ims_base.trim_end_matches('/'));
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", client_secret.expose()),
        ("scope", scopes),
    ];
    let raw = transport::send_retrying(policy, true, &Method::POST, "/ims/token/v3", || {
        http.post(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
    })
    .await
    .map_err(|e| e.into_api_error(&Method::POST, "/ims/token/v3"))?;
    parse_grant(&raw)
}

/// Reads `access_token` and `expires_in` (seconds for v3; a string number is accepted too).
pub(crate) fn parse_grant(raw: &Raw) -> Result<TokenGrant, ApiError> {
    let status = raw.status.as_u16();
    if !raw.status.is_success() {
        return Err(ApiError::from_ims_response(status, &raw.body));
    }
    // No snippet: a half-read token answer may hold part of a token.
    let v: Value = serde_json::from_slice(&raw.body)
        .map_err(|e| ApiError::decode(status, format!("IMS token answer: {e}"), b""))?;
    let token = v
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::Auth {
            status: Some(status),
            code: None,
            message: "IMS answered without an access_token".into(),
        })?;
    let expires_in = match v.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::Auth {
        status: Some(status),
        code: None,
        message: "IMS answered without a usable expires_in".into(),
    })?;
    Ok(TokenGrant {
        access_token: Secret::new(token),
        expires_in: Duration::from_secs(expires_in),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn grant(tok: &str, secs: u64) -> TokenGrant {
        TokenGrant {
            access_token: Secret::new(tok),
            expires_in: Duration::from_secs(secs),
        }
    }

    #[test]
    fn refresh_happens_margin_before_expiry_or_at_half_life() {
        let t0 = Instant::now();
        let m = Duration::from_secs(300);
        assert_eq!(
            refresh_instant(t0, Duration::from_secs(86399), m),
            t0 + Duration::from_secs(86099)
        );
        assert_eq!(
            refresh_instant(t0, Duration::from_secs(60), m),
            t0 + Duration::from_secs(30)
        );
        assert_eq!(refresh_instant(t0, Duration::ZERO, m), t0);
    }

    #[tokio::test]
    async fn cached_until_the_margin_then_refetched() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let t0 = Instant::now();
        let fetches = AtomicUsize::new(0);
        let fetch = |name: &'static str| {
            fetches.fetch_add(1, Ordering::SeqCst);
            async move { Ok(grant(name, 3600)) }
        };
        let a = cache.get_or_fetch(|| t0, || fetch("a")).await.unwrap();
        let later = t0 + Duration::from_secs(3539);
        let b = cache.get_or_fetch(|| later, || fetch("b")).await.unwrap();
        assert_eq!((a.secret().expose(), b.secret().expose()), ("a", "a"));
        let in_margin = t0 + Duration::from_secs(3540);
        let c = cache
            .get_or_fetch(|| in_margin, || fetch("c"))
            .await
            .unwrap();
        assert_eq!(c.secret().expose(), "c");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn ten_concurrent_callers_make_one_fetch() {
        let cache = Arc::new(TokenCache::new(Duration::from_secs(60)));
        let fetches = Arc::new(AtomicUsize::new(0));
        let entered = Arc::new(AtomicUsize::new(0));
        let (open_tx, open_rx) = tokio::sync::watch::channel(false);
        let calls = (0..10).map(|_| {
            let (cache, fetches, entered) = (cache.clone(), fetches.clone(), entered.clone());
            let mut open = open_rx.clone();
            async move {
                entered.fetch_add(1, Ordering::SeqCst);
                cache
                    .get_or_fetch(Instant::now, || async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        // Hold the fetch open until every caller is waiting on the cache.
                        let _ = open.wait_for(|o| *o).await;
                        Ok(grant("shared", 3600))
                    })
                    .await
            }
        });
        let opener = async {
            while entered.load(Ordering::SeqCst) < 10 {
                tokio::task::yield_now().await;
            }
            let _ = open_tx.send(true);
        };
        let (results, ()) = tokio::join!(futures::future::join_all(calls), opener);
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        for r in results {
            assert_eq!(r.unwrap().secret().expose(), "shared");
        }
    }

    #[tokio::test]
    async fn invalidate_drops_only_the_refused_token() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let old = cache
            .get_or_fetch(Instant::now, || async { Ok(grant("old", 3600)) })
            .await
            .unwrap();
        cache.invalidate(&old).await;
        let new = cache
            .get_or_fetch(Instant::now, || async { Ok(grant("new", 3600)) })
            .await
            .unwrap();
        // A late 401 for the old token must not throw away the new one.
        cache.invalidate(&old).await;
        let still = cache
            .get_or_fetch(Instant::now, || async { Ok(grant("newer", 3600)) })
            .await
            .unwrap();
        assert_eq!(new.secret().expose(), "new");
        assert_eq!(still.secret().expose(), "new");
    }

    #[tokio::test]
    async fn a_failed_fetch_is_not_cached() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let e = cache
            .get_or_fetch(Instant::now, || async {
                Err(ApiError::Auth {
                    status: Some(401),
                    code: Some("invalid_client".into()),
                    message: "no".into(),
                })
            })
            .await;
        assert!(e.is_err());
        let ok = cache
            .get_or_fetch(Instant::now, || async { Ok(grant("t", 60)) })
            .await;
        assert!(ok.is_ok());
    }

    #[test]
    fn grants_parse_numbers_and_strings_and_reject_missing_fields() {
        let raw = |status: u16, body: &str| Raw {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            headers: Default::default(),
            body: bytes::Bytes::from(body.to_string()),
        };
        let g = parse_grant(&raw(
            200,
            r#"{"access_token":"eyJ","token_type":"bearer","expires_in":86399}"#,
        ))
        .unwrap();
        assert_eq!(g.expires_in, Duration::from_secs(86399));
        let g = parse_grant(&raw(200, r#"{"access_token":"eyJ","expires_in":"100"}"#)).unwrap();
        assert_eq!(g.expires_in, Duration::from_secs(100));
        assert!(matches!(
            parse_grant(&raw(200, r#"{"access_token":"eyJ"}"#)),
            Err(ApiError::Auth { .. })
        ));
        assert!(matches!(
            parse_grant(&raw(200, "{\"acc")),
            Err(ApiError::Decode { .. })
        ));
        let e = parse_grant(&raw(
            401,
            r#"{"error":"invalid_client","error_description":"bad secret"}"#,
        ))
        .unwrap_err();
        assert_eq!(e.code(), Some("invalid_client"));
    }
}

//! One HTTP exchange (send, read the whole body) and the retrying loop around it.
//!
//! Failures are sorted by what they mean for a retry: no connection (nothing sent),
//! timeout, or a connection broken after sending. The decision itself is in `retry`.
//! Only method, path, status and attempt are logged: never headers, bodies or queries.

use std::error::Error as StdError;

use bytes::Bytes;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, StatusCode};

use super::error::ApiError;
use super::retry::{self, Failure, RetryPolicy};

/// A complete answer.
#[derive(Debug)]
pub(crate) struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A failure before a complete answer arrived.
#[derive(Debug)]
pub(crate) enum SendError {
    /// No connection: nothing was sent (reqwest `is_connect()`, connect timeouts included).
    Connect(String),
    Timeout,
    /// The connection broke after the request went out, or while reading the answer.
    Interrupted(String),
    /// The request could not even be built.
    Build(String),
}

impl SendError {
    fn failure(&self) -> Option<Failure> {
        match self {
            SendError::Connect(_) => Some(Failure::Connect),
            SendError::Timeout => Some(Failure::Timeout),
            SendError::Interrupted(_) => Some(Failure::Interrupted),
            SendError::Build(_) => None,
        }
    }

    pub(crate) fn into_api_error(self, method: &Method, path: &str) -> ApiError {
        match self {
            SendError::Connect(message) => ApiError::Connect { message },
            SendError::Timeout => ApiError::Timeout {
                method: method.to_string(),
                path: path.to_string(),
            },
            SendError::Interrupted(message) => ApiError::Interrupted {
                method: method.to_string(),
                path: path.to_string(),
                message,
            },
            SendError::Build(message) => ApiError::Invalid(message),
        }
    }
}

fn classify(e: reqwest::Error) -> SendError {
    let text = describe(&e);
    if e.is_connect() {
        SendError::Connect(text)
    } else if e.is_timeout() {
        SendError::Timeout
    } else if e.is_builder() {
        SendError::Build(text)
    } else {
        SendError::Interrupted(text)
    }
}

/// The innermost causes, which say what happened ("connection refused"); the URL is left
/// out on purpose.
fn describe(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&dyn StdError> = e.source();
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.dedup();
    match parts.last() {
        Some(last) => last.clone(),
        None => e.to_string(),
    }
}

async fn attempt(rb: RequestBuilder) -> Result<Raw, SendError> {
    let resp = rb.send().await.map_err(classify)?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.map_err(classify)?;
    Ok(Raw {
        status,
        headers,
        body,
    })
}

/// Sends `build()` until it succeeds, gets an answer not worth retrying, or the policy says
/// stop. Error statuses come back as `Ok(Raw)`; the caller turns them into errors.
pub(crate) async fn send_retrying<B>(
    policy: &RetryPolicy,
    idempotent: bool,
    method: &Method,
    path: &str,
    mut build: B,
) -> Result<Raw, SendError>
where
    B: FnMut() -> RequestBuilder,
{
    let mut n = 1;
    loop {
        let result = attempt(build()).await;
        let (failure, retry_after) = match &result {
            Ok(raw) => {
                tracing::debug!(%method, path, status = raw.status.as_u16(), attempt = n, "answer");
                if raw.status.is_success() {
                    return result;
                }
                let after = raw
                    .headers
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::parse_retry_after(v, chrono::Utc::now()));
                (Failure::Status(raw.status.as_u16()), after)
            }
            Err(e) => {
                tracing::debug!(%method, path, failure = ?e.failure(), attempt = n, "no answer");
                match e.failure() {
                    Some(f) => (f, None),
                    None => return result,
                }
            }
        };
        if !policy.should_retry_when(idempotent, n, failure) {
            return result;
        }
        let wait = policy.delay(n, retry_after, retry::jitter());
        tokio::time::sleep(wait).await;
        n += 1;
    }
}

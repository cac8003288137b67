//! Fault injection for the platform and storage routes: latency, 5xx answers, 429 with
//! `Retry-After`, connections dropped before any answer, and answers whose body is cut
//! off half way (a truncated body).
//!
//! Storage routes (`/blob/…`, `/s3/…`) get the storage services' XML errors instead of
//! problem JSON, and are throttled the way those services throttle: 503 `ServerBusy`
//! (Azure) or 503 `SlowDown` (S3), with `Retry-After`. AWS routes answer as Customer
//! Profiles and AppFlow do: 429 `ThrottlingException` (with `Retry-After`) and 500
//! `InternalServerException`.
//!
//! Faults are drawn from the emulator's seeded generator, so a given seed and request
//! order reproduce the same faults. Counting happens before faults, so tests can prove a
//! client sent a create exactly once even when the answer was lost.
//!
//! A [`Hold`] is the one fault that is not drawn: it stops the Nth request of a method
//! before its handler and tells the test so, for tests that kill a client at a known
//! point (after its second create, before its third) without waiting on timing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::StreamExt;
use serde_json::json;
use tokio::sync::watch;

use super::aws::error::AwsError;
use super::blob::query::mask_secrets;
use super::problem::Problem;
use super::state::Shared;

/// Counts every request as `METHOD /path`, and logs it with its query, before anything
/// else can fail it. SAS signatures and S3 presigned secrets are masked in the log: it
/// ends up in test output and bug reports.
pub async fn count(State(st): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    st.count(format!("{} {}", req.method(), req.uri().path()));
    let line = match req.uri().query() {
        Some(q) => format!("{} {}?{}", req.method(), req.uri().path(), mask_secrets(q)),
        None => format!("{} {}", req.method(), req.uri().path()),
    };
    st.log(line);
    next.run(req).await
}

pub async fn inject(State(st): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    // Copied out, so no lock is held across the awaits below.
    let f = st.faults.lock().map(|f| f.clone()).unwrap_or_default();
    if let Some(hold) = &f.hold
        && hold.catches(req.method().as_str())
    {
        hold.until_released().await;
        return Problem::flow(
            1000,
            503,
            "The request was held by fault injection and never processed.",
        )
        .into_response();
    }
    if !f.is_active() || !f.applies_to(req.method().as_str()) {
        return next.run(req).await;
    }
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    let roll = st.draw();
    let storage = Storage::of(req.uri().path());
    let aws = super::aws::Service::of(req.uri().path());
    if let Some(service) = aws
        && roll < f.throttle_rate + f.error_rate
    {
        let e = if roll < f.throttle_rate {
            AwsError::throttled(service, f.retry_after_s)
        } else {
            AwsError::internal(service)
        };
        return e.into_response();
    }
    if roll < f.throttle_rate {
        if let Some(s) = storage {
            let mut resp = s.error(StatusCode::SERVICE_UNAVAILABLE, s.busy_code());
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(f.retry_after_s));
            return resp;
        }
        return Problem::Throttled {
            retry_after_s: f.retry_after_s,
        }
        .into_response();
    }
    if roll < f.throttle_rate + f.error_rate {
        return match storage {
            Some(s) => {
                let (status, _) = server_status(roll);
                s.error(status, "InternalError")
            }
            None => server_error(roll),
        };
    }
    let lost = f.throttle_rate + f.error_rate + f.drop_rate;
    if roll < lost + f.truncate_rate {
        // The request is processed (a create really happens) but the answer is lost or
        // cut short, which is the case that makes blind retries of writes dangerous.
        let resp = next.run(req).await;
        return if roll < lost {
            drop_connection(resp)
        } else {
            truncate(resp).await
        };
    }
    next.run(req).await
}

fn server_status(roll: f64) -> (StatusCode, &'static str) {
    match (roll * 1000.0) as u64 % 3 {
        0 => (StatusCode::INTERNAL_SERVER_ERROR, "500"),
        1 => (StatusCode::BAD_GATEWAY, "502"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "503"),
    }
}

/// Which storage API a path belongs to, for errors in its own dialect.
#[derive(Clone, Copy)]
enum Storage {
    Azure,
    S3,
}

impl Storage {
    fn of(path: &str) -> Option<Self> {
        if path.starts_with("/blob/") {
            Some(Storage::Azure)
        } else if path.starts_with("/s3/") {
            Some(Storage::S3)
        } else {
            None
        }
    }

    fn busy_code(self) -> &'static str {
        match self {
            Storage::Azure => "ServerBusy",
            Storage::S3 => "SlowDown",
        }
    }

    fn error(self, status: StatusCode, code: &'static str) -> Response {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>The server is busy or failed; retry the request.</Message></Error>"
        );
        let mut resp = (status, body).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml"),
        );
        if matches!(self, Storage::Azure) {
            h.insert("x-ms-error-code", HeaderValue::from_static(code));
        }
        resp
    }
}

fn server_error(roll: f64) -> Response {
    let (status, code) = server_status(roll);
    let body = json!({
        "type": format!("https://ns.adobe.com/aep/errors/FLOW-1000-{code}"),
        "title": "Internal server error",
        "status": status.as_u16(),
        "report": {"detailed-message": "The service is temporarily unavailable. Try again later."},
        "errorMessage": "The service is temporarily unavailable. Try again later.",
    });
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    resp
}

/// Fails the answer before its first byte of body, so the server aborts the connection
/// with nothing sent: the client sees the connection closed with no answer.
fn drop_connection(resp: Response) -> Response {
    let (parts, _) = resp.into_parts();
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "connection dropped by fault injection",
    ))];
    Response::from_parts(parts, Body::from_stream(futures::stream::iter(chunks)))
}

/// Sends the status line, the full `Content-Length` and the first half of the real body,
/// then fails the stream so the server aborts the connection: a truncated body.
async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len().max(2)));
    let half = full.slice(..full.len() / 2);
    // The pause lets the server flush the half it has before the stream fails;
    // without it the whole answer would be discarded unsent.
    let cut = futures::stream::once(async {
        tokio::task::yield_now().await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "answer truncated by fault injection",
        ))
    });
    let body = futures::stream::iter([Ok::<_, std::io::Error>(half)]).chain(cut);
    Response::from_parts(parts, Body::from_stream(body))
}

/// Holds the `nth` request (counted from 1) whose method is `method`, among the
/// requests the fault layer sees (the platform, storage and AWS routes; not the IMS
/// token): it never reaches its handler. [`Hold::held`] resolves once it is held;
/// after [`Hold::release`] it is answered 503 (its client may be gone by then), so
/// the change it asked for is never made. Clones share one gate.
#[derive(Clone)]
pub struct Hold {
    method: String,
    nth: u64,
    gate: Arc<Gate>,
}

struct Gate {
    seen: AtomicU64,
    held: watch::Sender<bool>,
    released: watch::Sender<bool>,
}

impl std::fmt::Debug for Hold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hold")
            .field("method", &self.method)
            .field("nth", &self.nth)
            .field("held", &*self.gate.held.borrow())
            .finish()
    }
}

impl Hold {
    pub fn new(method: &str, nth: u64) -> Hold {
        Hold {
            method: method.to_ascii_uppercase(),
            nth,
            gate: Arc::new(Gate {
                seen: AtomicU64::new(0),
                held: watch::Sender::new(false),
                released: watch::Sender::new(false),
            }),
        }
    }

    /// Counts a request of `method`; true for the one to hold.
    fn catches(&self, method: &str) -> bool {
        method.eq_ignore_ascii_case(&self.method)
            && self.gate.seen.fetch_add(1, Ordering::SeqCst) + 1 == self.nth
    }

    async fn until_released(&self) {
        self.gate.held.send_replace(true);
        let mut released = self.gate.released.subscribe();
        // The sender lives in the gate this holds, so the wait ends only on release.
        let _ = released.wait_for(|r| *r).await;
    }

    /// Resolves once the request is held (at once if it already is).
    pub async fn held(&self) {
        let mut held = self.gate.held.subscribe();
        let _ = held.wait_for(|h| *h).await;
    }

    /// Whether the request is being held now or was.
    pub fn is_held(&self) -> bool {
        *self.gate.held.borrow()
    }

    /// Lets the held request go, to be answered 503 without reaching its handler.
    pub fn release(&self) {
        self.gate.released.send_replace(true);
    }
}

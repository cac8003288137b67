//! The one error type of the API layer. A service error keeps the service's code
//! (`FLOW-1404-412`, or the gateway's `401013`) and whole body, so the screen can show
//! exactly what the service said (aep-api-notes §2).

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

use flowscope_model::{GatewayError, OAuthError, Problem};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The service answered with an error status.
    #[error("{}", with_code(code.as_deref(), message, Some(*status)))]
    Service {
        status: u16,
        code: Option<String>,
        message: String,
        /// Boxed to keep `Result<_, ApiError>` small.
        body: Box<Value>,
        request_id: Option<String>,
    },
    /// IMS refused to issue a token (bad client id, secret or scopes).
    #[error("authentication failed: {}", with_code(code.as_deref(), message, *status))]
    Auth {
        status: Option<u16>,
        code: Option<String>,
        message: String,
    },
    /// Still 429 after the retries a read is allowed, or a 429 on a write (never retried).
    #[error("{}", throttled_text(code.as_deref(), message, *retry_after))]
    Throttled {
        retry_after: Option<Duration>,
        code: Option<String>,
        message: String,
        body: Box<Value>,
    },
    #[error("timed out: {method} {path}")]
    Timeout { method: String, path: String },
    /// No connection could be made; nothing was sent.
    #[error("cannot connect: {message}")]
    Connect { message: String },
    /// The connection broke after the request went out: a write may or may not have happened.
    #[error("connection lost during {method} {path}: {message}")]
    Interrupted {
        method: String,
        path: String,
        message: String,
    },
    /// A body that is not the JSON we expected (truncated, HTML, wrong shape).
    #[error("unreadable answer (HTTP {status}): {reason}: {snippet}")]
    Decode {
        status: u16,
        reason: String,
        snippet: String,
    },
    /// A request we refuse to send (bad URL, a next link to another host…).
    #[error("invalid request: {0}")]
    Invalid(String),
}

fn with_code(code: Option<&str>, message: &str, status: Option<u16>) -> String {
    match (code, status) {
        (Some(c), Some(s)) => format!("{c}: {message} ({s})"),
        (Some(c), None) => format!("{c}: {message}"),
        (None, Some(s)) => format!("HTTP {s}: {message}"),
        (None, None) => message.to_string(),
    }
}

fn throttled_text(code: Option<&str>, message: &str, retry_after: Option<Duration>) -> String {
    let base = with_code(code, message, Some(429));
    match retry_after {
        Some(d) => format!("{base}, retry after {}s", d.as_secs_f64().ceil()),
        None => base,
    }
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Service { status, .. } => Some(*status),
            ApiError::Auth { status, .. } => *status,
            ApiError::Throttled { .. } => Some(429),
            ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service's own code: `FLOW-1404-412`, `401013`, `invalid_client`…
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Service { code, .. }
            | ApiError::Auth { code, .. }
            | ApiError::Throttled { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// 412: the etag sent with `If-Match` is stale (FLOW-1404-412).
    pub fn is_precondition_failed(&self) -> bool {
        self.status() == Some(412)
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn is_auth(&self) -> bool {
        matches!(self, ApiError::Auth { .. }) || matches!(self.status(), Some(401 | 403))
    }

    /// Whether a change that ended in this error may have been applied all the same: the
    /// request went out and its answer was lost (a timeout, a dropped connection, an
    /// unreadable success, a gateway that gave up waiting). Such a change is never sent
    /// again without looking first.
    pub fn may_have_applied(&self) -> bool {
        match self {
            ApiError::Timeout { .. } | ApiError::Interrupted { .. } => true,
            ApiError::Decode { status, .. } => *status < 300,
            ApiError::Service { status, .. } => matches!(status, 502 | 504),
            _ => false,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Service { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The whole error body, when the service sent JSON.
    pub fn body(&self) -> Option<&Value> {
        match self {
            ApiError::Service { body, .. } | ApiError::Throttled { body, .. } => Some(&**body),
            _ => None,
        }
    }

    /// Builds the error for a non-success answer from its status, headers and body.
    pub fn from_response(status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
        let header_request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let parsed = serde_json::from_slice::<Value>(body).ok();
        let (code, message, request_id, body) = match parsed {
            Some(v) => {
                let (code, message, rid) = describe(&v);
                (code, message, rid.or(header_request_id), v)
            }
            None => {
                // HTML from a proxy, or nothing at all: the status still tells the story.
                let text = snippet(body);
                let message = if text.is_empty() {
                    reason_phrase(status).to_string()
                } else {
                    text.clone()
                };
                (None, message, header_request_id, Value::String(text))
            }
        };
        if status == 429 {
            return ApiError::Throttled {
                retry_after: headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| super::retry::parse_retry_after(v, chrono::Utc::now())),
                code,
                message,
                body: Box::new(body),
            };
        }
        ApiError::Service {
            status,
            code,
            message,
            body: Box::new(body),
            request_id,
        }
    }

    /// IMS errors are [`ApiError::Auth`], whatever their status.
    pub(crate) fn from_ims_response(status: u16, body: &[u8]) -> ApiError {
        let v = serde_json::from_slice::<Value>(body).ok();
        let (code, message) = match v.as_ref() {
            Some(v) => {
                let (c, m, _) = describe(v);
                (c, m)
            }
            None => (None, snippet(body)),
        };
        ApiError::Auth {
            status: Some(status),
            code,
            message: if message.is_empty() {
                reason_phrase(status).to_string()
            } else {
                message
            },
        }
    }

    pub(crate) fn decode(status: u16, reason: impl Into<String>, body: &[u8]) -> ApiError {
        ApiError::Decode {
            status,
            reason: reason.into(),
            snippet: snippet(body),
        }
    }
}

/// Code, message and request id from any of the three error body shapes.
fn describe(v: &Value) -> (Option<String>, String, Option<String>) {
    if v.get("error_code").is_some()
        && let Ok(g) = serde_json::from_value::<GatewayError>(v.clone())
    {
        let msg = g.message.unwrap_or_default();
        return (Some(g.error_code), msg, None);
    }
    if v.get("error").and_then(Value::as_str).is_some()
        && let Ok(o) = serde_json::from_value::<OAuthError>(v.clone())
    {
        let msg = o.error_description.unwrap_or_else(|| o.error.clone());
        return (Some(o.error), msg, None);
    }
    match serde_json::from_value::<Problem>(v.clone()) {
        Ok(p) => {
            let rid = p.request_id().map(str::to_string);
            let msg = p
                .message()
                .unwrap_or_else(|| snippet(v.to_string().as_bytes()));
            (p.code(), msg, rid)
        }
        Err(_) => (None, snippet(v.to_string().as_bytes()), None),
    }
}

/// The first 200 characters of a body, printable, for messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out.trim().to_string()
}

fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error")
}

/// The error as the explorer shows it: a 4xx other than a throttle or refused
/// credentials fails the same way every time, so it is not offered for a retry.
impl From<&ApiError> for flowscope_model::ErrorInfo {
    fn from(e: &ApiError) -> Self {
        let retry = match e {
            ApiError::Invalid(_) => false,
            ApiError::Service { status, .. } => flowscope_model::transient_status(*status),
            _ => true,
        };
        flowscope_model::ErrorInfo {
            status: e.status(),
            code: e.code().map(str::to_string),
            message: e.to_string(),
            retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(status: u16, body: Value) -> ApiError {
        ApiError::from_response(status, &HeaderMap::new(), body.to_string().as_bytes())
    }

    #[test]
    fn problem_code_is_surfaced_in_display() {
        let e = err(
            412,
            json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1404-412", "title": "Precondition failed",
                   "status": 412, "report": {"detailed-message": "The provided If-Match header does not match.", "request-id": "r9"}}),
        );
        assert_eq!(e.code(), Some("FLOW-1404-412"));
        assert!(e.is_precondition_failed());
        assert_eq!(e.request_id(), Some("r9"));
        assert_eq!(
            e.to_string(),
            "FLOW-1404-412: The provided If-Match header does not match. (412)"
        );
    }

    #[test]
    fn gateway_code_is_the_error_code() {
        let e = err(
            401,
            json!({"error_code": "401013", "message": "Oauth token is not valid"}),
        );
        assert_eq!(e.code(), Some("401013"));
        assert!(e.is_auth());
        assert_eq!(e.to_string(), "401013: Oauth token is not valid (401)");
    }

    #[test]
    fn throttled_keeps_retry_after() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "3".parse().unwrap());
        let body = json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1429-429", "status": 429, "errorMessage": "slow down"});
        let e = ApiError::from_response(429, &h, body.to_string().as_bytes());
        match &e {
            ApiError::Throttled { retry_after, .. } => {
                assert_eq!(*retry_after, Some(Duration::from_secs(3)))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            e.to_string(),
            "FLOW-1429-429: slow down (429), retry after 3s"
        );
    }

    #[test]
    fn non_json_error_bodies_keep_the_status() {
        let e = ApiError::from_response(502, &HeaderMap::new(), b"<html>Bad gateway</html>");
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.code(), None);
        assert_eq!(e.to_string(), "HTTP 502: <html>Bad gateway</html>");
        let empty = ApiError::from_response(404, &HeaderMap::new(), b"");
        assert!(empty.is_not_found());
        assert_eq!(empty.to_string(), "HTTP 404: Not Found");
    }

    #[test]
    fn ims_errors_are_auth_errors() {
        let e = ApiError::from_ims_response(
            401,
            json!({"error": "invalid_client", "error_description": "invalid client_secret parameter"})
                .to_string()
                .as_bytes(),
        );
        assert_eq!(e.code(), Some("invalid_client"));
        assert_eq!(
            e.to_string(),
            "authentication failed: invalid_client: invalid client_secret parameter (401)"
        );
    }

    #[test]
    fn snippets_are_short_and_printable() {
        let long = "x".repeat(500) + "\n";
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), 201);
        assert!(snippet(b"{\"a\":\n1").contains("{\"a\": 1"));
        assert_eq!(snippet(&[0xff, 0xfe]), "\u{fffd}\u{fffd}");
    }
}

//! The Adobe I/O gateway in front of the platform: bearer token, API key and org
//! checks with the gateway's own error bodies, the Content-Type rule for bodies, and the
//! sandbox chosen by `x-sandbox-name` (aep-api-notes §2).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::problem::Problem;
use super::state::Shared;
use std::sync::Arc;

/// The sandbox a request addresses, put into request extensions by [`check`].
#[derive(Clone, Debug)]
pub struct SandboxName(pub String);

/// The client id behind the bearer token, for `createdBy`/`updatedBy`.
#[derive(Clone, Debug)]
pub struct Caller(pub String);

impl Caller {
    pub fn actor(&self) -> String {
        format!("{}@AdobeID", self.0)
    }
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// Middleware for every platform route.
pub async fn check(State(st): State<Arc<Shared>>, mut req: Request, next: Next) -> Response {
    match admit(&st, req.headers(), req.method()) {
        Ok((caller, sandbox)) => {
            req.extensions_mut().insert(caller);
            req.extensions_mut().insert(sandbox);
            next.run(req).await
        }
        Err(p) => p.into_response(),
    }
}

fn admit(st: &Shared, h: &HeaderMap, method: &Method) -> Result<(Caller, SandboxName), Problem> {
    let Some(auth) = header(h, "authorization") else {
        return Err(Problem::gateway("403010", "Oauth token is missing."));
    };
    let token = auth
        .strip_prefix("Bearer ")
        .or_else(|| auth.strip_prefix("bearer "))
        .unwrap_or("")
        .trim();
    let now = st.now();
    let client = st
        .tokens
        .lock()
        .ok()
        .and_then(|t| t.get(token).cloned())
        .filter(|(_, expiry)| *expiry > now)
        .map(|(client, _)| client)
        .ok_or_else(|| Problem::gateway("401013", "Oauth token is not valid"))?;
    match header(h, "x-api-key") {
        None | Some("") => return Err(Problem::gateway("403000", "Api Key is required")),
        // The token was issued to one client; its key must come with it.
        Some(key) if key != client => return Err(Problem::gateway("403003", "Api Key is invalid")),
        Some(_) => {}
    }
    if header(h, "x-gw-ims-org-id").is_none_or(|o| o.trim().is_empty()) {
        return Err(Problem::gateway("400003", "Missing header"));
    }
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH)
        && h.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()) != Some("0")
        && (h.contains_key(header::CONTENT_LENGTH) || h.contains_key(header::TRANSFER_ENCODING))
    {
        let ct = header(h, "content-type").unwrap_or("");
        if !ct.to_ascii_lowercase().starts_with("application/json") {
            return Err(Problem::Raw {
                status: 400,
                body: json!({"type": "/placeholder/type/uri", "status": 400, "title": "BadRequestError",
                             "detail": "A valid content-type must be specified"}),
            });
        }
    }
    let sandbox = match header(h, "x-sandbox-name") {
        None => st.default_sandbox.clone(),
        Some(s) if s.trim().is_empty() => {
            return Err(Problem::bad_request(
                2105,
                "The x-sandbox-name header is empty.",
            ));
        }
        Some(s) => s.trim().to_ascii_lowercase(),
    };
    let known = st
        .sandboxes
        .read()
        .map(|s| s.contains_key(&sandbox))
        .unwrap_or(false);
    if !known {
        return Err(Problem::flow(
            2100,
            404,
            format!("Sandbox '{sandbox}' not found."),
        ));
    }
    Ok((Caller(client), SandboxName(sandbox)))
}

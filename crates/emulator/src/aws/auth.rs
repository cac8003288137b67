//! The AWS routes' gate: a request must carry a SigV4 `Authorization` header
//! (`AWS4-HMAC-SHA256 Credential=…`). The signature is not verified (any key works, as
//! the demo hands out fixed ones), but a request with no header is refused the way AWS
//! refuses it, 403 `MissingAuthenticationTokenException`, so a client that forgot to sign
//! is caught. Every AWS answer gets an `x-amzn-RequestId`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Service;
use super::error::AwsError;
use super::seed::uuid_id;
use crate::state::Shared;

pub async fn check(State(st): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let service = Service::of(req.uri().path()).unwrap_or(Service::AppFlow);
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let mut resp = match auth {
        None => AwsError::new(
            service,
            StatusCode::FORBIDDEN,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )
        .into_response(),
        Some(a) if !well_formed(a) => AwsError::new(
            service,
            StatusCode::FORBIDDEN,
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of AWS4-HMAC-SHA256.",
        )
        .into_response(),
        Some(_) => next.run(req).await,
    };
    let id = uuid_id(&["aws-request", &st.meter.next_request().to_string()]);
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-amzn-requestid", v);
    }
    resp
}

/// `AWS4-HMAC-SHA256 Credential=<key>/<scope>, SignedHeaders=…, Signature=…`: the
/// algorithm and a credential with an access key id.
fn well_formed(auth: &str) -> bool {
    let Some(rest) = auth.trim().strip_prefix("AWS4-HMAC-SHA256") else {
        return false;
    };
    rest.split(',')
        .find_map(|p| p.trim().strip_prefix("Credential="))
        .and_then(|c| c.split('/').next())
        .is_some_and(|key| !key.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sigv4_with_a_credential_passes() {
        assert!(well_formed(
            "AWS4-HMAC-SHA256 Credential=AKIA/20261101/us-east-1/profile/aws4_request, SignedHeaders=host, Signature=ab"
        ));
        assert!(!well_formed("AWS4-HMAC-SHA256 SignedHeaders=host"));
        assert!(!well_formed("Bearer token"));
        assert!(!well_formed("AWS4-HMAC-SHA256 Credential=/x"));
    }
}

//! IMS: `POST /ims/token/v3` (OAuth server-to-server, client_credentials).
//!
//! Any client id and secret are accepted except the secret `invalid`, which answers the
//! OAuth `invalid_client` error so clients can test their auth error path. Tokens live
//! 24 h on the emulator clock (`expires_in` 86399 s, aep-api-notes §1).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::problem::Problem;
use crate::state::Shared;

pub const EXPIRES_IN_S: i64 = 86_399;

pub async fn token(State(st): State<Arc<Shared>>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let mut form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    form.extend(url::form_urlencoded::parse(q.unwrap_or_default().as_bytes()).into_owned());
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let oauth_error = |status: u16, error: &str, description: &str| {
        Problem::Raw {
            status,
            body: json!({"error": error, "error_description": description}),
        }
        .into_response()
    };
    match get("grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return oauth_error(
                400,
                "unsupported_grant_type",
                &format!("grant_type '{other}' is not supported"),
            );
        }
        None => return oauth_error(400, "invalid_request", "grant_type is missing"),
    }
    let (Some(client_id), Some(secret)) = (get("client_id"), get("client_secret")) else {
        return oauth_error(
            400,
            "invalid_request",
            "client_id and client_secret are required",
        );
    };
    if client_id.is_empty() || secret.is_empty() || secret == "invalid" {
        return oauth_error(401, "invalid_client", "invalid client credentials");
    }
    let now = st.now();
    // Shaped like a JWT so clients that peek at it see the usual three parts.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = json!({"client_id": client_id, "iat": now, "jti": st.new_id(), "scope": get("scope").unwrap_or("")});
    let token = format!(
        "{header}.{}.{}",
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(st.new_id())
    );
    if let Ok(mut t) = st.tokens.lock() {
        t.insert(
            token.clone(),
            (client_id.to_string(), now + EXPIRES_IN_S * 1000),
        );
    }
    (
        StatusCode::OK,
        Json(json!({"access_token": token, "token_type": "bearer", "expires_in": EXPIRES_IN_S})),
    )
        .into_response()
}

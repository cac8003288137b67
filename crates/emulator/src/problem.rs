//! Error answers in the shapes the real services use: Flow Service problem JSON with a
//! `FLOW-<code>-<http>` type, the Catalog Service's with a `CAT-<code>-<http>` type, and
//! the Adobe I/O gateway's `{"error_code","message"}`.
//!
//! Handlers return `Result<_, Problem>`; nothing else in the emulator writes error bodies.
//! `status` is an integer because aepp tests `res.get('status') >= 400`
//! (aep-api-notes §2).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub enum Problem {
    /// A Flow Service error, e.g. `Problem::flow(1404, 412, "…")` for FLOW-1404-412.
    Flow {
        code: u16,
        status: u16,
        title: String,
        detail: String,
        /// Extra `report` members, e.g. the resource id and type on a 404.
        report: serde_json::Map<String, Value>,
    },
    /// An Adobe I/O gateway error such as `401013 Oauth token is not valid`.
    Gateway { error_code: String, message: String },
    /// A body with its own shape (IMS OAuth errors, the content-type error).
    Raw { status: u16, body: Value },
    /// A 429 with `Retry-After`, injected by the fault layer.
    Throttled { retry_after_s: u64 },
}

impl Problem {
    pub fn flow(code: u16, status: u16, detail: impl Into<String>) -> Self {
        Problem::Flow {
            code,
            status,
            title: title(status).to_string(),
            detail: detail.into(),
            report: serde_json::Map::new(),
        }
    }

    /// A Catalog Service error, e.g. `Problem::catalog(1404, 404, "…")` for CAT-1404-404:
    /// problem JSON with `detail` rather than Flow Service's `report`.
    pub fn catalog(code: u16, status: u16, detail: impl Into<String>) -> Self {
        Problem::Raw {
            status,
            body: json!({
                "type": format!("http://ns.adobe.com/aep/errors/CAT-{code}-{status}"),
                "title": title(status),
                "status": status,
                "detail": detail.into(),
            }),
        }
    }

    /// FLOW-1418-400: `kind` `id` is used by `users` (flow ids, or the connections that
    /// name a base connection) and cannot be deleted. The ids go in the report as well
    /// as the text, so a client can name them without parsing the message.
    pub fn in_use(kind: &str, id: &str, users: &[String]) -> Self {
        let shown = users.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        let more = if users.len() > 5 { ", …" } else { "" };
        let mut p = Problem::bad_request(
            1418,
            format!(
                "{kind} {id} is in use by {} object(s) ({shown}{more}) and cannot be deleted. Delete those first.",
                users.len()
            ),
        );
        if let Problem::Flow { report, .. } = &mut p {
            report.insert("id".into(), json!(id));
            report.insert("usedBy".into(), json!(users));
        }
        p
    }

    /// FLOW-1101-404 for an unknown id of `kind` (e.g. "flows").
    pub fn not_found(kind: &str, id: &str) -> Self {
        let mut p = Problem::flow(
            1101,
            404,
            format!(
                "The requested {kind} resource {id} is not found. Verify the resource ID before trying again."
            ),
        );
        if let Problem::Flow { report, .. } = &mut p {
            report.insert("id".into(), json!(id));
            report.insert("type".into(), json!(kind));
        }
        p
    }

    pub fn bad_request(code: u16, detail: impl Into<String>) -> Self {
        Problem::flow(code, 400, detail)
    }

    pub fn gateway(error_code: &str, message: &str) -> Self {
        Problem::Gateway {
            error_code: error_code.to_string(),
            message: message.to_string(),
        }
    }

    pub fn status(&self) -> StatusCode {
        let n = match self {
            Problem::Flow { status, .. } => *status,
            Problem::Gateway { error_code, .. } => error_code
                .get(..3)
                .and_then(|s| s.parse().ok())
                .unwrap_or(500),
            Problem::Raw { status, .. } => *status,
            Problem::Throttled { .. } => 429,
        };
        StatusCode::from_u16(n).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The JSON body; `request_id` goes into the report as the real service does.
    pub fn body(&self, request_id: &str) -> Value {
        match self {
            Problem::Flow {
                code,
                status,
                title,
                detail,
                report,
            } => {
                let mut rep = report.clone();
                rep.insert("detailed-message".into(), json!(detail));
                rep.insert("request-id".into(), json!(request_id));
                json!({
                    "type": format!("https://ns.adobe.com/aep/errors/FLOW-{code}-{status}"),
                    "title": title,
                    "status": status,
                    "report": rep,
                    "errorMessage": detail,
                    "errorDetails": detail,
                })
            }
            Problem::Gateway {
                error_code,
                message,
            } => json!({"error_code": error_code, "message": message}),
            Problem::Raw { body, .. } => body.clone(),
            Problem::Throttled { retry_after_s } => json!({
                "type": "https://ns.adobe.com/aep/errors/FLOW-1429-429",
                "title": "Too many requests",
                "status": 429,
                "report": {"detailed-message": format!("Request rate exceeded. Retry after {retry_after_s} seconds.")},
                "errorMessage": "Request rate exceeded.",
            }),
        }
    }
}

fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Resource not found",
        409 => "Conflict",
        412 => "Precondition failed",
        429 => "Too many requests",
        _ => "Internal server error",
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let request_id = uuid::Uuid::new_v4().to_string();
        let body = self.body(&request_id);
        let content_type = match &self {
            Problem::Flow { .. } | Problem::Throttled { .. } => "application/problem+json",
            _ => "application/json",
        };
        let mut resp = (self.status(), body.to_string()).into_response();
        let headers = resp.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            headers.insert("x-request-id", v);
        }
        if let Problem::Throttled { retry_after_s } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_problems_carry_the_code_in_type_and_an_integer_status() {
        let p = Problem::flow(1404, 412, "Version mismatch");
        let b = p.body("req");
        assert_eq!(
            b["type"],
            json!("https://ns.adobe.com/aep/errors/FLOW-1404-412")
        );
        assert_eq!(b["status"], json!(412));
        assert_eq!(p.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(b["report"]["request-id"], json!("req"));
    }

    #[test]
    fn gateway_status_is_the_first_three_digits_of_the_code() {
        let p = Problem::gateway("401013", "Oauth token is not valid");
        assert_eq!(p.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(p.body("x")["error_code"], json!("401013"));
    }
}

//! AWS error answers as the `rest-json` protocol sends them: the HTTP status the model
//! gives the error, `x-amzn-ErrorType: <Name>`, and a JSON body whose message member is
//! spelled as each model declares it (`Message` for Customer Profiles, `message` for
//! AppFlow). SDKs pick the modelled exception class from the header.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Service;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub service: Service,
    pub status: StatusCode,
    pub name: &'static str,
    pub message: String,
    /// Sent as `Retry-After` (throttling).
    pub retry_after_s: Option<u64>,
}

impl AwsError {
    pub fn new(
        service: Service,
        status: StatusCode,
        name: &'static str,
        message: impl Into<String>,
    ) -> Self {
        AwsError {
            service,
            status,
            name,
            message: message.into(),
            retry_after_s: None,
        }
    }

    pub fn not_found(service: Service, message: impl Into<String>) -> Self {
        Self::new(
            service,
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            message,
        )
    }

    /// The service's 400 for a bad request: `BadRequestException` in Customer Profiles,
    /// `ValidationException` in AppFlow (neither model has the other's).
    pub fn invalid(service: Service, message: impl Into<String>) -> Self {
        let name = match service {
            Service::Profiles => "BadRequestException",
            Service::AppFlow => "ValidationException",
        };
        Self::new(service, StatusCode::BAD_REQUEST, name, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(
            Service::AppFlow,
            StatusCode::CONFLICT,
            "ConflictException",
            message,
        )
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(
            Service::AppFlow,
            StatusCode::BAD_REQUEST,
            "UnsupportedOperationException",
            message,
        )
    }

    pub fn internal(service: Service) -> Self {
        Self::new(
            service,
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "An internal error occurred; retry the request.",
        )
    }

    pub fn throttled(service: Service, retry_after_s: u64) -> Self {
        AwsError {
            retry_after_s: Some(retry_after_s),
            ..Self::new(
                service,
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                "Rate exceeded",
            )
        }
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let member = match self.service {
            Service::Profiles => "Message",
            Service::AppFlow => "message",
        };
        let body = json!({ member: self.message });
        let mut resp = (self.status, body.to_string()).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert("x-amzn-errortype", HeaderValue::from_static(self.name));
        if let Some(s) = self.retry_after_s {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_service_spells_its_message_member() {
        let r = AwsError::not_found(Service::Profiles, "No domain named x").into_response();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert_eq!(r.headers()["x-amzn-errortype"], "ResourceNotFoundException");
        let body = axum::body::to_bytes(r.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], br#"{"Message":"No domain named x"}"#);

        let r = AwsError::throttled(Service::AppFlow, 2).into_response();
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");
        let body = axum::body::to_bytes(r.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], br#"{"message":"Rate exceeded"}"#);
        assert_eq!(
            AwsError::invalid(Service::AppFlow, "x").name,
            "ValidationException"
        );
    }
}

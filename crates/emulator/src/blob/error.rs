//! Azure Blob error answers: the status, the `x-ms-error-code` header and the XML
//! `<Error><Code/><Message/></Error>` body the service sends, with
//! `<AuthenticationErrorDetail>` on authentication failures.
//!
//! The message ends with the request id and time lines Azure appends, so a client that
//! logs the body sees the same shape as in production.

use axum::http::StatusCode;

use super::xml;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub auth_detail: Option<String>,
}

impl BlobError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        BlobError {
            status,
            code,
            message: message.into(),
            auth_detail: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn blob_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "BlobNotFound",
            "The specified blob does not exist.",
        )
    }

    pub fn condition_not_met() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "ConditionNotMet",
            "The condition specified using HTTP conditional header(s) is not met.",
        )
    }

    pub fn authentication_failed(detail: impl Into<String>) -> Self {
        BlobError {
            auth_detail: Some(detail.into()),
            ..Self::new(
                StatusCode::FORBIDDEN,
                "AuthenticationFailed",
                "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
            )
        }
    }

    pub fn permission_mismatch() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "AuthorizationPermissionMismatch",
            "This request is not authorized to perform this operation using this permission.",
        )
    }

    /// The XML body, with Azure's `RequestId:` and `Time:` lines in the message.
    pub fn body(&self, request_id: &str, time: &str) -> String {
        let detail = self
            .auth_detail
            .as_deref()
            .map(|d| xml::element("AuthenticationErrorDetail", d))
            .unwrap_or_default();
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{}</Code><Message>{}\nRequestId:{request_id}\nTime:{time}</Message>{detail}</Error>",
            self.code,
            xml::escape(&self.message),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_code_message_and_auth_detail() {
        let e = BlobError::authentication_failed("Signature did not match. <x>");
        let body = e.body("rid-1", "2026-11-01T00:00:00.0000000Z");
        assert!(body.contains("<Code>AuthenticationFailed</Code>"), "{body}");
        assert!(body.contains("RequestId:rid-1\nTime:2026-11-01T00:00:00.0000000Z</Message>"));
        assert!(body.contains(
            "<AuthenticationErrorDetail>Signature did not match. &lt;x&gt;</AuthenticationErrorDetail>"
        ));
        let nf = BlobError::blob_not_found().body("r", "t");
        assert!(!nf.contains("AuthenticationErrorDetail"));
        assert_eq!(BlobError::blob_not_found().status, StatusCode::NOT_FOUND);
    }
}

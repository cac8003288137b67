//! S3 error answers: status and the XML `<Error><Code/><Message/>…<RequestId/><HostId/>`
//! body S3 sends (none on HEAD), with the extra elements some codes carry (`Key`,
//! `BucketName`, `Condition`, `ActualObjectSize`…).

use axum::http::StatusCode;

use crate::blob::xml::{element, escape};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Error {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Extra elements after `Message`, in order.
    pub extra: Vec<(&'static str, String)>,
}

impl S3Error {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        S3Error {
            status,
            code,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.extra.push((name, value.into()));
        self
    }

    pub fn access_denied() -> Self {
        Self::new(StatusCode::FORBIDDEN, "AccessDenied", "Access Denied")
    }

    pub fn no_such_key(key: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        )
        .with("Key", key)
    }

    pub fn precondition_failed(condition: &str) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold",
        )
        .with("Condition", condition)
    }

    pub fn malformed_xml() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    }

    pub fn body(&self, request_id: &str, host_id: &str) -> String {
        let extra: String = self
            .extra
            .iter()
            .map(|(name, value)| element(name, value))
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>{extra}<RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>",
            self.code,
            escape(&self.message)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_code_message_extras_and_ids() {
        let b = S3Error::no_such_key("user_drop_zone/a&b.csv").body("R1", "H1");
        assert!(b.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
        ));
        assert!(b.contains(
            "<Key>user_drop_zone/a&amp;b.csv</Key><RequestId>R1</RequestId><HostId>H1</HostId>"
        ));
    }
}

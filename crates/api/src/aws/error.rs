//! The one error type of the AWS client. A service error keeps the service's error name
//! (`ResourceNotFoundException`) apart from its message, so panes and toasts can show and
//! match it; credential trouble says what to run. How SDK errors are sorted into kinds
//! lives in `sdk_error.rs`. Nothing here ever carries a key, token or signature.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsErrorKind {
    /// The service answered with an error (not found, validation, access denied, 5xx…).
    Service,
    /// Still throttled after the retries a read is allowed, or throttled on a change.
    Throttled,
    /// No credentials, expired or refused credentials, an SSO login needed.
    Credentials,
    /// The settings cannot work (a bad endpoint URL, an unusable profile).
    Config,
    /// No answer in time: the request may have been applied.
    Timeout,
    /// The connection failed or broke: the request may have been applied.
    Network,
    /// A request flowscope refuses to send (a body that does not map to the API).
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub kind: AwsErrorKind,
    pub status: Option<u16>,
    /// The service's error name from x-amzn-ErrorType / the body, e.g. "ResourceNotFoundException".
    pub code: Option<String>,
    pub message: String,
}

impl AwsError {
    pub(crate) fn new(kind: AwsErrorKind, message: impl Into<String>) -> AwsError {
        AwsError {
            kind,
            status: None,
            code: None,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> AwsError {
        AwsError::new(AwsErrorKind::Invalid, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> AwsError {
        AwsError::new(AwsErrorKind::Config, message)
    }

    /// A timeout or a dropped connection: a change may have landed, so look before
    /// sending it again.
    pub fn unsure(&self) -> bool {
        matches!(self.kind, AwsErrorKind::Timeout | AwsErrorKind::Network)
    }

    /// 404 / `ResourceNotFoundException`: the object is gone (or never was).
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404) || self.code.as_deref() == Some("ResourceNotFoundException")
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) if !self.message.starts_with(code.as_str()) => {
                write!(f, "{code}: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AwsError {}

/// Values that follow these markers are credentials or signatures; they are masked in any
/// text taken from a lower layer before it becomes an error message.
const SECRET_MARKERS: [&str; 7] = [
    "Signature=",
    "Credential=",
    "X-Amz-Security-Token=",
    "aws_secret_access_key",
    "aws_session_token",
    "SecretAccessKey",
    "SessionToken",
];

/// Masks whatever follows a credential marker, up to the next separator.
pub(crate) fn scrub(text: &str) -> String {
    let mut out = text.to_string();
    for marker in SECRET_MARKERS {
        let mut from = 0;
        while let Some(pos) = out[from..].find(marker) {
            let start = from + pos + marker.len();
            let rest = &out[start..];
            // `key = value`, `key: "value"` and `key=value` all lose the value.
            let lead = rest
                .char_indices()
                .find(|(_, c)| !matches!(c, ' ' | '=' | ':' | '"' | '\''))
                .map_or(rest.len(), |(i, _)| i);
            let len = rest[lead..]
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | '&' | '"' | '\'' | ')'))
                .unwrap_or(rest.len() - lead);
            let value_start = start + lead;
            if len > 0 {
                out.replace_range(value_start..value_start + len, "***");
            }
            from = value_start + if len > 0 { 3 } else { 0 };
            if from >= out.len() {
                break;
            }
        }
    }
    out
}

/// The error as the explorer shows it: settings and refused requests are not retried.
impl From<&AwsError> for flowscope_model::ErrorInfo {
    fn from(e: &AwsError) -> Self {
        use AwsErrorKind as K;
        let retry = match e.kind {
            K::Config | K::Invalid => false,
            K::Service => e.status.is_none_or(flowscope_model::transient_status),
            K::Throttled | K::Credentials | K::Timeout | K::Network => true,
        };
        flowscope_model::ErrorInfo {
            status: e.status,
            code: e.code.clone(),
            message: e.to_string(),
            retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_puts_the_code_first_once() {
        let e = AwsError {
            kind: AwsErrorKind::Service,
            status: Some(404),
            code: Some("ResourceNotFoundException".into()),
            message: "No domain named x".into(),
        };
        assert_eq!(
            e.to_string(),
            "ResourceNotFoundException: No domain named x"
        );
        assert!(e.is_not_found());
        assert!(!e.unsure());
        let plain = AwsError::invalid("Tasks[0].TaskType: expected a string");
        assert_eq!(plain.to_string(), "Tasks[0].TaskType: expected a string");
        let again = AwsError {
            code: Some("X".into()),
            message: "X: already there".into(),
            ..plain
        };
        assert_eq!(again.to_string(), "X: already there");
    }

    #[test]
    fn timeouts_and_network_errors_are_unsure() {
        assert!(AwsError::new(AwsErrorKind::Timeout, "t").unsure());
        assert!(AwsError::new(AwsErrorKind::Network, "n").unsure());
        assert!(!AwsError::new(AwsErrorKind::Throttled, "t").unsure());
    }

    #[test]
    fn scrub_masks_signatures_and_keys() {
        let s = scrub(
            "Authorization: AWS4-HMAC-SHA256 Credential=AKIAX/2026/us-east-1/profile/aws4_request, SignedHeaders=host, Signature=abc123",
        );
        assert!(!s.contains("AKIAX"), "{s}");
        assert!(!s.contains("abc123"), "{s}");
        assert!(s.contains("SignedHeaders=host"), "{s}");
        let t = scrub("aws_secret_access_key = wJal/xyz\nnext line");
        assert_eq!(t, "aws_secret_access_key = ***\nnext line");
        assert_eq!(scrub("nothing to hide"), "nothing to hide");
        assert_eq!(scrub("Signature="), "Signature=");
    }
}

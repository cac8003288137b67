//! Sorting the SDK's errors into [`AwsError`] kinds: the service's error name and message
//! from its metadata, throttling, credential trouble with the command that fixes it, and
//! timeouts / broken connections marked unsure. Only text is taken from lower layers, and
//! it is scrubbed of anything that looks like a key or signature.

use std::error::Error;

use aws_sdk_appflow::config::http::HttpResponse;
use aws_sdk_appflow::error::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::error::{AwsError, AwsErrorKind, scrub};

/// Error names that mean "slow down" whatever the operation models.
const THROTTLING: [&str; 7] = [
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
];

/// Error names that mean the request's credentials were refused.
const BAD_CREDENTIALS: [&str; 9] = [
    "ExpiredTokenException",
    "ExpiredToken",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationTokenException",
    "AuthFailure",
];

/// What an error message can say about how the client was configured.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hints {
    /// The profile in use (settings, else `AWS_PROFILE`), for `--profile X` in advice.
    pub profile: Option<String>,
    /// True when the settings pinned the keys: no login can help then.
    pub static_keys: bool,
}

impl Hints {
    fn profile_arg(&self) -> String {
        match self.profile.as_deref() {
            Some(p) if p != "default" => format!(" --profile {p}"),
            _ => String::new(),
        }
    }

    fn refresh_advice(&self) -> String {
        if self.static_keys {
            return "check the access key pair in the settings".to_string();
        }
        let p = self.profile_arg();
        format!(
            "refresh the credentials (run `aws sso login{p}` for an SSO profile, or `aws configure{p}`)"
        )
    }
}

/// Maps any operation's SDK error (both services share the same `SdkError`).
pub(crate) fn from_sdk<E>(err: SdkError<E, HttpResponse>, hints: &Hints) -> AwsError
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().map(str::to_string);
            let message = e
                .message()
                .map(scrub)
                .unwrap_or_else(|| details(e).unwrap_or_else(|| status_text(status)));
            service(status, code, message, hints)
        }
        SdkError::ResponseError(_) if status.is_some_and(|s| (200..300).contains(&s)) => {
            // A success whose body broke off or could not be read: the change happened,
            // or may have; the caller must look before repeating it.
            let detail = details(&err).unwrap_or_default();
            AwsError {
                status,
                ..AwsError::new(
                    AwsErrorKind::Network,
                    format!("the answer was cut off or unreadable: {detail}")
                        .trim_end_matches([' ', ':'])
                        .to_string(),
                )
            }
        }
        SdkError::ResponseError(re) => {
            // An error answer the SDK could not read: keep the error name from the header.
            let code = re
                .raw()
                .headers()
                .get("x-amzn-errortype")
                .map(|h| h.split(':').next().unwrap_or(h).to_string())
                .filter(|c| !c.is_empty());
            let detail = details(&err).unwrap_or_default();
            let message = format!("unreadable answer ({}) {detail}", status_text(status))
                .trim_end()
                .to_string();
            service(status, code, message, hints)
        }
        SdkError::TimeoutError(_) => AwsError {
            status,
            ..AwsError::new(
                AwsErrorKind::Timeout,
                "no answer in time: the request may or may not have been applied",
            )
        },
        SdkError::DispatchFailure(df) => {
            let detail = details(&err).unwrap_or_else(|| "dispatch failure".to_string());
            if let Some(e) = credentials_problem(&detail, hints) {
                return e;
            }
            let kind = if df.is_timeout() {
                AwsErrorKind::Timeout
            } else if df.is_user() {
                AwsErrorKind::Config
            } else {
                AwsErrorKind::Network
            };
            AwsError::new(kind, format!("cannot reach AWS: {detail}"))
        }
        SdkError::ConstructionFailure(_) => {
            let detail = details(&err).unwrap_or_else(|| "the request is incomplete".into());
            AwsError::invalid(format!("cannot build the request: {detail}"))
        }
        _ => AwsError::new(
            AwsErrorKind::Network,
            details(&err).unwrap_or_else(|| err.to_string()),
        ),
    }
}

fn service(status: Option<u16>, code: Option<String>, message: String, hints: &Hints) -> AwsError {
    let c = code.as_deref().unwrap_or("");
    let (kind, message) = if status == Some(429) || THROTTLING.contains(&c) {
        (AwsErrorKind::Throttled, message)
    } else if BAD_CREDENTIALS.contains(&c) {
        let advice = hints.refresh_advice();
        (AwsErrorKind::Credentials, format!("{message}: {advice}"))
    } else {
        (AwsErrorKind::Service, message)
    };
    AwsError {
        kind,
        status,
        code,
        message,
    }
}

/// Credential trouble happens before anything is sent and surfaces as a dispatch failure
/// whose causes name the credential or token provider.
fn credentials_problem(detail: &str, hints: &Hints) -> Option<AwsError> {
    let lower = detail.to_ascii_lowercase();
    let about_credentials = lower.contains("credential")
        || lower.contains("sso")
        || lower.contains("token")
        || lower.contains("identity");
    if !about_credentials {
        return None;
    }
    let p = hints.profile_arg();
    let message = if lower.contains("sso") {
        format!("the AWS SSO session is missing or expired: run `aws sso login{p}` ({detail})")
    } else if lower.contains("not enabled")
        || lower.contains("no providers")
        || lower.contains("not loaded")
    {
        format!(
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
             run `aws configure{p}`, or `aws sso login{p}` for an SSO profile ({detail})"
        )
    } else {
        format!(
            "cannot load AWS credentials: {} ({detail})",
            hints.refresh_advice()
        )
    };
    Some(AwsError::new(AwsErrorKind::Credentials, message))
}

/// What the connector layer calls its error kinds; they say nothing a reader can use.
const BARE_KINDS: [&str; 4] = ["other", "io error", "user error", "timeout"];

/// The causes below the SDK's own wrapper, joined, without repeats, scrubbed.
fn details(e: &(dyn Error + 'static)) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !text.is_empty()
            && !BARE_KINDS.contains(&text.as_str())
            && !parts.iter().any(|p| p.contains(&text))
        {
            parts.push(text);
        }
        next = cause.source();
    }
    if parts.is_empty() {
        None
    } else {
        Some(scrub(&parts.join(": ")))
    }
}

fn status_text(status: Option<u16>) -> String {
    match status {
        Some(s) => format!("HTTP {s}"),
        None => "no status".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_appflow::error::ErrorMetadata;
    use aws_sdk_appflow::operation::describe_flow::DescribeFlowError;
    use aws_sdk_appflow::types::error::ResourceNotFoundException;
    use aws_smithy_types::body::SdkBody;

    fn response(status: u16) -> HttpResponse {
        HttpResponse::new(status.try_into().unwrap(), SdkBody::empty())
    }

    #[test]
    fn modelled_service_errors_keep_name_message_and_status() {
        let err = SdkError::service_error(
            DescribeFlowError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("No flow named x")
                    .meta(
                        ErrorMetadata::builder()
                            .code("ResourceNotFoundException")
                            .message("No flow named x")
                            .build(),
                    )
                    .build(),
            ),
            response(404),
        );
        let e = from_sdk(err, &Hints::default());
        assert_eq!(e.kind, AwsErrorKind::Service);
        assert_eq!(e.status, Some(404));
        assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
        assert_eq!(e.to_string(), "ResourceNotFoundException: No flow named x");
    }

    #[test]
    fn unmodelled_throttling_and_expired_tokens_are_sorted() {
        let throttled = SdkError::service_error(
            DescribeFlowError::generic(
                ErrorMetadata::builder()
                    .code("ThrottlingException")
                    .message("Rate exceeded")
                    .build(),
            ),
            response(400),
        );
        assert_eq!(
            from_sdk(throttled, &Hints::default()).kind,
            AwsErrorKind::Throttled
        );
        let expired = SdkError::service_error(
            DescribeFlowError::generic(
                ErrorMetadata::builder()
                    .code("ExpiredTokenException")
                    .message("The security token included in the request is expired")
                    .build(),
            ),
            response(403),
        );
        let hints = Hints {
            profile: Some("dev".into()),
            static_keys: false,
        };
        let e = from_sdk(expired, &hints);
        assert_eq!(e.kind, AwsErrorKind::Credentials);
        assert!(e.message.contains("aws sso login --profile dev"), "{e}");
        assert!(e.to_string().starts_with("ExpiredTokenException: "), "{e}");
    }

    #[test]
    fn unreadable_answers_keep_the_header_name() {
        let mut raw = response(500);
        raw.headers_mut()
            .insert("x-amzn-ErrorType", "InternalServerException:http://x/");
        let err: SdkError<DescribeFlowError, HttpResponse> =
            SdkError::response_error("bad json", raw);
        let e = from_sdk(err, &Hints::default());
        assert_eq!(e.code.as_deref(), Some("InternalServerException"));
        assert_eq!(e.status, Some(500));
        assert!(e.message.contains("HTTP 500"), "{e}");
    }

    #[test]
    fn a_success_that_cannot_be_read_is_unsure() {
        let err: SdkError<DescribeFlowError, HttpResponse> =
            SdkError::response_error("connection reset", response(200));
        let e = from_sdk(err, &Hints::default());
        assert_eq!(e.kind, AwsErrorKind::Network);
        assert!(e.unsure());
        assert!(e.message.contains("connection reset"), "{e}");
    }

    #[test]
    fn timeouts_are_unsure() {
        let err: SdkError<DescribeFlowError, HttpResponse> = SdkError::timeout_error("slow");
        let e = from_sdk(err, &Hints::default());
        assert_eq!(e.kind, AwsErrorKind::Timeout);
        assert!(e.unsure());
    }
}

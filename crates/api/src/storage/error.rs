//! The storage layer's one error type, in terms a user can act on, with the storage
//! service's own code (`AuthenticationFailed`, `BlobNotFound`, `ExpiredToken`…) kept.
//!
//! object_store's messages can carry the request URL (with the SAS query) and S3 error
//! bodies can echo the canonical request (with the session token), so no message is passed
//! on as is: only `<Code>` and the first line of `<Message>` are taken from a body, query
//! strings and signature parameters are cut, and every known secret value is masked
//! ([`Scrub`]).

use crate::error::snippet;
use flowscope_model::{MASK, Secret};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The storage refused the credentials as expired or invalid, or their own expiry has
    /// passed: the fix is to refresh them (DLZ `…/credentials?action=refresh`).
    #[error(
        "the landing zone credentials have expired or were refused ({}): refresh the credentials and try again",
        with_code(code.as_deref(), message)
    )]
    Expired {
        code: Option<String>,
        message: String,
    },
    /// Valid credentials without the permission (a read-only SAS asked to write:
    /// `AuthorizationPermissionMismatch`).
    #[error("not allowed by the landing zone credentials: {}", with_code(code.as_deref(), message))]
    Denied {
        code: Option<String>,
        message: String,
    },
    #[error("{path}: no such file in the landing zone")]
    NotFound { path: String },
    /// A create-only write found a file there: ask before overwriting.
    #[error("{path} already exists in the landing zone")]
    AlreadyExists { path: String },
    #[error("cancelled")]
    Cancelled,
    /// Reading or writing the local file.
    #[error("local file: {0}")]
    Local(#[from] std::io::Error),
    /// The credentials cannot even be turned into a client (no SAS URI, a bad URL…).
    #[error("the landing zone credentials cannot be used: {0}")]
    Credentials(String),
    #[error("{}", with_code(code.as_deref(), message))]
    Other {
        code: Option<String>,
        message: String,
    },
}

fn with_code(code: Option<&str>, message: &str) -> String {
    match code {
        Some(c) if message.is_empty() => c.to_string(),
        Some(c) => format!("{c}: {message}"),
        None => message.to_string(),
    }
}

impl StorageError {
    /// The storage service's own error code, when it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            StorageError::Expired { code, .. }
            | StorageError::Denied { code, .. }
            | StorageError::Other { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    pub fn is_expired(&self) -> bool {
        matches!(self, StorageError::Expired { .. })
    }
}

/// Codes that mean "these credentials are no good any more": refreshing them is the fix.
const EXPIRED_CODES: &[&str] = &[
    // Azure: an expired or tampered SAS.
    "AuthenticationFailed",
    // S3 with temporary credentials.
    "ExpiredToken",
    "TokenRefreshRequired",
    "InvalidToken",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
];

/// Codes of a refusal by valid credentials, for answers that carry a code but no status
/// (Azure's batch delete reports each blob's failure inside a 202).
const DENIED_CODES: &[&str] = &[
    "AuthorizationPermissionMismatch",
    "AuthorizationFailure",
    "AuthorizationResourceTypeMismatch",
    "AuthorizationServiceMismatch",
    "AuthorizationProtocolMismatch",
    "AuthorizationSourceIPMismatch",
    "InsufficientAccountPermissions",
    "AccessDenied",
];

/// Azure codes of a valid SAS that lacks a permission (a read-only container asked to
/// write).
const PERMISSION_CODES: &[&str] = &[
    "AuthorizationPermissionMismatch",
    "AuthorizationResourceTypeMismatch",
    "AuthorizationServiceMismatch",
    "AuthorizationProtocolMismatch",
    "AuthorizationSourceIPMismatch",
];

/// Masks secrets in any text about to leave the storage layer.
#[derive(Clone, Default)]
pub struct Scrub {
    secrets: Vec<Secret>,
}

/// Names only: a scrubber holds the secrets it masks.
impl std::fmt::Debug for Scrub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scrub({} secrets)", self.secrets.len())
    }
}

/// Query parameters whose values are secret in a SAS or a presigned S3 URL.
const SECRET_PARAMS: &[&str] = &[
    "sig=",
    "x-amz-signature=",
    "x-amz-security-token=",
    "x-amz-credential=",
];

impl Scrub {
    /// Masks these values too (a SAS token, its signature, AWS keys). Empty and very short
    /// values are skipped: masking every `a` would ruin messages and protect nothing.
    pub fn new(secrets: impl IntoIterator<Item = Secret>) -> Scrub {
        let mut all: Vec<Secret> = Vec::new();
        for s in secrets {
            if s.expose().len() < 6 {
                continue;
            }
            // The signature also travels percent-decoded (`%3D` → `=`).
            let decoded = url::form_urlencoded::parse(format!("x={}", s.expose()).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned());
            if let Some(d) = decoded.filter(|d| d.len() >= 6 && d != s.expose()) {
                all.push(Secret::new(d));
            }
            all.push(s);
        }
        Scrub { secrets: all }
    }

    pub fn clean(&self, text: &str) -> String {
        let mut out = cut_queries(text);
        for p in SECRET_PARAMS {
            out = mask_param(&out, p);
        }
        for s in &self.secrets {
            out = out.replace(s.expose(), MASK);
        }
        out
    }
}

/// Cuts the query off every URL-like word: `https://h/c?sv=…&sig=…` → `https://h/c?…`.
fn cut_queries(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '<' || c == '>')
            .unwrap_or(from.len());
        let word = &from[..end];
        match word.find('?') {
            Some(q) => {
                out.push_str(&word[..q]);
                out.push_str("?…");
            }
            None => out.push_str(word),
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Masks the value after `param` (case-insensitive) wherever it appears.
fn mask_param(text: &str, param: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(i) = lower[from..].find(param) {
        let value_start = from + i + param.len();
        let value_end = text[value_start..]
            .find(|c: char| c == '&' || c.is_whitespace() || c == '"' || c == '<' || c == ')')
            .map_or(text.len(), |e| value_start + e);
        out.push_str(&text[last..value_start]);
        out.push_str(MASK);
        last = value_end;
        from = value_end;
    }
    out.push_str(&text[last..]);
    out
}

/// `<Tag>value</Tag>` from an XML error body (Azure and S3 both use `Code`/`Message`).
fn xml_tag<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let len = text[start..].find(&close)?;
    Some(text[start..start + len].trim()).filter(|v| !v.is_empty())
}

/// What Azure says of a refused SAS: the time frame with its expiry as is, and for a
/// signature mismatch the sentence without the string-to-sign that follows it.
fn auth_detail(detail: &str) -> String {
    let detail = detail.lines().next().unwrap_or_default();
    let detail = detail
        .split_once(" String to sign used was")
        .map_or(detail, |(head, _)| head);
    detail
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `… (code: X)`, how object_store quotes what a batch sub-response said: the status
/// (`403`), or for some errors a storage code.
fn paren_code(text: &str) -> Option<&str> {
    let at = text.rfind("(code: ")? + "(code: ".len();
    let len = text[at..].find(')')?;
    Some(text[at..at + len].trim()).filter(|c| !c.is_empty() && !c.contains(' '))
}

/// object_store's own wrapping (`Generic MicrosoftAzure error: …`) says nothing to a user.
fn without_wrapper(text: &str) -> &str {
    match text.split_once(" error: ") {
        Some((head, rest)) if head.starts_with("Generic ") && !head.contains(':') => rest,
        _ => text,
    }
}

/// The HTTP status object_store put in its message (`… status code: 403 Forbidden …`).
fn status_in(text: &str) -> Option<u16> {
    let at = text.find("status code: ")? + "status code: ".len();
    text.get(at..at + 3)?.parse().ok()
}

/// What the storage said, from an object_store error: status, code and a clean message.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Said {
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: String,
}

pub(crate) fn what_was_said(err: &object_store::Error, scrub: &Scrub) -> Said {
    let text = err.to_string();
    let hinted = match err {
        object_store::Error::NotFound { .. } => Some(404),
        object_store::Error::Unauthenticated { .. } => Some(401),
        object_store::Error::PermissionDenied { .. } => Some(403),
        object_store::Error::AlreadyExists { .. } => Some(409),
        object_store::Error::Precondition { .. } => Some(412),
        _ => None,
    };
    let paren = paren_code(&text);
    let paren_status = paren.and_then(|c| c.parse::<u16>().ok());
    let status = status_in(&text).or(hinted).or(paren_status);
    let code = xml_tag(&text, "Code")
        .or(paren.filter(|_| paren_status.is_none()))
        .map(|c| scrub.clean(c));
    let message = match xml_tag(&text, "Message") {
        // Azure appends `RequestId:…` and `Time:…` lines; the first line is the message.
        Some(m) => {
            let first = m.lines().next().unwrap_or_default().trim();
            // Azure's generic "failed to authenticate" says less than its detail.
            xml_tag(&text, "AuthenticationErrorDetail")
                .map_or_else(|| first.to_string(), auth_detail)
        }
        None => {
            // No XML body: object_store's own words, without the body it may quote.
            let head = without_wrapper(&text)
                .split(": Server returned")
                .next()
                .unwrap_or_default();
            let head = match paren {
                Some(c) => head.replace(&format!(" (code: {c})"), ""),
                None => head.to_string(),
            };
            match status {
                Some(s) if head.len() < text.len() => format!("{head} (HTTP {s})"),
                _ => head,
            }
        }
    };
    Said {
        status,
        code,
        message: snippet(scrub.clean(&message).as_bytes()),
    }
}

/// Turns an object_store error into what the user can act on. `path` is the user's path
/// (relative to the container); `creds_expired` tells whether the credentials' own expiry
/// has passed, which turns an unexplained 403 into "refresh the credentials".
pub(crate) fn from_store(
    err: object_store::Error,
    path: &str,
    scrub: &Scrub,
    creds_expired: bool,
) -> StorageError {
    let said = what_was_said(&err, scrub);
    let path = scrub.clean(path);
    let Said {
        status,
        code,
        message,
    } = said;
    // S3 answers an expired session token with 400 ExpiredToken: the code decides first.
    let known_expired = code.as_deref().is_some_and(|c| EXPIRED_CODES.contains(&c));
    match (&err, status) {
        (object_store::Error::NotFound { .. }, _) => StorageError::NotFound { path },
        // A create-only put refused: Azure's 409 BlobAlreadyExists, S3's 412
        // PreconditionFailed. Other conflicts (leases, rehydration) are not about existence.
        (object_store::Error::AlreadyExists { .. }, _) if !other_conflict(code.as_deref()) => {
            StorageError::AlreadyExists { path }
        }
        _ if known_expired => StorageError::Expired { code, message },
        // The storage checked the credentials and found them valid, only short of a
        // permission: whatever our clock says about their expiry, renewing them won't help.
        // A batch delete's refusal carries Azure's message for that code, not the code.
        _ if code
            .as_deref()
            .is_some_and(|c| PERMISSION_CODES.contains(&c))
            || message
                .contains("not authorized to perform this operation using this permission") =>
        {
            StorageError::Denied { code, message }
        }
        (_, Some(401 | 403)) if creds_expired || status == Some(401) => {
            StorageError::Expired { code, message }
        }
        (_, Some(403)) => StorageError::Denied { code, message },
        (_, None) if code.as_deref().is_some_and(|c| DENIED_CODES.contains(&c)) => {
            if creds_expired {
                StorageError::Expired { code, message }
            } else {
                StorageError::Denied { code, message }
            }
        }
        (object_store::Error::Precondition { .. }, _) => StorageError::Other {
            code,
            message: format!(
                "{path} changed on the storage since the download started: download it again"
            ),
        },
        _ => StorageError::Other { code, message },
    }
}

/// Azure 409s that do not mean "a file is already there".
fn other_conflict(code: Option<&str>) -> bool {
    code.is_some_and(|c| {
        c.starts_with("Lease")
            || c.starts_with("BlobBeing")
            || c.starts_with("ContainerBeing")
            || c == "BlobArchived"
    })
}

/// Is this failure worth trying again (after object_store's own retries)? Only errors that
/// say nothing about the request itself: broken connections, 5xx, 408, 429.
pub(crate) fn transient(err: &object_store::Error) -> bool {
    match err {
        object_store::Error::Generic { .. } => {
            let text = err.to_string();
            match status_in(&text) {
                Some(s) => s >= 500 || s == 408 || s == 429,
                None => true,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "c2VjcmV0c2lnbmF0dXJl%3D";

    fn generic(text: &str) -> object_store::Error {
        object_store::Error::Generic {
            store: "MicrosoftAzure",
            source: text.to_string().into(),
        }
    }

    fn scrub() -> Scrub {
        Scrub::new([
            Secret::new(format!("sv=2021&sp=racwdl&sig={SIG}")),
            Secret::new(SIG),
            Secret::new("AWSSECRETKEY123"),
        ])
    }

    #[test]
    fn azure_auth_failure_is_expired_with_the_service_code() {
        let e = generic(&format!(
            "Error performing GET https://acct.blob.core.windows.net/c?restype=container&sv=2021&sig={SIG} in 20ms - Server returned non-2xx status code: 403 Forbidden: <?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:1\nTime:2024</Message></Error>"
        ));
        let got = from_store(e, "", &scrub(), false);
        assert!(got.is_expired(), "{got:?}");
        assert_eq!(got.code(), Some("AuthenticationFailed"));
        let shown = got.to_string();
        assert!(shown.contains("refresh the credentials"), "{shown}");
        assert!(
            shown.contains("Server failed to authenticate the request."),
            "{shown}"
        );
        assert!(!shown.contains("RequestId"), "{shown}");
    }

    #[test]
    fn azure_names_the_expiry_and_keeps_the_string_to_sign_out() {
        let expired = generic(
            "Server returned non-2xx status code: 403 Forbidden: <Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:1</Message><AuthenticationErrorDetail>Signature not valid in the specified time frame: Start [Sun, 01 Nov 2026 00:00:00 GMT] - Expiry [Sun, 08 Nov 2026 00:00:00 GMT] - Current [Mon, 09 Nov 2026 00:00:00 GMT]</AuthenticationErrorDetail></Error>",
        );
        let shown = from_store(expired, "", &scrub(), false).to_string();
        assert!(
            shown.contains("Expiry [Sun, 08 Nov 2026 00:00:00 GMT]"),
            "{shown}"
        );
        let edited = generic(
            "Server returned non-2xx status code: 403 Forbidden: <Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message><AuthenticationErrorDetail>Signature did not match. String to sign used was rl\n\n\n/blob/a/c</AuthenticationErrorDetail></Error>",
        );
        let shown = from_store(edited, "", &scrub(), false).to_string();
        assert!(
            shown.contains("AuthenticationFailed: Signature did not match."),
            "{shown}"
        );
        assert!(!shown.contains("String to sign"), "{shown}");
    }

    #[test]
    fn read_only_write_is_denied_with_the_code() {
        let e = object_store::Error::PermissionDenied {
            path: "a.csv".into(),
            source: "Server returned non-2xx status code: 403 Forbidden: <Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>".into(),
        };
        let got = from_store(e, "a.csv", &scrub(), false);
        assert!(
            matches!(&got, StorageError::Denied { code: Some(c), .. } if c == "AuthorizationPermissionMismatch"),
            "{got:?}"
        );
    }

    #[test]
    fn batch_delete_failures_keep_their_code() {
        let e = generic(
            "Bulk delete request failed for key run/small.csv: This request is not authorized to perform this operation using this permission. (code: AuthorizationPermissionMismatch)",
        );
        let got = from_store(e, "run/small.csv", &scrub(), false);
        match &got {
            StorageError::Denied { code, message } => {
                assert_eq!(code.as_deref(), Some("AuthorizationPermissionMismatch"));
                assert_eq!(
                    message,
                    "Bulk delete request failed for key run/small.csv: This request is not authorized to perform this operation using this permission."
                );
            }
            other => panic!("{other:?}"),
        }
        // The status in its place, when the answer had no code.
        let e = generic("Bulk delete request failed for key k: not authorized (code: 403)");
        let got = from_store(e, "k", &scrub(), false);
        assert!(
            matches!(&got, StorageError::Denied { code: None, message } if message == "Bulk delete request failed for key k: not authorized (HTTP 403)"),
            "{got:?}"
        );
    }

    #[test]
    fn an_unexplained_403_after_the_expiry_is_expired() {
        let e = object_store::Error::PermissionDenied {
            path: "a.csv".into(),
            source: "Server returned non-2xx status code: 403 Forbidden: ".into(),
        };
        assert!(from_store(e, "a.csv", &scrub(), true).is_expired());
    }

    #[test]
    fn s3_expired_token() {
        let e = generic(
            "Server returned non-2xx status code: 400 Bad Request: <Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>",
        );
        // A 400, not an auth status, but the code says it all.
        let got = from_store(e, "x", &scrub(), false);
        assert!(got.is_expired(), "{got:?}");
        assert_eq!(got.code(), Some("ExpiredToken"));
        let e = object_store::Error::PermissionDenied {
            path: "x".into(),
            source: "Server returned non-2xx status code: 403 Forbidden: <Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>".into(),
        };
        assert!(from_store(e, "x", &scrub(), false).is_expired());
    }

    #[test]
    fn not_found_and_already_exists() {
        let nf = object_store::Error::NotFound {
            path: "x".into(),
            source: "404".into(),
        };
        assert!(matches!(
            from_store(nf, "in/x.csv", &scrub(), false),
            StorageError::NotFound { path } if path == "in/x.csv"
        ));
        let ae = object_store::Error::AlreadyExists {
            path: "x".into(),
            source: "Server returned non-2xx status code: 409 Conflict: <Error><Code>BlobAlreadyExists</Code><Message>The specified blob already exists.</Message></Error>".into(),
        };
        assert!(matches!(
            from_store(ae, "x", &scrub(), false),
            StorageError::AlreadyExists { .. }
        ));
        // S3's answer to If-None-Match on an existing key.
        let s3 = object_store::Error::AlreadyExists {
            path: "x".into(),
            source: "Server returned non-2xx status code: 412 Precondition Failed: <Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>".into(),
        };
        assert!(matches!(
            from_store(s3, "x", &scrub(), false),
            StorageError::AlreadyExists { .. }
        ));
        let lease = object_store::Error::AlreadyExists {
            path: "x".into(),
            source: "Server returned non-2xx status code: 409 Conflict: <Error><Code>LeaseIdMissing</Code><Message>There is currently a lease on the blob and no lease ID was specified in the request.</Message></Error>".into(),
        };
        assert_eq!(
            from_store(lease, "x", &scrub(), false).code(),
            Some("LeaseIdMissing")
        );
    }

    #[test]
    fn a_signature_never_reaches_display_or_debug() {
        let raw = [
            format!("Error performing GET http://127.0.0.1:1/a/c/x.csv?sv=2021&sp=r&sig={SIG} in 1ms - error sending request"),
            format!("request to https://h/c?sig={SIG}&se=1 failed: Server returned non-2xx status code: 500 Internal: oops sig={SIG}"),
            "S3 said <Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message><CanonicalRequest>x-amz-security-token:AWSSECRETKEY123</CanonicalRequest></Error>".to_string(),
            format!("plain text with the bare signature {SIG} and decoded c2VjcmV0c2lnbmF0dXJl="),
        ];
        for text in raw {
            for creds_expired in [false, true] {
                let e = from_store(generic(&text), "x", &scrub(), creds_expired);
                for shown in [e.to_string(), format!("{e:?}")] {
                    assert!(!shown.contains("c2VjcmV0c2lnbmF0dXJl"), "{shown}");
                    assert!(!shown.contains("AWSSECRETKEY123"), "{shown}");
                }
            }
        }
    }

    #[test]
    fn scrubbing_keeps_the_useful_part() {
        let s = scrub();
        assert_eq!(
            s.clean("GET https://acct.blob.core.windows.net/c/x.csv?sv=1&sig=abc failed"),
            "GET https://acct.blob.core.windows.net/c/x.csv?… failed"
        );
        assert_eq!(
            s.clean("token sig=abcdef&sp=r"),
            format!("token sig={MASK}&sp=r")
        );
        assert_eq!(
            s.clean("X-Amz-Security-Token=zzz"),
            format!("X-Amz-Security-Token={MASK}")
        );
        assert_eq!(s.clean("no secrets here"), "no secrets here");
        assert!(!format!("{s:?}").contains("AWSSECRET"));
    }

    #[test]
    fn transient_failures() {
        assert!(transient(&generic(
            "Server returned non-2xx status code: 503 Service Unavailable: busy"
        )));
        assert!(transient(&generic("error sending request")));
        assert!(!transient(&generic(
            "Server returned non-2xx status code: 400 Bad Request: no"
        )));
        assert!(!transient(&object_store::Error::NotFound {
            path: "x".into(),
            source: "404".into()
        }));
    }
}

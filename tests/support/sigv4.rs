//! Signing S3 requests for tests with AWS's own `aws-sigv4` crate, at a time the test
//! chooses (the emulator's clock): header-signed requests and presigned URLs, so the
//! emulator's check is held to signatures it did not compute itself.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;

/// Temporary AWS keys as the DLZ credentials answer gives them.
#[derive(Clone, Debug)]
pub struct AwsKeys {
    pub id: String,
    pub secret: String,
    pub token: String,
}

/// `(name, value)` pairs to add to a request.
pub type Pairs = Vec<(String, String)>;

/// `epoch_ms` as the time a signer stamps.
pub fn at(epoch_ms: i64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(u64::try_from(epoch_ms).unwrap_or(0))
}

fn settings(location: SignatureLocation, expires_in: Option<Duration>) -> SigningSettings {
    let mut s = SigningSettings::default();
    // S3's rules: the path encoded once and never normalized; the payload hash sent.
    s.percent_encoding_mode = PercentEncodingMode::Single;
    s.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    s.signature_location = location;
    s.expires_in = expires_in;
    if location == SignatureLocation::Headers {
        s.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    s
}

/// The `(name, value)` pairs (headers, or query parameters) that sign `method url`.
fn instructions(
    keys: &AwsKeys,
    when: SystemTime,
    (method, url): (&str, &str),
    headers: &[(&str, &str)],
    body: SignableBody<'_>,
    settings: SigningSettings,
) -> (Pairs, Pairs) {
    let identity = Credentials::new(
        &keys.id,
        &keys.secret,
        Some(keys.token.clone()),
        None,
        "flowscope-tests",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("s3")
        .time(when)
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let request = SignableRequest::new(method, url, headers.iter().copied(), body).unwrap();
    let (out, _) = sign(request, &params).unwrap().into_parts();
    let headers = out
        .headers()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let params = out
        .params()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (headers, params)
}

/// The headers to add so `method url` with `headers` and `body` is signed at `when`:
/// `authorization`, `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`.
pub fn sign_headers(
    keys: &AwsKeys,
    when: SystemTime,
    (method, url): (&str, &str),
    headers: &[(&str, &str)],
    body: &[u8],
) -> Pairs {
    let s = settings(SignatureLocation::Headers, None);
    instructions(
        keys,
        when,
        (method, url),
        headers,
        SignableBody::Bytes(body),
        s,
    )
    .0
}

/// `url` presigned for `method` at `when`, valid for `expires`, signing `headers` too.
pub fn presign(
    keys: &AwsKeys,
    when: SystemTime,
    (method, url): (&str, &str),
    headers: &[(&str, &str)],
    expires: Duration,
) -> String {
    let s = settings(SignatureLocation::QueryParams, Some(expires));
    let (_, params) = instructions(
        keys,
        when,
        (method, url),
        headers,
        SignableBody::UnsignedPayload,
        s,
    );
    let mut out = url::Url::parse(url).unwrap();
    out.query_pairs_mut().extend_pairs(params);
    out.to_string()
}

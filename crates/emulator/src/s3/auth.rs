//! S3 request authentication as S3 does it, against the AWS keys the DLZ credentials
//! endpoint issued, then what a key may do: its own folder only, read and list for
//! `dlz_destination`.
//!
//! In S3's order: the form of the signing (`presented`), the access key
//! (`InvalidAccessKeyId`) and its session token (`InvalidToken`, `ExpiredToken`, 400 as
//! S3 documents them), the time (a header-signed request more than 15 minutes off the
//! clock is `RequestTimeTooSkewed`; a presigned URL past its `X-Amz-Expires` is
//! `AccessDenied` "Request has expired"), the SigV4 signature recomputed with the key's
//! secret (`SignatureDoesNotMatch`), `x-amz-*` headers left out of the signature, and
//! the payload against its signed SHA-256 (`XAmzContentSHA256Mismatch`).

use axum::http::StatusCode;

use super::error::S3Error;
use super::presented::{How, Presented, presented};
use super::sigv4::{self, Signed};
use super::{Ctx, Req};
use crate::blob::time::iso_seconds;
use crate::dlz::{AwsCheck, DlzKind, DlzStore};

/// How far a header-signed request's time may be from the clock.
pub const MAX_SKEW_MS: i64 = 15 * 60 * 1000;
const UNSIGNED: &str = "UNSIGNED-PAYLOAD";

/// What an operation does to a key or listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    List,
    Write,
    Delete,
}

/// The zone whose keys signed the request.
pub fn authenticate(dlz: &DlzStore, req: &Req, ctx: &Ctx) -> Result<DlzKind, S3Error> {
    let Some(p) = presented(req)? else {
        return Err(S3Error::access_denied());
    };
    let key = p.credential.access_key_id.as_str();
    let token = p.token.as_deref();
    let (kind, secret) = match dlz.aws_check(key, token, ctx.now) {
        AwsCheck::Valid { kind, secret } => (kind, secret),
        AwsCheck::Expired(_) => {
            return Err(S3Error::new(
                StatusCode::BAD_REQUEST,
                "ExpiredToken",
                "The provided token has expired.",
            ));
        }
        AwsCheck::BadToken(_) if token.is_none() => return Err(unknown_key(key)),
        AwsCheck::BadToken(_) => {
            return Err(S3Error::new(
                StatusCode::BAD_REQUEST,
                "InvalidToken",
                "The provided token is malformed or otherwise invalid.",
            ));
        }
        AwsCheck::UnknownKey => return Err(unknown_key(key)),
    };
    check_time(&p, ctx)?;
    let payload = payload_hash(req, &p)?;
    check_signature(req, &p, &secret, &payload)?;
    let unsigned: Vec<&str> = req
        .headers
        .keys()
        .map(|h| h.as_str())
        .filter(|h| h.starts_with("x-amz-") && !p.signed_headers.iter().any(|s| s == h))
        .collect();
    if !unsigned.is_empty() {
        return Err(S3Error::new(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "There were headers present in the request which were not signed",
        )
        .with("HeadersNotSigned", unsigned.join(", ")));
    }
    if is_sha256(&payload) {
        let computed = ctx
            .body_sha256
            .clone()
            .unwrap_or_else(|| sigv4::sha256_hex(&req.body));
        if !computed.eq_ignore_ascii_case(&payload) {
            return Err(S3Error::new(
                StatusCode::BAD_REQUEST,
                "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            )
            .with("ClientComputedContentSHA256", payload)
            .with("S3ComputedContentSHA256", computed));
        }
    }
    Ok(kind)
}

fn unknown_key(key: &str) -> S3Error {
    S3Error::new(
        StatusCode::FORBIDDEN,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
    )
    .with("AWSAccessKeyId", key)
}

fn check_time(p: &Presented, ctx: &Ctx) -> Result<(), S3Error> {
    match p.how {
        How::Header if ctx.check_time && (p.at - ctx.now).abs() > MAX_SKEW_MS => Err(S3Error::new(
            StatusCode::FORBIDDEN,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
        )
        .with("RequestTime", p.amz_date.clone())
        .with("ServerTime", iso_seconds(ctx.now))
        .with("MaxAllowedSkewMilliseconds", MAX_SKEW_MS.to_string())),
        How::Query { expires_s } if ctx.now > p.at + expires_s * 1000 => {
            Err(
                S3Error::new(StatusCode::FORBIDDEN, "AccessDenied", "Request has expired")
                    .with("X-Amz-Expires", expires_s.to_string())
                    .with("Expires", iso_seconds(p.at + expires_s * 1000))
                    .with("ServerTime", iso_seconds(ctx.now)),
            )
        }
        _ => Ok(()),
    }
}

fn is_sha256(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The payload line of the canonical request: `x-amz-content-sha256` as sent (required
/// on header-signed requests), `UNSIGNED-PAYLOAD` for a presigned URL without it.
/// Chunk-signed bodies (`STREAMING-…`) are not decoded by the emulator, so they are
/// refused rather than stored with their chunk framing.
fn payload_hash(req: &Req, p: &Presented) -> Result<String, S3Error> {
    let value = match (req.header("x-amz-content-sha256"), p.how) {
        (Some(v), _) => v.to_string(),
        (None, How::Query { .. }) => return Ok(UNSIGNED.to_string()),
        (None, How::Header) => {
            return Err(S3Error::new(
                StatusCode::BAD_REQUEST,
                "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256",
            ));
        }
    };
    if value.starts_with("STREAMING-") {
        return Err(S3Error::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            "A header you provided implies functionality that is not implemented",
        )
        .with("Header", "x-amz-content-sha256"));
    }
    if value != UNSIGNED && !is_sha256(&value) {
        return Err(S3Error::new(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.",
        )
        .with("ArgumentName", "x-amz-content-sha256")
        .with("ArgumentValue", value));
    }
    Ok(value)
}

fn check_signature(req: &Req, p: &Presented, secret: &str, payload: &str) -> Result<(), S3Error> {
    let signed: Vec<&str> = p.signed_headers.iter().map(String::as_str).collect();
    let s = Signed {
        method: req.method.as_str(),
        path: &req.path,
        raw_query: &req.raw_query,
        headers: &req.headers,
        signed_headers: &signed,
        payload_hash: payload,
        amz_date: &p.amz_date,
    };
    let canonical = s.canonical_request();
    let string_to_sign = s.string_to_sign(&p.credential, &canonical);
    let key = sigv4::signing_key(secret, &p.credential);
    if sigv4::same_signature(&sigv4::signature(&key, &string_to_sign), &p.signature) {
        return Ok(());
    }
    // S3 echoes what it signed so a client can find its mistake; the session token is
    // masked in it (the signature and the secret never appear).
    let canonical = match &p.token {
        Some(t) if !t.is_empty() => canonical
            .replace(t.as_str(), "***")
            .replace(&sigv4::uri_encode(t), "***"),
        _ => canonical,
    };
    Err(S3Error::new(
        StatusCode::FORBIDDEN,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    )
    .with("AWSAccessKeyId", p.credential.access_key_id.clone())
    .with("StringToSign", string_to_sign)
    .with("CanonicalRequest", canonical))
}

/// Whether keys of zone `caller` may do `access` on the folder of zone `target`.
pub fn allow(caller: DlzKind, target: DlzKind, access: Access) -> Result<(), S3Error> {
    let read_only = caller == DlzKind::DlzDestination;
    let writes = matches!(access, Access::Write | Access::Delete);
    if caller != target || (read_only && writes) {
        return Err(S3Error::access_denied());
    }
    Ok(())
}

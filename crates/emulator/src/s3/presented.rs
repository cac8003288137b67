//! What an S3 request presents to be authenticated, read as S3 reads it: the
//! `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header
//! with `x-amz-date`, or a presigned URL's `X-Amz-*` query parameters. Malformed forms
//! get S3's 400s (`AuthorizationHeaderMalformed`, `AuthorizationQueryParametersError`)
//! before any key is looked up.

use axum::http::StatusCode;
use chrono::NaiveDateTime;

use super::Req;
use super::error::S3Error;
use super::sigv4::{ALGORITHM, Credential};
use crate::clock::EpochMs;

/// S3's longest presigned URL: seven days.
pub const MAX_EXPIRES_S: i64 = 604_800;

/// How the signature travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    Header,
    /// A presigned URL valid for this many seconds after its `X-Amz-Date`.
    Query {
        expires_s: i64,
    },
}

/// A request's claim to be signed by a key.
#[derive(Clone, Debug)]
pub struct Presented {
    pub how: How,
    pub credential: Credential,
    /// Lowercase, in the order given (signers sort them).
    pub signed_headers: Vec<String>,
    pub signature: String,
    /// `YYYYMMDDTHHMMSSZ`, as signed.
    pub amz_date: String,
    pub at: EpochMs,
    pub token: Option<String>,
}

fn header_malformed(detail: &str) -> S3Error {
    S3Error::new(
        StatusCode::BAD_REQUEST,
        "AuthorizationHeaderMalformed",
        format!("The authorization header is malformed; {detail}"),
    )
}

fn query_error(message: impl Into<String>) -> S3Error {
    S3Error::new(
        StatusCode::BAD_REQUEST,
        "AuthorizationQueryParametersError",
        message,
    )
}

const CREDENTIAL_SHAPE: &str =
    "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

/// `20261101T000000Z` in epoch ms.
fn parse_amz_date(s: &str) -> Option<EpochMs> {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc().timestamp_millis())
}

/// The scope must be this endpoint's and the date's; the region is whatever the client
/// signed for (the emulator serves any), and the signature covers it.
fn check_scope(
    c: &Credential,
    amz_date: &str,
    bad: impl Fn(&str) -> S3Error,
) -> Result<(), S3Error> {
    if !amz_date.starts_with(&c.date) {
        return Err(bad(&format!(
            "Invalid credential date \"{}\". This date is not the same as X-Amz-Date: \"{}\".",
            c.date,
            amz_date.get(..8).unwrap_or(amz_date)
        )));
    }
    if c.service != "s3" {
        return Err(bad(&format!(
            "incorrect service \"{}\". This endpoint belongs to \"s3\".",
            c.service
        )));
    }
    if c.terminal != "aws4_request" {
        return Err(bad(&format!(
            "incorrect terminal \"{}\". This endpoint uses \"aws4_request\".",
            c.terminal
        )));
    }
    Ok(())
}

/// The signing a request presents; `Ok(None)` when anonymous.
pub fn presented(req: &Req) -> Result<Option<Presented>, S3Error> {
    let q = &req.query;
    let header = req.header("authorization");
    if header.is_some() && q.has("X-Amz-Algorithm") {
        return Err(S3Error::new(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        )
        .with("ArgumentName", "Authorization"));
    }
    let p = match header {
        Some(auth) => from_header(req, auth)?,
        None if q.has("X-Amz-Algorithm")
            || q.has("X-Amz-Credential")
            || q.has("X-Amz-Signature") =>
        {
            from_query(req)?
        }
        None => return Ok(None),
    };
    // The host is what ties a signature to this endpoint.
    if !p.signed_headers.iter().any(|h| h == "host") {
        let detail = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
        return Err(match p.how {
            How::Header => header_malformed(detail),
            How::Query { .. } => query_error(detail),
        });
    }
    Ok(Some(p))
}

fn from_header(req: &Req, auth: &str) -> Result<Presented, S3Error> {
    let Some(rest) = auth.trim().strip_prefix(ALGORITHM) else {
        return Err(S3Error::new(
            StatusCode::BAD_REQUEST,
            "InvalidRequest",
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
        ));
    };
    let part = |name: &str| {
        rest.split(',')
            .find_map(|p| p.trim().strip_prefix(name)?.strip_prefix('='))
            .map(str::trim)
    };
    let credential = part("Credential")
        .and_then(Credential::parse)
        .ok_or_else(|| header_malformed(CREDENTIAL_SHAPE))?;
    let signed = part("SignedHeaders")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            header_malformed("the authorization component \"SignedHeaders\" is missing.")
        })?;
    let signature = part("Signature")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| header_malformed("the authorization component \"Signature\" is missing."))?;
    let amz_date = match (req.header("x-amz-date"), req.header("date")) {
        (Some(d), _) => Some(d.to_string()),
        // Without x-amz-date, the Date header (RFC 1123) is the signing time.
        (None, Some(d)) => chrono::DateTime::parse_from_rfc2822(d)
            .ok()
            .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string()),
        (None, None) => None,
    };
    let (amz_date, at) = amz_date
        .and_then(|d| parse_amz_date(&d).map(|at| (d, at)))
        .ok_or_else(|| {
            S3Error::new(
                StatusCode::FORBIDDEN,
                "AccessDenied",
                "AWS authentication requires a valid Date or x-amz-date header",
            )
        })?;
    check_scope(&credential, &amz_date, header_malformed)?;
    Ok(Presented {
        how: How::Header,
        credential,
        signed_headers: signed.split(';').map(str::to_ascii_lowercase).collect(),
        signature: signature.to_string(),
        amz_date,
        at,
        token: req.header("x-amz-security-token").map(String::from),
    })
}

fn from_query(req: &Req) -> Result<Presented, S3Error> {
    let q = &req.query;
    if q.get("X-Amz-Algorithm") != Some(ALGORITHM) {
        return Err(query_error(
            "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"",
        ));
    }
    let need = |name: &str| {
        q.get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            query_error("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        })
    };
    let (cred, amz_date, expires, signed, signature) = (
        need("X-Amz-Credential")?,
        need("X-Amz-Date")?,
        need("X-Amz-Expires")?,
        need("X-Amz-SignedHeaders")?,
        need("X-Amz-Signature")?,
    );
    let credential = Credential::parse(cred).ok_or_else(|| {
        query_error(format!(
            "Error parsing the X-Amz-Credential parameter; {CREDENTIAL_SHAPE}"
        ))
    })?;
    let at = parse_amz_date(amz_date).ok_or_else(|| {
        query_error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
    })?;
    let expires_s = expires
        .parse::<i64>()
        .map_err(|_| query_error("X-Amz-Expires should be a number"))?;
    if expires_s < 0 {
        return Err(query_error("X-Amz-Expires must be non-negative"));
    }
    if expires_s > MAX_EXPIRES_S {
        return Err(query_error(format!(
            "X-Amz-Expires must be less than a week (in seconds) that is {MAX_EXPIRES_S}"
        )));
    }
    check_scope(&credential, amz_date, |d| {
        query_error(format!("Error parsing the X-Amz-Credential parameter; {d}"))
    })?;
    Ok(Presented {
        how: How::Query { expires_s },
        credential,
        signed_headers: signed.split(';').map(str::to_ascii_lowercase).collect(),
        signature: signature.to_string(),
        amz_date: amz_date.to_string(),
        at,
        token: q.get("X-Amz-Security-Token").map(String::from),
    })
}

//! S3 request authentication against the AWS keys the DLZ credentials endpoint issued,
//! and what a key may do: its own folder only, read and list for `dlz_destination`.
//!
//! The SigV4 signature itself is not verified (the issued keys are random, so naming
//! one with its session token is proof enough); the access key id is read from the
//! `Authorization` header or a presigned URL's `X-Amz-Credential`. Expired and malformed
//! tokens answer 400, as S3 does; unknown keys and denied access 403.

use axum::http::{HeaderMap, StatusCode};

use super::error::S3Error;
use crate::blob::query::Query;
use crate::clock::EpochMs;
use crate::dlz::{AwsCheck, DlzKind, DlzStore};

/// What an operation does to a key or listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    List,
    Write,
    Delete,
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// The access key id and session token a request presents; `Ok(None)` when anonymous.
fn presented<'a>(
    h: &'a HeaderMap,
    q: &'a Query,
) -> Result<Option<(String, Option<&'a str>)>, S3Error> {
    if let Some(auth) = header(h, "authorization") {
        let Some(rest) = auth.trim().strip_prefix("AWS4-HMAC-SHA256") else {
            return Err(S3Error::new(
                StatusCode::BAD_REQUEST,
                "InvalidRequest",
                "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
            ));
        };
        let key = rest
            .split(',')
            .find_map(|p| p.trim().strip_prefix("Credential="))
            .and_then(|c| c.split('/').next())
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                S3Error::new(
                    StatusCode::BAD_REQUEST,
                    "AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the Credential is mal-formed.",
                )
            })?;
        return Ok(Some((key.to_string(), header(h, "x-amz-security-token"))));
    }
    if let Some(cred) = q.get("X-Amz-Credential") {
        let key = cred.split('/').next().unwrap_or("").to_string();
        return Ok(Some((key, q.get("X-Amz-Security-Token"))));
    }
    Ok(None)
}

/// The zone whose keys signed the request.
pub fn authenticate(
    dlz: &DlzStore,
    h: &HeaderMap,
    q: &Query,
    now: EpochMs,
) -> Result<DlzKind, S3Error> {
    let Some((key, token)) = presented(h, q)? else {
        return Err(S3Error::access_denied());
    };
    match dlz.aws_check(&key, token, now) {
        AwsCheck::Valid(kind) => Ok(kind),
        AwsCheck::Expired(_) => Err(S3Error::new(
            StatusCode::BAD_REQUEST,
            "ExpiredToken",
            "The provided token has expired.",
        )),
        AwsCheck::BadToken(_) if token.is_none() => Err(unknown_key(&key)),
        AwsCheck::BadToken(_) => Err(S3Error::new(
            StatusCode::BAD_REQUEST,
            "InvalidToken",
            "The provided token is malformed or otherwise invalid.",
        )),
        AwsCheck::UnknownKey => Err(unknown_key(&key)),
    }
}

fn unknown_key(key: &str) -> S3Error {
    S3Error::new(
        StatusCode::FORBIDDEN,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
    )
    .with("AWSAccessKeyId", key)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dlz::DlzProvider;

    const NOW: EpochMs = crate::TEST_EPOCH_MS;

    fn signed(key: &str, token: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential={key}/20261101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
        );
        h.insert("authorization", auth.parse().unwrap());
        if let Some(t) = token {
            h.insert("x-amz-security-token", t.parse().unwrap());
        }
        h
    }

    #[test]
    fn issued_keys_pass_and_others_get_s3_codes() {
        let mut dlz = DlzStore::empty("prod", 2);
        dlz.set_provider(DlzProvider::AmazonS3);
        let c = dlz.credentials(DlzKind::UserDropZone, NOW);
        let key = c["credentials"]["awsAccessKeyId"]
            .as_str()
            .unwrap()
            .to_string();
        let token = c["credentials"]["awsSessionToken"]
            .as_str()
            .unwrap()
            .to_string();
        let q = Query::default();
        let ok = authenticate(&dlz, &signed(&key, Some(&token)), &q, NOW);
        assert_eq!(ok, Ok(DlzKind::UserDropZone));
        let code = |h: HeaderMap, at| authenticate(&dlz, &h, &q, at).unwrap_err().code;
        assert_eq!(
            code(signed(&key, Some(&token)), NOW + 8 * 86_400_000),
            "ExpiredToken"
        );
        assert_eq!(code(signed(&key, Some("other")), NOW), "InvalidToken");
        assert_eq!(code(signed(&key, None), NOW), "InvalidAccessKeyId");
        assert_eq!(
            code(signed("ASIAUNKNOWN", Some(&token)), NOW),
            "InvalidAccessKeyId"
        );
        assert_eq!(code(HeaderMap::new(), NOW), "AccessDenied");
        let mut v2 = HeaderMap::new();
        v2.insert("authorization", "AWS key:sig".parse().unwrap());
        assert_eq!(code(v2, NOW), "InvalidRequest");

        let presigned = Query::parse(Some(&format!(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={key}%2F20261101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token={}",
            token.replace('+', "%2B").replace('/', "%2F")
        )));
        assert_eq!(
            authenticate(&dlz, &HeaderMap::new(), &presigned, NOW),
            Ok(DlzKind::UserDropZone)
        );
    }

    #[test]
    fn keys_reach_their_own_folder_and_destination_keys_only_read() {
        use DlzKind::{DlzDestination as D, UserDropZone as U};
        assert!(allow(U, U, Access::Write).is_ok());
        assert!(allow(U, D, Access::Read).is_err());
        assert!(allow(D, D, Access::List).is_ok());
        assert!(allow(D, D, Access::Delete).is_err());
    }
}

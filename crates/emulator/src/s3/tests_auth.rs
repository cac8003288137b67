//! The S3 authentication order and codes, with requests signed in-process by the same
//! SigV4 functions (their correctness is pinned by AWS's published example in `sigv4`;
//! the suite's `emulator_sas` signs with the independent `aws-sigv4` crate).

use axum::body::Bytes;
use axum::http::{HeaderMap, Method};

use super::auth::{Access, allow, authenticate};
use super::sigv4::{self, Credential, Signed};
use super::{Ctx, Req};
use crate::blob::query::Query;
use crate::clock::EpochMs;
use crate::dlz::{DlzKind, DlzProvider, DlzStore};

const NOW: EpochMs = crate::TEST_EPOCH_MS;
const AMZ_NOW: &str = "20261101T000000Z";
const DAY_MS: i64 = 86_400_000;

struct Keys {
    id: String,
    secret: String,
    token: String,
}

fn zone() -> (DlzStore, Keys) {
    let mut dlz = DlzStore::empty("prod", 2);
    dlz.set_provider(DlzProvider::AmazonS3);
    let c = dlz.credentials(DlzKind::UserDropZone, NOW);
    let k = |name: &str| c["credentials"][name].as_str().unwrap().to_string();
    let keys = Keys {
        id: k("awsAccessKeyId"),
        secret: k("awsSecretAccessKey"),
        token: k("awsSessionToken"),
    };
    (dlz, keys)
}

fn ctx(now: EpochMs, check_time: bool) -> Ctx {
    Ctx {
        request_id: "R".into(),
        host_id: "H".into(),
        now,
        head: false,
        check_time,
        body_sha256: None,
    }
}

fn req(method: Method, path: &str, raw_query: &str, headers: HeaderMap, body: &[u8]) -> Req {
    Req {
        method,
        path: path.into(),
        raw_query: raw_query.into(),
        query: Query::parse(Some(raw_query)),
        headers,
        body: Bytes::copy_from_slice(body),
    }
}

/// A GET of `path` signed in the Authorization header at `amz_date`.
fn signed_get(k: &Keys, path: &str, amz_date: &str) -> Req {
    let mut h = HeaderMap::new();
    h.insert("host", "127.0.0.1:9".parse().unwrap());
    h.insert("x-amz-date", amz_date.parse().unwrap());
    h.insert(
        "x-amz-content-sha256",
        sigv4::sha256_hex(b"").parse().unwrap(),
    );
    h.insert("x-amz-security-token", k.token.parse().unwrap());
    let names = [
        "host",
        "x-amz-content-sha256",
        "x-amz-date",
        "x-amz-security-token",
    ];
    let c = Credential::parse(&format!(
        "{}/{}/us-east-1/s3/aws4_request",
        k.id,
        &amz_date[..8]
    ))
    .unwrap();
    let empty = sigv4::sha256_hex(b"");
    let s = Signed {
        method: "GET",
        path,
        raw_query: "",
        headers: &h,
        signed_headers: &names,
        payload_hash: &empty,
        amz_date,
    };
    let sts = s.string_to_sign(&c, &s.canonical_request());
    let sig = sigv4::signature(&sigv4::signing_key(&k.secret, &c), &sts);
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={sig}",
        k.id,
        c.scope(),
        names.join(";")
    );
    h.insert("authorization", auth.parse().unwrap());
    req(Method::GET, path, "", h, b"")
}

fn code(dlz: &DlzStore, r: &Req, c: &Ctx) -> &'static str {
    authenticate(dlz, r, c).unwrap_err().code
}

#[test]
fn a_signed_request_passes_and_each_change_is_refused_with_its_code() {
    let (dlz, k) = zone();
    let path = "/s3/b/user_drop_zone/a.csv";
    let ok = signed_get(&k, path, AMZ_NOW);
    assert_eq!(
        authenticate(&dlz, &ok, &ctx(NOW, true)),
        Ok(DlzKind::UserDropZone)
    );

    let mut other_path = signed_get(&k, path, AMZ_NOW);
    other_path.path = "/s3/b/user_drop_zone/b.csv".into();
    let e = authenticate(&dlz, &other_path, &ctx(NOW, true)).unwrap_err();
    assert_eq!(e.code, "SignatureDoesNotMatch");
    let echoed: String = e.extra.iter().map(|(_, v)| v.as_str()).collect();
    assert!(echoed.contains("/s3/b/user_drop_zone/b.csv"), "{echoed}");
    assert!(!echoed.contains(&k.token) && !echoed.contains(&k.secret));

    let mut other_method = signed_get(&k, path, AMZ_NOW);
    other_method.method = Method::DELETE;
    assert_eq!(
        code(&dlz, &other_method, &ctx(NOW, true)),
        "SignatureDoesNotMatch"
    );

    let mut added = signed_get(&k, path, AMZ_NOW);
    added
        .headers
        .insert("x-amz-acl", "public-read".parse().unwrap());
    let e = authenticate(&dlz, &added, &ctx(NOW, true)).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            "AccessDenied",
            "There were headers present in the request which were not signed"
        )
    );

    let mut token = signed_get(&k, path, AMZ_NOW);
    token
        .headers
        .insert("x-amz-security-token", "other".parse().unwrap());
    assert_eq!(code(&dlz, &token, &ctx(NOW, true)), "InvalidToken");
    token.headers.remove("x-amz-security-token");
    assert_eq!(code(&dlz, &token, &ctx(NOW, true)), "InvalidAccessKeyId");

    let later = NOW + 8 * DAY_MS;
    assert_eq!(code(&dlz, &ok, &ctx(later, false)), "ExpiredToken");
    let anonymous = req(Method::GET, path, "", HeaderMap::new(), b"");
    assert_eq!(code(&dlz, &anonymous, &ctx(NOW, true)), "AccessDenied");
}

#[test]
fn the_clock_and_the_scope_are_checked() {
    let (dlz, k) = zone();
    let path = "/s3/b/user_drop_zone/a.csv";
    let skewed = signed_get(&k, path, "20261101T001600Z");
    let e = authenticate(&dlz, &skewed, &ctx(NOW, true)).unwrap_err();
    assert_eq!(e.code, "RequestTimeTooSkewed");
    assert!(
        e.extra
            .contains(&("ServerTime", "2026-11-01T00:00:00Z".into()))
    );
    // Off for clients whose clock cannot follow a manual one.
    assert!(authenticate(&dlz, &skewed, &ctx(NOW, false)).is_ok());
    assert!(
        authenticate(
            &dlz,
            &signed_get(&k, path, "20261101T001400Z"),
            &ctx(NOW, true)
        )
        .is_ok()
    );

    let mut wrong_day = signed_get(&k, path, AMZ_NOW);
    wrong_day
        .headers
        .insert("x-amz-date", "20261102T000000Z".parse().unwrap());
    assert_eq!(
        code(&dlz, &wrong_day, &ctx(NOW, false)),
        "AuthorizationHeaderMalformed"
    );

    let mut v2 = signed_get(&k, path, AMZ_NOW);
    v2.headers
        .insert("authorization", "AWS key:sig".parse().unwrap());
    assert_eq!(code(&dlz, &v2, &ctx(NOW, true)), "InvalidRequest");
}

#[test]
fn payloads_are_held_to_their_signed_hash() {
    let (dlz, k) = zone();
    let path = "/s3/b/user_drop_zone/a.csv";
    let mut r = signed_get(&k, path, AMZ_NOW);
    r.body = Bytes::from_static(b"not empty");
    let e = authenticate(&dlz, &r, &ctx(NOW, true)).unwrap_err();
    assert_eq!(e.code, "XAmzContentSHA256Mismatch");

    let mut streaming = signed_get(&k, path, AMZ_NOW);
    streaming.headers.insert(
        "x-amz-content-sha256",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD".parse().unwrap(),
    );
    assert_eq!(code(&dlz, &streaming, &ctx(NOW, true)), "NotImplemented");
    let mut missing = signed_get(&k, path, AMZ_NOW);
    missing.headers.remove("x-amz-content-sha256");
    assert_eq!(code(&dlz, &missing, &ctx(NOW, true)), "InvalidRequest");
}

#[test]
fn presigned_urls_expire_and_are_checked_for_form() {
    let (dlz, k) = zone();
    let base = format!(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}%2F20261101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date={AMZ_NOW}&X-Amz-SignedHeaders=host",
        k.id
    );
    let mut h = HeaderMap::new();
    h.insert("host", "127.0.0.1:9".parse().unwrap());
    let presigned = |q: String| {
        req(
            Method::GET,
            "/s3/b/user_drop_zone/a.csv",
            &q,
            h.clone(),
            b"",
        )
    };
    let q = format!(
        "{base}&X-Amz-Expires=60&X-Amz-Security-Token={}",
        sigv4::uri_encode(&k.token)
    );
    let mut c = Credential::parse(&format!("{}/20261101/us-east-1/s3/aws4_request", k.id)).unwrap();
    let names = ["host"];
    let s = Signed {
        method: "GET",
        path: "/s3/b/user_drop_zone/a.csv",
        raw_query: &q,
        headers: &h,
        signed_headers: &names,
        payload_hash: "UNSIGNED-PAYLOAD",
        amz_date: AMZ_NOW,
    };
    let sig = sigv4::signature(
        &sigv4::signing_key(&k.secret, &c),
        &s.string_to_sign(&c, &s.canonical_request()),
    );
    let signed = format!("{q}&X-Amz-Signature={sig}");
    assert!(authenticate(&dlz, &presigned(signed.clone()), &ctx(NOW + 60_000, true)).is_ok());
    let e = authenticate(&dlz, &presigned(signed), &ctx(NOW + 61_000, true)).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        ("AccessDenied", "Request has expired")
    );

    let too_long = format!("{base}&X-Amz-Expires=604801&X-Amz-Signature=00");
    assert_eq!(
        code(&dlz, &presigned(too_long), &ctx(NOW, true)),
        "AuthorizationQueryParametersError"
    );
    c.service = "s4".into();
    let wrong_service = format!(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}%2F{}&X-Amz-Date={AMZ_NOW}&X-Amz-SignedHeaders=host&X-Amz-Expires=60&X-Amz-Signature=00",
        k.id,
        sigv4::uri_encode(&c.scope())
    );
    assert_eq!(
        code(&dlz, &presigned(wrong_service), &ctx(NOW, true)),
        "AuthorizationQueryParametersError"
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

//! The emulator's S3 checks AWS Signature Version 4 as S3 does, for keys from the DLZ
//! credentials endpoint: requests signed by AWS's own `aws-sigv4` at the emulator's time
//! pass; changing any signed part afterwards (method, path, query, each signed header,
//! the date, the credential scope, the signature; for presigned URLs each `X-Amz-*`
//! field) is refused with S3's code; a request 15 minutes off the clock is
//! `RequestTimeTooSkewed`, an expired presigned URL `AccessDenied` "Request has
//! expired", an expired session `ExpiredToken`. object_store, flowscope's S3 client,
//! signs in a way that verifies, with the clock check on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::support;

use flowscope::emulator::EmulatorConfig;
use flowscope::emulator::dlz::DlzProvider;
use object_store::ObjectStoreExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::signer::Signer;
use reqwest::Method;
use support::sigv4::{self, AwsKeys};
use support::{DLZ, Emu};

const MIN_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
const KEY: &str = "user_drop_zone/account.csv";

struct Zone {
    emu: Emu,
    keys: AwsKeys,
    /// `http://127.0.0.1:PORT/s3/BUCKET`.
    bucket_url: String,
}

/// An S3 landing zone that refuses requests 15 minutes off its clock, and the keys of
/// its drop zone.
async fn zone() -> Zone {
    let emu = Emu::with(EmulatorConfig {
        dlz_provider: DlzProvider::AmazonS3,
        ..EmulatorConfig::for_tests()
    })
    .await;
    emu.handle.check_request_time(true);
    let c = emu
        .get(&format!("{DLZ}/credentials?type=user_drop_zone"))
        .await;
    let k = &c.body["credentials"];
    let s = |f: &str| k[f].as_str().unwrap().to_string();
    let keys = AwsKeys {
        id: s("awsAccessKeyId"),
        secret: s("awsSecretAccessKey"),
        token: s("awsSessionToken"),
    };
    let bucket = c.body["dlzPath"]["bucketName"].as_str().unwrap();
    let bucket_url = format!("{}/{bucket}", emu.handle.s3_endpoint());
    Zone {
        emu,
        keys,
        bucket_url,
    }
}

impl Zone {
    fn now(&self) -> std::time::SystemTime {
        sigv4::at(self.emu.handle.clock.now_ms())
    }

    /// The headers that sign `method url` (with a signed `range` header) now.
    fn signed(&self, method: &str, url: &str) -> Vec<(String, String)> {
        let mut h = sigv4::sign_headers(
            &self.keys,
            self.now(),
            (method, url),
            &[("range", "bytes=0-9")],
            b"",
        );
        h.push(("range".into(), "bytes=0-9".into()));
        h
    }
}

struct Answer {
    status: u16,
    code: String,
    body: String,
}

async fn send(method: Method, url: &str, headers: &[(String, String)]) -> Answer {
    let mut rb = reqwest::Client::new().request(method, url);
    for (k, v) in headers {
        rb = rb.header(k, v);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    let code = body
        .split("<Code>")
        .nth(1)
        .and_then(|b| b.split("</Code>").next())
        .unwrap_or_default()
        .to_string();
    Answer { status, code, body }
}

fn set(headers: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == name {
                    value.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap()
}

#[track_caller]
fn assert_code(a: &Answer, status: u16, code: &str, what: &str) {
    assert_eq!(
        (a.status, a.code.as_str()),
        (status, code),
        "{what}: {}",
        a.body
    );
}

#[tokio::test]
async fn each_signed_part_of_a_header_signed_request_is_checked() {
    let z = zone().await;
    let url = format!("{}/{KEY}", z.bucket_url);
    let h = z.signed("GET", &url);
    let ok = send(Method::GET, &url, &h).await;
    assert_eq!(ok.status, 206, "{}", ok.body);
    assert_eq!(ok.body.len(), 10);

    let mismatch = "SignatureDoesNotMatch";
    assert_code(
        &send(Method::DELETE, &url, &h).await,
        403,
        mismatch,
        "method",
    );
    let other = format!(
        "{}/user_drop_zone/crm/contacts/contacts_us.csv",
        z.bucket_url
    );
    assert_code(&send(Method::GET, &other, &h).await, 403, mismatch, "path");
    assert_code(
        &send(Method::GET, &format!("{url}?versionId=1"), &h).await,
        403,
        mismatch,
        "query",
    );
    let list = format!("{}?list-type=2&prefix=user_drop_zone%2F", z.bucket_url);
    let lh = z.signed("GET", &list);
    assert_eq!(send(Method::GET, &list, &lh).await.status, 200);
    let other_prefix = list.replace("prefix=user_drop_zone%2F", "prefix=user_drop_zone%2Fcrm%2F");
    assert_code(
        &send(Method::GET, &other_prefix, &lh).await,
        403,
        mismatch,
        "query value",
    );

    // Each signed header.
    let date = header(&h, "x-amz-date").to_string();
    let a_second_later = format!("{}1Z", &date[..date.len() - 2]);
    for (name, value) in [
        ("range", "bytes=0-19"),
        ("x-amz-date", a_second_later.as_str()),
        ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
    ] {
        assert_code(
            &send(Method::GET, &url, &set(&h, name, value)).await,
            403,
            mismatch,
            name,
        );
    }
    let mut host = h.clone();
    host.push(("host".into(), "localhost".into()));
    assert_code(&send(Method::GET, &url, &host).await, 403, mismatch, "host");
    let token = set(&h, "x-amz-security-token", "IQoJb3JpZ2luX2VjEother");
    assert_code(
        &send(Method::GET, &url, &token).await,
        400,
        "InvalidToken",
        "session token",
    );

    // The Authorization header's own parts: signed headers, signature, scope.
    let auth = header(&h, "authorization").to_string();
    let edits = [
        (
            "SignedHeaders",
            auth.replace("SignedHeaders=host;range;", "SignedHeaders=host;"),
            403,
            mismatch,
        ),
        (
            "Signature",
            auth.replace("Signature=", "Signature=0"),
            403,
            mismatch,
        ),
        (
            "region",
            auth.replace("/us-east-1/", "/eu-west-1/"),
            403,
            mismatch,
        ),
        (
            "scope date",
            auth.replace("/20261101/", "/20261102/"),
            400,
            "AuthorizationHeaderMalformed",
        ),
        (
            "service",
            auth.replace("/s3/", "/s4/"),
            400,
            "AuthorizationHeaderMalformed",
        ),
        (
            "access key",
            auth.replace(&z.keys.id, "ASIAAAAAAAAAAAAAAAAA"),
            403,
            "InvalidAccessKeyId",
        ),
    ];
    for (what, edited, status, code) in edits {
        let a = send(Method::GET, &url, &set(&h, "authorization", &edited)).await;
        assert_code(&a, status, code, what);
        assert!(
            !a.body.contains(&z.keys.secret) && !a.body.contains(&z.keys.token),
            "{what}"
        );
    }
}

#[tokio::test]
async fn the_clock_decides_skew_and_session_expiry() {
    let z = zone().await;
    let url = format!("{}/{KEY}", z.bucket_url);
    let h = z.signed("GET", &url);
    z.emu.handle.clock.advance(16 * MIN_MS);
    let a = send(Method::GET, &url, &h).await;
    assert_code(&a, 403, "RequestTimeTooSkewed", "16 minutes later");
    assert!(
        a.body
            .contains("<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>")
    );
    // Signed now, it passes.
    assert_eq!(
        send(Method::GET, &url, &z.signed("GET", &url)).await.status,
        206
    );

    z.emu.handle.clock.advance(7 * DAY_MS);
    let a = send(Method::GET, &url, &z.signed("GET", &url)).await;
    // S3 documents ExpiredToken as a 400.
    assert_code(&a, 400, "ExpiredToken", "a week later");
}

#[tokio::test]
async fn each_part_of_a_presigned_url_is_checked() {
    let z = zone().await;
    let url = format!("{}/{KEY}", z.bucket_url);
    let p = sigv4::presign(
        &z.keys,
        z.now(),
        ("GET", &url),
        &[],
        Duration::from_secs(60),
    );
    let ok = send(Method::GET, &p, &[]).await;
    assert_eq!(ok.status, 200, "{}", ok.body);

    let mismatch = "SignatureDoesNotMatch";
    assert_code(
        &send(Method::DELETE, &p, &[]).await,
        403,
        mismatch,
        "method",
    );
    let other = p.replace("/account.csv?", "/crm/contacts/contacts_us.csv?");
    assert_code(&send(Method::GET, &other, &[]).await, 403, mismatch, "path");
    assert_code(
        &send(Method::GET, &format!("{p}&versionId=1"), &[]).await,
        403,
        mismatch,
        "query",
    );
    let field = |name: &str| {
        let v = p.split(&format!("{name}=")).nth(1).unwrap();
        v.split('&').next().unwrap().to_string()
    };
    let date = field("X-Amz-Date");
    let later_date = format!("{}1Z", &date[..date.len() - 2]);
    let cred = field("X-Amz-Credential");
    let edits: [(&str, String, String, u16, &str); 9] = [
        (
            "X-Amz-Algorithm",
            field("X-Amz-Algorithm"),
            "AWS4-HMAC-SHA512".into(),
            400,
            "AuthorizationQueryParametersError",
        ),
        ("X-Amz-Date", date.clone(), later_date, 403, mismatch),
        (
            "X-Amz-Expires",
            "X-Amz-Expires=60".into(),
            "X-Amz-Expires=61".into(),
            403,
            mismatch,
        ),
        (
            "X-Amz-SignedHeaders",
            "X-Amz-SignedHeaders=host".into(),
            "X-Amz-SignedHeaders=host%3Brange".into(),
            403,
            mismatch,
        ),
        (
            "X-Amz-Signature",
            "X-Amz-Signature=".into(),
            "X-Amz-Signature=0".into(),
            403,
            mismatch,
        ),
        (
            "X-Amz-Security-Token",
            "X-Amz-Security-Token=".into(),
            "X-Amz-Security-Token=x".into(),
            400,
            "InvalidToken",
        ),
        (
            "X-Amz-Credential key",
            cred.clone(),
            cred.replace(&z.keys.id, "ASIAAAAAAAAAAAAAAAAA"),
            403,
            "InvalidAccessKeyId",
        ),
        (
            "X-Amz-Credential region",
            cred.clone(),
            cred.replace("us-east-1", "eu-west-1"),
            403,
            mismatch,
        ),
        (
            "X-Amz-Credential date",
            cred.clone(),
            cred.replace("20261101", "20261102"),
            400,
            "AuthorizationQueryParametersError",
        ),
    ];
    for (what, from, to, status, code) in edits {
        assert!(p.contains(&from), "{what}: {p}");
        let a = send(Method::GET, &p.replacen(&from, &to, 1), &[]).await;
        assert_code(&a, status, code, what);
        assert!(!a.body.contains(&z.keys.secret), "{what}");
    }

    z.emu.handle.clock.advance(61_000);
    let a = send(Method::GET, &p, &[]).await;
    assert_code(&a, 403, "AccessDenied", "61 s later");
    assert!(
        a.body.contains("<Message>Request has expired</Message>"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("<X-Amz-Expires>60</X-Amz-Expires>"),
        "{}",
        a.body
    );
}

/// object_store signs with the machine's clock: with the emulator's clock set to it,
/// its header-signed requests and its presigned URLs verify with the time check on.
#[tokio::test]
async fn object_store_signatures_verify_against_the_machine_clock() {
    let mut emu = Emu::with(EmulatorConfig {
        dlz_provider: DlzProvider::AmazonS3,
        ..EmulatorConfig::for_tests()
    })
    .await;
    emu.handle.clock.set(chrono::Utc::now().timestamp_millis());
    emu.handle.check_request_time(true);
    // The IMS token was issued at the old time.
    emu.token = support::get_token(&emu.http, &emu.handle.base_url(), "cid").await;
    let c = emu
        .get(&format!("{DLZ}/credentials?type=user_drop_zone"))
        .await;
    let k = &c.body["credentials"];
    let s3 = AmazonS3Builder::new()
        .with_endpoint(emu.handle.s3_endpoint())
        .with_bucket_name(c.body["dlzPath"]["bucketName"].as_str().unwrap())
        .with_region("us-east-1")
        .with_access_key_id(k["awsAccessKeyId"].as_str().unwrap())
        .with_secret_access_key(k["awsSecretAccessKey"].as_str().unwrap())
        .with_token(k["awsSessionToken"].as_str().unwrap())
        .with_virtual_hosted_style_request(false)
        .with_allow_http(true)
        .build()
        .unwrap();
    let p = Path::from("user_drop_zone/sigv4/os.csv");
    s3.put(&p, "a,b\n1,2\n".into()).await.unwrap();
    assert_eq!(
        s3.get(&p).await.unwrap().bytes().await.unwrap().as_ref(),
        b"a,b\n1,2\n"
    );
    let url = s3
        .signed_url(Method::GET, &p, Duration::from_secs(300))
        .await
        .unwrap();
    let a = send(Method::GET, url.as_str(), &[]).await;
    assert_eq!((a.status, a.body.as_str()), (200, "a,b\n1,2\n"));

    emu.handle.clock.advance(16 * MIN_MS);
    let err = s3.get(&p).await.unwrap_err().to_string();
    assert!(err.contains("RequestTimeTooSkewed"), "{err}");
}

//! A landing zone provisioned on Amazon S3 (`--dlz-provider s3`): the AWS shapes of the
//! container and credentials answers, and the path-style S3 API over the same files,
//! driven with plain HTTP and with object_store's `AmazonS3Builder`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::emulator::EmulatorConfig;
use flowscope::emulator::dlz::DlzProvider;
use futures::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{DLZ, Emu, sigv4};

const EXPLORE: &str =
    "/data/foundation/flowservice/connectionSpecs/26f526f2-58f4-4712-961d-e41bf1ccc0e8/explore";
const DAY_MS: i64 = 86_400_000;
const FIVE_MIB: usize = 5 * 1024 * 1024;

async fn s3_emulator() -> Emu {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.dlz_provider = DlzProvider::AmazonS3;
    Emu::with(cfg).await
}

/// Keys of one zone and a raw caller that signs with them (AWS's own signer, at the
/// emulator's time).
struct Keys {
    bucket: String,
    folder: String,
    id: String,
    secret: String,
    token: String,
    endpoint: String,
    http: reqwest::Client,
    clock: flowscope::emulator::Clock,
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: bytes::Bytes,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    fn code(&self) -> String {
        between(&self.text(), "<Code>", "</Code>")
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}

fn between(s: &str, open: &str, close: &str) -> Vec<String> {
    s.split(open)
        .skip(1)
        .filter_map(|p| p.split_once(close).map(|(t, _)| t.to_string()))
        .collect()
}

async fn keys(emu: &Emu, kind: &str) -> Keys {
    let c = emu.get(&format!("{DLZ}/credentials?type={kind}")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    let k = &c.body["credentials"];
    Keys {
        bucket: c.body["dlzPath"]["bucketName"].as_str().unwrap().into(),
        folder: c.body["dlzPath"]["dlzFolder"].as_str().unwrap().into(),
        id: k["awsAccessKeyId"].as_str().unwrap().into(),
        secret: k["awsSecretAccessKey"].as_str().unwrap().into(),
        token: k["awsSessionToken"].as_str().unwrap().into(),
        endpoint: emu.handle.s3_endpoint(),
        http: reqwest::Client::new(),
        clock: emu.handle.clock.clone(),
    }
}

impl Keys {
    fn url(&self, key: &str, query: &str) -> String {
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{}/{}/{key}{sep}{query}", self.endpoint, self.bucket)
    }

    fn req(&self, method: Method, url: String) -> reqwest::RequestBuilder {
        self.http.request(method, url)
    }

    fn aws_keys(&self) -> sigv4::AwsKeys {
        sigv4::AwsKeys {
            id: self.id.clone(),
            secret: self.secret.clone(),
            token: self.token.clone(),
        }
    }

    /// Sends the request signed in its headers, as an AWS SDK would.
    async fn send(&self, rb: reqwest::RequestBuilder) -> Answer {
        let mut r = rb.build().unwrap();
        let body = r
            .body()
            .and_then(|b| b.as_bytes())
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let headers: Vec<(String, String)> = r
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string()))
            .collect();
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let signed = sigv4::sign_headers(
            &self.aws_keys(),
            sigv4::at(self.clock.now_ms()),
            (r.method().as_str(), r.url().as_str()),
            &pairs,
            &body,
        );
        for (k, v) in signed {
            r.headers_mut().insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        self.answer(self.http.execute(r).await.unwrap()).await
    }

    /// Sends the request as built: no signature, or one of its own.
    async fn send_as_is(&self, rb: reqwest::RequestBuilder) -> Answer {
        self.answer(rb.send().await.unwrap()).await
    }

    async fn answer(&self, r: reqwest::Response) -> Answer {
        Answer {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.bytes().await.unwrap(),
        }
    }

    async fn list(&self, query: &str) -> Answer {
        let url = format!("{}/{}?list-type=2&{query}", self.endpoint, self.bucket);
        self.send(self.req(Method::GET, url)).await
    }

    fn store(&self) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_bucket_name(&self.bucket)
            .with_region("us-east-1")
            .with_access_key_id(&self.id)
            .with_secret_access_key(&self.secret)
            .with_token(&self.token)
            .with_virtual_hosted_style_request(false)
            .with_allow_http(true)
            .build()
            .unwrap()
    }
}

#[tokio::test]
async fn container_and_credentials_answer_in_the_aws_shape() {
    let emu = s3_emulator().await;
    let c = emu.get(&format!("{DLZ}?type=user_drop_zone")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.body["dlzProvider"], "Amazon S3");
    assert_eq!(c.body["dlzPath"]["dlzFolder"], "user_drop_zone");
    assert_eq!(
        c.body["dataTTL"],
        json!({"timeUnit": "days", "timeQuantity": 7})
    );
    let bucket = c.body["dlzPath"]["bucketName"].as_str().unwrap();
    assert!(bucket.starts_with("dlz-prod-"), "{bucket}");

    let creds = emu
        .get(&format!("{DLZ}/credentials?type=dlz_destination"))
        .await;
    assert_eq!(creds.body["dlzProvider"], "Amazon S3");
    assert_eq!(creds.body["dlzPath"]["bucketName"], bucket);
    assert_eq!(creds.body["dlzPath"]["dlzFolder"], "dlz_destination");
    let k = &creds.body["credentials"];
    assert!(k["awsAccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    for f in ["clientId", "awsSecretAccessKey", "awsSessionToken"] {
        assert!(k[f].as_str().is_some_and(|v| !v.is_empty()), "{f}");
    }
    assert_eq!(
        creds.body["expiryTime"].as_i64(),
        Some((support_now() + 7 * DAY_MS) / 1000)
    );
    assert!(creds.body.get("SASUri").is_none());

    // The same seed gives the same keys.
    let again = s3_emulator().await;
    let same = again
        .get(&format!("{DLZ}/credentials?type=dlz_destination"))
        .await;
    assert_eq!(same.body["credentials"], creds.body["credentials"]);
}

fn support_now() -> i64 {
    flowscope::emulator::TEST_EPOCH_MS
}

#[tokio::test]
async fn lists_its_folder_with_prefixes_delimiters_and_pages() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    assert_eq!(k.folder, "user_drop_zone");
    let root = k.list("prefix=user_drop_zone/&delimiter=/").await;
    assert_eq!(root.status, 200, "{}", root.text());
    let xml = root.text();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult"));
    let keys_listed = between(&xml, "<Key>", "</Key>");
    assert!(
        keys_listed.contains(&"user_drop_zone/account.csv".to_string()),
        "{xml}"
    );
    let prefixes = between(&xml, "<Prefix>", "</Prefix>");
    assert!(prefixes.contains(&"user_drop_zone/crm/".to_string()));
    assert!(xml.contains("<IsTruncated>false</IsTruncated>"));
    assert!(xml.contains("<StorageClass>STANDARD</StorageClass>"));

    let above = k.list("delimiter=/").await.text();
    assert_eq!(
        between(&above, "<CommonPrefixes><Prefix>", "</Prefix>"),
        ["user_drop_zone/"]
    );

    let flat = between(
        &k.list("prefix=user_drop_zone/crm/").await.text(),
        "<Key>",
        "</Key>",
    );
    assert_eq!(flat.len(), 4);
    let mut paged = Vec::new();
    let mut token = String::new();
    for _ in 0..10 {
        let q = if token.is_empty() {
            "prefix=user_drop_zone/crm/&max-keys=3".to_string()
        } else {
            format!("prefix=user_drop_zone/crm/&max-keys=3&continuation-token={token}")
        };
        let page = k.list(&q).await.text();
        paged.extend(between(&page, "<Key>", "</Key>"));
        match between(&page, "<NextContinuationToken>", "</NextContinuationToken>").first() {
            Some(t) => token = t.clone(),
            None => break,
        }
    }
    assert_eq!(paged, flat);
    let after = k
        .list("prefix=user_drop_zone/crm/&start-after=user_drop_zone/crm/contacts/contacts_us.csv")
        .await
        .text();
    assert_eq!(between(&after, "<Key>", "</Key>"), flat[2..].to_vec());

    let other = k.list("prefix=dlz_destination/").await;
    assert_eq!(other.status, 403);
    assert_eq!(other.code(), "AccessDenied");
}

#[tokio::test]
async fn reads_ranges_conditions_and_counts_bytes() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let key = "user_drop_zone/account.csv";
    let whole = k.send(k.req(Method::GET, k.url(key, ""))).await;
    assert_eq!(whole.status, 200);
    let size = whole.body.len();
    let etag = whole.header("etag").to_string();
    assert_eq!(etag.len(), 34, "{etag}");
    assert!(!whole.header("x-amz-request-id").is_empty());

    let before = emu
        .handle
        .blob_bytes_served_for("dlz-user-container/account.csv");
    let part = k
        .send(
            k.req(Method::GET, k.url(key, ""))
                .header("Range", "bytes=3-12"),
        )
        .await;
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), format!("bytes 3-12/{size}"));
    assert_eq!(part.body, whole.body.slice(3..13));
    assert_eq!(
        emu.handle
            .blob_bytes_served_for("dlz-user-container/account.csv")
            - before,
        10
    );
    let suffix = k
        .send(
            k.req(Method::GET, k.url(key, ""))
                .header("Range", "bytes=-6"),
        )
        .await;
    assert_eq!(suffix.body, whole.body.slice(size - 6..));
    let past = k
        .send(
            k.req(Method::GET, k.url(key, ""))
                .header("Range", format!("bytes={size}-")),
        )
        .await;
    assert_eq!(past.status, 416);
    assert_eq!(past.code(), "InvalidRange");

    let head = k.send(k.req(Method::HEAD, k.url(key, ""))).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), size.to_string());
    let not_modified = k
        .send(
            k.req(Method::GET, k.url(key, ""))
                .header("If-None-Match", &etag),
        )
        .await;
    assert_eq!(not_modified.status, 304);
    let missing = k
        .send(k.req(Method::GET, k.url("user_drop_zone/nope.csv", "")))
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.code(), "NoSuchKey");
    let elsewhere = k
        .send(k.req(Method::GET, k.url("dlz_destination/x.csv", "")))
        .await;
    assert_eq!(elsewhere.code(), "AccessDenied");
}

#[tokio::test]
async fn puts_multipart_uploads_and_deletes_agree_with_explore() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let key = "user_drop_zone/uploads/orders.csv";
    let put = k
        .send(
            k.req(Method::PUT, k.url(key, ""))
                .header("Content-Type", "text/csv")
                .body("order_id,amount\nA-1,9.50\n"),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert!(put.header("etag").starts_with('"'));
    let create_only = k
        .send(
            k.req(Method::PUT, k.url(key, ""))
                .header("If-None-Match", "*")
                .body("x"),
        )
        .await;
    assert_eq!(create_only.status, 412);
    assert_eq!(create_only.code(), "PreconditionFailed");
    let preview = emu
        .get(&format!(
            "{EXPLORE}?objectType=file&object=dlz-user-container/uploads/orders.csv&preview=true&fileType=delimited"
        ))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["data"][0]["order_id"], "A-1");

    // Multipart: a 5 MiB part and a short last one.
    let big = "user_drop_zone/uploads/big.csv";
    let init = k.send(k.req(Method::POST, k.url(big, "uploads"))).await;
    assert_eq!(init.status, 200, "{}", init.text());
    let id = between(&init.text(), "<UploadId>", "</UploadId>")[0].clone();
    let mut etags = Vec::new();
    for (n, body) in [(1, vec![b'a'; FIVE_MIB]), (2, b"tail\n".to_vec())] {
        let r = k
            .send(
                k.req(
                    Method::PUT,
                    k.url(big, &format!("partNumber={n}&uploadId={id}")),
                )
                .body(body),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        etags.push(r.header("etag").to_string());
    }
    let complete = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{}</ETag></Part></CompleteMultipartUpload>",
        etags[0], etags[1]
    );
    let done = k
        .send(
            k.req(Method::POST, k.url(big, &format!("uploadId={id}")))
                .body(complete),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text());
    let head = k.send(k.req(Method::HEAD, k.url(big, ""))).await;
    assert_eq!(head.header("content-length"), (FIVE_MIB + 5).to_string());
    let gone = k
        .send(
            k.req(
                Method::PUT,
                k.url(big, &format!("partNumber=3&uploadId={id}")),
            )
            .body("x"),
        )
        .await;
    assert_eq!(gone.code(), "NoSuchUpload");

    let small = k.send(k.req(Method::POST, k.url(big, "uploads"))).await;
    let id = between(&small.text(), "<UploadId>", "</UploadId>")[0].clone();
    let p1 = k
        .send(
            k.req(
                Method::PUT,
                k.url(big, &format!("partNumber=1&uploadId={id}")),
            )
            .body("a"),
        )
        .await;
    let p2 = k
        .send(
            k.req(
                Method::PUT,
                k.url(big, &format!("partNumber=2&uploadId={id}")),
            )
            .body("b"),
        )
        .await;
    let complete = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{}</ETag></Part></CompleteMultipartUpload>",
        p1.header("etag"),
        p2.header("etag")
    );
    let too_small = k
        .send(
            k.req(Method::POST, k.url(big, &format!("uploadId={id}")))
                .body(complete),
        )
        .await;
    assert_eq!(too_small.code(), "EntityTooSmall");
    let abort = k
        .send(k.req(Method::DELETE, k.url(big, &format!("uploadId={id}"))))
        .await;
    assert_eq!(abort.status, 204);

    let deleted = k.send(k.req(Method::DELETE, k.url(key, ""))).await;
    assert_eq!(deleted.status, 204);
    let again = k.send(k.req(Method::DELETE, k.url(key, ""))).await;
    assert_eq!(again.status, 204, "S3 deletes are idempotent");
    assert_eq!(
        k.send(k.req(Method::GET, k.url(key, ""))).await.code(),
        "NoSuchKey"
    );
    let listing = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object=dlz-user-container/uploads/"
        ))
        .await;
    let names: Vec<&str> = listing
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["big.csv"]);
}

#[tokio::test]
async fn unknown_expired_refreshed_and_read_only_keys() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let url = format!(
        "{}/{}?list-type=2&prefix=user_drop_zone/",
        k.endpoint, k.bucket
    );
    let anonymous = k.send_as_is(k.http.get(&url)).await;
    assert_eq!(anonymous.status, 403);
    assert_eq!(anonymous.code(), "AccessDenied");
    let forged = Keys {
        id: "ASIAAAAAAAAAAAAAAAAA".into(),
        ..keys(&emu, "user_drop_zone").await
    };
    let r = forged.list("prefix=user_drop_zone/").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "InvalidAccessKeyId");
    let wrong_token = Keys {
        token: "IQoJb3JpZ2luX2VjEnope".into(),
        ..keys(&emu, "user_drop_zone").await
    };
    assert_eq!(
        wrong_token.list("prefix=user_drop_zone/").await.code(),
        "InvalidToken"
    );

    let dest = keys(&emu, "dlz_destination").await;
    let listed = dest.list("prefix=dlz_destination/").await;
    assert_eq!(listed.status, 200);
    let denied = dest
        .send(
            dest.req(Method::PUT, dest.url("dlz_destination/mine.csv", ""))
                .body("x"),
        )
        .await;
    assert_eq!(denied.status, 403);
    assert_eq!(denied.code(), "AccessDenied");

    emu.handle.clock.advance(7 * DAY_MS);
    let expired = k.list("prefix=user_drop_zone/").await;
    assert_eq!(
        expired.status, 400,
        "S3 answers an expired session token with 400"
    );
    assert_eq!(expired.code(), "ExpiredToken");

    let mut emu = emu;
    emu.token = support::get_token(&emu.http, &emu.handle.base_url(), "cid").await;
    let refreshed = emu
        .send(emu.req(
            Method::POST,
            &format!("{DLZ}/credentials?type=user_drop_zone&action=refresh"),
        ))
        .await;
    assert_eq!(refreshed.status, 200);
    let fresh = keys(&emu, "user_drop_zone").await;
    assert_ne!(fresh.id, k.id);
    assert_eq!(fresh.list("prefix=user_drop_zone/").await.status, 200);
    assert_eq!(
        k.list("prefix=user_drop_zone/").await.code(),
        "InvalidAccessKeyId"
    );
}

#[tokio::test]
async fn the_request_log_masks_presigned_secrets() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let presigned = sigv4::presign(
        &k.aws_keys(),
        sigv4::at(emu.handle.clock.now_ms()),
        ("GET", &k.url("user_drop_zone/account.csv", "")),
        &[],
        std::time::Duration::from_secs(60),
    );
    let signature = presigned
        .split("X-Amz-Signature=")
        .nth(1)
        .unwrap()
        .to_string();
    let r = k.send_as_is(k.http.get(&presigned)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let log = emu.handle.requests();
    let line = log.iter().find(|l| l.contains("/s3/")).unwrap();
    assert!(line.contains("X-Amz-Signature=***") && line.contains("X-Amz-Security-Token=***"));
    assert!(!line.contains(&signature));
}

#[tokio::test]
async fn object_store_s3_lists_reads_writes_and_deletes() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let s = k.store();
    let crm: Vec<_> = s
        .list(Some(&Path::from("user_drop_zone/crm")))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(crm.len(), 4, "{crm:?}");
    let root = s
        .list_with_delimiter(Some(&Path::from("user_drop_zone")))
        .await
        .unwrap();
    assert!(
        root.common_prefixes
            .contains(&Path::from("user_drop_zone/crm"))
    );

    let account = Path::from("user_drop_zone/account.csv");
    let head = s.head(&account).await.unwrap();
    let part = s.get_range(&account, 0..8).await.unwrap();
    assert_eq!(part.as_ref(), b"Id,Name,");
    assert!(head.size > 8);

    let p = Path::from("user_drop_zone/uploads/os.csv");
    s.put(&p, PutPayload::from_static(b"a\n1\n")).await.unwrap();
    let err = s
        .put_opts(
            &p,
            PutPayload::from_static(b"x"),
            PutOptions::from(PutMode::Create),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::AlreadyExists { .. }),
        "{err}"
    );

    let big = Path::from("user_drop_zone/uploads/multi.csv");
    let mut upload = s.put_multipart(&big).await.unwrap();
    upload
        .put_part(PutPayload::from(vec![b'x'; FIVE_MIB]))
        .await
        .unwrap();
    upload
        .put_part(PutPayload::from_static(b"end\n"))
        .await
        .unwrap();
    upload.complete().await.unwrap();
    assert_eq!(s.head(&big).await.unwrap().size, FIVE_MIB as u64 + 4);

    s.delete(&p).await.unwrap();
    let err = s.get(&p).await.unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
    let err = s
        .get(&Path::from("dlz_destination/x.csv"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::PermissionDenied { .. }),
        "{err}"
    );
}

/// ListParts pages by `max-parts` and `part-number-marker` as S3 does, and an object
/// written in one request has its MD5 as ETag (a multipart one `…-N`).
#[tokio::test]
async fn list_parts_pages_and_a_single_put_etag_is_the_md5() {
    let emu = s3_emulator().await;
    let k = keys(&emu, "user_drop_zone").await;
    let key = format!("{}/parts/big.bin", k.folder);
    let created = k.send(k.req(Method::POST, k.url(&key, "uploads"))).await;
    let id = between(&created.text(), "<UploadId>", "</UploadId>")[0].clone();
    for n in [3, 1, 2] {
        let url = k.url(&key, &format!("partNumber={n}&uploadId={id}"));
        let r = k
            .send(k.req(Method::PUT, url).body(vec![n as u8; 10 + n]))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let page = k
        .send(k.req(
            Method::GET,
            k.url(&key, &format!("uploadId={id}&max-parts=2")),
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.text());
    let text = page.text();
    assert!(text.contains("<ListPartsResult"), "{text}");
    assert_eq!(between(&text, "<IsTruncated>", "</IsTruncated>")[0], "true");
    assert_eq!(
        between(&text, "<NextPartNumberMarker>", "</NextPartNumberMarker>")[0],
        "2"
    );
    assert_eq!(between(&text, "<Size>", "</Size>")[0], "11");
    assert_eq!(text.matches("<Part>").count(), 2);
    let rest = k
        .send(k.req(
            Method::GET,
            k.url(&key, &format!("uploadId={id}&part-number-marker=2")),
        ))
        .await;
    let text = rest.text();
    assert_eq!(
        between(&text, "<IsTruncated>", "</IsTruncated>")[0],
        "false"
    );
    assert_eq!(between(&text, "<PartNumber>", "</PartNumber>")[0], "3");
    let none = k
        .send(k.req(Method::GET, k.url(&key, "uploadId=nope")))
        .await;
    assert_eq!(
        (none.status.as_u16(), none.code()),
        (404, "NoSuchUpload".into())
    );

    let small = format!("{}/parts/a.txt", k.folder);
    let put = k
        .send(k.req(Method::PUT, k.url(&small, "")).body("a"))
        .await;
    assert_eq!(put.header("etag"), "\"0cc175b9c0f1b6a831c399e269772661\"");
}

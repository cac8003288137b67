//! The landing zone's storage over the Azure Blob REST API, driven with plain HTTP the
//! way a storage client would use the SAS URI from the DLZ credentials: listing and
//! paging, ranged reads, uploads in one piece and in blocks, conditional writes, deletes,
//! SAS failures, and agreement with Flow Service explore.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::emulator::{EmulatorConfig, FaultConfig};
use reqwest::{Method, StatusCode};
use support::{DLZ, Emu};

const EXPLORE: &str =
    "/data/foundation/flowservice/connectionSpecs/26f526f2-58f4-4712-961d-e41bf1ccc0e8/explore";
const HUGE: &str = "exports/clickstream_2026-10_full.csv";
const DAY_MS: i64 = 86_400_000;

/// A container as the credentials describe it.
struct Zone {
    /// The SAS URI without its query: `{emulator}/blob/{account}/{container}`.
    uri: String,
    token: String,
    http: reqwest::Client,
}

async fn zone(emu: &Emu, kind: &str) -> Zone {
    let c = emu.get(&format!("{DLZ}/credentials?type={kind}")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    let sas_uri = c.body["SASUri"].as_str().unwrap();
    let (uri, token) = sas_uri.split_once('?').unwrap();
    assert_eq!(token, c.body["SASToken"].as_str().unwrap());
    Zone {
        uri: uri.to_string(),
        token: token.to_string(),
        http: reqwest::Client::new(),
    }
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

    /// The `<Code>` of an error body, checked against `x-ms-error-code`.
    fn code(&self) -> String {
        let code = between(&self.text(), "<Code>", "</Code>")
            .into_iter()
            .next()
            .unwrap_or_default();
        assert_eq!(self.header("x-ms-error-code"), code, "{}", self.text());
        code
    }
}

impl Zone {
    fn container_url(&self, extra: &str) -> String {
        format!("{}?restype=container&{extra}&{}", self.uri, self.token)
    }

    fn blob_url(&self, blob: &str, extra: &str) -> String {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!("{extra}&")
        };
        format!("{}/{blob}?{extra}{}", self.uri, self.token)
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> Answer {
        let r = rb.send().await.unwrap();
        Answer {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.bytes().await.unwrap(),
        }
    }

    async fn list(&self, extra: &str) -> Answer {
        self.send(
            self.http
                .get(self.container_url(&format!("comp=list&{extra}"))),
        )
        .await
    }

    async fn get(&self, blob: &str, range: Option<&str>) -> Answer {
        let mut rb = self.http.get(self.blob_url(blob, ""));
        if let Some(r) = range {
            rb = rb.header("Range", r);
        }
        self.send(rb).await
    }

    async fn put(&self, blob: &str, body: &'static str) -> Answer {
        self.send(
            self.http
                .put(self.blob_url(blob, ""))
                .header("x-ms-blob-type", "BlockBlob")
                .header("x-ms-blob-content-type", "text/csv")
                .body(body),
        )
        .await
    }

    async fn delete(&self, blob: &str) -> Answer {
        self.send(self.http.delete(self.blob_url(blob, ""))).await
    }
}

/// Every text between `open` and `close`, in order.
fn between(s: &str, open: &str, close: &str) -> Vec<String> {
    s.split(open)
        .skip(1)
        .filter_map(|p| p.split_once(close).map(|(t, _)| t.to_string()))
        .collect()
}

fn blob_names(xml: &str) -> Vec<String> {
    between(xml, "<Blob><Name>", "</Name>")
}

fn prefix_names(xml: &str) -> Vec<String> {
    between(xml, "<BlobPrefix><Name>", "</Name>")
}

#[tokio::test]
async fn the_sas_uri_points_here_and_lists_with_prefixes_delimiters_and_pages() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    assert!(
        z.uri
            .starts_with(&format!("{}/blob/dlblobstore", emu.handle.base_url())),
        "{}",
        z.uri
    );
    assert!(z.uri.ends_with("/dlz-user-container"));

    let root = z.list("delimiter=/").await;
    assert_eq!(root.status, 200, "{}", root.text());
    assert_eq!(root.header("content-type"), "application/xml");
    let xml = root.text();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults"));
    assert!(
        blob_names(&xml).contains(&"account.csv".to_string()),
        "{xml}"
    );
    assert!(prefix_names(&xml).contains(&"crm/".to_string()));
    assert!(prefix_names(&xml).contains(&"exports/".to_string()));
    for field in [
        "<Creation-Time>",
        "<Last-Modified>",
        "<Etag>0x8D",
        "<Content-Length>",
        "<Content-Type>text/csv</Content-Type>",
        "<BlobType>BlockBlob</BlobType>",
    ] {
        assert!(xml.contains(field), "{field} missing");
    }

    let crm = z.list("prefix=crm/&delimiter=/").await.text();
    assert_eq!(blob_names(&crm), ["crm/opportunities.csv"]);
    assert_eq!(prefix_names(&crm), ["crm/contacts/", "crm/leads/"]);

    // Paging two at a time walks the same names as one flat listing.
    let flat = blob_names(&z.list("prefix=crm/").await.text());
    assert_eq!(flat.len(), 4, "{flat:?}");
    let mut paged = Vec::new();
    let mut marker = String::new();
    for _ in 0..10 {
        let page = z
            .list(&format!("prefix=crm/&maxresults=2&marker={marker}"))
            .await
            .text();
        assert!(blob_names(&page).len() <= 2);
        paged.extend(blob_names(&page));
        match between(&page, "<NextMarker>", "</NextMarker>").first() {
            Some(m) => marker = m.clone(),
            None => break,
        }
    }
    assert_eq!(paged, flat);
    let from = blob_names(&z.list("prefix=crm/&startFrom=crm/leads/").await.text());
    assert_eq!(from, flat[2..].to_vec());

    let bad = z.list("maxresults=0").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), "OutOfRangeQueryParameterValue");

    let props = z.send(z.http.get(z.container_url(""))).await;
    assert_eq!(props.status, 200);
    assert!(props.header("etag").starts_with("\"0x"));
    assert_eq!(props.header("x-ms-lease-state"), "available");
    assert!(!props.header("x-ms-request-id").is_empty());
    assert_eq!(props.header("x-ms-version"), "2020-04-08");
}

#[tokio::test]
async fn ranged_reads_are_206_counted_exactly_and_past_the_end_is_416() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    let whole = z.get("account.csv", None).await;
    assert_eq!(whole.status, 200);
    let size = whole.body.len();
    assert_eq!(whole.header("content-length"), size.to_string());
    assert_eq!(whole.header("x-ms-blob-type"), "BlockBlob");
    assert_eq!(whole.header("accept-ranges"), "bytes");
    assert!(whole.header("last-modified").ends_with(" GMT"));
    let etag = whole.header("etag").to_string();
    assert!(etag.starts_with("\"0x8D"), "{etag}");

    let path = "dlz-user-container/account.csv";
    let before = emu.handle.blob_bytes_served_for(path);
    let total_before = emu.handle.blob_bytes_served();
    assert_eq!(before, size as u64, "the whole read was counted");
    let part = z.get("account.csv", Some("bytes=10-29")).await;
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), format!("bytes 10-29/{size}"));
    assert_eq!(part.header("content-length"), "20");
    assert_eq!(part.body, whole.body.slice(10..30));
    assert_eq!(emu.handle.blob_bytes_served_for(path) - before, 20);
    assert_eq!(emu.handle.blob_bytes_served() - total_before, 20);

    let open_ended = z
        .get("account.csv", Some(&format!("bytes={}-", size - 5)))
        .await;
    assert_eq!(open_ended.status, 206);
    assert_eq!(open_ended.body, whole.body.slice(size - 5..));
    // x-ms-range wins over Range.
    let ms = z
        .send(
            z.http
                .get(z.blob_url("account.csv", ""))
                .header("Range", "bytes=0-0")
                .header("x-ms-range", "bytes=1-2"),
        )
        .await;
    assert_eq!(ms.body, whole.body.slice(1..3));

    let past = z.get("account.csv", Some(&format!("bytes={size}-"))).await;
    assert_eq!(past.status, 416);
    assert_eq!(past.code(), "InvalidRange");
    assert_eq!(past.header("content-range"), format!("bytes */{size}"));

    let head = z.send(z.http.head(z.blob_url("account.csv", ""))).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), size.to_string());
    assert!(head.body.is_empty());
    assert_eq!(head.header("etag"), etag);

    let not_modified = z
        .send(
            z.http
                .get(z.blob_url("account.csv", ""))
                .header("If-None-Match", &etag),
        )
        .await;
    assert_eq!(not_modified.status, 304);
    let stale = z
        .send(
            z.http
                .get(z.blob_url("account.csv", ""))
                .header("If-Match", "\"0x1\""),
        )
        .await;
    assert_eq!(stale.status, 412);
    assert_eq!(stale.code(), "ConditionNotMet");

    // The 1 GiB export: its size is listed, and a read of its tail costs only that.
    let listed = z.list("prefix=exports/").await.text();
    let sizes = between(&listed, "<Content-Length>", "</Content-Length>");
    let names = blob_names(&listed);
    let i = names.iter().position(|n| n == HUGE).unwrap();
    let huge_size: u64 = sizes[i].parse().unwrap();
    assert!(huge_size > 1_000_000_000, "{huge_size}");
    let tail = z
        .get(
            HUGE,
            Some(&format!("bytes={}-{}", huge_size - 1024, huge_size + 50)),
        )
        .await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body.len(), 1024);
    assert!(tail.body.ends_with(b"\n"));
    assert_eq!(
        emu.handle
            .blob_bytes_served_for(&format!("dlz-user-container/{HUGE}")),
        1024
    );
}

#[tokio::test]
async fn uploads_whole_and_in_blocks_with_conditions_and_deletes() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    let created = z.put("uploads/new.csv", "id,name\n1,Ada\n").await;
    assert_eq!(created.status, 201, "{}", created.text());
    let etag = created.header("etag").to_string();
    assert!(etag.starts_with("\"0x"));
    let back = z.get("uploads/new.csv", None).await;
    assert_eq!(back.body.as_ref(), b"id,name\n1,Ada\n");
    assert_eq!(back.header("content-type"), "text/csv");
    assert_eq!(back.header("etag"), etag);

    let untyped = z
        .send(z.http.put(z.blob_url("uploads/x.csv", "")).body("x"))
        .await;
    assert_eq!(untyped.status, 400);
    assert_eq!(untyped.code(), "MissingRequiredHeader");

    let create_only = z
        .send(
            z.http
                .put(z.blob_url("uploads/new.csv", ""))
                .header("x-ms-blob-type", "BlockBlob")
                .header("If-None-Match", "*")
                .body("again"),
        )
        .await;
    assert_eq!(create_only.status, 409);
    assert_eq!(create_only.code(), "BlobAlreadyExists");
    let stale = z
        .send(
            z.http
                .put(z.blob_url("uploads/new.csv", ""))
                .header("x-ms-blob-type", "BlockBlob")
                .header("If-Match", "\"0x8DE0000000000000\"")
                .body("again"),
        )
        .await;
    assert_eq!(stale.status, 412);
    assert_eq!(stale.code(), "ConditionNotMet");
    let overwrite = z
        .send(
            z.http
                .put(z.blob_url("uploads/new.csv", ""))
                .header("x-ms-blob-type", "BlockBlob")
                .header("If-Match", &etag)
                .body("id,name\n2,Grace\n"),
        )
        .await;
    assert_eq!(overwrite.status, 201);
    assert_ne!(overwrite.header("etag"), etag);

    // Three blocks, committed in list order; ids are base64 and percent-encoded.
    for (id, part) in [
        ("YmxrMA==", "id,name\n"),
        ("YmxrMQ==", "3,Edsger\n"),
        ("YmxrMg==", "4,Barbara\n"),
    ] {
        let r = z
            .send(
                z.http
                    .put(z.blob_url(
                        "uploads/blocks.csv",
                        &format!("comp=block&blockid={}", id.replace('=', "%3D")),
                    ))
                    .body(part),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    assert_eq!(
        z.get("uploads/blocks.csv", None).await.status,
        404,
        "not yet committed"
    );
    let staged = z
        .send(
            z.http
                .get(z.blob_url("uploads/blocks.csv", "comp=blocklist&blocklisttype=all")),
        )
        .await;
    assert_eq!(between(&staged.text(), "<Block><Name>", "</Name>").len(), 3);
    let list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>YmxrMA==</Latest><Uncommitted>YmxrMQ==</Uncommitted><Latest>YmxrMg==</Latest></BlockList>";
    let committed = z
        .send(
            z.http
                .put(z.blob_url("uploads/blocks.csv", "comp=blocklist"))
                .header("x-ms-blob-content-type", "text/csv")
                .body(list),
        )
        .await;
    assert_eq!(committed.status, 201, "{}", committed.text());
    assert!(!committed.header("etag").is_empty());
    let read = z.get("uploads/blocks.csv", None).await;
    assert_eq!(read.body.as_ref(), b"id,name\n3,Edsger\n4,Barbara\n");
    assert_eq!(read.header("content-type"), "text/csv");
    // Recommitting committed blocks; the body's own Content-Type is not the blob's.
    let recommit = z
        .send(
            z.http
                .put(z.blob_url("uploads/blocks.csv", "comp=blocklist"))
                .header("Content-Type", "application/xml")
                .body("<BlockList><Committed>YmxrMg==</Committed><Latest>YmxrMA==</Latest></BlockList>"),
        )
        .await;
    assert_eq!(recommit.status, 201, "{}", recommit.text());
    let read = z.get("uploads/blocks.csv", None).await;
    assert_eq!(read.body.as_ref(), b"4,Barbara\nid,name\n");
    assert_eq!(read.header("content-type"), "application/octet-stream");
    let unknown = z
        .send(
            z.http
                .put(z.blob_url("uploads/blocks.csv", "comp=blocklist"))
                .body("<BlockList><Uncommitted>bm9wZQ==</Uncommitted></BlockList>"),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.code(), "InvalidBlockList");
    let garbage = z
        .send(
            z.http
                .put(z.blob_url("uploads/blocks.csv", "comp=blocklist"))
                .body("nope"),
        )
        .await;
    assert_eq!(garbage.code(), "InvalidXmlDocument");

    let gone = z.delete("uploads/new.csv").await;
    assert_eq!(gone.status, 202);
    assert_eq!(gone.header("x-ms-delete-type-permanent"), "true");
    let again = z.delete("uploads/new.csv").await;
    assert_eq!(again.status, 404);
    assert_eq!(again.code(), "BlobNotFound");
    assert_eq!(z.get("uploads/new.csv", None).await.status, 404);
}

#[tokio::test]
async fn uploaded_files_show_in_explore_and_preview_and_leave_with_delete() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    let csv = "order_id,amount,placed_at\nA-1,19.90,2026-10-30T10:00:00Z\nA-2,5.00,2026-10-31T11:30:00Z\n";
    assert_eq!(z.put("uploads/orders.csv", csv).await.status, 201);

    let folder = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object=dlz-user-container/uploads/"
        ))
        .await;
    assert_eq!(folder.status, 200, "{}", folder.text);
    assert_eq!(
        folder.body[0]["path"],
        "dlz-user-container/uploads/orders.csv"
    );
    let preview = emu
        .get(&format!(
            "{EXPLORE}?objectType=file&object=dlz-user-container/uploads/orders.csv&preview=true&fileType=delimited"
        ))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["data"][1]["order_id"], "A-2");

    assert_eq!(z.delete("uploads/orders.csv").await.status, 202);
    let after = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object=dlz-user-container/uploads/"
        ))
        .await;
    assert_eq!(after.status, 404, "{}", after.text);
}

#[tokio::test]
async fn previewing_the_huge_export_reads_only_its_head() {
    let emu = Emu::start().await;
    let path = format!("dlz-user-container/{HUGE}");
    let r = emu
        .get(&format!(
            "{EXPLORE}?objectType=file&object={path}&preview=true&determineProperties=true"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["data"].as_array().unwrap().len(), 100);
    assert_eq!(r.body["data"][0]["started_at"], "2026-10-01T00:00:00Z");
    let root = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object=dlz-user-container/exports/"
        ))
        .await;
    assert!(root.text.contains("clickstream_2026-10_full.csv"));
}

#[tokio::test]
async fn bad_expired_and_refreshed_signatures() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    let sig = z.token.split("sig=").nth(1).unwrap().to_string();

    let forged = Zone {
        token: z.token.replace(&sig, "AAAA"),
        ..zone(&emu, "user_drop_zone").await
    };
    let r = forged.list("").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "AuthenticationFailed");
    assert!(
        r.text()
            .contains("<AuthenticationErrorDetail>Signature did not match")
    );

    let anonymous = z
        .send(z.http.get(format!("{}?restype=container&comp=list", z.uri)))
        .await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.code(), "NoAuthenticationInformation");
    let unsigned = z
        .send(z.http.get(format!(
            "{}?restype=container&comp=list&{}",
            z.uri,
            z.token.split("&sig=").next().unwrap()
        )))
        .await;
    assert_eq!(unsigned.status, 403);

    emu.handle.clock.advance(7 * DAY_MS + 1);
    let expired = z.list("").await;
    assert_eq!(expired.status, 403);
    assert_eq!(expired.code(), "AuthenticationFailed");
    let text = expired.text();
    assert!(
        text.contains("Signature not valid in the specified time frame: Start [Sun, 01 Nov 2026 00:00:00 GMT] - Expiry [Sun, 08 Nov 2026 00:00:00 GMT] - Current [Sun, 08 Nov 2026 00:00:00 GMT]"),
        "{text}"
    );

    // The IMS token has expired too; a client logs in again before refreshing.
    let mut emu = emu;
    emu.token = support::get_token(&emu.http, &emu.handle.base_url(), "cid").await;
    let refreshed = emu
        .send(emu.req(
            Method::POST,
            &format!("{DLZ}/credentials?type=user_drop_zone&action=refresh"),
        ))
        .await;
    assert_eq!(refreshed.status, 200);
    let fresh = zone(&emu, "user_drop_zone").await;
    assert_ne!(fresh.token, z.token);
    let ok = fresh.list("").await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    // Past the TTL the demo files are gone; the container stays.
    assert!(blob_names(&ok.text()).is_empty());
    let revoked = z.list("").await;
    assert!(revoked.text().contains("Signature did not match"));
}

#[tokio::test]
async fn the_destination_container_is_read_only_and_tokens_do_not_cross() {
    let emu = Emu::start().await;
    let dest = zone(&emu, "dlz_destination").await;
    assert!(dest.token.contains("&sp=rl&"));
    let listed = dest.list("").await;
    assert_eq!(listed.status, 200);
    let first = blob_names(&listed.text())[0].clone();
    assert_eq!(dest.get(&first, Some("bytes=0-3")).await.status, 206);
    for r in [
        dest.put("upload.csv", "a\n").await,
        dest.delete(&first).await,
    ] {
        assert_eq!(r.status, 403);
        assert_eq!(r.code(), "AuthorizationPermissionMismatch");
    }
    let user = zone(&emu, "user_drop_zone").await;
    let crossed = Zone {
        uri: dest.uri.clone(),
        ..user
    };
    let r = crossed.list("").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "AuthenticationFailed");
    let unknown = Zone {
        uri: dest.uri.replace("dlz-destination", "elsewhere"),
        ..zone(&emu, "dlz_destination").await
    };
    assert_eq!(unknown.list("").await.code(), "ContainerNotFound");
}

#[tokio::test]
async fn the_request_log_never_holds_a_signature() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    z.list("delimiter=/").await;
    z.get("account.csv", Some("bytes=0-1")).await;
    z.put("uploads/log.csv", "a\n").await;
    let sig = z.token.split("sig=").nth(1).unwrap();
    let log = emu.handle.requests();
    let blob_lines: Vec<&String> = log.iter().filter(|l| l.contains("/blob/")).collect();
    assert_eq!(blob_lines.len(), 3, "{log:#?}");
    for line in &log {
        assert!(!line.contains(sig), "{line}");
        assert!(!line.contains(&sig.replace("%2B", "+").replace("%2F", "/")));
    }
    assert!(blob_lines.iter().all(|l| l.contains("sig=***")));
    assert_eq!(
        emu.handle.count(&format!(
            "GET {}",
            z.uri.trim_start_matches(&emu.handle.base_url())
        )),
        1
    );
}

#[tokio::test]
async fn injected_faults_reach_the_blob_endpoint_as_storage_errors() {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.faults = FaultConfig {
        error_rate: 1.0,
        methods: vec!["PUT".into()],
        ..FaultConfig::default()
    };
    let emu = Emu::with(cfg).await;
    let z = zone(&emu, "user_drop_zone").await;
    let r = z.put("uploads/f.csv", "a\n").await;
    assert!(r.status.is_server_error(), "{}", r.status);
    assert_eq!(r.code(), "InternalError");
    assert_eq!(z.list("").await.status, 200, "GETs are spared");
}

/// Azure's Content-MD5: computed for Put Blob, kept from `x-ms-blob-content-md5` for a
/// block list, given whole on a full read and as `x-ms-blob-content-md5` on a range;
/// the uncommitted block list names staged blocks with their sizes only.
#[tokio::test]
async fn content_md5_and_the_uncommitted_block_list() {
    let emu = Emu::start().await;
    let z = zone(&emu, "user_drop_zone").await;
    assert_eq!(z.put("md5/a.csv", "a").await.status, 201);
    let whole = z.get("md5/a.csv", None).await;
    assert_eq!(whole.header("content-md5"), "DMF1ucDxtqgxw5niaXcmYQ==");

    for (id, part) in [("MDA=", "ab"), ("MDE=", "c")] {
        let r = z
            .send(
                z.http
                    .put(z.blob_url(
                        "md5/b.csv",
                        &format!("comp=block&blockid={}", id.replace('=', "%3D")),
                    ))
                    .body(part),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let staged = z
        .send(
            z.http
                .get(z.blob_url("md5/b.csv", "comp=blocklist&blocklisttype=uncommitted")),
        )
        .await;
    let text = staged.text();
    assert!(
        text.contains("<UncommittedBlocks><Block><Name>MDA=</Name><Size>2</Size></Block>"),
        "{text}"
    );
    assert!(!text.contains("CommittedBlocks><Block"), "{text}");
    let list = "<BlockList><Latest>MDA=</Latest><Latest>MDE=</Latest></BlockList>";
    let committed = z
        .send(
            z.http
                .put(z.blob_url("md5/b.csv", "comp=blocklist"))
                // MD5 of "abc".
                .header("x-ms-blob-content-md5", "kAFQmDzST7DWlj99KOF/cg==")
                .body(list),
        )
        .await;
    assert_eq!(committed.status, 201, "{}", committed.text());
    let part = z.get("md5/b.csv", Some("bytes=0-0")).await;
    assert_eq!(part.status, 206);
    assert_eq!(
        part.header("x-ms-blob-content-md5"),
        "kAFQmDzST7DWlj99KOF/cg=="
    );
    let bad = z
        .send(
            z.http
                .put(z.blob_url("md5/b.csv", "comp=blocklist"))
                .header("x-ms-blob-content-md5", "not-md5")
                .body(list),
        )
        .await;
    assert_eq!(bad.status, 400);
}

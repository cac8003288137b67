//! The emulator's Azure Blob endpoint checks a SAS as Azure Storage does: a token from the
//! DLZ credentials endpoint opens its container; changing any field the Service SAS
//! string-to-sign carries (for the version issued, 2020-04-08), or presenting the token
//! for another container, or a blob token for another blob, is 403
//! `AuthenticationFailed` with Azure's detail, which never echoes the signature; an
//! expired token names its expiry; a token short of a permission is
//! `AuthorizationPermissionMismatch`. The S3 side is in `emulator_sas_s3.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::Method;
use sha2::Sha256;
use support::{DLZ, Emu};

const DAY_MS: i64 = 86_400_000;

/// A zone's container URL (without query) and its SAS token, as the credentials answer
/// gives them.
async fn sas(emu: &Emu, zone: &str) -> (String, String) {
    let c = emu.get(&format!("{DLZ}/credentials?type={zone}")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    let uri = c.body["SASUri"].as_str().unwrap();
    let (base, token) = uri.split_once('?').unwrap();
    (base.to_string(), token.to_string())
}

struct Answer {
    status: u16,
    code: String,
    body: String,
}

async fn call(method: Method, url: &str, body: &'static str) -> Answer {
    let r = reqwest::Client::new()
        .request(method, url)
        .header("x-ms-blob-type", "BlockBlob")
        .body(body)
        .send()
        .await
        .unwrap();
    Answer {
        status: r.status().as_u16(),
        code: r
            .headers()
            .get("x-ms-error-code")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
        body: r.text().await.unwrap(),
    }
}

/// The token with `field` set to `value` (added when the token has none).
fn with_field(token: &str, field: &str, value: &str) -> String {
    let mut found = false;
    let mut parts: Vec<String> = token
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k == field => {
                found = true;
                format!("{k}={value}")
            }
            _ => kv.to_string(),
        })
        .collect();
    if !found {
        parts.insert(0, format!("{field}={value}"));
    }
    parts.join("&")
}

fn assert_mismatch(a: &Answer, token: &str, what: &str) {
    assert_eq!(
        (a.status, a.code.as_str()),
        (403, "AuthenticationFailed"),
        "{what}: {}",
        a.body
    );
    assert!(
        a.body.contains(
            "<AuthenticationErrorDetail>Signature did not match. String to sign used was"
        ),
        "{what}: {}",
        a.body
    );
    let sig = token.split("sig=").nth(1).unwrap();
    let decoded = sig
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    assert!(
        !a.body.contains(sig) && !a.body.contains(&decoded),
        "{what} echoes the sig"
    );
}

#[tokio::test]
async fn each_signed_field_and_the_container_are_part_of_the_signature() {
    let emu = Emu::start().await;
    let (base, token) = sas(&emu, "user_drop_zone").await;
    let list = |t: &str| format!("{base}?restype=container&comp=list&{t}");
    let ok = call(Method::GET, &list(&token), "").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("account.csv"));
    let read = call(Method::GET, &format!("{base}/account.csv?{token}"), "").await;
    assert_eq!(read.status, 200, "{}", read.body);

    // Every field of the 2020-04-08 string-to-sign: the four the token carries changed,
    // the others added (absent, each signs as an empty line).
    let changes = [
        ("sp", "racwdlmt"),
        ("sp", "rl"),
        ("st", "2026-10-31T00%3A00%3A00Z"),
        ("se", "2027-01-01T00%3A00%3A00Z"),
        ("si", "dlz-00000000-0000-4000-8000-000000000000"),
        ("sip", "127.0.0.1"),
        ("spr", "https%2Chttp"),
        ("sv", "2021-08-06"),
        ("sr", "b"),
        ("snapshot", "2026-11-01T00%3A00%3A00.0000000Z"),
        ("rscc", "no-cache"),
        ("rscd", "attachment"),
        ("rsce", "gzip"),
        ("rscl", "en"),
        ("rsct", "text%2Fplain"),
    ];
    for (field, value) in changes {
        let edited = with_field(&token, field, value);
        let a = call(Method::GET, &list(&edited), "").await;
        assert_mismatch(&a, &edited, &format!("{field}={value}"));
    }
    // The signature itself, one character off.
    let sig = token.split("sig=").nth(1).unwrap();
    let flipped = format!(
        "{}{}",
        if sig.starts_with('A') { "B" } else { "A" },
        &sig[1..]
    );
    let edited = with_field(&token, "sig", &flipped);
    assert_mismatch(&call(Method::GET, &list(&edited), "").await, &edited, "sig");

    // The same token presented for the other container.
    let other = base.replace("dlz-user-container", "dlz-destination");
    let a = call(
        Method::GET,
        &format!("{other}?restype=container&comp=list&{token}"),
        "",
    )
    .await;
    assert_mismatch(&a, &token, "another container");
}

/// A blob token (`sr=b`) signed with the account key, as an Azure SDK holding it signs:
/// it opens its own blob and no other path.
#[tokio::test]
async fn a_blob_token_opens_its_blob_and_no_other_path() {
    let emu = Emu::start().await;
    let (base, _) = sas(&emu, "user_drop_zone").await;
    let key = emu.handle.storage_account_key("prod").unwrap();
    let account = base.split('/').rev().nth(1).unwrap().to_string();
    let fields = "sv=2020-04-08&se=2026-11-02T00%3A00%3A00Z&sr=b&sp=r";
    let sts = format!(
        "r\n\n2026-11-02T00:00:00Z\n/blob/{account}/dlz-user-container/account.csv\n\n\n\n2020-04-08\nb\n\n\n\n\n\n"
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(sts.as_bytes());
    let sig = STANDARD.encode(mac.finalize().into_bytes());
    let token = format!(
        "{fields}&sig={}",
        sig.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    );
    let own = call(Method::GET, &format!("{base}/account.csv?{token}"), "").await;
    assert_eq!(own.status, 200, "{}", own.body);
    let other = call(
        Method::GET,
        &format!("{base}/crm/contacts/contacts_us.csv?{token}"),
        "",
    )
    .await;
    assert_mismatch(&other, &token, "another blob path");
}

#[tokio::test]
async fn an_expired_token_names_its_expiry_and_permissions_are_held_to_sp() {
    let emu = Emu::start().await;
    let (base, token) = sas(&emu, "user_drop_zone").await;
    let put = call(Method::PUT, &format!("{base}/sas/new.csv?{token}"), "a,b\n").await;
    assert_eq!(put.status, 201, "{}", put.body);

    // The destination container's token reads and lists only.
    let (dest, dest_token) = sas(&emu, "dlz_destination").await;
    let a = call(Method::PUT, &format!("{dest}/mine.csv?{dest_token}"), "x").await;
    assert_eq!(
        (a.status, a.code.as_str()),
        (403, "AuthorizationPermissionMismatch"),
        "{}",
        a.body
    );
    let a = call(
        Method::DELETE,
        &format!("{base}/sas/new.csv?{}", with_field(&token, "sp", "rl")),
        "",
    )
    .await;
    assert_eq!(
        a.code, "AuthenticationFailed",
        "an sp edited to fit is a mismatch, not a permission"
    );

    emu.handle.clock.advance(7 * DAY_MS + 1000);
    let a = call(Method::GET, &format!("{base}/sas/new.csv?{token}"), "").await;
    assert_eq!(
        (a.status, a.code.as_str()),
        (403, "AuthenticationFailed"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("Signature not valid in the specified time frame: Start [Sun, 01 Nov 2026 00:00:00 GMT] - Expiry [Sun, 08 Nov 2026 00:00:00 GMT] - Current [Sun, 08 Nov 2026 00:00:01 GMT]"),
        "{}",
        a.body
    );
}

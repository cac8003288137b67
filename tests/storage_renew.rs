//! flowscope's storage client against the emulator's signature checks when credentials
//! stop working: past their expiry (the emulator's clock moved on), a list, a download
//! and an upload each go on after one credentials call, for an Azure SAS and for S3
//! session keys; a SAS with an edited field is refused with `AuthenticationFailed`,
//! shown with its code, and not sent again when the API has nothing newer to give; an
//! expired token's refusal names the expiry.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::api::storage::{
    Storage, StorageError, StorageOptions, TransferOptions, with_renewal,
};
use flowscope::api::{Client, ClientConfig};
use flowscope::emulator::{self, DlzProvider, EmulatorConfig, EmulatorHandle};
use flowscope::model::{DlzCredentials, DlzType, Secret};
use tokio_util::sync::CancellationToken;

const DAY_MS: i64 = 86_400_000;
const CREDENTIALS: &str = "GET /data/foundation/connectors/landingzone/credentials";
const ZONE: DlzType = DlzType::UserDropZone;

async fn start(provider: DlzProvider) -> (EmulatorHandle, Client, StorageOptions) {
    let cfg = EmulatorConfig {
        dlz_provider: provider,
        ..EmulatorConfig::for_tests()
    };
    let emu = emulator::start(([127, 0, 0, 1], 0).into(), cfg)
        .await
        .unwrap();
    let client = Client::new(ClientConfig::for_emulator(&emu.base_url())).unwrap();
    let opts = StorageOptions {
        s3_endpoint: Some(emu.s3_endpoint()),
        s3_region: Some("us-east-1".into()),
        allow_http: true,
    };
    (emu, client, opts)
}

/// Requests of the storage API received so far (`/blob/…` or `/s3/…`).
fn storage_requests(emu: &EmulatorHandle) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.contains(" /blob/") || r.contains(" /s3/"))
        .count()
}

async fn expired_credentials_are_renewed_once_per_call(provider: DlzProvider) {
    let (emu, client, opts) = start(provider).await;
    let creds = client.landing_zone_credentials(ZONE).await.unwrap();
    let stale = Storage::open(&creds, &opts).unwrap();
    assert!(stale.list("").await.is_ok());
    emu.clock.advance(8 * DAY_MS);
    let refused = stale.list("").await.unwrap_err();
    assert!(refused.is_expired(), "{refused:?}");
    // The IMS token expired too: one platform call renews it, so the counts below are
    // of credentials calls only.
    client.landing_zone(ZONE).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("renewed.csv");
    std::fs::write(&src, "id\n1\n2\n").unwrap();
    let back = dir.path().join("back.csv");
    let transfer = TransferOptions::default();
    let never = CancellationToken::new();
    let fetch = || client.landing_zone_credentials(ZONE);

    let before = emu.count(CREDENTIALS);
    let (listed, renewed) =
        with_renewal(&stale, &opts, fetch, |s| async move { s.list("").await }).await;
    // The files were written a week ago and the TTL has taken them: the listing is
    // empty, and it is a listing.
    assert!(listed.unwrap().files.is_empty());
    assert!(renewed.is_some());
    assert_eq!(emu.count(CREDENTIALS), before + 1, "one credentials call");

    let (sent, renewed) = with_renewal(&stale, &opts, fetch, |s| {
        let (src, transfer, never) = (&src, &transfer, &never);
        async move {
            s.upload(src, "renewed/renewed.csv", true, transfer, &|_| {}, never)
                .await
        }
    })
    .await;
    assert_eq!(sent.unwrap().size, 7);
    assert!(renewed.is_some());
    let (got, _) = with_renewal(&stale, &opts, fetch, |s| {
        let (back, transfer, never) = (&back, &transfer, &never);
        async move {
            s.download("renewed/renewed.csv", back, transfer, &|_| {}, never)
                .await
        }
    })
    .await;
    assert_eq!(got.unwrap().size, 7);
    assert_eq!(std::fs::read_to_string(&back).unwrap(), "id\n1\n2\n");
    assert_eq!(
        emu.count(CREDENTIALS),
        before + 3,
        "one credentials call each"
    );
}

#[tokio::test]
async fn an_expired_sas_is_renewed_once_and_the_call_goes_on() {
    expired_credentials_are_renewed_once_per_call(DlzProvider::Azure).await;
}

#[tokio::test]
async fn an_expired_s3_session_is_renewed_once_and_the_call_goes_on() {
    expired_credentials_are_renewed_once_per_call(DlzProvider::AmazonS3).await;
}

/// The credentials with `sp` (in the SAS URI and the token) changed.
fn edited(creds: &DlzCredentials) -> DlzCredentials {
    let edit = |s: &Option<Secret>| {
        s.as_ref()
            .map(|s| Secret::new(s.expose().replace("sp=racwdlm", "sp=racwdl")))
    };
    DlzCredentials {
        sas_uri: edit(&creds.sas_uri),
        sas_token: edit(&creds.sas_token),
        ..creds.clone()
    }
}

#[tokio::test]
async fn an_edited_sas_is_refused_with_its_code_and_not_sent_blindly_again() {
    let (emu, client, opts) = start(DlzProvider::Azure).await;
    let creds = client.landing_zone_credentials(ZONE).await.unwrap();
    let tampered = edited(&creds);
    let storage = Storage::open(&tampered, &opts).unwrap();

    // The API hands out nothing newer than what was refused: the refusal stands.
    let (before, sent_before) = (emu.count(CREDENTIALS), storage_requests(&emu));
    let same = tampered.clone();
    let fetch = || async move { Ok::<_, flowscope::api::ApiError>(same) };
    let (listed, renewed) =
        with_renewal(&storage, &opts, fetch, |s| async move { s.list("").await }).await;
    let e = listed.unwrap_err();
    assert!(renewed.is_none());
    assert_eq!(e.code(), Some("AuthenticationFailed"));
    let shown = e.to_string();
    assert!(
        shown.contains("AuthenticationFailed: Signature did not match."),
        "{shown}"
    );
    assert!(!shown.contains("String to sign"), "{shown}");
    let sig = creds
        .sas_token
        .as_ref()
        .unwrap()
        .expose()
        .split("sig=")
        .nth(1)
        .unwrap()
        .to_string();
    assert!(!shown.contains(&sig) && !format!("{e:?}").contains(&sig));
    assert_eq!(
        storage_requests(&emu),
        sent_before + 1,
        "sent once, not again"
    );
    assert_eq!(
        emu.count(CREDENTIALS),
        before,
        "the test's own source answered"
    );

    // The API's own answer is the unedited token: the call goes on with it.
    let fetch = || client.landing_zone_credentials(ZONE);
    let (listed, renewed) =
        with_renewal(&storage, &opts, fetch, |s| async move { s.list("").await }).await;
    assert!(listed.is_ok() && renewed.is_some());
}

#[tokio::test]
async fn a_refusal_of_expired_credentials_names_the_expiry() {
    let (emu, client, opts) = start(DlzProvider::Azure).await;
    let creds = client.landing_zone_credentials(ZONE).await.unwrap();
    let storage = Storage::open(&creds, &opts).unwrap();
    emu.clock.advance(8 * DAY_MS);
    let e = storage.list("").await.unwrap_err();
    assert!(
        matches!(&e, StorageError::Expired { code: Some(c), .. } if c == "AuthenticationFailed")
    );
    let shown = e.to_string();
    assert!(
        shown.contains("Expiry [Sun, 08 Nov 2026 00:00:00 GMT]"),
        "{shown}"
    );

    // S3 says only that the token expired: the credentials' own expiry is added.
    let (emu, client, opts) = start(DlzProvider::AmazonS3).await;
    let creds = client.landing_zone_credentials(ZONE).await.unwrap();
    let storage = Storage::open(&creds, &opts).unwrap();
    emu.clock.advance(8 * DAY_MS);
    let e = storage.list("").await.unwrap_err();
    assert_eq!(e.code(), Some("ExpiredToken"));
    let shown = e.to_string();
    assert!(
        shown.contains("valid until 2026-11-08T00:00:00Z"),
        "{shown}"
    );
}

//! A real storage client against the emulator's blob endpoint: object_store's
//! `MicrosoftAzureBuilder`, configured from the DLZ credentials the way flowscope does,
//! lists, reads ranges, uploads whole and in parts, deletes (through Blob Batch) and is
//! refused where the token does not allow it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use futures::TryStreamExt;
use object_store::azure::{AzureConfigKey, MicrosoftAzure, MicrosoftAzureBuilder};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, UpdateVersion};
use support::{DLZ, Emu};

async fn store(emu: &Emu, kind: &str) -> MicrosoftAzure {
    let c = emu.get(&format!("{DLZ}/credentials?type={kind}")).await;
    let container = c.body["containerName"].as_str().unwrap();
    let (uri, sas) = c.body["SASUri"].as_str().unwrap().split_once('?').unwrap();
    let endpoint = uri.strip_suffix(&format!("/{container}")).unwrap();
    MicrosoftAzureBuilder::new()
        .with_account(c.body["storageAccountName"].as_str().unwrap())
        .with_container_name(container)
        .with_endpoint(endpoint.to_string())
        .with_allow_http(true)
        .with_config(AzureConfigKey::SasKey, sas)
        .build()
        .unwrap()
}

#[tokio::test]
async fn lists_and_reads_ranges_as_the_sdk_expects() {
    let emu = Emu::start().await;
    let s = store(&emu, "user_drop_zone").await;
    let crm: Vec<_> = s
        .list(Some(&Path::from("crm")))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(crm.len(), 4, "{crm:?}");
    assert!(crm.iter().all(|m| m.size > 0 && m.e_tag.is_some()));
    let after: Vec<_> = s
        .list_with_offset(
            Some(&Path::from("crm")),
            &Path::from("crm/contacts/contacts_us.csv"),
        )
        .try_collect()
        .await
        .unwrap();
    let names: Vec<String> = after.iter().map(|m| m.location.to_string()).collect();
    assert_eq!(
        names,
        ["crm/leads/leads_2026-10.csv.gz", "crm/opportunities.csv"]
    );

    let root = s.list_with_delimiter(None).await.unwrap();
    assert!(root.common_prefixes.contains(&Path::from("crm")));
    let account = root
        .objects
        .iter()
        .find(|m| m.location == Path::from("account.csv"))
        .unwrap()
        .clone();

    let whole = s
        .get(&account.location)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(whole.len() as u64, account.size);
    let before = emu.handle.blob_bytes_served();
    let part = s.get_range(&account.location, 5..25).await.unwrap();
    assert_eq!(part, whole.slice(5..25));
    assert_eq!(emu.handle.blob_bytes_served() - before, 20);
    let head = s.head(&account.location).await.unwrap();
    assert_eq!(head.size, account.size);
    assert_eq!(head.e_tag, account.e_tag.map(|e| format!("\"{e}\"")));

    // The 1 GiB export is listed with its size and its head costs only the head.
    let huge = Path::from("exports/clickstream_2026-10_full.csv");
    let meta = s.head(&huge).await.unwrap();
    assert!(meta.size > 1_000_000_000);
    let first = s.get_range(&huge, 0..4096).await.unwrap();
    assert!(first.starts_with(b"session_id,"));
    assert_eq!(
        emu.handle
            .blob_bytes_served_for("dlz-user-container/exports/clickstream_2026-10_full.csv"),
        4096
    );
}

#[tokio::test]
async fn uploads_conditional_puts_multipart_and_batch_deletes() {
    let emu = Emu::start().await;
    let s = store(&emu, "user_drop_zone").await;
    let p = Path::from("uploads/client.csv");
    let put = s
        .put(&p, PutPayload::from_static(b"a,b\n1,2\n"))
        .await
        .unwrap();
    let got = s.get(&p).await.unwrap().bytes().await.unwrap();
    assert_eq!(got.as_ref(), b"a,b\n1,2\n");

    let create = PutOptions::from(PutMode::Create);
    let err = s
        .put_opts(&p, PutPayload::from_static(b"x"), create)
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::AlreadyExists { .. }),
        "{err}"
    );
    let stale = PutMode::Update(UpdateVersion {
        e_tag: Some("\"0x8DE0000000000000\"".into()),
        version: None,
    });
    let err = s
        .put_opts(&p, PutPayload::from_static(b"x"), stale.into())
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::Precondition { .. }),
        "{err}"
    );
    let current = PutMode::Update(UpdateVersion {
        e_tag: put.e_tag,
        version: None,
    });
    s.put_opts(&p, PutPayload::from_static(b"a,b\n3,4\n"), current.into())
        .await
        .unwrap();

    let big = Path::from("uploads/parts.csv");
    let mut upload = s.put_multipart(&big).await.unwrap();
    for part in ["id\n", "1\n", "2\n"] {
        upload
            .put_part(PutPayload::from(part.as_bytes().to_vec()))
            .await
            .unwrap();
    }
    upload.complete().await.unwrap();
    let got = s.get(&big).await.unwrap().bytes().await.unwrap();
    assert_eq!(got.as_ref(), b"id\n1\n2\n");

    s.delete(&p).await.unwrap();
    let err = s.get(&p).await.unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
    let err = s.delete(&p).await.unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
    let left: Vec<_> = s
        .list(Some(&Path::from("uploads")))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
}

#[tokio::test]
async fn the_destination_token_reads_but_does_not_write() {
    let emu = Emu::start().await;
    let s = store(&emu, "dlz_destination").await;
    let files: Vec<_> = s.list(None).try_collect().await.unwrap();
    assert!(!files.is_empty());
    let err = s
        .put(&Path::from("mine.csv"), PutPayload::from_static(b"x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::PermissionDenied { .. }),
        "{err}"
    );
    let err = s.delete(&files[0].location).await.unwrap_err();
    assert!(
        !matches!(err, object_store::Error::NotFound { .. }),
        "{err}"
    );
    assert!(s.head(&files[0].location).await.is_ok(), "still there");
}

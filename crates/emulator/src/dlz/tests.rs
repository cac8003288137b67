//! Tests of the landing zone as the routes will use it: listings, previews, parameter
//! errors, the generated large file, and credential rotation.

use serde_json::{Value, json};

use super::*;
use crate::clock::TEST_EPOCH_MS;
use crate::problem::Problem;

const NOW: EpochMs = TEST_EPOCH_MS;

pub(super) fn store() -> DlzStore {
    DlzStore::demo("prod", 42, NOW)
}

pub(super) fn q(pairs: &[(&str, &str)]) -> Result<ExploreQuery, Problem> {
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ExploreQuery::from_pairs(&owned)
}

pub(super) fn explore(pairs: &[(&str, &str)]) -> Result<Value, Problem> {
    store().explore(&q(pairs)?)
}

pub(super) fn code(p: &Problem) -> (u16, u16) {
    match p {
        Problem::Flow { code, status, .. } => (*code, *status),
        other => panic!("not a flow problem: {other:?}"),
    }
}

pub(super) fn preview_of(path: &str, file_type: &str) -> Value {
    explore(&[
        ("objectType", "file"),
        ("object", path),
        ("fileType", file_type),
        ("preview", "True"),
    ])
    .unwrap()
}

pub(super) fn column_types(v: &Value) -> Vec<(String, String)> {
    v["schema"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().into(),
                c["type"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn root_listing_is_a_bare_array_of_files_and_folders() {
    let v = explore(&[("objectType", "root")]).unwrap();
    let items = v.as_array().expect("bare array");
    let account = items.iter().find(|e| e["name"] == "account.csv").unwrap();
    assert_eq!(
        account,
        &json!({"type": "file", "name": "account.csv", "path": "dlz-user-container/account.csv",
                "canPreview": true, "canFetchSchema": true})
    );
    let crm = items.iter().find(|e| e["name"] == "crm").unwrap();
    assert_eq!(crm["type"], "folder");
    assert_eq!(crm["path"], "dlz-user-container/crm/");
    assert_eq!(crm["canPreview"], false);
    assert!(items.iter().all(|e| {
        e["path"]
            .as_str()
            .unwrap()
            .starts_with("dlz-user-container/")
    }));
}

#[test]
fn nested_folders_list_their_direct_children_only() {
    let v = explore(&[
        ("objectType", "folder"),
        ("object", "dlz-user-container/loyalty/transactions/2026/10"),
    ])
    .unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "transactions_2026-10-29.parquet",
            "transactions_2026-10-30.parquet",
            "transactions_2026-10-31.parquet"
        ]
    );
    let loyalty = store().list("dlz-user-container/loyalty/").unwrap();
    let kinds: Vec<(bool, &str)> = loyalty
        .iter()
        .map(|e| (e.is_folder, e.name.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (false, "members.json"),
            (false, "tiers.json"),
            (true, "transactions")
        ]
    );
}

#[test]
fn the_demo_tree_has_enough_real_files_in_both_containers() {
    let s = store();
    let user = s
        .files()
        .filter(|f| f.path.starts_with("dlz-user-container/"))
        .count();
    let dest = s
        .files()
        .filter(|f| f.path.starts_with("dlz-destination/"))
        .count();
    assert!(user >= 20, "{user} files in the user container");
    assert!(dest >= 2, "{dest} files in the destination container");
    for f in s.files() {
        assert!(f.size > 0, "{} is empty", f.path);
        assert!(f.last_modified < NOW && NOW - f.last_modified < TTL_DAYS * DAY_MS);
        assert!(!f.content_type.is_empty());
    }
    assert_eq!(
        s.files().count(),
        DlzStore::demo("prod", 42, NOW).files().count()
    );
}

#[test]
fn the_large_file_is_generated_and_read_by_range() {
    let s = store();
    let big = s.get(files::BIG_CSV_PATH).unwrap();
    assert!(big.size >= 50 * 1024 * 1024, "{}", big.size);
    let tail = s
        .read_range(files::BIG_CSV_PATH, big.size - 1_000, 4_096)
        .unwrap();
    assert_eq!(tail.len(), 1_000, "clamped at the end");
    assert!(tail.ends_with(b"\n"));
    let mid = s.read_range(files::BIG_CSV_PATH, 33_333_333, 512).unwrap();
    assert_eq!(
        mid,
        s.read_range(files::BIG_CSV_PATH, 33_333_333, 512).unwrap()
    );
    assert_eq!(
        mid,
        DlzStore::demo("prod", 42, NOW)
            .read_range(files::BIG_CSV_PATH, 33_333_333, 512)
            .unwrap()
    );
    assert!(s.read_range(files::BIG_CSV_PATH, big.size + 1, 1).is_err());
    assert!(
        s.read_range(files::BIG_CSV_PATH, big.size, 1)
            .unwrap()
            .is_empty()
    );

    let v = explore(&[
        ("objectType", "file"),
        ("object", files::BIG_CSV_PATH),
        ("determineProperties", "true"),
    ])
    .unwrap();
    assert_eq!(v["data"].as_array().unwrap().len(), 100);
    let types = column_types(&v);
    assert_eq!(types[2], ("started_at".into(), "date-time".into()));
    assert_eq!(types[5], ("hits".into(), "integer".into()));
    assert_eq!(types[7], ("revenue".into(), "double".into()));
    // Streaming the preview rows touches a single range read, not the file.
    let r = reader::RangeReader::new(big, 0);
    let fetched = r.fetched();
    let rows = csv::Reader::from_reader(r).records().take(100).count();
    assert_eq!(rows, 100);
    assert!(fetched.load(std::sync::atomic::Ordering::Relaxed) <= 64 * 1024);
}

#[test]
fn the_gigabyte_export_is_computed_and_previewed_from_its_head() {
    let s = store();
    let huge = s.get(files::HUGE_CSV_PATH).unwrap();
    assert!(huge.size >= 1 << 30, "{}", huge.size);
    let tail = s
        .read_range(files::HUGE_CSV_PATH, huge.size - 100, 100)
        .unwrap();
    assert_eq!(
        tail.iter().filter(|b| **b == b',').count(),
        7,
        "one whole row"
    );
    let last = String::from_utf8_lossy(&tail).to_string();
    assert!(
        last.contains(",2026-10-30T") || last.contains(",2026-10-31T"),
        "{last}"
    );

    let v = explore(&[
        ("objectType", "file"),
        ("object", files::HUGE_CSV_PATH),
        ("determineProperties", "true"),
    ])
    .unwrap();
    assert_eq!(v["data"][0]["started_at"], "2026-10-01T00:00:00Z");
    let r = reader::RangeReader::new(huge, 0);
    let fetched = r.fetched();
    assert_eq!(csv::Reader::from_reader(r).records().take(100).count(), 100);
    assert!(fetched.load(std::sync::atomic::Ordering::Relaxed) <= 64 * 1024);
}

#[test]
fn credentials_rotate_on_refresh_and_renew_after_expiry() {
    let mut s = store();
    let kind = DlzKind::UserDropZone;
    let first = s.credentials(kind, NOW);
    assert_eq!(first["containerName"], "dlz-user-container");
    let token = first["SASToken"].as_str().unwrap().to_string();
    assert!(token.starts_with("sv=2020-04-08&si=dlz-") && token.contains("&sr=c&sp=racwdlm&sig="));
    let account = s.storage_account_name().to_string();
    assert_eq!(first["storageAccountName"], account.as_str());
    assert_eq!(
        first["SASUri"],
        format!("https://{account}.blob.core.windows.net/dlz-user-container?{token}")
    );
    assert_eq!(first["expiryDate"], "2026-11-08");
    assert_eq!(
        s.credentials(kind, NOW + 1_000),
        first,
        "stable until refreshed"
    );

    let sig = |v: &Value| v["SASToken"].as_str().unwrap().to_string();
    assert!(s.sas_is_valid(kind, &sig(&first), NOW + 5));
    let refreshed = s.refresh(kind, NOW + 2 * DAY_MS);
    assert_ne!(sig(&refreshed), sig(&first));
    assert_eq!(refreshed["expiryDate"], "2026-11-10");
    assert!(!s.sas_is_valid(kind, &sig(&first), NOW + 2 * DAY_MS));
    assert!(s.sas_is_valid(kind, &sig(&refreshed), NOW + 2 * DAY_MS));

    // Past expiry, a plain GET issues a fresh token.
    let later = NOW + 10 * DAY_MS;
    assert!(!s.sas_is_valid(kind, &sig(&refreshed), later));
    let renewed = s.credentials(kind, later);
    assert_ne!(sig(&renewed), sig(&refreshed));
    assert!(s.sas_is_valid(kind, &sig(&renewed), later));

    // The same history replays to the same signatures.
    let mut again = store();
    again.credentials(kind, NOW);
    assert_eq!(sig(&again.refresh(kind, NOW + 2 * DAY_MS)), sig(&refreshed));

    let dest = s.credentials(DlzKind::DlzDestination, NOW);
    assert!(dest["SASToken"].as_str().unwrap().contains("&sp=rl&"));
    s.set_blob_base_url(Some("http://127.0.0.1:8080/blob/acct/".into()));
    let uri = s.credentials(DlzKind::DlzDestination, NOW)["SASUri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.starts_with("http://127.0.0.1:8080/blob/acct/dlz-destination?sv="),
        "{uri}"
    );
}

#[test]
fn containers_and_types_use_the_azure_shape() {
    let s = store();
    assert_eq!(
        s.container(DlzKind::UserDropZone),
        json!({"containerName": "dlz-user-container", "containerTTL": "7"})
    );
    assert_eq!(
        s.container(DlzKind::DlzDestination)["containerName"],
        "dlz-destination"
    );
    assert_eq!(
        DlzKind::from_type("DLZ_DESTINATION"),
        Some(DlzKind::DlzDestination)
    );
    assert_eq!(DlzKind::from_type("other"), None);
}

#[test]
fn uploads_deletes_and_ttl_purges() {
    let mut s = store();
    let path = "dlz-user-container/uploads/new.csv";
    s.put(
        path,
        bytes::Bytes::from_static(b"a,b\n1,2\n"),
        "text/csv",
        NOW,
    )
    .unwrap();
    assert_eq!(s.read_range(path, 2, 100).unwrap().as_ref(), b"b\n1,2\n");
    assert!(
        s.list("dlz-user-container/")
            .unwrap()
            .iter()
            .any(|e| e.path == "dlz-user-container/uploads/")
    );
    assert!(
        s.put("elsewhere/x.csv", bytes::Bytes::new(), "text/csv", NOW)
            .is_err()
    );
    assert!(s.delete(path).is_ok());
    assert!(s.delete(path).is_err());
    assert_eq!(s.purge_expired(NOW), 0);
    let total = s.files().count();
    assert_eq!(s.purge_expired(NOW + 8 * DAY_MS), total);
    assert!(
        s.list("dlz-user-container").unwrap().is_empty(),
        "containers always exist"
    );
}

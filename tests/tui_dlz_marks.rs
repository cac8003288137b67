//! Marks in the landing zone's storage folders, driven by keys through the whole app loop
//! against the emulator: three marked files deleted after one question (each DELETE sent
//! once, one journal entry each, gone from the container; one deleted by someone else
//! meanwhile counts as done, said so), the same on an S3-provisioned zone, and marked
//! files downloaded into a folder in one transfer, the second time after a question
//! naming what it would replace; with snapshots of the marked list, the delete question
//! and its summary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::storage::{Storage, StorageOptions};
use flowscope::api::{Client, ClientConfig};
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::nav::ListKind;
use flowscope::emulator::EmulatorConfig;
use flowscope::model::DlzType;
use insta::assert_snapshot;
use support::tui::Tui;

const W: u16 = 120;
const H: u16 = 30;

/// The demo's `products/` folder in storage: four files.
async fn products(t: &mut Tui) {
    t.keys("5b");
    t.settle().await;
    t.open_named("products");
    t.settle().await;
}

/// The deletes the storage received: object_store deletes an Azure blob with a Blob
/// Batch request (one sub-request here, as each file goes on its own).
fn deletes(t: &Tui) -> Vec<String> {
    let requests = t.emu.requests();
    requests
        .into_iter()
        .filter(|r| r.starts_with("DELETE /blob/") || r.contains("comp=batch"))
        .collect()
}

#[tokio::test]
async fn three_marked_files_are_deleted_once_each_and_journaled() {
    let mut t = Tui::start(W, H).await;
    products(&mut t).await;
    // The first three of catalog.json, catalog.parquet, inventory.csv, prices_eur.csv.
    t.keys("<space><space><space>");
    let screen = t.screen();
    assert!(screen.contains("· 3 marked"), "{screen}");
    assert!(
        screen.contains("X delete"),
        "the footer offers it: {screen}"
    );
    assert_snapshot!("dlz_marks_marked", screen);

    t.keys("X");
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    let asked = t.screen();
    assert!(asked.contains("Delete 3 files ("), "{asked}");
    assert_snapshot!("dlz_marks_delete_question", asked);
    assert!(deletes(&t).is_empty(), "asked, not sent");
    // Someone else deletes one of them meanwhile: it counts as deleted, and says so.
    let c = Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap();
    let creds = c
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    let other = Storage::open(&creds, &StorageOptions::default()).unwrap();
    other.delete("products/catalog.json").await.unwrap();
    let before = deletes(&t).len();

    t.keys("y");
    t.wait_for("bulk finished").await;
    let l = t.app().list().expect("the summary is a list");
    assert_eq!(l.kind, ListKind::BulkEnds, "{}", t.screen());
    let ends: Vec<(String, String)> = l
        .rows()
        .map(|r| (r.cell(0).to_string(), r.cell(2).to_string()))
        .collect();
    let gone = (
        "done".to_string(),
        "already gone: nothing to delete".to_string(),
    );
    let done = ("done".to_string(), String::new());
    assert_eq!(ends, [gone, done.clone(), done], "{}", t.screen());
    let screen = t.screen();
    assert!(
        screen.contains("3 done, 0 refused, 0 unsure, 0 skipped"),
        "{screen}"
    );
    assert_snapshot!("dlz_marks_delete_summary", screen);

    // One DELETE a file still there, and the container no longer has them.
    assert_eq!(deletes(&t).len() - before, 2, "{:?}", deletes(&t));
    let left = c
        .explore_landing_zone(Some("dlz-user-container/products/"))
        .await
        .unwrap();
    let left: Vec<&str> = left.0.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(left, ["prices_eur.csv"]);
    let journal = t.journal();
    assert_eq!(journal.len(), 3, "{journal:?}");
    assert!(
        journal.iter().all(|(r, _)| r == "landingzone"),
        "{journal:?}"
    );
    // Back in the folder, the rows are gone and nothing is marked.
    t.keys("<esc>");
    let l = t.app().list().unwrap();
    assert_eq!((l.kind, l.marked()), (ListKind::Blobs, 0));
    assert_eq!(l.rows().count(), 1, "{}", t.screen());
}

#[tokio::test]
async fn marked_files_download_into_a_folder_and_ask_before_replacing_any() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tui::start(W, H).await;
    products(&mut t).await;
    t.keys("<c-a>D");
    assert!(matches!(t.app().overlay, Some(Overlay::Input(_))));
    t.keys("<bs><bs>");
    t.keys(&dir.path().display().to_string());
    t.keys("<enter>");
    t.wait_for("transfer finished").await;
    let mut got: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    got.sort();
    let want = [
        "catalog.json",
        "catalog.parquet",
        "inventory.csv",
        "prices_eur.csv",
    ];
    assert_eq!(got, want);
    let transfers = &t.app().dlz.transfers.list;
    assert_eq!(transfers.len(), 1, "one transfer for all of them");
    assert_eq!(
        transfers[0].what(),
        format!("4 files → {}", dir.path().display())
    );

    // Again into the same folder: the question names the files it would replace.
    t.keys("D<bs><bs>");
    t.keys(&dir.path().display().to_string());
    t.keys("<enter>");
    t.wait_for("planned").await;
    let asked = t.screen();
    assert!(asked.contains("Download 4 files ("), "{asked}");
    assert!(asked.contains("4 files already exist"), "{asked}");
    assert!(asked.contains("inventory.csv"), "{asked}");
    t.keys("n");
    assert_eq!(t.app().dlz.transfers.list.len(), 1, "nothing started");
}

#[tokio::test]
async fn marked_files_of_an_s3_provisioned_zone_are_deleted_through_s3() {
    let cfg = EmulatorConfig {
        dlz_provider: flowscope::emulator::DlzProvider::AmazonS3,
        ..EmulatorConfig::for_tests()
    };
    let mut t = Tui::start_with(cfg, W, H).await;
    products(&mut t).await;
    t.keys("<space><space>X");
    assert!(t.screen().contains("Delete 2 files ("), "{}", t.screen());
    t.keys("y");
    t.wait_for("bulk finished").await;
    assert!(
        t.screen()
            .contains("2 done, 0 refused, 0 unsure, 0 skipped"),
        "{}",
        t.screen()
    );
    let s3_deletes = t
        .emu
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST /s3/") && r.ends_with("?delete"))
        .count();
    // object_store deletes an S3 object with DeleteObjects, one object each here.
    assert_eq!(s3_deletes, 2);
    assert_eq!(t.journal().len(), 2);
}

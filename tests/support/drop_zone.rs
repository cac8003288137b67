//! The emulator's user drop zone as a test opens it: the storage with the credentials
//! the DLZ API hands out now, a file read back whole to compare bytes, and the bytes to
//! send.

use flowscope::api::storage::{Storage, StorageOptions, TransferOptions};
use flowscope::api::{Client, ClientConfig};
use flowscope::model::DlzType;

/// The user drop zone of the emulator at `base_url`.
pub async fn open(base_url: &str) -> Storage {
    let c = Client::new(ClientConfig::for_emulator(base_url)).unwrap();
    let creds = c
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    Storage::open(&creds, &StorageOptions::default()).unwrap()
}

/// The file at `path` in the user drop zone, whole.
pub async fn read(base_url: &str, path: &str) -> Vec<u8> {
    let s = open(base_url).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("read-back");
    s.download(
        path,
        &out,
        &TransferOptions::default(),
        &|_| {},
        &Default::default(),
    )
    .await
    .unwrap();
    std::fs::read(out).unwrap()
}

/// Deterministic bytes that compress about as badly as real data.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

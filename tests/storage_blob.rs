//! The storage client against flowscope's own emulator and against Azurite, an
//! independent implementation of the Azure Blob API, through the same SAS URIs a DLZ
//! credentials answer holds: one scenario, two servers. Start Azurite with
//! `eval "$(scripts/azurite.sh)"` (it prints the three FLOWSCOPE_AZURITE_* variables);
//! without them the run is skipped, unless FLOWSCOPE_REQUIRE_AZURITE=1 makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use flowscope::api::storage::{Storage, StorageOptions};
use flowscope::api::{Client, ClientConfig};
use flowscope::emulator::{self, EmulatorConfig};
use flowscope::model::{DlzCredentials, DlzType, Secret};

#[path = "support/storage_scenario.rs"]
mod storage_scenario;

use storage_scenario::{Others, scenario};

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// What the DLZ credentials call would answer, reduced to the SAS URI.
fn open(sas_uri: &str) -> Storage {
    let creds = DlzCredentials {
        sas_uri: Some(Secret::new(sas_uri)),
        ..DlzCredentials::default()
    };
    Storage::open(&creds, &StorageOptions::default()).unwrap()
}

#[tokio::test]
async fn azurite_scenario() {
    let Some(uri) = var("FLOWSCOPE_AZURITE_SAS_URI") else {
        let why = "FLOWSCOPE_AZURITE_SAS_URI is not set";
        if var("FLOWSCOPE_REQUIRE_AZURITE").as_deref() == Some("1") {
            panic!(
                "{why}, and FLOWSCOPE_REQUIRE_AZURITE=1: start Azurite with eval \"$(scripts/azurite.sh)\""
            );
        }
        // Straight to stderr: the test harness would swallow eprintln! of a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "storage_blob: Azurite run SKIPPED ({why}); to run it: eval \"$(scripts/azurite.sh)\" && cargo test --test suite storage_blob"
        );
        return;
    };
    let others = Others {
        read_only: var("FLOWSCOPE_AZURITE_READONLY_SAS_URI").map(|u| open(&u)),
        expired: var("FLOWSCOPE_AZURITE_EXPIRED_SAS_URI").map(|u| open(&u)),
        server_now_ms: chrono::Utc::now().timestamp_millis(),
    };
    scenario(open(&uri), others).await;
}

/// The emulator: the drop zone with its live SAS; the read-only case is the destination
/// container (its SAS is read and list only); the expired case is a SAS revoked by a
/// refresh, which the service refuses the same way (`AuthenticationFailed`).
#[tokio::test]
async fn emulator_scenario() {
    let emu = emulator::start(([127, 0, 0, 1], 0).into(), EmulatorConfig::for_tests())
        .await
        .unwrap();
    let c = Client::new(ClientConfig::for_emulator(&emu.base_url())).unwrap();
    let opts = StorageOptions::default();
    let old = c
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    let live = c
        .refresh_landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    let dest = c
        .landing_zone_credentials(DlzType::DlzDestination)
        .await
        .unwrap();
    let others = Others {
        read_only: Some(Storage::open(&dest, &opts).unwrap()),
        expired: Some(Storage::open(&old, &opts).unwrap()),
        server_now_ms: emu.clock.now_ms(),
    };
    scenario(Storage::open(&live, &opts).unwrap(), others).await;
}

/// Uploads through a flaky storage: half the writes fail with a 5xx, and the file
/// still arrives whole (each block is retried with the same id and bytes, so a retry
/// cannot corrupt it). Faults come from the emulator's seeded generator, drawn by PUTs
/// only, so which ones fail is the same on every run.
#[tokio::test]
async fn emulator_uploads_survive_server_errors() {
    use flowscope::api::storage::TransferOptions;
    use flowscope::emulator::FaultConfig;
    let cfg = EmulatorConfig {
        faults: FaultConfig {
            error_rate: 0.5,
            methods: vec!["PUT".into()],
            ..FaultConfig::default()
        },
        ..EmulatorConfig::for_tests()
    };
    let emu = emulator::start(([127, 0, 0, 1], 0).into(), cfg)
        .await
        .unwrap();
    let s = crate::support::drop_zone::open(&emu.base_url()).await;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("flaky.bin");
    let body: Vec<u8> = (0..6 * 1024 * 1024u32)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    std::fs::write(&src, &body).unwrap();
    let opts = TransferOptions {
        part_size: 1024 * 1024,
        ..TransferOptions::default()
    };
    let never = tokio_util::sync::CancellationToken::new();
    s.upload(&src, "flaky/flaky.bin", true, &opts, &|_| {}, &never)
        .await
        .unwrap();
    let back = dir.path().join("back.bin");
    s.download("flaky/flaky.bin", &back, &opts, &|_| {}, &never)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), body);
    // Six blocks and a block list, and the retries of those that failed.
    let puts = emu
        .requests()
        .iter()
        .filter(|r| r.starts_with("PUT /blob/"))
        .count();
    assert!(
        puts > 7,
        "some writes failed and were sent again: {puts} PUTs"
    );
}

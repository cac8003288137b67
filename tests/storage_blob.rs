#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The storage client against Azurite, an independent implementation of the Azure Blob
//! API, through the same SAS URIs a DLZ credentials answer holds. Start Azurite with
//! `eval "$(scripts/azurite.sh)"` (it prints the three FLOWSCOPE_AZURITE_* variables);
//! without them the run is skipped, unless FLOWSCOPE_REQUIRE_AZURITE=1 makes it fail.

use std::io::Write;

use flowscope::api::storage::{Storage, StorageOptions};
use flowscope::model::{DlzCredentials, Secret};

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
            "storage_blob: Azurite run SKIPPED ({why}); to run it: eval \"$(scripts/azurite.sh)\" && cargo test --test storage_blob"
        );
        return;
    };
    let others = Others {
        read_only: var("FLOWSCOPE_AZURITE_READONLY_SAS_URI").map(|u| open(&u)),
        expired: var("FLOWSCOPE_AZURITE_EXPIRED_SAS_URI").map(|u| open(&u)),
    };
    scenario(open(&uri), others).await;
}

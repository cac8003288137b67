//! `flowscope dlz delete PATH…` as a process against an emulator: files deleted by path,
//! and an unknown path refused and named in the summary, with exit 1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::api::Client;

use crate::cli_apply::Session;
use crate::support::client::{client_for, quick_retries};

async fn products(c: &Client) -> Vec<String> {
    let listed = c
        .explore_landing_zone(Some("dlz-user-container/products/"))
        .await
        .unwrap();
    listed.0.iter().map(|i| i.name.clone()).collect()
}

#[tokio::test]
async fn dlz_delete_deletes_each_path_once_and_names_an_unknown_one() {
    let s = Session::new().await;
    let c = client_for(&s.e, quick_retries(3));
    assert_eq!(products(&c).await.len(), 4);
    let args = [
        "--yes",
        "dlz",
        "delete",
        "products/catalog.json",
        "products/nope.csv",
        "-",
    ];
    let out = s
        .with_env(&args, &[], Some("products/inventory.csv\n"))
        .await;
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let row = |path: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(path))
            .unwrap_or_else(|| panic!("{path} in {}", out.stdout))
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("products/catalog.json"), "products/catalog.json done");
    assert_eq!(row("products/inventory.csv"), "products/inventory.csv done");
    assert_eq!(row("products/nope.csv"), "products/nope.csv refused");
    assert!(out.stdout.contains("BlobNotFound"), "{}", out.stdout);
    assert_eq!(products(&c).await, ["catalog.parquet", "prices_eur.csv"]);
    // One journal line per file sent, none for the unknown one.
    let journaled: Vec<String> = s.journal().into_iter().map(|e| e.id).collect();
    assert_eq!(journaled.len(), 2, "{journaled:?}");
    assert!(!journaled.iter().any(|id| id.contains("nope")));
}

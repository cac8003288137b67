//! The landing zone over HTTP: container and credentials (with refresh), and browsing
//! and previewing its files through the Flow Service explore endpoints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{DLZ, Emu, FLOW};

const EXPLORE: &str =
    "/data/foundation/flowservice/connectionSpecs/26f526f2-58f4-4712-961d-e41bf1ccc0e8/explore";

#[tokio::test]
async fn containers_and_credentials_for_both_zone_types() {
    let emu = Emu::start().await;
    let c = emu.get(&format!("{DLZ}?type=user_drop_zone")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.body["containerName"], json!("dlz-user-container"));
    assert_eq!(c.body["containerTTL"], json!("7"));
    let d = emu.get(&format!("{DLZ}?type=dlz_destination")).await;
    assert_eq!(d.body["containerName"], json!("dlz-destination"));

    let cred = emu
        .get(&format!("{DLZ}/credentials?type=user_drop_zone"))
        .await;
    assert_eq!(cred.status, 200);
    for k in [
        "containerName",
        "SASToken",
        "storageAccountName",
        "SASUri",
        "expiryDate",
    ] {
        assert!(cred.body[k].is_string(), "{k} missing: {}", cred.text);
    }
    let token = cred.body["SASToken"].as_str().unwrap();
    assert!(token.contains("sig=") && token.contains("sp="), "{token}");
    assert!(
        cred.body["SASUri"]
            .as_str()
            .unwrap()
            .contains("dlz-user-container?")
    );

    let refreshed = emu
        .send(emu.req(
            Method::POST,
            &format!("{DLZ}/credentials?type=user_drop_zone&action=refresh"),
        ))
        .await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
    assert_ne!(
        refreshed.body["SASToken"], cred.body["SASToken"],
        "refresh rotates the signature"
    );
    let again = emu
        .get(&format!("{DLZ}/credentials?type=user_drop_zone"))
        .await;
    assert_eq!(again.body["SASToken"], refreshed.body["SASToken"]);

    for bad in ["", "?type=somewhere"] {
        let r = emu.get(&format!("{DLZ}{bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    let no_action = emu
        .send(emu.req(
            Method::POST,
            &format!("{DLZ}/credentials?type=user_drop_zone"),
        ))
        .await;
    assert_eq!(no_action.status, 400);
}

#[tokio::test]
async fn explore_lists_folders_as_bare_arrays() {
    let emu = Emu::start().await;
    let root = emu.get(&format!("{EXPLORE}?objectType=root")).await;
    assert_eq!(root.status, 200, "{}", root.text);
    let items = root.body.as_array().expect("a bare array, not {items}");
    let folder = items
        .iter()
        .find(|i| i["type"] == json!("folder"))
        .expect("a folder at the root");
    assert!(folder["path"].as_str().unwrap().ends_with('/'));
    assert!(
        items
            .iter()
            .any(|i| i["type"] == json!("file") && i["canPreview"] == json!(true))
    );
    let inside = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object={}",
            folder["path"].as_str().unwrap()
        ))
        .await;
    assert_eq!(inside.status, 200);
    assert!(!inside.body.as_array().unwrap().is_empty());
    let missing = emu
        .get(&format!(
            "{EXPLORE}?objectType=folder&object=dlz-user-container/nope/"
        ))
        .await;
    assert_eq!(missing.status, 404, "{}", missing.text);
}

/// Every file reachable from the root, depth first.
async fn all_files(emu: &Emu) -> Vec<Value> {
    let mut files = Vec::new();
    let mut folders = vec![None::<String>];
    while let Some(f) = folders.pop() {
        let q = match &f {
            None => "objectType=root".to_string(),
            Some(p) => format!("objectType=folder&object={p}"),
        };
        for item in emu
            .get(&format!("{EXPLORE}?{q}"))
            .await
            .body
            .as_array()
            .unwrap()
        {
            match item["type"].as_str() {
                Some("folder") => folders.push(Some(item["path"].as_str().unwrap().to_string())),
                _ => files.push(item.clone()),
            }
        }
    }
    files
}

#[tokio::test]
async fn previews_detect_and_read_csv_gzip_json_and_parquet() {
    let emu = Emu::start().await;
    let files = all_files(&emu).await;
    assert!(files.len() >= 20, "only {} files", files.len());
    let path_of = |suffix: &str| {
        files
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .find(|p| p.ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix} file"))
    };
    for (suffix, file_type, format) in [
        (".csv", "delimited", "flat"),
        (".csv.gz", "delimited", "flat"),
        (".json", "json", "hierarchical"),
        (".parquet", "parquet", "flat"),
    ] {
        let path = path_of(suffix);
        let r = emu
            .get(&format!(
                "{EXPLORE}?objectType=file&object={path}&preview=True&determineProperties=True"
            ))
            .await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(r.body["format"], json!(format), "{path}");
        assert_eq!(r.body["properties"]["fileType"], json!(file_type), "{path}");
        assert!(
            !r.body["data"].as_array().unwrap().is_empty(),
            "{path} has no rows"
        );
        if suffix.ends_with(".gz") {
            assert_eq!(r.body["properties"]["compressionType"], json!("gzip"));
        }
        if format == "flat" {
            assert!(!r.body["schema"]["columns"].as_array().unwrap().is_empty());
        }
        // The explicit form, with aepp's non-standard FILE_TYPE spelling too.
        if !suffix.ends_with(".gz") {
            let r = emu
                .get(&format!(
                    "{EXPLORE}?objectType=file&object={path}&preview=true&FILE_TYPE={file_type}"
                ))
                .await;
            assert_eq!(r.status, 200, "{path} FILE_TYPE: {}", r.text);
        }
    }
    let csv = path_of(".csv");
    let both = emu.get(&format!("{EXPLORE}?objectType=file&object={csv}&preview=true&fileType=delimited&determineProperties=true")).await;
    assert_eq!(
        both.status, 400,
        "determineProperties with fileType: {}",
        both.text
    );
    let neither = emu
        .get(&format!(
            "{EXPLORE}?objectType=file&object={csv}&preview=true"
        ))
        .await;
    assert_eq!(neither.status, 400, "neither: {}", neither.text);
}

#[tokio::test]
async fn explore_is_for_the_landing_zone_spec_and_its_connections() {
    let emu = Emu::start().await;
    let other = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";
    let r = emu
        .get(&format!(
            "{FLOW}/connectionSpecs/{other}/explore?objectType=root"
        ))
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .get(&format!(
            "{FLOW}/connectionSpecs/nope/explore?objectType=root"
        ))
        .await;
    assert_eq!(r.status, 404);
    let r = emu
        .get(&format!("{FLOW}/connections/nope/explore?objectType=root"))
        .await;
    assert_eq!(r.code(), "FLOW-1101-404");
}

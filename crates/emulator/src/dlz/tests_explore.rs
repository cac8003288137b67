//! Tests of explore previews: each file kind, determineProperties, and the errors for
//! bad parameters and wrong objects.

use serde_json::json;

use super::tests::{code, column_types, explore, preview_of, q, store};
use super::*;

#[test]
fn delimited_preview_infers_column_types() {
    let v = preview_of("dlz-user-container/account.csv", "delimited");
    assert_eq!(v["format"], "flat");
    let types = column_types(&v);
    let t = |n: &str| types.iter().find(|(c, _)| c == n).unwrap().1.clone();
    assert_eq!(t("Id"), "string");
    assert_eq!(t("NumberOfEmployees"), "integer");
    assert_eq!(t("AnnualRevenue"), "integer");
    assert_eq!(t("IsActive"), "boolean");
    assert_eq!(t("CreatedDate"), "date");
    assert_eq!(v["schema"]["columns"][1]["xdm"], json!({"type": "string"}));
    assert_eq!(v["data"].as_array().unwrap().len(), 60);
    assert!(v["data"][0]["Id"].is_string());
    assert!(v.get("properties").is_none());
}

#[test]
fn other_delimiters_and_gzip_previews() {
    let eu = explore(&[
        ("objectType", "file"),
        ("object", "dlz-user-container/crm/contacts/contacts_eu.csv"),
        ("FILE_TYPE", "delimited"),
        ("columnDelimiter", ";"),
        ("preview", "true"),
    ])
    .unwrap();
    assert_eq!(column_types(&eu).len(), 11);
    assert_eq!(eu["data"][0]["country"], "DE");
    let leads = preview_of(
        "dlz-user-container/crm/leads/leads_2026-10.csv.gz",
        "delimited",
    );
    assert_eq!(
        leads["data"].as_array().unwrap().len(),
        100,
        "capped at the default rows"
    );
    let types = column_types(&leads);
    assert!(types.contains(&("Score".into(), "integer".into())));
    assert!(types.contains(&("CreatedDate".into(), "date-time".into())));
}

#[test]
fn json_previews_are_hierarchical() {
    let members = preview_of("dlz-user-container/loyalty/members.json", "json");
    assert_eq!(members["format"], "hierarchical");
    assert_eq!(members["schema"]["type"], "object");
    assert_eq!(members["schema"]["properties"]["person"]["type"], "object");
    assert_eq!(members["schema"]["properties"]["points"]["type"], "integer");
    assert_eq!(members["data"].as_array().unwrap().len(), 60);
    let tiers = preview_of("dlz-user-container/loyalty/tiers.json", "json");
    assert_eq!(tiers["data"].as_array().unwrap().len(), 4);
    assert_eq!(
        tiers["schema"]["properties"]["benefits"]["items"]["type"],
        "string"
    );
    let gz = preview_of(
        "dlz-user-container/web/events/clickstream_2026-10-31.json.gz",
        "json",
    );
    assert_eq!(gz["data"].as_array().unwrap().len(), 100);
    assert_eq!(
        gz["schema"]["properties"]["timestamp"]["format"],
        "date-time"
    );
}

#[test]
fn parquet_preview_reads_only_footer_and_first_row_group() {
    let v = preview_of("dlz-user-container/userdata1/userdata1.parquet", "parquet");
    assert_eq!(v["format"], "flat");
    let types = column_types(&v);
    assert_eq!(types[0], ("registration_dttm".into(), "date-time".into()));
    assert_eq!(types[1], ("id".into(), "integer".into()));
    assert_eq!(types[6], ("salary".into(), "double".into()));
    assert_eq!(types[7], ("birthdate".into(), "date".into()));
    // The file is written in row groups of 50; only the first is decoded.
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 50);
    assert_eq!(data[0]["id"], 1);
    assert!(
        data[0]["registration_dttm"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );

    let s = store();
    let file = s
        .get("dlz-user-container/loyalty/transactions/2026/10/transactions_2026-10-30.parquet")
        .unwrap();
    let (_, rows) = preview_parquet::preview(file, 10, true).unwrap();
    assert_eq!(rows.len(), 10);
    let src = reader::ParquetSource::new(file);
    let fetched = src.fetched.clone();
    let builder =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(src).unwrap();
    assert_eq!(builder.metadata().num_row_groups(), 3);
    let footer_only = fetched.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        footer_only < file.size / 2,
        "{footer_only} of {}",
        file.size
    );
}

#[test]
fn determine_properties_detects_type_compression_and_delimiter() {
    let props = |path: &str| {
        explore(&[
            ("objectType", "file"),
            ("object", path),
            ("preview", "True"),
            ("determineProperties", "True"),
        ])
        .unwrap()["properties"]
            .clone()
    };
    assert_eq!(
        props("dlz-user-container/crm/contacts/contacts_eu.csv"),
        json!({"fileType": "delimited", "compressionType": "none", "columnDelimiter": ";"})
    );
    assert_eq!(
        props("dlz-user-container/crm/opportunities.csv")["columnDelimiter"],
        "|"
    );
    assert_eq!(
        props("dlz-user-container/web/pageviews.tsv")["columnDelimiter"],
        "\t"
    );
    assert_eq!(
        props("dlz-user-container/crm/leads/leads_2026-10.csv.gz"),
        json!({"fileType": "delimited", "compressionType": "gzip", "columnDelimiter": ","})
    );
    assert_eq!(
        props("dlz-user-container/web/events/clickstream_2026-10-31.json.gz"),
        json!({"fileType": "json", "compressionType": "gzip"})
    );
    assert_eq!(
        props("dlz-user-container/products/catalog.parquet")["fileType"],
        "parquet"
    );
    assert_eq!(
        props("dlz-user-container/marketing/campaigns.json")["fileType"],
        "json"
    );
}

#[test]
fn query_parameters_are_parsed_leniently_and_checked() {
    let ok = q(&[
        ("objectType", "FILE"),
        ("object", "a.csv"),
        ("FILE_TYPE", "Delimited"),
        ("preview", "True"),
    ])
    .unwrap();
    assert_eq!(ok.file_type, Some(FileType::Delimited));
    assert!(ok.preview);
    let tab = q(&[
        ("objectType", "file"),
        ("object", "a"),
        ("fileType", "delimited"),
        ("columnDelimiter", "\t"),
    ])
    .unwrap();
    assert_eq!(tab.column_delimiter, Some(b'\t'));

    let err = |pairs: &[(&str, &str)]| code(&q(pairs).unwrap_err());
    assert_eq!(err(&[("object", "x")]), (1453, 400));
    assert_eq!(err(&[("objectType", "table")]), (1452, 400));
    assert_eq!(err(&[("objectType", "folder")]), (1453, 400));
    assert_eq!(
        err(&[
            ("objectType", "file"),
            ("object", "a"),
            ("fileType", "json"),
            ("determineProperties", "true")
        ]),
        (1453, 400)
    );
    assert_eq!(
        err(&[("objectType", "file"), ("object", "a"), ("preview", "true")]),
        (1453, 400)
    );
    assert_eq!(
        err(&[("objectType", "file"), ("object", "a"), ("fileType", "xml")]),
        (1452, 400)
    );
    assert_eq!(
        err(&[("objectType", "root"), ("preview", "yes")]),
        (1452, 400)
    );
    assert_eq!(
        err(&[("objectType", "root"), ("compressionType", "lz4")]),
        (1452, 400)
    );
}

#[test]
fn wrong_objects_are_404_or_400() {
    let e = |pairs: &[(&str, &str)]| code(&explore(pairs).unwrap_err());
    let file = |o: &'static str| {
        [
            ("objectType", "file"),
            ("object", o),
            ("fileType", "delimited"),
        ]
    };
    assert_eq!(e(&file("dlz-user-container/nope.csv")), (1101, 404));
    assert_eq!(e(&file("dlz-user-container/crm")), (1452, 400));
    assert_eq!(e(&file("dlz-user-container/crm/")), (1452, 400));
    assert_eq!(
        e(&[
            ("objectType", "folder"),
            ("object", "dlz-user-container/account.csv")
        ]),
        (1452, 400)
    );
    assert_eq!(
        e(&[
            ("objectType", "folder"),
            ("object", "dlz-user-container/missing/")
        ]),
        (1101, 404)
    );
    assert_eq!(
        e(&[
            ("objectType", "file"),
            ("object", "dlz-user-container/products/catalog.parquet"),
            ("fileType", "json")
        ]),
        (1452, 400)
    );
    assert_eq!(
        e(&[
            ("objectType", "file"),
            ("object", "dlz-user-container/account.csv"),
            ("fileType", "delimited"),
            ("compressionType", "gzip")
        ]),
        (1452, 400)
    );
    // A path without its container is looked up in the user drop zone.
    assert!(explore(&file("account.csv")).is_ok());
}

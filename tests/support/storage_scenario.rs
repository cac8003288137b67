//! One storage scenario for any Azure Blob implementation behind a [`Storage`]: Azurite
//! today (`tests/storage_blob.rs`), flowscope's own emulator next. A runner opens the
//! storages from SAS URIs and calls [`scenario`]; include this file with
//! `#[path = "support/storage_scenario.rs"] mod storage_scenario;`.
//!
//! Everything is written under a fresh folder, so runs against a long-lived server do not
//! see each other, and deleted at the end.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use arrow_array::{Int64Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use flowscope::api::storage::{
    ColumnType, Compression, PreviewKind, PreviewOptions, Progress, Storage, StorageError,
    TransferOptions,
};
use parquet::arrow::ArrowWriter;

use crate::support::drop_zone::noise;
use parquet::file::properties::WriterProperties;
use tokio_util::sync::CancellationToken;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

/// The other storages a scenario can use: same container, other credentials.
#[derive(Default)]
pub struct Others {
    /// Read and list only: uploads are refused.
    pub read_only: Option<Storage>,
    /// Expired: everything is refused as expired.
    pub expired: Option<Storage>,
    /// The server's clock in epoch ms (the emulator's is fixed in tests), for checking
    /// last-modified times.
    pub server_now_ms: i64,
}

fn csv_rows(rows: usize) -> Vec<u8> {
    let mut out = b"id,name,score,active,created\n".to_vec();
    let hex = noise(rows * 8, 42);
    for i in 0..rows {
        let name: String = hex[i * 8..i * 8 + 8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        writeln!(
            out,
            "{i},{name},{}.{},{},2024-01-{:02}T10:00:00Z",
            i % 97,
            i % 10,
            i % 2 == 0,
            i % 28 + 1
        )
        .unwrap();
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn json_lines(rows: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..rows {
        writeln!(
            out,
            "{{\"id\":{i},\"person\":{{\"name\":\"p{i}\",\"tags\":[\"a\",\"b\"]}},\"ok\":true}}"
        )
        .unwrap();
    }
    out
}

/// Many small row groups, so the first one is a small part of the file.
fn parquet_file(rows: i64) -> Vec<u8> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("name", DataType::Utf8, false),
        Field::new("at", DataType::Timestamp(TimeUnit::Millisecond, None), true),
    ]));
    let ids: Vec<i64> = (0..rows).collect();
    let hex = noise(usize::try_from(rows).unwrap() * 6, 7);
    let names: Vec<String> = hex
        .chunks(6)
        .map(|c| c.iter().map(|b| format!("{b:02x}")).collect())
        .collect();
    let at: Vec<i64> = ids.iter().map(|i| 1_700_000_000_000 + i * 1000).collect();
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(Int64Array::from(ids)),
            Arc::new(StringArray::from(names)),
            Arc::new(TimestampMillisecondArray::from(at)),
        ],
    )
    .unwrap();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(5_000))
        .build();
    let mut out = Vec::new();
    let mut w = ArrowWriter::try_new(&mut out, schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

/// Records progress events and checks they only grow.
#[derive(Default, Clone)]
struct Seen(Arc<Mutex<Vec<Progress>>>);

impl Seen {
    fn push(&self, p: Progress) {
        self.0.lock().unwrap().push(p);
    }
    fn all(&self) -> Vec<Progress> {
        self.0.lock().unwrap().clone()
    }
    fn check_grows_to(&self, total: u64) -> Vec<Progress> {
        let all = self.all();
        assert!(!all.is_empty(), "no progress reported");
        assert!(
            all.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes),
            "progress went back: {all:?}"
        );
        let last = all.last().unwrap();
        assert_eq!((last.done_bytes, last.total_bytes), (total, total));
        all
    }
}

fn no_secret_in(e: &StorageError) {
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(!shown.contains("sig="), "{shown}");
    }
}

async fn write_local(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    tokio::fs::write(&p, bytes).await.unwrap();
    p
}

/// The scenario. `s` may read, write, list and delete in its container.
pub async fn scenario(s: Storage, others: Others) {
    let run = format!("scenario-{}", uuid::Uuid::new_v4());
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| format!("{run}/{name}");
    let never = CancellationToken::new();
    let small_opts = TransferOptions {
        part_size: MIB as u64,
        concurrency: 3,
        ..TransferOptions::default()
    };

    // Upload a small file: one put, progress 0 then all.
    let small_csv = csv_rows(3);
    let small = write_local(dir.path(), "small.csv", &small_csv).await;
    let seen = Seen::default();
    let rec = seen.clone();
    let up = s
        .upload(
            &small,
            &at("small.csv"),
            false,
            &small_opts,
            &move |p| rec.push(p),
            &never,
        )
        .await
        .unwrap();
    assert_eq!(up.size, small_csv.len() as u64);
    seen.check_grows_to(small_csv.len() as u64);

    // Overwrite refused, then allowed.
    let e = s
        .upload(
            &small,
            &at("small.csv"),
            false,
            &small_opts,
            &|_| {},
            &never,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StorageError::AlreadyExists { .. }), "{e:?}");
    s.upload(&small, &at("small.csv"), true, &small_opts, &|_| {}, &never)
        .await
        .unwrap();

    // A multi-part upload: 5.5 MiB in 1 MiB parts.
    let big_bytes = noise(5 * MIB + MIB / 2, 1);
    let big = write_local(dir.path(), "big.bin", &big_bytes).await;
    let seen = Seen::default();
    let rec = seen.clone();
    let up = s
        .upload(
            &big,
            &at("sub/big.bin"),
            false,
            &small_opts,
            &move |p| rec.push(p),
            &never,
        )
        .await
        .unwrap();
    assert_eq!(up.size, big_bytes.len() as u64);
    let events = seen.check_grows_to(big_bytes.len() as u64);
    let last = events.last().unwrap();
    assert_eq!((last.part, last.parts), (6, 6), "{events:?}");
    let e = s
        .upload(
            &big,
            &at("sub/big.bin"),
            false,
            &small_opts,
            &|_| {},
            &never,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StorageError::AlreadyExists { .. }), "{e:?}");

    // Files for the previews.
    let csv = csv_rows(20_000);
    let gz_plain = csv_rows(150_000);
    let gz = gzip(&gz_plain);
    let jsonl = json_lines(2_000);
    let pq = parquet_file(100_000);
    for (name, bytes) in [
        ("data/people.csv", &csv),
        ("data/people.csv.gz", &gz),
        ("data/events.jsonl", &jsonl),
        ("data/rows.parquet", &pq),
    ] {
        let local = write_local(dir.path(), name.replace('/', "_").as_str(), bytes).await;
        s.upload(
            &local,
            &at(name),
            false,
            &TransferOptions::default(),
            &|_| {},
            &never,
        )
        .await
        .unwrap();
    }

    // List: folders and files with sizes and times.
    let top = s.list(&run).await.unwrap();
    assert_eq!(top.folders, vec![at("data/"), at("sub/")]);
    assert_eq!(top.files.len(), 1);
    let f = &top.files[0];
    assert_eq!(
        (f.name.as_str(), f.path.as_str(), f.size),
        (
            "small.csv",
            at("small.csv").as_str(),
            small_csv.len() as u64
        )
    );
    let now_ms = others.server_now_ms;
    assert!((now_ms - f.last_modified_ms).abs() < 3_600_000, "{f:?}");
    let sub = s.list(&at("sub")).await.unwrap();
    assert_eq!(sub.files[0].size, big_bytes.len() as u64);
    let data = s.list(&at("data/")).await.unwrap();
    let names: Vec<_> = data.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "events.jsonl",
            "people.csv",
            "people.csv.gz",
            "rows.parquet"
        ]
    );
    use futures::StreamExt;
    let pages: Vec<_> = s.list_pages(&at("data")).collect().await;
    let paged: Vec<_> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().files)
        .map(|f| f.name)
        .collect();
    assert_eq!(paged, names);

    // Download back: same bytes, progress to the end, no .part left.
    let dest = dir.path().join("back/big.bin");
    let seen = Seen::default();
    let rec = seen.clone();
    let got = s
        .download(
            &at("sub/big.bin"),
            &dest,
            &small_opts,
            &move |p| rec.push(p),
            &never,
        )
        .await
        .unwrap();
    assert_eq!(got.size, big_bytes.len() as u64);
    assert_eq!(tokio::fs::read(&dest).await.unwrap(), big_bytes);
    assert!(!dir.path().join("back/big.bin.part").exists());
    seen.check_grows_to(big_bytes.len() as u64);

    // Cancel a download once bytes flow: Cancelled, and nothing left behind.
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let one_at_a_time = TransferOptions {
        concurrency: 1,
        ..small_opts.clone()
    };
    let dest = dir.path().join("cancelled/big.bin");
    let e = s
        .download(
            &at("sub/big.bin"),
            &dest,
            &one_at_a_time,
            &move |p| {
                if p.done_bytes > 0 {
                    trigger.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StorageError::Cancelled), "{e:?}");
    assert!(!dest.exists());
    assert!(!dir.path().join("cancelled/big.bin.part").exists());

    // Previews read only what they need.
    let opts = PreviewOptions {
        max_rows: 20,
        ..PreviewOptions::default()
    };
    let p = s.preview(&at("data/people.csv"), &opts).await.unwrap();
    assert_eq!(p.kind, PreviewKind::Delimited { delimiter: b',' });
    let cols: Vec<_> = p.columns.iter().map(|c| (c.name.as_str(), c.ty)).collect();
    assert_eq!(
        cols,
        [
            ("id", ColumnType::Int),
            ("name", ColumnType::String),
            ("score", ColumnType::Float),
            ("active", ColumnType::Bool),
            ("created", ColumnType::Timestamp)
        ]
    );
    assert_eq!(p.rows.len(), 20);
    assert_eq!(p.rows[0][0], "0");
    assert!(p.truncated);
    assert_eq!(p.object_size, csv.len() as u64);
    assert_eq!(p.bytes_read, 64 * KIB as u64, "one head read");

    let p = s.preview(&at("data/people.csv.gz"), &opts).await.unwrap();
    assert_eq!(
        (p.kind, p.compression),
        (
            PreviewKind::Delimited { delimiter: b',' },
            Compression::Gzip
        )
    );
    assert_eq!(p.rows.len(), 20);
    assert_eq!(p.rows[19][0], "19");
    assert_eq!(p.object_size, gz.len() as u64);
    assert!(
        p.bytes_read <= MIB as u64 && p.bytes_read * 2 < p.object_size,
        "read {} of {}",
        p.bytes_read,
        p.object_size
    );

    let p = s.preview(&at("data/events.jsonl"), &opts).await.unwrap();
    assert_eq!(p.kind, PreviewKind::JsonLines);
    assert_eq!(p.records.len(), 20);
    assert_eq!(p.records[3]["person"]["name"], "p3");
    assert_eq!(p.columns[1].ty, ColumnType::Json);
    assert!(p.bytes_read < jsonl.len() as u64);

    let p = s.preview(&at("data/rows.parquet"), &opts).await.unwrap();
    assert_eq!(p.kind, PreviewKind::Parquet);
    let cols: Vec<_> = p.columns.iter().map(|c| (c.name.as_str(), c.ty)).collect();
    assert_eq!(
        cols,
        [
            ("id", ColumnType::Int),
            ("name", ColumnType::String),
            ("at", ColumnType::Timestamp)
        ]
    );
    assert_eq!(p.rows.len(), 20);
    assert_eq!(p.rows[1][0], "1");
    assert_eq!(p.rows[0][2], "2023-11-14T22:13:20Z");
    assert!(p.notes.is_empty(), "{:?}", p.notes);
    assert!(
        p.bytes_read * 4 < p.object_size,
        "read {} of {}",
        p.bytes_read,
        p.object_size
    );

    // Read-only credentials: listing works, uploading is denied with the storage's code.
    if let Some(ro) = &others.read_only {
        // Listing is allowed (the read-only SAS may be for another container, as the
        // DLZ destination's is).
        ro.list("").await.unwrap();
        let e = ro
            .upload(
                &small,
                &at("denied.csv"),
                true,
                &small_opts,
                &|_| {},
                &never,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, StorageError::Denied { code: Some(_), .. }),
            "{e:?}"
        );
        no_secret_in(&e);
        let e = ro.delete(&at("small.csv")).await.unwrap_err();
        assert!(matches!(e, StorageError::Denied { .. }), "{e:?}");
    }

    // Expired credentials: told to refresh them, whatever the call.
    if let Some(old) = &others.expired {
        let e = old.list(&run).await.unwrap_err();
        assert!(e.is_expired(), "{e:?}");
        assert!(e.to_string().contains("refresh the credentials"), "{e}");
        no_secret_in(&e);
        let e = old.head(&at("small.csv")).await.unwrap_err();
        assert!(e.is_expired(), "{e:?}");
        let e = old
            .preview(&at("data/people.csv"), &opts)
            .await
            .unwrap_err();
        assert!(e.is_expired(), "{e:?}");
    }

    // Delete: gone afterwards, and deleting it again is no error; then clean up the rest.
    s.delete(&at("small.csv")).await.unwrap();
    assert_eq!(s.head(&at("small.csv")).await.unwrap(), None);
    s.delete(&at("small.csv")).await.unwrap();
    let e = s.preview(&at("small.csv"), &opts).await.unwrap_err();
    assert!(matches!(e, StorageError::NotFound { .. }), "{e:?}");
    for name in [
        "sub/big.bin",
        "data/people.csv",
        "data/people.csv.gz",
        "data/events.jsonl",
        "data/rows.parquet",
    ] {
        s.delete(&at(name)).await.unwrap();
    }
    let left = s.list(&run).await.unwrap();
    assert!(left.files.is_empty() && left.folders.is_empty(), "{left:?}");
}

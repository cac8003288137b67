//! The file-preview parsers (`api::storage::preview`): CSV, JSON, JSON lines, parquet and
//! gzip, fed arbitrary bytes and valid files that are then cut short, flipped, spliced and
//! repeated. They never panic, stay within their row and byte caps, give rows of the
//! table's width, say why when they show nothing, and read an intact file as written.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

use flowscope::api::storage::preview::{footer_metadata_len, gunzip_head, kind_of, preview_bytes};
use flowscope::api::storage::{Compression, LocalPreview, PreviewKind, PreviewOptions};

use super::inputs::{ByteEdit, byte_edits, edit_bytes, json_value, spicy_string};

/// A small table: a header and rows of cells, each a string.
#[derive(Clone, Debug)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn table() -> impl Strategy<Value = Table> {
    (1usize..5).prop_flat_map(|width| {
        // Cells may hold quotes, commas and line breaks; not a BOM, which at the start of
        // a file is one.
        let cell = spicy_string(6).prop_map(|s| s.replace('\u{feff}', ""));
        (
            vec("[a-z][a-z0-9_]{0,6}", width),
            vec(vec(cell, width), 0..12),
        )
            .prop_map(|(header, rows)| Table { header, rows })
    })
}

#[derive(Clone, Debug)]
enum File {
    Csv(Table),
    Json(Vec<Value>),
    JsonLines(Vec<Value>),
    Parquet {
        ints: Vec<Option<i64>>,
        texts: Vec<String>,
    },
}

const WORDS: &[&str] = &["id", "name", "amount", "ok", "tags", "at"];

fn record() -> impl Strategy<Value = Value> {
    vec(
        (select(WORDS).prop_map(str::to_string), json_value(WORDS)),
        0..5,
    )
    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>()))
}

fn file() -> impl Strategy<Value = File> {
    prop_oneof![
        table().prop_map(File::Csv),
        vec(record(), 0..8).prop_map(File::Json),
        vec(record(), 0..8).prop_map(File::JsonLines),
        (0usize..40).prop_flat_map(|n| {
            (
                vec(prop::option::of(any::<i64>()), n),
                vec(spicy_string(5), n),
            )
                .prop_map(|(ints, texts)| File::Parquet { ints, texts })
        }),
    ]
}

impl File {
    fn name(&self) -> &'static str {
        match self {
            File::Csv(_) => "data.csv",
            File::Json(_) => "data.json",
            File::JsonLines(_) => "data.jsonl",
            File::Parquet { .. } => "data.parquet",
        }
    }

    fn kind(&self) -> PreviewKind {
        match self {
            File::Csv(_) => PreviewKind::Delimited { delimiter: b',' },
            File::Json(_) => PreviewKind::Json,
            File::JsonLines(_) => PreviewKind::JsonLines,
            File::Parquet { .. } => PreviewKind::Parquet,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        match self {
            File::Csv(t) => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let _ = w.write_record(&t.header);
                for r in &t.rows {
                    let _ = w.write_record(r);
                }
                w.into_inner().unwrap_or_default()
            }
            File::Json(records) => Value::Array(records.clone()).to_string().into_bytes(),
            File::JsonLines(records) => records
                .iter()
                .map(|r| r.to_string() + "\n")
                .collect::<String>()
                .into_bytes(),
            File::Parquet { ints, texts } => parquet_file(ints, texts),
        }
    }
}

pub(crate) fn parquet_file(ints: &[Option<i64>], texts: &[String]) -> Vec<u8> {
    let n = ints.len();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(Int64Array::from(ints.to_vec()))),
        ("name", Arc::new(StringArray::from(texts.to_vec()))),
        (
            "amount",
            Arc::new(Float64Array::from(
                (0..n).map(|i| i as f64 / 4.0).collect::<Vec<_>>(),
            )),
        ),
        (
            "ok",
            Arc::new(BooleanArray::from(
                (0..n).map(|i| i % 3 == 0).collect::<Vec<_>>(),
            )),
        ),
    ];
    let batch = RecordBatch::try_from_iter(columns).expect("a valid batch");
    let mut out = Vec::new();
    let props = parquet::file::properties::WriterProperties::builder()
        // Small row groups, so a file holds several and the preview reads only the first.
        .set_max_row_group_row_count(Some(16))
        .build();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), Some(props))
        .expect("a parquet writer");
    w.write(&batch).expect("written");
    w.close().expect("closed");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

#[derive(Clone, Debug)]
enum Input {
    /// Arbitrary bytes under an arbitrary name.
    Bytes(&'static str, Vec<u8>),
    /// A valid file, maybe gzipped, then edited.
    File {
        file: File,
        gz: bool,
        edits: Vec<ByteEdit>,
        /// Whether the reader is told what the file is, rather than detecting it.
        told: bool,
    },
}

#[derive(Clone, Debug)]
struct Case {
    input: Input,
    at_end: bool,
    max_rows: usize,
    max_bytes: u64,
}

fn case() -> impl Strategy<Value = Case> {
    let names = select(
        &[
            "x",
            "x.csv",
            "x.tsv",
            "x.txt",
            "x.json",
            "x.jsonl",
            "x.parquet",
            "x.gz",
            "x.csv.gz",
            "x.json.GZ",
            "é.gzip",
        ][..],
    );
    let bytes = prop_oneof![
        vec(any::<u8>(), 0..300),
        (
            select(vec![
                &b"PAR1"[..],
                b"\x1f\x8b\x08\x00",
                b"[",
                b"{",
                b"\xEF\xBB\xBF"
            ]),
            vec(any::<u8>(), 0..200)
        )
            .prop_map(|(head, rest)| [head, &rest[..]].concat()),
    ];
    let input = prop_oneof![
        1 => (names, bytes).prop_map(|(n, b)| Input::Bytes(n, b)),
        3 => (file(), any::<bool>(), byte_edits(3), any::<bool>())
            .prop_map(|(file, gz, edits, told)| Input::File { file, gz, edits, told }),
    ];
    (
        input,
        prop::bool::weighted(0.7),
        // At least one row: a JSON document that is not an array is shown whole, as one
        // record, and the explorer never asks for none.
        prop_oneof![Just(1usize), 1usize..60],
        select(&[16u64, 256, 4096, 1 << 20][..]),
    )
        .prop_map(|(input, at_end, max_rows, max_bytes)| Case {
            input,
            at_end,
            max_rows,
            max_bytes,
        })
}

/// What holds for any preview of anything.
fn sound(p: &LocalPreview, opts: &PreviewOptions) -> Result<(), TestCaseError> {
    prop_assert!(
        p.rows.len() <= opts.max_rows,
        "{} rows, cap {}",
        p.rows.len(),
        opts.max_rows
    );
    prop_assert!(p.records.len() <= opts.max_rows);
    for r in &p.rows {
        prop_assert_eq!(r.len(), p.columns.len(), "a row of another width");
    }
    Ok(())
}

fn check(case: Case) -> Result<(), TestCaseError> {
    let mut opts = PreviewOptions {
        max_rows: case.max_rows,
        max_bytes: case.max_bytes,
        ..PreviewOptions::default()
    };
    match &case.input {
        Input::Bytes(name, bytes) => {
            let p = preview_bytes(name, bytes, case.at_end, &opts);
            sound(&p, &opts)?;
            let (out, whole, err) = gunzip_head(bytes, case.max_bytes as usize, case.at_end);
            prop_assert!(out.len() <= case.max_bytes as usize, "gunzip past its cap");
            prop_assert!(!(whole && err.is_some()));
            let _ = footer_metadata_len(bytes);
            let _ = kind_of(name, bytes);
        }
        Input::File {
            file,
            gz,
            edits,
            told,
        } => {
            let plain = file.bytes();
            let packed = if *gz { gzip(&plain) } else { plain.clone() };
            let bytes = edit_bytes(&packed, edits);
            let name = if *gz {
                format!("{}.gz", file.name())
            } else {
                file.name().to_string()
            };
            if *told {
                opts.kind = Some(file.kind());
            }
            let p = preview_bytes(&name, &bytes, case.at_end, &opts);
            sound(&p, &opts)?;
            if *gz && bytes.starts_with(&[0x1f, 0x8b]) {
                prop_assert_eq!(p.compression, Compression::Gzip);
            }
            let intact = edits.is_empty() && case.at_end && *told;
            let fits = !*gz || (plain.len() as u64) < case.max_bytes;
            if intact && fits {
                as_written(file, &p, case.max_rows)?;
            }
            // Nothing to show from a whole, non-empty file: the notes say why.
            let empty_file = matches!(file, File::Json(r) | File::JsonLines(r) if r.is_empty())
                || matches!(file, File::Parquet { ints, .. } if ints.is_empty());
            if case.at_end
                && !bytes.is_empty()
                && p.columns.is_empty()
                && p.records.is_empty()
                && !(edits.is_empty() && empty_file)
            {
                prop_assert!(
                    !p.notes.is_empty(),
                    "{} bytes shown as nothing, with no word why",
                    bytes.len()
                );
            }
        }
    }
    Ok(())
}

/// An intact file reads back as written (up to the row cap).
fn as_written(file: &File, p: &LocalPreview, max_rows: usize) -> Result<(), TestCaseError> {
    match file {
        File::Csv(t) => {
            let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
            prop_assert_eq!(
                names,
                t.header.iter().map(String::as_str).collect::<Vec<_>>()
            );
            let want: Vec<Vec<String>> = t.rows.iter().take(max_rows).cloned().collect();
            prop_assert_eq!(&p.rows, &want);
            prop_assert_eq!(p.truncated, t.rows.len() > max_rows);
        }
        File::Json(records) | File::JsonLines(records) => {
            let want: Vec<Value> = records.iter().take(max_rows).cloned().collect();
            prop_assert_eq!(&p.records, &want);
            // JSON lines of no records is an empty file, and says so.
            let empty = records.is_empty() && matches!(file, File::JsonLines(_));
            prop_assert!(
                p.notes.is_empty() || (empty && p.notes == ["the file is empty"]),
                "{:?}",
                p.notes
            );
        }
        File::Parquet { ints, texts } => {
            let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
            prop_assert_eq!(names, vec!["id", "name", "amount", "ok"]);
            // The first row group only: at most 16 rows.
            let n = ints.len().min(max_rows).min(16);
            prop_assert_eq!(p.rows.len(), n, "notes: {:?}", p.notes);
            for (i, row) in p.rows.iter().enumerate() {
                prop_assert_eq!(&row[0], &ints[i].map(|v| v.to_string()).unwrap_or_default());
                prop_assert_eq!(&row[1], &texts[i]);
            }
        }
    }
    Ok(())
}

#[test]
fn file_previews() {
    super::fuzz("preview::file_previews", super::CASES, case(), check);
}

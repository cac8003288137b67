//! File formats of the landing zone, from bytes: sniffing (compression, delimiter, JSON or
//! JSON lines, parquet), parsing the head of a file into preview columns and rows, gzip
//! streams cut at a cap, parquet footers and row groups, and times as RFC 3339.
//!
//! Every parser is a pure function over `&[u8]` that never panics, so it can be fuzzed;
//! [`preview_bytes`] runs them the way the client's range reads do on fetched bytes. The
//! client and the emulator both read files through here, so they agree on what a file is.

pub mod cell;
pub mod contain;
mod delimited;
pub mod detect;
mod gzip;
mod json;
pub mod parquet;
mod types;

use serde_json::Value;

pub use delimited::{Table, parse_delimited};
pub use detect::{compression_of, delimiter, kind_of};
pub use gzip::{GzipHead, gunzip_head};
pub use json::{Records, flatten, parse_json, parse_json_lines};
pub use parquet::{check_row_group, footer_metadata_len, preview_parquet_bytes, rfc3339};
pub use types::{cell_type, column_type};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewKind {
    Delimited {
        delimiter: u8,
    },
    Json,
    JsonLines,
    Parquet,
    /// Not a format a preview can show.
    Binary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    #[default]
    None,
    Gzip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Int,
    Float,
    Bool,
    Timestamp,
    String,
    /// Nested JSON, or a parquet list/struct/map.
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewColumn {
    pub name: String,
    pub ty: ColumnType,
    /// The file's own type name when it has one (parquet: `Int64`, `Timestamp(µs, "UTC")`).
    pub detail: Option<String>,
}

impl PreviewColumn {
    pub fn new(name: impl Into<String>, ty: ColumnType) -> PreviewColumn {
        PreviewColumn {
            name: name.into(),
            ty,
            detail: None,
        }
    }
}

/// How much a preview may read.
#[derive(Clone, Debug)]
pub struct PreviewOptions {
    pub max_rows: usize,
    /// The first read of a text file.
    pub head_bytes: u64,
    /// Never more than this, compressed or not, whatever the rows.
    pub max_bytes: u64,
    /// Skips detection (the user said what the file is).
    pub kind: Option<PreviewKind>,
}

impl Default for PreviewOptions {
    fn default() -> Self {
        PreviewOptions {
            max_rows: 50,
            head_bytes: 64 * 1024,
            max_bytes: 1024 * 1024,
            kind: None,
        }
    }
}

/// A preview made on this machine from the file's bytes (unlike the explore API's, which
/// the platform makes).
#[derive(Clone, Debug, PartialEq)]
pub struct LocalPreview {
    pub kind: PreviewKind,
    pub compression: Compression,
    pub columns: Vec<PreviewColumn>,
    pub rows: Vec<Vec<String>>,
    /// JSON and JSON lines: the records as they are, for a tree view.
    pub records: Vec<Value>,
    /// Bytes received from the storage for this preview, counted by the client.
    pub bytes_read: u64,
    pub object_size: u64,
    /// The file holds more than the preview shows.
    pub truncated: bool,
    pub notes: Vec<String>,
}

impl LocalPreview {
    pub fn empty(kind: PreviewKind, compression: Compression, object_size: u64) -> Self {
        LocalPreview {
            kind,
            compression,
            columns: Vec::new(),
            rows: Vec::new(),
            records: Vec::new(),
            bytes_read: 0,
            object_size,
            truncated: false,
            notes: Vec::new(),
        }
    }
}

/// A JSON value as a cell: strings bare, the rest as compact JSON.
pub fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// When a read stopped at the byte cap without one whole row, says so: an empty table with
/// no word would look like an empty file.
pub fn note_capped(p: &mut LocalPreview, read: usize) {
    if p.rows.is_empty() && p.records.is_empty() {
        let read = if read < 1024 {
            format!("{read} bytes")
        } else {
            format!("{} KiB", read / 1024)
        };
        p.notes.push(format!("no whole row in the first {read}"));
    }
}

/// The preview of `bytes`, the head of a file named `name` (the whole file when `at_end`),
/// parsed as the client's range-read preview parses what it fetched.
/// `bytes_read` and `object_size` are left for the caller.
pub fn preview_bytes(
    name: &str,
    bytes: &[u8],
    at_end: bool,
    opts: &PreviewOptions,
) -> LocalPreview {
    let compression = compression_of(name, bytes);
    let (content, content_at_end, mut notes) = match compression {
        Compression::Gzip => {
            let cap = usize::try_from(opts.max_bytes).unwrap_or(usize::MAX);
            let (out, whole, err) = gunzip_head(bytes, cap, at_end);
            (out, whole, err.into_iter().collect())
        }
        Compression::None => (bytes.to_vec(), at_end, Vec::new()),
    };
    let inner = detect::inner_name(name);
    let kind = opts.kind.unwrap_or_else(|| kind_of(inner, &content));
    let mut p = parse_content(kind, &content, content_at_end, opts);
    // Decompressed up to the cap: as the streaming read does, say when no row fit in it.
    if compression == Compression::Gzip
        && !content_at_end
        && u64::try_from(content.len()).is_ok_and(|n| n >= opts.max_bytes)
    {
        note_capped(&mut p, content.len());
    }
    p.compression = compression;
    notes.append(&mut p.notes);
    p.notes = notes;
    p
}

/// Parses decompressed content of a known kind. Parquet here is whole-file only.
pub fn parse_content(
    kind: PreviewKind,
    content: &[u8],
    at_end: bool,
    opts: &PreviewOptions,
) -> LocalPreview {
    let mut p = LocalPreview::empty(kind, Compression::None, 0);
    match kind {
        PreviewKind::Delimited { delimiter } => {
            let t = parse_delimited(content, delimiter, opts.max_rows, at_end);
            p.truncated = t.more_rows || !at_end;
            p.columns = t.columns;
            p.rows = t.rows;
            p.notes = t.notes;
        }
        PreviewKind::Json | PreviewKind::JsonLines => {
            let r = if kind == PreviewKind::Json {
                parse_json(content, opts.max_rows, at_end)
            } else {
                parse_json_lines(content, opts.max_rows, at_end)
            };
            let (columns, rows) = flatten(&r.records);
            p.truncated = r.more || !at_end;
            p.columns = columns;
            p.rows = rows;
            p.records = r.records;
            p.notes = r.notes;
        }
        PreviewKind::Parquet => {
            let (columns, rows, notes) = preview_parquet_bytes(content, opts.max_rows);
            p.truncated = !at_end;
            p.columns = columns;
            p.rows = rows;
            p.notes = notes;
        }
        PreviewKind::Binary => {
            p.truncated = !at_end;
            p.notes
                .push("not a format the preview can show (binary data)".to_string());
        }
    }
    if content.is_empty() && at_end {
        p.notes.push("the file is empty".to_string());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn bytes_to_previews() {
        let o = PreviewOptions::default();
        let csv = preview_bytes("a.csv", b"x,y\n1,2\n3,", false, &o);
        assert_eq!(csv.kind, PreviewKind::Delimited { delimiter: b',' });
        assert_eq!(csv.rows, vec![vec!["1", "2"]]);
        assert!(csv.truncated);

        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b"{\"a\":1}\n{\"a\":2}\n").unwrap();
        let z = e.finish().unwrap();
        let jl = preview_bytes("events.jsonl.gz", &z, true, &o);
        assert_eq!(
            (jl.kind, jl.compression),
            (PreviewKind::JsonLines, Compression::Gzip)
        );
        assert_eq!(jl.records.len(), 2);
        assert!(!jl.truncated);

        let cut = preview_bytes("events.jsonl.gz", &z[..z.len() - 4], true, &o);
        assert!(
            cut.notes.iter().any(|n| n.contains("cut short")),
            "{:?}",
            cut.notes
        );

        let empty = preview_bytes("e.csv", b"", true, &o);
        assert!(empty.rows.is_empty() && empty.notes.iter().any(|n| n.contains("empty")));
    }

    #[test]
    fn garbage_never_panics_whatever_the_name() {
        let o = PreviewOptions {
            max_rows: 3,
            max_bytes: 4096,
            ..PreviewOptions::default()
        };
        let mut seed = 99u32;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                })
                .collect();
            for name in [
                "x",
                "x.csv",
                "x.json",
                "x.jsonl",
                "x.parquet",
                "x.gz",
                "x.tsv",
            ] {
                for at_end in [false, true] {
                    let p = preview_bytes(name, &bytes, at_end, &o);
                    assert!(p.rows.len() <= 3);
                    let mut with_magic = b"PAR1".to_vec();
                    with_magic.extend(&bytes);
                    let _ = preview_bytes(name, &with_magic, at_end, &o);
                }
            }
        }
    }
}

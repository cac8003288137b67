//! File preview for explore: the first rows of a delimited, JSON or parquet file with an
//! inferred schema, in the shapes of notes §7 (`flat` columns or `hierarchical`
//! JSON-schema), and the `properties` block when the service had to find out the
//! file type itself.
//!
//! Content is streamed through range reads and gunzipped on the fly, and reading stops
//! once enough rows are parsed, so the cost follows the preview size, not the file size.

use std::io::Read;

use serde_json::{Map, Value, json};

use super::infer::{self, ColType};
use super::query::{Compression, ExploreQuery, FileType};
use super::reader::{RangeReader, content_stream, read_prefix};
use super::{DlzFile, detect, preview_parquet};
use crate::problem::Problem;

/// How much decompressed content determineProperties looks at.
const SNIFF_BYTES: usize = 16 * 1024;
/// A single JSON record larger than this is not previewed.
const MAX_JSON_BUFFER: usize = 16 * 1024 * 1024;

pub(super) fn bad(detail: impl Into<String>) -> Problem {
    Problem::bad_request(1452, detail)
}

pub(super) fn preview(file: &DlzFile, q: &ExploreQuery) -> Result<Value, Problem> {
    let head = file.read_range(0, 512).map_err(|e| bad(e.to_string()))?;
    let found = detect::compression(&head);
    let compression = match q.compression {
        Some(Compression::Gzip) if found != Compression::Gzip => {
            return Err(bad(format!(
                "{} is not gzip compressed; check compressionType.",
                file.path
            )));
        }
        // Without a stated type the magic number decides, as the service sniffs too.
        _ => found,
    };
    if !matches!(compression, Compression::None | Compression::Gzip) {
        return Err(bad(format!(
            "Preview of {} compressed files is not supported; use gzip.",
            compression.as_str()
        )));
    }
    let gzip = compression == Compression::Gzip;
    let open = || content_stream(RangeReader::new(file, 0), gzip);

    let sniffed = read_prefix(open(), SNIFF_BYTES);
    let detected = detect::file_type(&sniffed);
    let file_type = match q.file_type {
        None => detected,
        Some(asked) => {
            check_type(asked, detected, &file.path)?;
            asked
        }
    };
    let delimiter = match q.column_delimiter {
        Some(d) => d,
        None if q.determine_properties => detect::delimiter(&sniffed),
        None => b',',
    };
    let with_data = q.preview || q.determine_properties;
    let latin1 = q.encoding.as_deref() == Some("ISO-8859-1");

    let mut out = match file_type {
        FileType::Delimited => {
            let (columns, data) = delimited(open(), delimiter, latin1, q.max_rows, with_data)?;
            json!({"format": "flat", "schema": {"columns": columns}, "data": data})
        }
        FileType::Json => {
            let records = json_records(open(), q.max_rows.max(1))?;
            let schema = records
                .iter()
                .map(infer::json_schema)
                .reduce(|a, b| infer::merge(&a, &b))
                .unwrap_or_else(|| json!({"type": "object", "properties": {}}));
            let data = if with_data { records } else { Vec::new() };
            json!({"format": "hierarchical", "schema": schema, "data": data})
        }
        FileType::Parquet => {
            let (columns, data) = preview_parquet::preview(file, q.max_rows, with_data)?;
            json!({"format": "flat", "schema": {"columns": columns}, "data": data})
        }
    };
    if !with_data && let Some(o) = out.as_object_mut() {
        o.remove("data");
    }
    if q.determine_properties {
        let mut props = json!({
            "fileType": file_type.as_str(),
            "compressionType": compression.as_str(),
        });
        if file_type == FileType::Delimited {
            props["columnDelimiter"] = json!(char::from(delimiter).to_string());
        }
        out["properties"] = props;
    }
    Ok(out)
}

/// An explicit fileType must fit the content; previewing parquet as text helps no one.
fn check_type(asked: FileType, detected: FileType, path: &str) -> Result<(), Problem> {
    let fits = match asked {
        FileType::Parquet => detected == FileType::Parquet,
        FileType::Json => detected == FileType::Json,
        FileType::Delimited => detected != FileType::Parquet,
    };
    if fits {
        Ok(())
    } else {
        Err(bad(format!(
            "{path} cannot be read as {}; it looks like {}.",
            asked.as_str(),
            detected.as_str()
        )))
    }
}

fn decode(bytes: &[u8], latin1: bool) -> String {
    if latin1 {
        bytes.iter().map(|b| char::from(*b)).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

type Flat = (Vec<Value>, Vec<Value>);

/// Header plus up to `max_rows` records, stopping the read there.
fn delimited(
    src: Box<dyn Read>,
    delimiter: u8,
    latin1: bool,
    max_rows: usize,
    with_data: bool,
) -> Result<Flat, Problem> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(src);
    let mut records = rdr.byte_records();
    let header: Vec<String> = match records.next() {
        None => return Ok((Vec::new(), Vec::new())),
        Some(r) => r
            .map_err(|e| bad(format!("The file cannot be parsed as delimited: {e}")))?
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = decode(f, latin1)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string();
                if name.is_empty() {
                    format!("_c{i}")
                } else {
                    name
                }
            })
            .collect(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in records.take(max_rows) {
        let r = r.map_err(|e| bad(format!("The file cannot be parsed as delimited: {e}")))?;
        rows.push(r.iter().map(|f| decode(f, latin1)).collect());
    }
    let types = infer::column_types(header.len(), &rows);
    let columns = header
        .iter()
        .zip(&types)
        .map(|(name, t): (&String, &ColType)| t.column(name))
        .collect();
    let data = if with_data {
        rows.into_iter()
            .map(|row| {
                let obj: Map<String, Value> = header
                    .iter()
                    .zip(row)
                    .map(|(k, v)| (k.clone(), Value::String(v)))
                    .collect();
                Value::Object(obj)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok((columns, data))
}

/// Reads top-level JSON values (JSON lines, concatenated values, or one array of
/// records) until `max` records are parsed, pulling more content only as needed.
struct JsonScan {
    src: Box<dyn Read>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl JsonScan {
    fn fill(&mut self) -> Result<(), Problem> {
        if self.buf.len() - self.pos > MAX_JSON_BUFFER {
            return Err(bad("A JSON record is too large to preview."));
        }
        let mut chunk = vec![0u8; 64 * 1024];
        let n = self
            .src
            .read(&mut chunk)
            .map_err(|e| bad(format!("The file cannot be read: {e}")))?;
        if n == 0 {
            self.eof = true;
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }

    /// The next non-blank byte, without consuming it; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, Problem> {
        loop {
            while let Some(b) = self.buf.get(self.pos) {
                if b.is_ascii_whitespace() || matches!(b, 0xef | 0xbb | 0xbf) {
                    self.pos += 1;
                } else {
                    return Ok(Some(*b));
                }
            }
            if self.eof {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    fn value(&mut self) -> Result<Value, Problem> {
        loop {
            let mut it =
                serde_json::Deserializer::from_slice(&self.buf[self.pos..]).into_iter::<Value>();
            match it.next() {
                Some(Ok(v)) => {
                    let end = self.pos + it.byte_offset();
                    // A scalar at the end of the buffer may continue in the next chunk.
                    let maybe_cut = !v.is_object() && !v.is_array() && end == self.buf.len();
                    if maybe_cut && !self.eof {
                        self.fill()?;
                        continue;
                    }
                    self.pos = end;
                    return Ok(v);
                }
                Some(Err(e)) if e.is_eof() && !self.eof => self.fill()?,
                None if !self.eof => self.fill()?,
                Some(Err(e)) => return Err(bad(format!("The file is not valid JSON: {e}"))),
                None => return Err(bad("The file ends before a JSON value.")),
            }
        }
    }
}

fn json_records(src: Box<dyn Read>, max: usize) -> Result<Vec<Value>, Problem> {
    let mut scan = JsonScan {
        src,
        buf: Vec::new(),
        pos: 0,
        eof: false,
    };
    let mut out = Vec::new();
    if scan.peek()? == Some(b'[') {
        scan.pos += 1;
        while out.len() < max {
            match scan.peek()? {
                Some(b']') | None => break,
                Some(b',') => scan.pos += 1,
                Some(_) => out.push(scan.value()?),
            }
        }
    } else {
        while out.len() < max && scan.peek()?.is_some() {
            out.push(scan.value()?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &'static [u8], max: usize) -> Result<Vec<Value>, Problem> {
        json_records(Box::new(text), max)
    }

    #[test]
    fn json_lines_arrays_and_single_objects_all_yield_records() {
        assert_eq!(
            scan(b"{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", 2).unwrap().len(),
            2
        );
        assert_eq!(scan(b" [ {\"a\":1} , {\"a\":2} ]", 10).unwrap().len(), 2);
        assert_eq!(scan(b"{\"items\":[1,2]}", 10).unwrap().len(), 1);
        assert!(scan(b"{\"a\":", 10).is_err());
        assert!(scan(b"", 10).unwrap().is_empty());
    }
}

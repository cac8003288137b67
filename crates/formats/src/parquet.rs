//! Parquet decoding from bytes: the footer's metadata length, the schema as preview
//! columns, and the first rows as text cells. Pure and panic-free on damaged input; the
//! client's range reads and the emulator's previews both decode through here.

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::errors::ParquetError;
use parquet::file::metadata::{FooterTail, ParquetMetaData};

use crate::{ColumnType, PreviewColumn};
use bytes::Bytes;

/// The footer's fixed tail: a 4-byte metadata length, then `PAR1`.
pub const FOOTER: usize = 8;

/// The metadata length from the last 8 bytes of a parquet file (`len` + `PAR1`).
pub fn footer_metadata_len(tail: &[u8]) -> Result<usize, String> {
    let last: &[u8; FOOTER] = tail
        .len()
        .checked_sub(FOOTER)
        .and_then(|at| tail.get(at..))
        .and_then(|b| b.try_into().ok())
        .ok_or("too short for a parquet footer")?;
    let footer = FooterTail::try_new(last).map_err(|e| e.to_string())?;
    if footer.is_encrypted_footer() {
        return Err("an encrypted parquet footer cannot be previewed".into());
    }
    Ok(footer.metadata_length())
}

/// The columns of a schema with their arrow types.
pub fn columns_of(schema: &Schema) -> Vec<PreviewColumn> {
    schema
        .fields()
        .iter()
        .map(|f| PreviewColumn {
            name: f.name().clone(),
            ty: column_type(f.data_type()),
            detail: Some(f.data_type().to_string()),
        })
        .collect()
}

fn column_type(dt: &DataType) -> ColumnType {
    match dt {
        DataType::Boolean => ColumnType::Bool,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => ColumnType::Int,
        DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => ColumnType::Float,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => ColumnType::Timestamp,
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(..)
        | DataType::Struct(_)
        | DataType::Map(..) => ColumnType::Json,
        _ => ColumnType::String,
    }
}

/// Rows of a batch as text; types the preview does not render show their type name.
pub fn rows_of(batch: &RecordBatch, out: &mut Vec<Vec<String>>, max: usize) {
    for row in 0..batch.num_rows() {
        if out.len() >= max {
            return;
        }
        out.push(batch.columns().iter().map(|c| cell(c, row)).collect());
    }
}

/// An arrow timestamp as RFC 3339 UTC (`2026-10-29T07:18:59Z`); `None` when out of range.
/// The emulator's server-side preview renders parquet times the same way.
pub fn rfc3339(value: i64, unit: &TimeUnit) -> Option<String> {
    let (secs, nanos) = match unit {
        TimeUnit::Second => (value, 0),
        TimeUnit::Millisecond => (value.div_euclid(1_000), value.rem_euclid(1_000) * 1_000_000),
        TimeUnit::Microsecond => (
            value.div_euclid(1_000_000),
            value.rem_euclid(1_000_000) * 1_000,
        ),
        TimeUnit::Nanosecond => (
            value.div_euclid(1_000_000_000),
            value.rem_euclid(1_000_000_000),
        ),
    };
    u32::try_from(nanos)
        .ok()
        .and_then(|n| chrono::DateTime::from_timestamp(secs, n))
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// Whether row group `group`'s column chunks lie inside a file of `file_len` bytes. The
/// parquet reader asserts on a negative offset or size and trusts the rest, so a damaged
/// or hostile footer would abort the preview instead of being reported; checked first.
pub fn check_row_group(meta: &ParquetMetaData, group: usize, file_len: u64) -> Result<(), String> {
    let Some(rg) = meta.row_groups().get(group) else {
        return Err(format!("has no row group {group}"));
    };
    for (i, col) in rg.columns().iter().enumerate() {
        let start = col
            .dictionary_page_offset()
            .unwrap_or(col.data_page_offset());
        let len = col.compressed_size();
        let end = u64::try_from(start)
            .ok()
            .zip(u64::try_from(len).ok())
            .and_then(|(s, l)| s.checked_add(l));
        match end {
            Some(end) if end <= file_len => {}
            _ => {
                return Err(format!(
                    "column {i} of row group {group} claims bytes {start}+{len}, outside the \
                     file's {file_len} bytes: the footer is damaged"
                ));
            }
        }
    }
    Ok(())
}

fn cell(col: &ArrayRef, row: usize) -> String {
    crate::cell::decode(col, row).text()
}

/// A whole parquet file in memory → schema and first rows (or what went wrong), for
/// fuzzing and tests; the network path is [`Storage::preview`].
pub fn preview_parquet_bytes(
    bytes: &[u8],
    max_rows: usize,
) -> (Vec<PreviewColumn>, Vec<Vec<String>>, Vec<String>) {
    crate::contain::contained(|| read_parquet_bytes(bytes, max_rows))
        .unwrap_or_else(|e| (Vec::new(), Vec::new(), vec![damaged(&e)]))
}

/// What a preview says when the reader gave up on damaged data with a panic.
pub fn damaged(why: &str) -> String {
    format!("cannot be decoded: the parquet reader stopped on damaged data ({why})")
}

fn read_parquet_bytes(
    bytes: &[u8],
    max_rows: usize,
) -> (Vec<PreviewColumn>, Vec<Vec<String>>, Vec<String>) {
    let not_parquet = |e: ParquetError| vec![format!("cannot be read as parquet: {e}")];
    let builder = match ParquetRecordBatchReaderBuilder::try_new(Bytes::copy_from_slice(bytes)) {
        Ok(b) => b,
        Err(e) => return (Vec::new(), Vec::new(), not_parquet(e)),
    };
    let columns = columns_of(builder.schema());
    if builder.metadata().num_row_groups() == 0 || max_rows == 0 {
        return (columns, Vec::new(), Vec::new());
    }
    if let Err(e) = check_row_group(builder.metadata(), 0, bytes.len() as u64) {
        return (
            columns,
            Vec::new(),
            vec![format!("cannot be read as parquet: {e}")],
        );
    }
    let reader = match builder
        .with_row_groups(vec![0])
        .with_batch_size(max_rows)
        .with_limit(max_rows)
        .build()
    {
        Ok(r) => r,
        Err(e) => return (columns, Vec::new(), not_parquet(e)),
    };
    let mut rows = Vec::new();
    for batch in reader {
        match batch {
            Ok(b) => rows_of(&b, &mut rows, max_rows),
            Err(e) => return (columns, rows, vec![format!("cannot be decoded: {e}")]),
        }
    }
    (columns, rows, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Int64Array, StringArray, TimestampMicrosecondArray};
    use parquet::arrow::ArrowWriter;
    use std::sync::Arc;

    fn sample() -> Vec<u8> {
        let schema = Arc::new(Schema::new(vec![
            arrow_schema::Field::new("id", DataType::Int64, false),
            arrow_schema::Field::new("name", DataType::Utf8, true),
            arrow_schema::Field::new("at", DataType::Timestamp(TimeUnit::Microsecond, None), true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![1, 2, 3])),
                Arc::new(StringArray::from(vec![Some("a"), None, Some("c")])),
                Arc::new(TimestampMicrosecondArray::from(vec![
                    Some(0),
                    Some(1_500_000),
                    None,
                ])),
            ],
        )
        .unwrap();
        let mut out = Vec::new();
        let mut w = ArrowWriter::try_new(&mut out, schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        out
    }

    #[test]
    fn schema_and_rows_from_bytes() {
        let (cols, rows, notes) = preview_parquet_bytes(&sample(), 2);
        let names: Vec<_> = cols.iter().map(|c| (c.name.as_str(), c.ty)).collect();
        assert_eq!(
            names,
            [
                ("id", ColumnType::Int),
                ("name", ColumnType::String),
                ("at", ColumnType::Timestamp)
            ]
        );
        assert_eq!(cols[0].detail.as_deref(), Some("Int64"));
        assert_eq!(
            rows,
            vec![
                vec!["1", "a", "1970-01-01T00:00:00Z"],
                vec!["2", "", "1970-01-01T00:00:01.500Z"]
            ]
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn footer_length() {
        let bytes = sample();
        let n = footer_metadata_len(&bytes).unwrap();
        assert!(n > 0 && n < bytes.len());
        assert!(footer_metadata_len(b"PAR1").is_err());
        assert!(footer_metadata_len(b"\x10\x00\x00\x00NOPE").is_err());
    }

    #[test]
    fn damaged_parquet_is_a_note() {
        let mut bytes = sample();
        let mid = bytes.len() / 2;
        bytes[mid..mid + 8].copy_from_slice(b"garbage!");
        // Damage in the middle: whatever comes out, no panic.
        let _ = preview_parquet_bytes(&bytes, 5);
        // A cut footer: nothing readable, said in a note.
        let (_, rows, cut_notes) = preview_parquet_bytes(&bytes[..bytes.len() - 3], 5);
        assert!(rows.is_empty());
        assert!(!cut_notes.is_empty());
    }
}

//! Parquet previews: the footer (last 8 bytes → metadata length → metadata), then only the
//! first row group's column chunks through parquet's async reader with a row limit. Every
//! byte goes through [`CountingReader`], so `bytes_read` is what was really fetched.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};
use bytes::Bytes;
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore};
use parquet::arrow::ParquetRecordBatchStreamBuilder;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::async_reader::AsyncFileReader;
use parquet::errors::ParquetError;
use parquet::file::metadata::{FooterTail, ParquetMetaData, ParquetMetaDataReader};

use super::{ColumnType, PreviewColumn};
use crate::api::storage::{Storage, StorageError};

const FOOTER: usize = 8;

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
fn columns_of(schema: &Schema) -> Vec<PreviewColumn> {
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
fn rows_of(batch: &RecordBatch, out: &mut Vec<Vec<String>>, max: usize) {
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

fn timestamp(value: i64, unit: &TimeUnit) -> String {
    rfc3339(value, unit).unwrap_or_else(|| value.to_string())
}

fn cell(col: &ArrayRef, row: usize) -> String {
    if row >= col.len() || col.is_null(row) {
        return String::new();
    }
    macro_rules! prim {
        ($t:ty) => {
            col.as_primitive_opt::<$t>()
                .map(|a| a.value(row).to_string())
        };
    }
    let text = match col.data_type() {
        DataType::Boolean => col.as_boolean_opt().map(|a| a.value(row).to_string()),
        DataType::Int8 => prim!(Int8Type),
        DataType::Int16 => prim!(Int16Type),
        DataType::Int32 => prim!(Int32Type),
        DataType::Int64 => prim!(Int64Type),
        DataType::UInt8 => prim!(UInt8Type),
        DataType::UInt16 => prim!(UInt16Type),
        DataType::UInt32 => prim!(UInt32Type),
        DataType::UInt64 => prim!(UInt64Type),
        DataType::Float32 => prim!(Float32Type),
        DataType::Float64 => prim!(Float64Type),
        DataType::Utf8 => col.as_string_opt::<i32>().map(|a| a.value(row).to_string()),
        DataType::LargeUtf8 => col.as_string_opt::<i64>().map(|a| a.value(row).to_string()),
        DataType::Utf8View => col.as_string_view_opt().map(|a| a.value(row).to_string()),
        DataType::Date32 => col.as_primitive_opt::<Date32Type>().and_then(|a| {
            chrono::DateTime::from_timestamp(i64::from(a.value(row)) * 86_400, 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
        }),
        DataType::Timestamp(unit, _) => {
            let raw = match unit {
                TimeUnit::Second => prim_i64::<TimestampSecondType>(col, row),
                TimeUnit::Millisecond => prim_i64::<TimestampMillisecondType>(col, row),
                TimeUnit::Microsecond => prim_i64::<TimestampMicrosecondType>(col, row),
                TimeUnit::Nanosecond => prim_i64::<TimestampNanosecondType>(col, row),
            };
            raw.map(|v| timestamp(v, unit))
        }
        _ => None,
    };
    text.unwrap_or_else(|| format!("‹{}›", col.data_type()))
}

fn prim_i64<T>(col: &ArrayRef, row: usize) -> Option<i64>
where
    T: arrow_array::ArrowPrimitiveType<Native = i64>,
{
    col.as_primitive_opt::<T>().map(|a| a.value(row))
}

/// A whole parquet file in memory → schema and first rows (or what went wrong), for
/// fuzzing and tests; the network path is [`Storage::preview`].
pub fn preview_parquet_bytes(
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

/// Range reads for parquet's async reader, each counted and pinned to one version of the
/// file (`If-Match`), keeping the first storage error so it can be reported as itself.
struct CountingReader {
    storage: Storage,
    path: Path,
    user_path: String,
    etag: Option<String>,
    metadata: Arc<ParquetMetaData>,
    read: Arc<std::sync::atomic::AtomicU64>,
    failure: Arc<Mutex<Option<StorageError>>>,
}

impl CountingReader {
    async fn fetch(&self, range: Range<u64>) -> Result<Bytes, ParquetError> {
        let opts = GetOptions {
            range: Some(GetRange::Bounded(range)),
            if_match: self.etag.clone(),
            ..GetOptions::default()
        };
        let got = async {
            self.storage
                .store()
                .get_opts(&self.path, opts)
                .await?
                .bytes()
                .await
        }
        .await;
        match got {
            Ok(b) => {
                self.read
                    .fetch_add(b.len() as u64, std::sync::atomic::Ordering::Relaxed);
                Ok(b)
            }
            Err(e) => {
                let err = self.storage.err(e, &self.user_path);
                let message = err.to_string();
                if let Ok(mut slot) = self.failure.lock() {
                    slot.get_or_insert(err);
                }
                Err(ParquetError::General(message))
            }
        }
    }
}

impl AsyncFileReader for CountingReader {
    fn get_bytes(&mut self, range: Range<u64>) -> BoxFuture<'_, Result<Bytes, ParquetError>> {
        self.fetch(range).boxed()
    }

    fn get_metadata<'a>(
        &'a mut self,
        _options: Option<&'a ArrowReaderOptions>,
    ) -> BoxFuture<'a, Result<Arc<ParquetMetaData>, ParquetError>> {
        // Read once from the footer before the reader was built.
        let m = Arc::clone(&self.metadata);
        async move { Ok(m) }.boxed()
    }
}

/// What the parquet path found.
pub(crate) struct ParquetPreview {
    pub columns: Vec<PreviewColumn>,
    pub rows: Vec<Vec<String>>,
    pub bytes_read: u64,
    pub more_rows: bool,
    pub notes: Vec<String>,
}

/// Footer first (one suffix read that usually holds all the metadata), then the first row
/// group, at most `max_rows` rows.
pub(crate) async fn fetch_parquet(
    storage: &Storage,
    user_path: &str,
    size: u64,
    etag: Option<String>,
    max_rows: usize,
    suffix_hint: u64,
) -> Result<ParquetPreview, StorageError> {
    let path = storage.object_path(user_path)?;
    let read = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let failure = Arc::new(Mutex::new(None));
    let mut out = ParquetPreview {
        columns: Vec::new(),
        rows: Vec::new(),
        bytes_read: 0,
        more_rows: false,
        notes: Vec::new(),
    };
    let range_read = |range: Range<u64>| {
        let opts = GetOptions {
            range: Some(GetRange::Bounded(range)),
            if_match: etag.clone(),
            ..GetOptions::default()
        };
        let path = path.clone();
        async move {
            let got = async { storage.store().get_opts(&path, opts).await?.bytes().await }.await;
            got.map_err(|e| storage.err(e, user_path))
        }
    };
    let suffix_len = size.min(suffix_hint.max(FOOTER as u64));
    let mut tail = range_read(size - suffix_len..size).await?.to_vec();
    out.bytes_read += tail.len() as u64;
    let meta_len = match footer_metadata_len(&tail) {
        Ok(n) => n as u64,
        Err(e) => {
            out.notes.push(format!("cannot be read as parquet: {e}"));
            return Ok(out);
        }
    };
    let needed = meta_len + FOOTER as u64;
    if needed > size {
        out.notes
            .push("cannot be read as parquet: the footer is longer than the file".into());
        return Ok(out);
    }
    if needed > tail.len() as u64 {
        // The metadata starts before the suffix read: fetch just the missing front.
        let front = range_read(size - needed..size - tail.len() as u64).await?;
        out.bytes_read += front.len() as u64;
        let mut whole = front.to_vec();
        whole.extend_from_slice(&tail);
        tail = whole;
    }
    let meta_bytes = &tail[tail.len() - needed as usize..tail.len() - FOOTER];
    let metadata = match ParquetMetaDataReader::decode_metadata(meta_bytes) {
        Ok(m) => Arc::new(m),
        Err(e) => {
            out.notes.push(format!("cannot be read as parquet: {e}"));
            return Ok(out);
        }
    };
    let arrow_meta =
        match ArrowReaderMetadata::try_new(Arc::clone(&metadata), ArrowReaderOptions::new()) {
            Ok(m) => m,
            Err(e) => {
                out.notes.push(format!("unsupported parquet schema: {e}"));
                return Ok(out);
            }
        };
    out.columns = columns_of(arrow_meta.schema());
    let groups = metadata.num_row_groups();
    let total_rows: i64 = metadata.file_metadata().num_rows();
    if groups == 0 || max_rows == 0 {
        return Ok(out);
    }
    let reader = CountingReader {
        storage: storage.clone(),
        path: path.clone(),
        user_path: user_path.to_string(),
        etag: etag.clone(),
        metadata,
        read: Arc::clone(&read),
        failure: Arc::clone(&failure),
    };
    let stream = ParquetRecordBatchStreamBuilder::new_with_metadata(reader, arrow_meta)
        .with_row_groups(vec![0])
        .with_batch_size(max_rows)
        .with_limit(max_rows)
        .build();
    let mut stream = match stream {
        Ok(s) => s,
        Err(e) => {
            out.notes.push(format!("cannot be decoded: {e}"));
            return Ok(out);
        }
    };
    while let Some(batch) = stream.next().await {
        match batch {
            Ok(b) => rows_of(&b, &mut out.rows, max_rows),
            Err(e) => {
                if let Some(err) = failure.lock().ok().and_then(|mut s| s.take()) {
                    return Err(err);
                }
                out.notes.push(format!("cannot be decoded: {e}"));
                break;
            }
        }
        if out.rows.len() >= max_rows {
            break;
        }
    }
    drop(stream);
    out.bytes_read += read.load(std::sync::atomic::Ordering::Relaxed);
    out.more_rows = i64::try_from(out.rows.len()).is_ok_and(|n| n < total_rows);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Int64Array, StringArray, TimestampMicrosecondArray};
    use parquet::arrow::ArrowWriter;

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

    #[tokio::test]
    async fn only_the_footer_and_the_first_row_group_are_fetched() {
        use crate::model::DlzProvider;
        use object_store::ObjectStoreExt;
        use object_store::memory::InMemory;
        use parquet::file::properties::WriterProperties;

        let schema = Arc::new(Schema::new(vec![arrow_schema::Field::new(
            "id",
            DataType::Int64,
            false,
        )]));
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(1_000))
            .set_dictionary_enabled(false)
            .build();
        let mut bytes = Vec::new();
        let mut w = ArrowWriter::try_new(&mut bytes, schema.clone(), Some(props)).unwrap();
        let ids: Vec<i64> = (0..20_000).map(|i| i * 7_919).collect();
        let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(ids))]).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();

        let mem = Arc::new(InMemory::new());
        mem.put(&Path::from("rows.parquet"), bytes.clone().into())
            .await
            .unwrap();
        let s = Storage::from_parts(mem, DlzProvider::Azure, "c", "", "mem");
        // A small suffix hint forces the second, front-of-metadata read too.
        let got = fetch_parquet(&s, "rows.parquet", bytes.len() as u64, None, 5, 16)
            .await
            .unwrap();
        assert_eq!(
            got.rows,
            vec![
                vec!["0"],
                vec!["7919"],
                vec!["15838"],
                vec!["23757"],
                vec!["31676"]
            ]
        );
        assert!(got.more_rows);
        assert!(got.notes.is_empty(), "{:?}", got.notes);
        assert!(
            got.bytes_read * 5 < bytes.len() as u64,
            "read {} of {}",
            got.bytes_read,
            bytes.len()
        );
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

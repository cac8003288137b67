//! Parquet previews read by range: the footer (last 8 bytes → metadata length →
//! metadata), then only the first row group's column chunks through parquet's async
//! reader with a row limit. Every byte goes through [`CountingReader`], so `bytes_read` is
//! what was really fetched. Decoding is flowscope-formats'.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore};
use parquet::arrow::ParquetRecordBatchStreamBuilder;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
use parquet::arrow::async_reader::AsyncFileReader;
use parquet::errors::ParquetError;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};

use crate::storage::{Storage, StorageError};
use flowscope_formats::PreviewColumn;
use flowscope_formats::parquet::{FOOTER, columns_of, footer_metadata_len, rows_of};

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
    if let Err(e) = flowscope_formats::check_row_group(&metadata, 0, size) {
        out.notes.push(format!("cannot be read as parquet: {e}"));
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
    // The decoder asserts on some damaged pages instead of failing: contained, that
    // becomes a note rather than the end of the explorer.
    let decoded = flowscope_formats::contain::contained_async(async {
        let stream = ParquetRecordBatchStreamBuilder::new_with_metadata(reader, arrow_meta)
            .with_row_groups(vec![0])
            .with_batch_size(max_rows)
            .with_limit(max_rows)
            .build();
        let mut stream = match stream {
            Ok(s) => s,
            Err(e) => {
                out.notes.push(format!("cannot be decoded: {e}"));
                return Ok(());
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
        Ok::<(), StorageError>(())
    })
    .await;
    match decoded {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return Err(err),
        Err(why) => out.notes.push(flowscope_formats::parquet::damaged(&why)),
    }
    out.bytes_read += read.load(std::sync::atomic::Ordering::Relaxed);
    out.more_rows = i64::try_from(out.rows.len()).is_ok_and(|n| n < total_rows);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Int64Array, RecordBatch};
    use arrow_schema::{DataType, Schema};
    use parquet::arrow::ArrowWriter;

    #[tokio::test]
    async fn only_the_footer_and_the_first_row_group_are_fetched() {
        use flowscope_model::DlzProvider;
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
}

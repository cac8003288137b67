//! Readers over a landing-zone file that fetch ranges on demand, so a preview touches
//! only the bytes it parses (a prefix of a CSV, the footer and first row group of a
//! parquet file) even when the file is the 64 MB generated one.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::{Buf, Bytes};
use flate2::read::MultiGzDecoder;
use parquet::file::reader::{ChunkReader, Length};

use super::DlzFile;

/// Bytes fetched per range read.
const CHUNK: u64 = 64 * 1024;

/// A sequential reader fetching `CHUNK`-sized ranges; counts what it fetched.
pub(super) struct RangeReader {
    file: DlzFile,
    pos: u64,
    buf: Bytes,
    fetched: Arc<AtomicU64>,
}

impl RangeReader {
    pub(super) fn new(file: &DlzFile, start: u64) -> Self {
        RangeReader {
            file: file.clone(),
            pos: start,
            buf: Bytes::new(),
            fetched: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A handle on the number of bytes fetched so far, readable after the reader moved.
    #[cfg(test)]
    pub(super) fn fetched(&self) -> Arc<AtomicU64> {
        self.fetched.clone()
    }
}

impl Read for RangeReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.buf.is_empty() {
            if self.pos >= self.file.size {
                return Ok(0);
            }
            self.buf = self
                .file
                .read_range(self.pos, CHUNK)
                .map_err(io::Error::other)?;
            self.pos += self.buf.len() as u64;
            self.fetched
                .fetch_add(self.buf.len() as u64, Ordering::Relaxed);
        }
        let n = out.len().min(self.buf.len());
        self.buf.copy_to_slice(&mut out[..n]);
        Ok(n)
    }
}

/// The file's content stream, gunzipped when `gzip` is set.
pub(super) fn content_stream(reader: RangeReader, gzip: bool) -> Box<dyn Read> {
    if gzip {
        Box::new(MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    }
}

/// Reads up to `n` bytes from the start (fewer at a short file or a truncated stream):
/// enough to sniff magic numbers and delimiters.
pub(super) fn read_prefix(mut r: impl Read, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match r.read(&mut out[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => filled += k,
        }
    }
    out.truncate(filled);
    out
}

/// Gives the parquet reader random access through range reads.
pub(super) struct ParquetSource {
    file: DlzFile,
    pub(super) fetched: Arc<AtomicU64>,
}

impl ParquetSource {
    pub(super) fn new(file: &DlzFile) -> Self {
        ParquetSource {
            file: file.clone(),
            fetched: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl Length for ParquetSource {
    fn len(&self) -> u64 {
        self.file.size
    }
}

impl ChunkReader for ParquetSource {
    type T = RangeReader;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        let mut r = RangeReader::new(&self.file, start);
        r.fetched = self.fetched.clone();
        Ok(r)
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        let b = self
            .file
            .read_range(start, length as u64)
            .map_err(|e| parquet::errors::ParquetError::General(e.to_string()))?;
        self.fetched.fetch_add(b.len() as u64, Ordering::Relaxed);
        if b.len() < length {
            return Err(parquet::errors::ParquetError::EOF(format!(
                "wanted {length} bytes at {start}, the file has {}",
                self.file.size
            )));
        }
        Ok(b)
    }
}

//! Counts the object bytes the storage endpoints send, in total and per blob, and streams
//! object bodies in chunks computed as they are sent.
//!
//! The count is taken as each chunk is handed to the connection, so a client that stops
//! reading early is not charged for the rest. Tests use it to prove that a preview of a
//! 1 GiB blob reads only the blob's head.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use bytes::Bytes;

use crate::dlz::DlzFile;

/// Bytes computed and sent per chunk: large enough for throughput, small enough that an
/// aborted read of a huge blob stops quickly.
const CHUNK: u64 = 256 * 1024;

#[derive(Debug, Default)]
pub struct Meter {
    total: AtomicU64,
    /// Store path (`<container>/<blob>`) → bytes sent, summed over sandboxes.
    per_path: Mutex<BTreeMap<String, u64>>,
    /// Numbers the storage requests, for request ids that do not draw from the seeded
    /// generator (which would shift every later seeded id and fault).
    requests: AtomicU64,
}

impl Meter {
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    pub fn for_path(&self, path: &str) -> u64 {
        self.per_path
            .lock()
            .ok()
            .and_then(|m| m.get(path.trim_start_matches('/')).copied())
            .unwrap_or(0)
    }

    fn add(&self, path: &str, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
        if let Ok(mut m) = self.per_path.lock() {
            *m.entry(path.to_string()).or_default() += n;
        }
    }

    /// The next request number (0, 1, 2, …).
    pub fn next_request(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed)
    }
}

/// A body sending `len` bytes of `file` from `start`, counted into `meter` as sent.
pub fn body(meter: Arc<Meter>, file: DlzFile, start: u64, len: u64) -> Body {
    let end = start + len;
    let chunks = futures::stream::unfold(start, move |pos| {
        let meter = meter.clone();
        let file = file.clone();
        async move {
            if pos >= end {
                return None;
            }
            let want = CHUNK.min(end - pos);
            let chunk: Result<Bytes, std::io::Error> =
                file.read_range(pos, want).map_err(std::io::Error::other);
            match chunk {
                Ok(b) if b.is_empty() => None,
                Ok(b) => {
                    meter.add(&file.path, b.len() as u64);
                    let next = pos + b.len() as u64;
                    Some((Ok(b), next))
                }
                Err(e) => Some((Err(e), end)),
            }
        }
    });
    Body::from_stream(chunks)
}

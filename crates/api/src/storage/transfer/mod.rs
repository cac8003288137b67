//! Whole-file transfers between this machine and the landing zone: ranged, retried,
//! cancellable, with progress. A cancelled or failed transfer leaves nothing half done: a
//! download writes `NAME.part` and renames it at the end; a multipart upload is aborted.
//!
//! Resumable transfers (`resume_up.rs`, `resume_down.rs`) keep a plan on disk instead
//! (`plan.rs`): a cancelled one keeps its staged blocks or parts, or its `NAME.part`, and
//! goes on from there.
//!
//! Progress goes to a callback (a UI can forward it to a `watch` channel); cancellation is
//! a `CancellationToken`.

mod download;
mod job;
mod plan;
mod ranges;
mod raw;
mod resume_down;
mod resume_up;
mod upload;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::StorageError;
use crate::retry::{RetryPolicy, jitter};

pub use download::part_file;
pub use job::{JobFile, upload_sources};
pub use plan::{Direction, LocalStamp, Plan, Plans, StoreKind, new_id};
pub use ranges::Ranges;
pub(crate) use raw::{Raw, http_client};
pub use upload::Uploaded;

/// Where a transfer is. Parts are counted when finished; `retries` counts parts sent or
/// fetched again after a failure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub part: u32,
    pub parts: u32,
    pub retries: u32,
    /// Folder uploads: the file being sent (1-based) and how many there are; 1 of 1 else.
    pub file: u32,
    pub files: u32,
}

/// What a progress callback looks like.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);

#[derive(Clone, Debug)]
pub struct TransferOptions {
    /// Bytes per ranged GET and per uploaded part. Files up to this size are uploaded with
    /// one request. S3 needs at least 5 MiB, which is enforced there.
    pub part_size: u64,
    /// Parts in flight at once.
    pub concurrency: usize,
    /// Retries of a whole part, on top of object_store's retries of each request.
    pub retry: RetryPolicy,
}

impl Default for TransferOptions {
    fn default() -> Self {
        TransferOptions {
            part_size: 8 * 1024 * 1024,
            concurrency: 4,
            retry: RetryPolicy::default(),
        }
    }
}

/// S3 allows 10,000 parts and Azure 50,000 blocks: a huge file gets bigger parts.
const MAX_PARTS: u64 = 10_000;

pub(crate) fn part_size_for(size: u64, wanted: u64, min: u64) -> u64 {
    wanted.max(min).max(1).max(size.div_ceil(MAX_PARTS))
}

/// Waits `d`, or less if the transfer is cancelled meanwhile.
pub(crate) async fn pause(d: Duration, cancel: &CancellationToken) -> Result<(), StorageError> {
    tokio::select! {
        _ = cancel.cancelled() => Err(StorageError::Cancelled),
        _ = tokio::time::sleep(d) => Ok(()),
    }
}

/// Backoff before retry number `retry` of a part (object_store does not surface a
/// `Retry-After`; it has already waited its own backoff for 429 and 503 answers).
pub(crate) fn backoff(policy: &RetryPolicy, retry: u32) -> Duration {
    policy.delay(retry, None, jitter())
}

/// Runs one idempotent storage call (a ranged read, a block or part sent with its fixed
/// id, a list) until it succeeds, fails for good, or the policy's tries are spent;
/// `retries` counts the extra tries. Cancellation ends it at once.
pub(crate) async fn retried<T, Fut>(
    storage: &crate::storage::Storage,
    path: &str,
    opts: &TransferOptions,
    cancel: &CancellationToken,
    retries: &AtomicU32,
    mut call: impl FnMut() -> Fut,
) -> Result<T, StorageError>
where
    Fut: std::future::Future<Output = Result<T, object_store::Error>>,
{
    let mut attempt = 1u32;
    loop {
        let got = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Err(StorageError::Cancelled),
            r = call() => r,
        };
        match got {
            Ok(v) => return Ok(v),
            Err(e) if super::error::transient(&e) && attempt < opts.retry.max_attempts => {
                retries.fetch_add(1, Ordering::Relaxed);
                pause(backoff(&opts.retry, attempt), cancel).await?;
                attempt += 1;
            }
            Err(e) => return Err(storage.err(e, path)),
        }
    }
}

/// object_store's per-part retry for multipart uploads: after its own request retries are
/// spent, the whole part is sent again, with the same block id (Azure) or part number
/// (S3) and the same bytes, so a part that did arrive the first time is just replaced.
#[derive(Debug)]
pub(crate) struct PartRetry {
    pub policy: RetryPolicy,
    pub retries: Arc<AtomicU32>,
}

#[async_trait::async_trait]
impl object_store::retry::RetryPolicy for PartRetry {
    async fn retry(&self, context: object_store::retry::RetryContext) -> bool {
        use object_store::client::HttpErrorKind;
        use object_store::retry::RetryFailure;
        let worth = match context.failure {
            RetryFailure::Status(s) => {
                let s = s.as_u16();
                s >= 500 || s == 408 || s == 429
            }
            RetryFailure::Transport(kind) => matches!(
                kind,
                HttpErrorKind::Connect
                    | HttpErrorKind::Request
                    | HttpErrorKind::Timeout
                    | HttpErrorKind::Interrupted
            ),
            _ => false,
        };
        let attempt = u32::try_from(context.attempt).unwrap_or(u32::MAX);
        if !worth || attempt >= self.policy.max_attempts {
            return false;
        }
        self.retries.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(backoff(&self.policy, attempt)).await;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_respect_minimum_and_part_count() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(part_size_for(100 * MIB, 8 * MIB, 1), 8 * MIB);
        assert_eq!(part_size_for(100 * MIB, MIB, 5 * MIB), 5 * MIB);
        assert_eq!(part_size_for(200_000 * MIB, 8 * MIB, 1), 20 * MIB);
        assert_eq!(part_size_for(0, 0, 0), 1);
    }
}

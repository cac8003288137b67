//! Download: ranged GETs of one version of the file (`If-Match`), a few in flight, each
//! part retried with backoff (GETs are safe to repeat), written in order to `NAME.part`
//! and renamed to `NAME` only when all of it is there.

use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use futures::{StreamExt, TryStreamExt};
use object_store::{GetOptions, GetRange, ObjectStoreExt};
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

use super::{Progress, ProgressFn, TransferOptions, backoff, part_size_for, pause};
use crate::storage::error::transient;
use crate::storage::{BlobEntry, Storage, StorageError};

/// Progress is reported at most once per this many bytes within a part.
const REPORT_EVERY: u64 = 256 * 1024;

/// `dest` with `.part` added to its file name.
pub fn part_file(dest: &FsPath) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    dest.with_file_name(name)
}

/// Shared counters of one download.
pub(super) struct Counters<'a> {
    pub done: AtomicU64,
    pub parts_done: AtomicU32,
    pub retries: AtomicU32,
    pub total: u64,
    pub parts: u32,
    pub progress: ProgressFn<'a>,
}

impl Counters<'_> {
    pub(super) fn report(&self) {
        (self.progress)(Progress {
            done_bytes: self.done.load(Ordering::Relaxed),
            total_bytes: self.total,
            part: self.parts_done.load(Ordering::Relaxed),
            parts: self.parts,
            retries: self.retries.load(Ordering::Relaxed),
            file: 1,
            files: 1,
        });
    }
}

impl Storage {
    /// Downloads `path` to `dest` (its folder is created). Cancelled or failed, it leaves
    /// neither `dest` nor `dest.part` behind.
    pub async fn download(
        &self,
        path: &str,
        dest: &FsPath,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<BlobEntry, StorageError> {
        if cancel.is_cancelled() {
            return Err(StorageError::Cancelled);
        }
        let full = self.object_path(path)?;
        let meta = self
            .store()
            .head(&full)
            .await
            .map_err(|e| self.err(e, path))?;
        let entry = self.entry(&meta);
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir).await?;
        }
        let part_path = part_file(dest);
        let result = tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(StorageError::Cancelled),
            r = self.fetch_to(path, &part_path, &meta, opts, progress, cancel) => r,
        };
        match result {
            Ok(()) => {
                tokio::fs::rename(&part_path, dest).await?;
                Ok(entry)
            }
            Err(e) => {
                // The file handle is gone with the dropped future: the half file can go.
                let _ = tokio::fs::remove_file(&part_path).await;
                Err(e)
            }
        }
    }

    async fn fetch_to(
        &self,
        path: &str,
        part_path: &FsPath,
        meta: &object_store::ObjectMeta,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<(), StorageError> {
        let size = meta.size;
        let part_size = part_size_for(size, opts.part_size, 1);
        let ranges: Vec<(u64, u64)> = (0..size.div_ceil(part_size))
            .map(|i| (i * part_size, ((i + 1) * part_size).min(size)))
            .collect();
        let counters = Counters {
            done: AtomicU64::new(0),
            parts_done: AtomicU32::new(0),
            retries: AtomicU32::new(0),
            total: size,
            parts: u32::try_from(ranges.len()).unwrap_or(u32::MAX),
            progress,
        };
        counters.report();
        let mut file = tokio::fs::File::create(part_path).await?;
        let etag = meta.e_tag.clone();
        let counters = &counters;
        let mut parts = futures::stream::iter(ranges)
            .map(|(start, end)| {
                self.fetch_part(path, start, end, etag.clone(), opts, counters, cancel)
            })
            .buffered(opts.concurrency.max(1));
        while let Some(bytes) = parts.try_next().await? {
            // Checked here too: on a fast link every poll may find data ready, and the
            // select around this never gets a turn.
            if cancel.is_cancelled() {
                return Err(StorageError::Cancelled);
            }
            file.write_all(&bytes).await?;
            counters.parts_done.fetch_add(1, Ordering::Relaxed);
            counters.report();
        }
        file.flush().await?;
        file.sync_all().await?;
        Ok(())
    }

    /// One range, retried whole on a transient failure. Progress only moves forward: bytes
    /// fetched again after a retry are not counted twice.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn fetch_part(
        &self,
        path: &str,
        start: u64,
        end: u64,
        etag: Option<String>,
        opts: &TransferOptions,
        counters: &Counters<'_>,
        cancel: &CancellationToken,
    ) -> Result<Vec<u8>, StorageError> {
        let full = self.object_path(path)?;
        let mut counted = 0u64;
        let mut attempt = 1u32;
        loop {
            let get = GetOptions {
                range: Some(GetRange::Bounded(start..end)),
                if_match: etag.clone(),
                ..GetOptions::default()
            };
            let mut buf = Vec::with_capacity(usize::try_from(end - start).unwrap_or(0));
            let mut since_report = 0u64;
            let got: Result<(), object_store::Error> = async {
                let mut stream = self.store().get_opts(&full, get).await?.into_stream();
                while let Some(chunk) = stream.next().await {
                    if cancel.is_cancelled() {
                        break;
                    }
                    let chunk = chunk?;
                    buf.extend_from_slice(&chunk);
                    let have = buf.len() as u64;
                    if have > counted {
                        counters.done.fetch_add(have - counted, Ordering::Relaxed);
                        since_report += have - counted;
                        counted = have;
                    }
                    if since_report >= REPORT_EVERY {
                        since_report = 0;
                        counters.report();
                    }
                }
                Ok(())
            }
            .await;
            if cancel.is_cancelled() {
                return Err(StorageError::Cancelled);
            }
            match got {
                Ok(()) if buf.len() as u64 == end - start => return Ok(buf),
                Ok(()) => {
                    // A short body: the connection ended early. Same as a broken read.
                    if attempt >= opts.retry.max_attempts {
                        return Err(StorageError::Other {
                            code: None,
                            message: format!(
                                "{path}: the storage sent {} of {} bytes of a part",
                                buf.len(),
                                end - start
                            ),
                        });
                    }
                }
                Err(e) if transient(&e) && attempt < opts.retry.max_attempts => {}
                Err(e) => return Err(self.err(e, path)),
            }
            counters.retries.fetch_add(1, Ordering::Relaxed);
            pause(backoff(&opts.retry, attempt), cancel).await?;
            attempt += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_file_sits_beside_the_destination() {
        assert_eq!(
            part_file(FsPath::new("/tmp/x/data.csv")),
            PathBuf::from("/tmp/x/data.csv.part")
        );
        assert_eq!(part_file(FsPath::new("data")), PathBuf::from("data.part"));
    }

    #[tokio::test]
    async fn downloads_in_parts_and_cleans_up_on_cancel() {
        use flowscope_model::DlzProvider;
        use object_store::memory::InMemory;
        use object_store::path::Path;
        use std::sync::{Arc, Mutex};

        let mem = Arc::new(InMemory::new());
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        mem.put(&Path::from("in/big.bin"), data.clone().into())
            .await
            .unwrap();
        let s = Storage::from_parts(mem, DlzProvider::Azure, "c", "", "mem");
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out/big.bin");
        let seen = Mutex::new(Vec::new());
        let record = |p: Progress| seen.lock().unwrap().push(p);
        let opts = TransferOptions {
            part_size: 30_000,
            concurrency: 2,
            ..TransferOptions::default()
        };
        let entry = s
            .download(
                "in/big.bin",
                &dest,
                &opts,
                &record,
                &CancellationToken::new(),
            )
            .await
            .unwrap();
        assert_eq!(entry.size, 100_000);
        assert_eq!(std::fs::read(&dest).unwrap(), data);
        assert!(!part_file(&dest).exists());
        let seen = seen.lock().unwrap().clone();
        let last = seen.last().unwrap();
        assert_eq!(
            (last.done_bytes, last.total_bytes, last.part, last.parts),
            (100_000, 100_000, 4, 4)
        );
        assert!(seen.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes));

        let cancel = CancellationToken::new();
        cancel.cancel();
        let gone = dir.path().join("gone.bin");
        let e = s
            .download("in/big.bin", &gone, &opts, &|_| {}, &cancel)
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::Cancelled));
        assert!(!gone.exists() && !part_file(&gone).exists());

        let e = s
            .download(
                "in/none.bin",
                &gone,
                &opts,
                &|_| {},
                &CancellationToken::new(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::NotFound { .. }), "{e:?}");
    }
}

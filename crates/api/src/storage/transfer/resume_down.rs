//! Resumable downloads: ranged GETs of one version of the file (`If-Match` on the ETag
//! seen at the start) written at their offsets into `NAME.part`, each range recorded in
//! the plan only after its bytes are flushed to disk. A resumed download fetches only the
//! ranges the plan does not have; a file changed on the storage meanwhile is refused
//! (412), never stitched. At the end the length and, where the storage gives one, the
//! MD5 are checked; a mismatch fails and keeps `NAME.part`.

use std::path::Path as FsPath;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use futures::{StreamExt, TryStreamExt};
use md5::{Digest, Md5};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

use super::download::{Counters, part_file};
use super::plan::{Direction, Plan, Plans};
use super::ranges::Ranges;
use super::{ProgressFn, TransferOptions, part_size_for, retried};
use crate::storage::{BlobEntry, Storage, StorageError};

impl Storage {
    /// The plan of a download of `path` to `dest`: the file's size, version (ETag) and
    /// MD5 as the storage describes them now. Nothing is written yet.
    pub async fn plan_download(
        &self,
        path: &str,
        dest: &FsPath,
        zone: &str,
        opts: &TransferOptions,
    ) -> Result<Plan, StorageError> {
        let full = self.object_path(path)?;
        let retries = AtomicU32::new(0);
        let never = CancellationToken::new();
        let raw = self.raw()?;
        let d = retried(self, path, opts, &never, &retries, || raw.describe(&full)).await?;
        let part_size = part_size_for(d.size, opts.part_size, 1);
        let id = super::plan::new_id();
        Ok(Plan {
            direction: Direction::Download,
            local: std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf()),
            zone: zone.to_string(),
            store: self.store_kind(),
            remote: path.trim_matches('/').to_string(),
            size: d.size,
            part_size,
            parts: u32::try_from(d.size.div_ceil(part_size)).unwrap_or(u32::MAX),
            local_stamp: None,
            block_prefix: None,
            upload_id: None,
            etag: d.etag,
            done: Ranges::default(),
            md5: d.md5,
            started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            id,
            files: Vec::new(),
            next: 0,
            job: None,
            extra: Default::default(),
        })
    }

    /// Fetches the ranges the plan lacks, checks the file and renames `NAME.part` to
    /// `NAME`. The plan is removed at the end; cancelled or failed, it stays to resume.
    pub async fn resume_download(
        &self,
        plan: Plan,
        plans: &Plans,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<BlobEntry, StorageError> {
        let part_path = part_file(&plan.local);
        if let Some(dir) = plan.local.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir).await?;
        }
        let mut plan = plan;
        let have = tokio::fs::metadata(&part_path).await.map(|m| m.len()).ok();
        if have != Some(plan.size) {
            // No `.part` (or not the one this plan wrote): start it over.
            plan.done = Ranges::default();
            let f = tokio::fs::File::create(&part_path).await?;
            f.set_len(plan.size).await?;
            f.sync_all().await?;
            plans.save(&plan)?;
        }
        let missing = plan.done.missing_parts(plan.size, plan.part_size);
        let counters = Counters {
            done: AtomicU64::new(plan.done.covered()),
            parts_done: AtomicU32::new(plan.parts - u32::try_from(missing.len()).unwrap_or(0)),
            retries: AtomicU32::new(0),
            total: plan.size,
            parts: plan.parts,
            progress,
        };
        counters.report();
        let etag = plan.etag.clone();
        let remote = plan.remote.clone();
        let shared = Mutex::new(plan);
        let (counters, shared, part_path) = (&counters, &shared, &part_path);
        futures::stream::iter(missing)
            .map(|(start, end)| {
                let (etag, remote) = (etag.clone(), remote.clone());
                async move {
                    let bytes = self
                        .fetch_part(&remote, start, end, etag, opts, counters, cancel)
                        .await?;
                    if cancel.is_cancelled() {
                        return Err(StorageError::Cancelled);
                    }
                    let mut f = tokio::fs::OpenOptions::new()
                        .write(true)
                        .open(part_path)
                        .await?;
                    f.seek(std::io::SeekFrom::Start(start)).await?;
                    f.write_all(&bytes).await?;
                    f.flush().await?;
                    f.sync_data().await?;
                    // Recorded only now that the bytes are on disk.
                    let snapshot = {
                        let mut p = shared.lock().map_err(|_| poisoned())?;
                        p.done.insert(start, end);
                        p.clone()
                    };
                    plans.save(&snapshot)?;
                    counters.parts_done.fetch_add(1, Ordering::Relaxed);
                    counters.report();
                    Ok(())
                }
            })
            .buffer_unordered(opts.concurrency.max(1))
            .try_collect::<Vec<()>>()
            .await?;
        let plan = shared.lock().map_err(|_| poisoned())?.clone();
        verify(&plan, part_path).await?;
        tokio::fs::rename(part_path, &plan.local).await?;
        plans.remove(&plan.id)?;
        Ok(BlobEntry {
            path: plan.remote.clone(),
            name: plan
                .remote
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            size: plan.size,
            last_modified_ms: 0,
            etag: plan.etag.clone(),
        })
    }
}

fn poisoned() -> StorageError {
    StorageError::Other {
        code: None,
        message: "a transfer task panicked".into(),
    }
}

/// The whole file is there, as long as the storage said, with its MD5 if it gave one.
async fn verify(plan: &Plan, part_path: &FsPath) -> Result<(), StorageError> {
    let len = tokio::fs::metadata(part_path).await?.len();
    let gaps = plan.done.missing_parts(plan.size, plan.part_size);
    if len != plan.size || !gaps.is_empty() {
        return Err(StorageError::Other {
            code: Some("LengthMismatch".into()),
            message: format!(
                "{}: {len} bytes on disk, {} missing ranges, of {} bytes; kept as {}",
                plan.remote,
                gaps.len(),
                plan.size,
                part_path.display()
            ),
        });
    }
    let Some(want) = &plan.md5 else {
        return Ok(());
    };
    let got = md5_of(part_path).await?;
    if &got != want {
        return Err(StorageError::Other {
            code: Some("Md5Mismatch".into()),
            message: format!(
                "{}: the downloaded bytes have MD5 {got}, the storage says {want}; kept as {}",
                plan.remote,
                part_path.display()
            ),
        });
    }
    Ok(())
}

/// Base64 MD5 of a local file, as Azure's Content-MD5 is written.
pub async fn md5_of(path: &FsPath) -> std::io::Result<String> {
    use base64::Engine;
    let mut f = tokio::fs::File::open(path).await?;
    let mut h = Md5::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(base64::engine::general_purpose::STANDARD.encode(h.finalize().as_slice()))
}

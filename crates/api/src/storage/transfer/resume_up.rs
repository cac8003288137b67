//! Resumable uploads. The plan is made (and saved by the caller) before any byte moves;
//! every run then asks the storage what it already has and sends only the rest:
//!
//! - Azure: block `i` has a fixed id (`Plan::block_id`); the blob's uncommitted block
//!   list says which blocks are staged with the right size; the missing ones are staged,
//!   then Put Block List commits them all in order with the file's MD5 as Content-MD5.
//! - S3: the multipart upload's id is saved in the plan before its first part; ListParts
//!   says which parts arrived with the right size; the missing ones are sent, then
//!   CompleteMultipartUpload with every part's ETag.
//!
//! A file of one part goes in one request, all or nothing, and has no plan to resume.

use std::collections::HashMap;
use std::path::Path as FsPath;
use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use md5::{Digest, Md5};
use object_store::multipart::{MultipartStore, PartId};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::sync::CancellationToken;

use super::plan::{Direction, LocalStamp, Plan, Plans, StoreKind, new_id};
use super::ranges::Ranges;
use super::{Progress, ProgressFn, TransferOptions, Uploaded, part_size_for, retried};
use crate::storage::{Storage, StorageError};
use flowscope_model::DlzProvider;

impl Storage {
    pub(crate) fn raw(&self) -> Result<&super::Raw, StorageError> {
        self.raw.as_deref().ok_or_else(|| StorageError::Other {
            code: None,
            message: "resumable transfers need a landing zone opened from its credentials".into(),
        })
    }

    pub(crate) fn store_kind(&self) -> StoreKind {
        match self.provider {
            DlzProvider::Azure => StoreKind::Azure,
            DlzProvider::AmazonS3 => StoreKind::S3,
        }
    }

    /// The plan of an upload of `src` to `dest` in `zone`, nothing sent yet. With
    /// `overwrite == false` an existing file is refused ([`StorageError::AlreadyExists`]).
    /// `None` for a file that fits in one part: it goes whole in one request
    /// ([`Storage::upload`]) and has nothing to resume.
    pub async fn plan_upload(
        &self,
        src: &FsPath,
        dest: &str,
        zone: &str,
        overwrite: bool,
        opts: &TransferOptions,
    ) -> Result<Option<Plan>, StorageError> {
        let stamp = LocalStamp::of(src)?;
        let part_size = part_size_for(stamp.len, opts.part_size, self.min_part_size);
        if stamp.len <= part_size {
            return Ok(None);
        }
        self.object_path(dest)?;
        if !overwrite && self.head(dest).await?.is_some() {
            return Err(StorageError::AlreadyExists {
                path: dest.to_string(),
            });
        }
        let id = new_id();
        let kind = self.store_kind();
        Ok(Some(Plan {
            direction: Direction::Upload,
            local: std::path::absolute(src).unwrap_or_else(|_| src.to_path_buf()),
            zone: zone.to_string(),
            store: kind,
            remote: dest.trim_matches('/').to_string(),
            size: stamp.len,
            part_size,
            parts: u32::try_from(stamp.len.div_ceil(part_size)).unwrap_or(u32::MAX),
            local_stamp: Some(stamp),
            block_prefix: (kind == StoreKind::Azure).then(|| id.clone()),
            upload_id: None,
            etag: None,
            done: Ranges::default(),
            md5: None,
            started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            id,
            files: Vec::new(),
            next: 0,
            job: None,
            extra: Default::default(),
        }))
    }

    /// Sends what the storage does not have of an upload's plan, then commits it. The plan
    /// is removed when the file is committed; cancelled or failed, it stays to resume.
    pub async fn resume_upload(
        &self,
        mut plan: Plan,
        plans: &Plans,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<Uploaded, StorageError> {
        plan.check_source()?;
        let raw = self.raw()?;
        let path = self.object_path(&plan.remote)?;
        let retries = AtomicU32::new(0);
        let remote = plan.remote.clone();
        let this = self;
        macro_rules! call {
            ($f:expr) => {
                retried(this, &remote, opts, cancel, &retries, $f)
            };
        }

        // Which parts the storage already holds, whole.
        let have: HashMap<u32, String> = match plan.store {
            StoreKind::Azure => {
                let staged: HashMap<String, u64> = call!(|| raw.uncommitted_blocks(&path))
                    .await?
                    .into_iter()
                    .collect();
                (0..plan.parts)
                    .filter_map(|i| {
                        let id = plan.block_id(i)?;
                        let (s, e) = plan.part_range(i);
                        (staged.get(&id) == Some(&(e - s))).then_some((i, id))
                    })
                    .collect()
            }
            StoreKind::S3 => {
                let s3 = raw.s3().ok_or_else(|| not_s3(&plan))?;
                let upload_id = match plan.upload_id.clone() {
                    Some(id) => id,
                    None => {
                        let id = call!(|| s3.create_multipart(&path)).await?;
                        plan.upload_id = Some(id.clone());
                        plans.save(&plan)?;
                        id
                    }
                };
                call!(|| raw.list_parts(&path, &upload_id))
                    .await
                    .map_err(|e| gone_upload(e, &plan))?
                    .into_iter()
                    .filter_map(|(n, etag, size)| {
                        let i = n.checked_sub(1)?;
                        let (s, e) = plan.part_range(i);
                        (i < plan.parts && size == e - s).then_some((i, etag))
                    })
                    .collect()
            }
        };

        let report = |done: u64, finished: u32| {
            progress(Progress {
                done_bytes: done,
                total_bytes: plan.size,
                part: finished,
                parts: plan.parts,
                retries: retries.load(Ordering::Relaxed),
                file: 1,
                files: 1,
            })
        };
        let mut done: u64 = have
            .keys()
            .map(|&i| {
                let (s, e) = plan.part_range(i);
                e - s
            })
            .sum();
        let mut finished = u32::try_from(have.len()).unwrap_or(0);
        // What the storage holds is the truth; the plan's ranges only show progress
        // to `dlz transfers` and the transfers pane without asking the storage.
        plan.done = Ranges::default();
        for &i in have.keys() {
            let (s, e) = plan.part_range(i);
            plan.done.insert(s, e);
        }
        plans.save(&plan)?;
        let mut plan_done = plan.done.clone();
        report(done, finished);

        // Read in order (the MD5 needs every byte, sent or not); send what is missing.
        let mut file = tokio::fs::File::open(&plan.local).await?;
        let mut md5 = (plan.store == StoreKind::Azure).then(Md5::new);
        let mut etags: HashMap<u32, String> = have;
        let mut in_flight = FuturesUnordered::new();
        let mut next = 0u32;
        while next < plan.parts || !in_flight.is_empty() {
            if cancel.is_cancelled() {
                return Err(StorageError::Cancelled);
            }
            if next < plan.parts && in_flight.len() < opts.concurrency.max(1) {
                let i = next;
                next += 1;
                let (s, e) = plan.part_range(i);
                let sent = etags.contains_key(&i);
                if sent && md5.is_none() {
                    continue;
                }
                file.seek(std::io::SeekFrom::Start(s)).await?;
                let mut buf = vec![0u8; usize::try_from(e - s).unwrap_or(0)];
                file.read_exact(&mut buf).await?;
                if let Some(h) = md5.as_mut() {
                    h.update(&buf);
                }
                if sent {
                    continue;
                }
                let bytes = Bytes::from(buf);
                let plan = &plan;
                let path = &path;
                let (remote, retries) = (&remote, &retries);
                in_flight.push(async move {
                    let etag = match plan.store {
                        StoreKind::Azure => {
                            let id = plan.block_id(i).unwrap_or_default();
                            retried(this, remote, opts, cancel, retries, || {
                                raw.put_block(path, &id, bytes.clone())
                            })
                            .await?;
                            id
                        }
                        StoreKind::S3 => {
                            let s3 = raw.s3().ok_or_else(|| not_s3(plan))?;
                            let upload = plan.upload_id.clone().unwrap_or_default();
                            let index = usize::try_from(i).unwrap_or(0);
                            retried(this, remote, opts, cancel, retries, || {
                                s3.put_part(path, &upload, index, bytes.clone().into())
                            })
                            .await
                            .map_err(|e| gone_upload(e, plan))?
                            .content_id
                        }
                    };
                    Ok::<_, StorageError>((i, etag, e - s))
                });
                continue;
            }
            match in_flight.next().await {
                Some(Ok((i, etag, len))) => {
                    etags.insert(i, etag);
                    let (s, e) = plan.part_range(i);
                    plan_done.insert(s, e);
                    let mut snapshot = plan.clone();
                    snapshot.done = plan_done.clone();
                    plans.save(&snapshot)?;
                    done += len;
                    finished += 1;
                    report(done, finished);
                }
                Some(Err(e)) => return Err(e),
                None => break,
            }
        }
        drop(in_flight);
        // Nothing may have changed under us while we read it.
        plan.check_source()?;

        let ordered: Vec<String> = (0..plan.parts)
            .map(|i| etags.get(&i).cloned().unwrap_or_default())
            .collect();
        let etag = match plan.store {
            StoreKind::Azure => {
                let digest = md5.map(|h| {
                    use base64::Engine;
                    base64::engine::general_purpose::STANDARD.encode(h.finalize().as_slice())
                });
                call!(|| raw.put_block_list(&path, &ordered, digest.as_deref())).await?
            }
            StoreKind::S3 => {
                let s3 = raw.s3().ok_or_else(|| not_s3(&plan))?;
                let upload = plan.upload_id.clone().unwrap_or_default();
                let parts: Vec<PartId> = ordered
                    .iter()
                    .map(|e| PartId {
                        content_id: e.clone(),
                    })
                    .collect();
                // Completing twice is harmless (the second answers NoSuchUpload), but it
                // is a change: sent once, not retried.
                s3.complete_multipart(&path, &upload, parts)
                    .await
                    .map_err(|e| gone_upload(self.err(e, &plan.remote), &plan))?
                    .e_tag
            }
        };
        plans.remove(&plan.id)?;
        Ok(Uploaded {
            path: plan.remote.clone(),
            size: plan.size,
            etag,
        })
    }

    /// Goes on with a planned transfer, upload or download; answers the bytes moved in
    /// all (the file's size).
    pub async fn resume(
        &self,
        plan: Plan,
        plans: &Plans,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<u64, StorageError> {
        match plan.direction {
            Direction::Upload if plan.is_job() => {
                self.resume_job(plan, plans, opts, progress, cancel).await
            }
            Direction::Upload => self
                .resume_upload(plan, plans, opts, progress, cancel)
                .await
                .map(|u| u.size),
            Direction::Download => self
                .resume_download(plan, plans, opts, progress, cancel)
                .await
                .map(|e| e.size),
        }
    }

    /// Gives up a transfer: an S3 upload's parts are dropped (Azure's staged blocks
    /// expire by themselves), a download's `NAME.part` is deleted, and the plan removed.
    pub async fn discard(&self, plan: &Plan, plans: &Plans) -> Result<(), StorageError> {
        if plan.is_job() {
            return self.discard_job(plan, plans).await;
        }
        self.discard_file(plan, plans).await
    }

    /// [`Storage::discard`] of a plan of one file.
    pub(crate) async fn discard_file(
        &self,
        plan: &Plan,
        plans: &Plans,
    ) -> Result<(), StorageError> {
        match plan.direction {
            Direction::Upload => {
                if let (Some(id), Ok(raw)) = (&plan.upload_id, self.raw())
                    && let Some(s3) = raw.s3()
                {
                    let path = self.object_path(&plan.remote)?;
                    match s3.abort_multipart(&path, id).await {
                        Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                        Err(e) => return Err(self.err(e, &plan.remote)),
                    }
                }
            }
            Direction::Download => {
                match tokio::fs::remove_file(super::part_file(&plan.local)).await {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
        }
        plans.remove(&plan.id)?;
        Ok(())
    }
}

fn not_s3(plan: &Plan) -> StorageError {
    StorageError::Other {
        code: None,
        message: format!(
            "transfer {} was planned for S3, but the landing zone is on Azure now",
            plan.id
        ),
    }
}

/// An S3 upload id the storage no longer knows (aborted, completed or expired): the
/// parts are gone, so only a fresh start helps.
fn gone_upload(e: StorageError, plan: &Plan) -> StorageError {
    match e {
        StorageError::NotFound { .. } => StorageError::Other {
            code: Some("NoSuchUpload".into()),
            message: format!(
                "the storage no longer has the parts of transfer {} (aborted or expired); discard it and upload again",
                plan.id
            ),
        },
        other => other,
    }
}

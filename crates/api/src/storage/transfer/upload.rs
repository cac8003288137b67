//! Upload: one put for a file up to a part in size, else a multipart upload (Azure put
//! block + put block list, S3 multipart) with a few parts in flight, each part retried
//! whole by [`PartRetry`]. A cancelled or failed multipart upload is aborted.
//!
//! "Do not overwrite" is exact for a single put (`PutMode::Create`, answered
//! `AlreadyExists` by the storage); a multipart upload can only check first with a HEAD,
//! since neither Azure's block list nor S3's completion takes a create-only condition
//! through object_store.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use object_store::{MultipartUpload, PutMode, PutMultipartOptions, PutOptions, PutPayload};
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;

use super::{PartRetry, Progress, ProgressFn, TransferOptions, part_size_for};
use crate::storage::{Storage, StorageError};

/// One file sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uploaded {
    pub path: String,
    pub size: u64,
    pub etag: Option<String>,
}

/// Offsets a single file's progress into a folder upload's.
struct Frame<'a> {
    base: u64,
    total: u64,
    file: u32,
    files: u32,
    progress: ProgressFn<'a>,
}

impl Frame<'_> {
    fn report(&self, done: u64, part: u32, parts: u32, retries: u32) {
        (self.progress)(Progress {
            done_bytes: self.base + done,
            total_bytes: self.total,
            part,
            parts,
            retries,
            file: self.file,
            files: self.files,
        });
    }
}

impl Storage {
    /// Uploads `src` to `dest_path`. With `overwrite == false` an existing file is left
    /// alone and [`StorageError::AlreadyExists`] returned, so the caller can ask first.
    pub async fn upload(
        &self,
        src: &FsPath,
        dest_path: &str,
        overwrite: bool,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<Uploaded, StorageError> {
        let size = tokio::fs::metadata(src).await?.len();
        let frame = Frame {
            base: 0,
            total: size,
            file: 1,
            files: 1,
            progress,
        };
        self.upload_framed(src, dest_path, overwrite, opts, &frame, cancel)
            .await
    }

    /// Uploads every file under `src_dir` to `dest_prefix/<relative path>`, in name order,
    /// one file at a time. Stops at the first failure; files already sent stay.
    pub async fn upload_folder(
        &self,
        src_dir: &FsPath,
        dest_prefix: &str,
        overwrite: bool,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<Vec<Uploaded>, StorageError> {
        let files = local_files(src_dir).await?;
        let total: u64 = files.iter().map(|(_, _, size)| size).sum();
        let count = u32::try_from(files.len()).unwrap_or(u32::MAX);
        let prefix = dest_prefix.trim_matches('/');
        let mut base = 0;
        let mut sent = Vec::with_capacity(files.len());
        for (i, (path, rel, size)) in files.into_iter().enumerate() {
            let dest = if prefix.is_empty() {
                rel
            } else {
                format!("{prefix}/{rel}")
            };
            let frame = Frame {
                base,
                total,
                file: u32::try_from(i + 1).unwrap_or(u32::MAX),
                files: count,
                progress,
            };
            sent.push(
                self.upload_framed(&path, &dest, overwrite, opts, &frame, cancel)
                    .await?,
            );
            base += size;
        }
        Ok(sent)
    }

    async fn upload_framed(
        &self,
        src: &FsPath,
        dest_path: &str,
        overwrite: bool,
        opts: &TransferOptions,
        frame: &Frame<'_>,
        cancel: &CancellationToken,
    ) -> Result<Uploaded, StorageError> {
        if cancel.is_cancelled() {
            return Err(StorageError::Cancelled);
        }
        let full = self.object_path(dest_path)?;
        let size = tokio::fs::metadata(src).await?.len();
        let part_size = part_size_for(size, opts.part_size, self.min_part_size);
        if size <= part_size {
            frame.report(0, 0, 1, 0);
            let bytes = tokio::fs::read(src).await?;
            let mode = if overwrite {
                PutMode::Overwrite
            } else {
                PutMode::Create
            };
            let put = self
                .store()
                .put_opts(&full, PutPayload::from(bytes), PutOptions::from(mode));
            // Cancelled mid-request, the storage may still have taken the whole file: a
            // single put is all or nothing, never half.
            let result = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(StorageError::Cancelled),
                r = put => r.map_err(|e| self.err(e, dest_path))?,
            };
            frame.report(size, 1, 1, 0);
            return Ok(Uploaded {
                path: dest_path.to_string(),
                size,
                etag: result.e_tag,
            });
        }

        if !overwrite && self.head(dest_path).await?.is_some() {
            return Err(StorageError::AlreadyExists {
                path: dest_path.to_string(),
            });
        }
        let retries = Arc::new(AtomicU32::new(0));
        let policy = PartRetry {
            policy: opts.retry,
            retries: Arc::clone(&retries),
        };
        let mut upload = self
            .store()
            .put_multipart_opts(
                &full,
                PutMultipartOptions::default().with_retry_policy(Arc::new(policy)),
            )
            .await
            .map_err(|e| self.err(e, dest_path))?;
        let job = Parts {
            storage: self,
            dest_path,
            src,
            size,
            part_size,
            opts,
            frame,
            retries: &retries,
        };
        let sent = tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(StorageError::Cancelled),
            r = send_parts(upload.as_mut(), &job) => r,
        };
        let done = match sent {
            Ok(()) => upload.complete().await.map_err(|e| self.err(e, dest_path)),
            Err(e) => Err(e),
        };
        match done {
            Ok(result) => Ok(Uploaded {
                path: dest_path.to_string(),
                size,
                etag: result.e_tag,
            }),
            Err(e) => {
                // S3 drops the parts sent so far; Azure's uncommitted blocks expire by
                // themselves (object_store's abort is a no-op there).
                let _ = upload.abort().await;
                Err(e)
            }
        }
    }
}

/// Reads `src` part by part and keeps up to `concurrency` parts in flight. Each part is
/// numbered when it is handed to `put_part`, so the order of completion does not matter.
/// One multipart upload's fixed inputs.
struct Parts<'a> {
    storage: &'a Storage,
    dest_path: &'a str,
    src: &'a FsPath,
    size: u64,
    part_size: u64,
    opts: &'a TransferOptions,
    frame: &'a Frame<'a>,
    retries: &'a AtomicU32,
}

async fn send_parts(upload: &mut dyn MultipartUpload, job: &Parts<'_>) -> Result<(), StorageError> {
    let Parts {
        storage,
        dest_path,
        src,
        size,
        part_size,
        opts,
        frame,
        retries,
    } = *job;
    let parts = u32::try_from(size.div_ceil(part_size)).unwrap_or(u32::MAX);
    let mut file = tokio::fs::File::open(src).await?;
    let mut in_flight = FuturesUnordered::new();
    let mut read = 0u64;
    let mut done = 0u64;
    let mut finished = 0u32;
    frame.report(0, 0, parts, 0);
    while read < size || !in_flight.is_empty() {
        if read < size && in_flight.len() < opts.concurrency.max(1) {
            let len = part_size.min(size - read);
            let mut buf = vec![0u8; usize::try_from(len).unwrap_or(0)];
            file.read_exact(&mut buf).await?;
            read += len;
            let part = upload.put_part(PutPayload::from(buf));
            in_flight.push(async move { part.await.map(|()| len) });
            continue;
        }
        match in_flight.next().await {
            Some(Ok(len)) => {
                done += len;
                finished += 1;
                frame.report(done, finished, parts, retries.load(Ordering::Relaxed));
            }
            Some(Err(e)) => return Err(storage.err(e, dest_path)),
            None => break,
        }
    }
    Ok(())
}

/// Files under `dir`, recursively, as (local path, `/`-joined relative path, size), sorted
/// by relative path. Symbolic links are not followed.
pub(crate) async fn local_files(dir: &FsPath) -> Result<Vec<(PathBuf, String, u64)>, StorageError> {
    let mut out = Vec::new();
    let mut todo = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = todo.pop() {
        let mut entries = tokio::fs::read_dir(&path).await?;
        while let Some(entry) = entries.next_entry().await? {
            let kind = entry.file_type().await?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                todo.push((entry.path(), child_rel));
            } else if kind.is_file() {
                let size = entry.metadata().await?.len();
                out.push((entry.path(), child_rel, size));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    use object_store::ObjectStoreExt;
    use object_store::memory::InMemory;
    use object_store::path::Path;

    use flowscope_model::DlzProvider;

    fn storage() -> (Arc<InMemory>, Storage) {
        let mem = Arc::new(InMemory::new());
        let s = Storage::from_parts(mem.clone(), DlzProvider::Azure, "c", "", "mem");
        (mem, s)
    }

    fn opts(part_size: u64) -> TransferOptions {
        TransferOptions {
            part_size,
            concurrency: 2,
            ..TransferOptions::default()
        }
    }

    #[tokio::test]
    async fn single_put_and_create_only() {
        let (mem, s) = storage();
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.csv");
        std::fs::write(&src, b"a,b\n1,2\n").unwrap();
        let seen = Mutex::new(Vec::new());
        let never = CancellationToken::new();
        let up = s
            .upload(
                &src,
                "in/a.csv",
                false,
                &opts(1024),
                &|p| seen.lock().unwrap().push(p),
                &never,
            )
            .await
            .unwrap();
        assert_eq!(up.size, 8);
        let got = mem
            .get(&Path::from("in/a.csv"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(&got[..], b"a,b\n1,2\n");
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.first().map(|p| p.done_bytes), Some(0));
        assert_eq!(
            seen.last().map(|p| (p.done_bytes, p.part, p.parts)),
            Some((8, 1, 1))
        );

        let e = s
            .upload(&src, "in/a.csv", false, &opts(1024), &|_| {}, &never)
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::AlreadyExists { .. }), "{e:?}");
        s.upload(&src, "in/a.csv", true, &opts(1024), &|_| {}, &never)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn multipart_in_order_and_aborted_on_cancel() {
        let (mem, s) = storage();
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("big.bin");
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&src, &data).unwrap();
        let seen = Mutex::new(Vec::new());
        let never = CancellationToken::new();
        s.upload(
            &src,
            "big.bin",
            false,
            &opts(3_000),
            &|p| seen.lock().unwrap().push(p),
            &never,
        )
        .await
        .unwrap();
        let got = mem
            .get(&Path::from("big.bin"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(&got[..], &data[..]);
        let seen = seen.lock().unwrap().clone();
        assert!(seen.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes));
        assert_eq!(
            seen.last().map(|p| (p.done_bytes, p.part, p.parts)),
            Some((10_000, 4, 4))
        );
        // Existing file, no overwrite: checked before any part is sent.
        let e = s
            .upload(&src, "big.bin", false, &opts(3_000), &|_| {}, &never)
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::AlreadyExists { .. }), "{e:?}");

        let cancel = CancellationToken::new();
        cancel.cancel();
        let e = s
            .upload(&src, "never.bin", true, &opts(3_000), &|_| {}, &cancel)
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::Cancelled), "{e:?}");
        assert_eq!(s.head("never.bin").await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_folder_with_its_tree_under_a_prefix() {
        let (_, s) = storage();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("a.csv"), b"12345").unwrap();
        std::fs::write(dir.path().join("b/c/d.json"), b"{}").unwrap();
        std::fs::write(dir.path().join("b/x.txt"), b"xyz").unwrap();
        let seen = Mutex::new(Vec::new());
        let sent = s
            .upload_folder(
                dir.path(),
                "/drop/",
                false,
                &opts(1024),
                &|p| seen.lock().unwrap().push(p),
                &CancellationToken::new(),
            )
            .await
            .unwrap();
        let paths: Vec<_> = sent.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["drop/a.csv", "drop/b/c/d.json", "drop/b/x.txt"]);
        let seen = seen.lock().unwrap().clone();
        let last = seen.last().unwrap();
        assert_eq!(
            (last.done_bytes, last.total_bytes, last.file, last.files),
            (10, 10, 3, 3)
        );
        assert!(seen.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes));
        assert_eq!(s.list("drop/b").await.unwrap().folders, vec!["drop/b/c/"]);
    }
}

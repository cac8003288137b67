//! Upload jobs that survive a restart as a whole: a folder's files, several files, or one
//! file small enough to go in one request, under one plan (`Plan::files`). The files go
//! in order; the plan counts those committed (`Plan::next`), and a file of more than one
//! part runs under a plan of its own (tagged with the job's id, `Plan::job`), so a resumed
//! job skips the files already sent and stages only the missing blocks of the one that
//! was in flight. A file of one part cut off is sent again whole: one request at most.
//!
//! A job refuses to go on from a file that changed since it was planned, as a single
//! upload does, naming the file.

use std::path::{Path as FsPath, PathBuf};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::plan::{Direction, LocalStamp, Plan, Plans, check_stamp, new_id};
use super::ranges::Ranges;
use super::{Progress, ProgressFn, TransferOptions, part_size_for};
use crate::storage::{Storage, StorageError};

/// One file of an upload job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFile {
    pub local: PathBuf,
    pub remote: String,
    /// The file as it was when the job was planned.
    pub stamp: LocalStamp,
    /// The file's own plan while it is in flight (files of more than one part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Plan {
    /// An upload job (several files, or one sent in one request), not a one-file plan.
    pub fn is_job(&self) -> bool {
        !self.files.is_empty()
    }
}

impl Plans {
    /// Bytes a plan has moved, as far as the disk tells without asking the storage: a
    /// job's finished files and the staged parts of the one in flight.
    pub fn done_bytes(&self, plan: &Plan) -> u64 {
        let child = plan
            .files
            .get(plan.next)
            .and_then(|f| f.plan.as_deref())
            .and_then(|id| self.load(id).ok())
            .map_or(0, |p| p.done_bytes());
        plan.done_bytes() + child
    }

    /// Every plan a user resumes or discards: a job's file plans are listed through the
    /// job (while the job's plan is there).
    pub fn jobs(&self) -> Vec<Plan> {
        let all = self.list();
        let ids: std::collections::HashSet<String> = all.iter().map(|p| p.id.clone()).collect();
        all.into_iter()
            .filter(|p| p.job.as_ref().is_none_or(|j| !ids.contains(j)))
            .collect()
    }
}

impl Storage {
    /// The plan of an upload of `files` (local path, remote path) to `zone`, nothing sent
    /// yet: one large file gets its own plan of parts, anything else a job. With
    /// `overwrite == false` a file that exists is refused ([`StorageError::AlreadyExists`]).
    pub async fn plan_uploads(
        &self,
        files: &[(PathBuf, String)],
        zone: &str,
        overwrite: bool,
        opts: &TransferOptions,
    ) -> Result<Plan, StorageError> {
        if let [(src, dest)] = files
            && let Some(plan) = self.plan_upload(src, dest, zone, overwrite, opts).await?
        {
            return Ok(plan);
        }
        let mut listed = Vec::with_capacity(files.len());
        for (src, dest) in files {
            self.object_path(dest)?;
            if !overwrite && self.head(dest).await?.is_some() {
                return Err(StorageError::AlreadyExists { path: dest.clone() });
            }
            listed.push(JobFile {
                local: std::path::absolute(src).unwrap_or_else(|_| src.clone()),
                remote: dest.trim_matches('/').to_string(),
                stamp: LocalStamp::of(src)?,
                plan: None,
            });
        }
        let size = listed.iter().map(|f| f.stamp.len).sum();
        let local = common_dir(listed.iter().map(|f| f.local.as_path()));
        let remote = match listed.as_slice() {
            [one] => one.remote.clone(),
            _ => common_prefix(listed.iter().map(|f| f.remote.as_str())),
        };
        Ok(Plan {
            id: new_id(),
            direction: Direction::Upload,
            local,
            zone: zone.to_string(),
            store: self.store_kind(),
            remote,
            size,
            part_size: part_size_for(0, opts.part_size, self.min_part_size),
            parts: u32::try_from(listed.len()).unwrap_or(u32::MAX),
            local_stamp: None,
            block_prefix: None,
            upload_id: None,
            etag: None,
            done: Ranges::default(),
            md5: None,
            started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            files: listed,
            next: 0,
            job: None,
            extra: Default::default(),
        })
    }

    /// Sends a job's files from the first not yet committed; the plan is removed at the
    /// end. Cancelled or failed, it stays, with the file in flight's own plan.
    pub(crate) async fn resume_job(
        &self,
        mut job: Plan,
        plans: &Plans,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<u64, StorageError> {
        let files = u32::try_from(job.files.len()).unwrap_or(u32::MAX);
        let total = job.size;
        let mut base: u64 = job.files.iter().take(job.next).map(|f| f.stamp.len).sum();
        while let Some(file) = job.files.get(job.next).cloned() {
            if cancel.is_cancelled() {
                return Err(StorageError::Cancelled);
            }
            let (index, offset) = (u32::try_from(job.next + 1).unwrap_or(u32::MAX), base);
            let each = |p: Progress| {
                progress(Progress {
                    done_bytes: offset + p.done_bytes,
                    total_bytes: total,
                    file: index,
                    files,
                    ..p
                })
            };
            check_stamp(&file.local, file.stamp)?;
            let in_flight = file.plan.as_deref().map(|id| plans.load(id));
            match in_flight {
                Some(Ok(plan)) => {
                    self.resume_upload(plan, plans, opts, &each, cancel).await?;
                }
                // Its plan is gone: committed just before the job could say so, when the
                // storage has it as large as the file and newer than the job.
                Some(Err(_)) if self.committed(&file, &job.started).await? => {}
                _ => {
                    self.send_one(&mut job, plans, opts, &each, cancel).await?;
                }
            }
            base += file.stamp.len;
            if let Some(f) = job.files.get_mut(job.next) {
                f.plan = None;
            }
            job.next += 1;
            job.done = Ranges::default();
            job.done.insert(0, base);
            plans.save(&job)?;
        }
        plans.remove(&job.id)?;
        Ok(job.size)
    }

    /// The file at `job.next`, from nothing: in one request, or under a plan of its own
    /// saved (and named in the job) before its first block.
    async fn send_one(
        &self,
        job: &mut Plan,
        plans: &Plans,
        opts: &TransferOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<u64, StorageError> {
        let Some(file) = job.files.get(job.next).cloned() else {
            return Ok(0);
        };
        match self
            .plan_upload(&file.local, &file.remote, &job.zone, true, opts)
            .await?
        {
            None => self
                .upload(&file.local, &file.remote, true, opts, progress, cancel)
                .await
                .map(|u| u.size),
            Some(mut plan) => {
                plan.job = Some(job.id.clone());
                plans.save(&plan)?;
                if let Some(f) = job.files.get_mut(job.next) {
                    f.plan = Some(plan.id.clone());
                }
                plans.save(job)?;
                self.resume_upload(plan, plans, opts, progress, cancel)
                    .await
                    .map(|u| u.size)
            }
        }
    }

    /// Whether the storage has `file` as this job would have left it.
    async fn committed(&self, file: &JobFile, started: &str) -> Result<bool, StorageError> {
        let since = chrono::DateTime::parse_from_rfc3339(started)
            .map_or(i64::MAX, |t| t.timestamp_millis() - 1_000);
        Ok(self
            .head(&file.remote)
            .await?
            .is_some_and(|e| e.size == file.stamp.len && e.last_modified_ms >= since))
    }

    /// Gives up a job: the file in flight's plan is discarded (its S3 parts dropped);
    /// the files already sent stay.
    pub(crate) async fn discard_job(&self, job: &Plan, plans: &Plans) -> Result<(), StorageError> {
        for id in job.files.iter().filter_map(|f| f.plan.as_deref()) {
            if let Ok(plan) = plans.load(id) {
                self.discard_file(&plan, plans).await?;
            }
        }
        plans.remove(&job.id)?;
        Ok(())
    }
}

/// What an upload of `src` sends: a file to `folder/<its name>`, a folder's files
/// (recursively, symbolic links not followed, in name order) to `folder/<its name>/<path
/// in it>`; each with its size. `.` and `..` name the folder they mean.
pub async fn upload_sources(
    src: &FsPath,
    folder: &str,
) -> Result<Vec<(PathBuf, String, u64)>, StorageError> {
    let mut src = std::path::absolute(src).unwrap_or_else(|_| src.to_path_buf());
    if src.file_name().is_none() {
        src = tokio::fs::canonicalize(&src).await?;
    }
    let meta = tokio::fs::metadata(&src).await?;
    let folder = folder.trim_matches('/');
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    };
    if !meta.is_dir() {
        return Ok(vec![(src, base, meta.len())]);
    }
    Ok(super::upload::local_files(&src)
        .await?
        .into_iter()
        .map(|(path, rel, size)| (path, format!("{base}/{rel}"), size))
        .collect())
}

/// The deepest folder holding every path (the file itself for one).
fn common_dir<'a>(mut paths: impl Iterator<Item = &'a FsPath>) -> PathBuf {
    let Some(first) = paths.next() else {
        return PathBuf::new();
    };
    let mut common = first.to_path_buf();
    let mut many = false;
    for p in paths {
        many = true;
        while !p.starts_with(&common) {
            if !common.pop() {
                return PathBuf::new();
            }
        }
    }
    if many && common == first {
        common.pop();
    }
    common
}

/// The deepest remote folder holding every path, without a trailing `/`.
fn common_prefix<'a>(mut paths: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut common: Vec<&str> = first.split('/').collect();
    common.pop();
    for p in paths {
        let parts: Vec<&str> = p.split('/').collect();
        let same = common
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(same.min(parts.len().saturating_sub(1)));
    }
    common.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_folders_of_local_and_remote_paths() {
        let a = PathBuf::from("/d/exports/a.csv");
        let b = PathBuf::from("/d/exports/sub/b.csv");
        assert_eq!(
            common_dir([a.as_path(), b.as_path()].into_iter()),
            PathBuf::from("/d/exports")
        );
        assert_eq!(common_dir([a.as_path()].into_iter()), a);
        assert_eq!(
            common_prefix(["in/exports/a.csv", "in/exports/sub/b.csv"].into_iter()),
            "in/exports"
        );
        assert_eq!(common_prefix(["a.csv", "b.csv"].into_iter()), "");
    }
}

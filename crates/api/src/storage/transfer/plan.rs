//! A transfer's plan on disk, so a transfer cut off by a crash, a kill or a closed laptop
//! can go on where it stopped: one small JSON file per transfer in a folder the caller
//! names (flowscope's data directory), written before the first byte moves, replaced
//! atomically as it progresses, and removed when the transfer ends well or is discarded.
//!
//! A plan holds no secret: the credentials are asked for again when it resumes. Fields
//! this version does not know are kept, so an older flowscope resuming a newer plan
//! writes them back unchanged.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ranges::Ranges;
use crate::storage::StorageError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Upload,
    Download,
}

/// Which storage the landing zone is on: how parts are named and listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    Azure,
    S3,
}

/// The local file as it was when the transfer started: an upload refuses to go on from
/// a file that changed since (its parts on the storage would not match).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalStamp {
    pub len: u64,
    /// Modification time, in nanoseconds since the epoch (0 where the system has none).
    pub modified_ns: i128,
}

impl LocalStamp {
    pub fn of(path: &Path) -> std::io::Result<LocalStamp> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
        Ok(LocalStamp {
            len: meta.len(),
            modified_ns,
        })
    }
}

/// One transfer, as far as it got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Short and unique; the file name and what `flowscope dlz resume ID` takes.
    pub id: String,
    pub direction: Direction,
    /// The local file (the source of an upload, the destination of a download).
    pub local: PathBuf,
    /// The landing zone (`user_drop_zone`, `dlz_destination`).
    pub zone: String,
    pub store: StoreKind,
    /// The path in the container, as the storage layer takes it.
    pub remote: String,
    pub size: u64,
    pub part_size: u64,
    pub parts: u32,
    /// Uploads: the source as it was at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_stamp: Option<LocalStamp>,
    /// Azure uploads: block `i` is `base64("{block_prefix}-{i:06}")`, the same length for
    /// every block as Azure requires, and the same on every run of this transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_prefix: Option<String>,
    /// S3 uploads: the multipart upload the parts go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
    /// Downloads: the version being read (`If-Match` on every range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Downloads: byte ranges already written and flushed to `NAME.part`.
    #[serde(default, skip_serializing_if = "Ranges::is_empty")]
    pub done: Ranges,
    /// The MD5 the storage gives for the file (base64), checked at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
    /// When the transfer started (RFC 3339).
    pub started: String,
    /// Upload jobs (`job.rs`): the files, in order; empty for a one-file plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<super::job::JobFile>,
    /// Upload jobs: how many of `files` are committed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub next: usize,
    /// A file's plan inside a job: the job's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Plan {
    /// Azure's id of block `index` (0-based).
    pub fn block_id(&self, index: u32) -> Option<String> {
        use base64::Engine;
        let prefix = self.block_prefix.as_deref()?;
        Some(base64::engine::general_purpose::STANDARD.encode(format!("{prefix}-{index:06}")))
    }

    /// Part `index` as a byte range `[start, end)`.
    pub fn part_range(&self, index: u32) -> (u64, u64) {
        let start = u64::from(index) * self.part_size;
        (start, (start + self.part_size).min(self.size))
    }

    /// Bytes already moved (downloads count flushed ranges; uploads are asked of the
    /// storage when they resume, so 0 here until then).
    pub fn done_bytes(&self) -> u64 {
        self.done.covered()
    }

    /// Refuses an upload whose source changed since the plan was made.
    pub fn check_source(&self) -> Result<(), StorageError> {
        match self.local_stamp {
            Some(was) => check_stamp(&self.local, was),
            None => Ok(()),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Refuses to upload `local` if it is no longer as it was (`was`).
pub(crate) fn check_stamp(local: &Path, was: LocalStamp) -> Result<(), StorageError> {
    let now = LocalStamp::of(local)?;
    if now != was {
        return Err(StorageError::Other {
            code: Some("LocalFileChanged".into()),
            message: format!(
                "{} changed since the upload started ({} bytes then, {} now); discard the transfer and upload it again",
                local.display(),
                was.len,
                now.len
            ),
        });
    }
    Ok(())
}

/// A new transfer id: time-ordered, short enough to type.
pub fn new_id() -> String {
    let u = uuid::Uuid::new_v4().simple().to_string();
    format!("{}-{}", chrono::Utc::now().format("%Y%m%d"), &u[..8])
}

/// The folder of plans.
#[derive(Clone, Debug)]
pub struct Plans {
    dir: PathBuf,
}

impl Plans {
    pub fn at(dir: impl Into<PathBuf>) -> Plans {
        Plans { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Writes the plan whole: to a temporary file, flushed, then renamed over the old one,
    /// so a crash leaves the old plan or the new one, never half of one.
    pub fn save(&self, plan: &Plan) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!(".{}.json.tmp", plan.id));
        let text = serde_json::to_vec_pretty(plan).map_err(std::io::Error::other)?;
        {
            let mut o = std::fs::OpenOptions::new();
            o.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                o.mode(0o600);
            }
            let mut f = o.open(&tmp)?;
            f.write_all(&text)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, self.file(&plan.id))
    }

    pub fn load(&self, id: &str) -> std::io::Result<Plan> {
        if id.is_empty() || id.contains(['/', '\\', '.']) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no transfer {id}"),
            ));
        }
        let text = std::fs::read(self.file(id)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                std::io::Error::new(std::io::ErrorKind::NotFound, format!("no transfer {id}"))
            }
            _ => e,
        })?;
        serde_json::from_slice(&text).map_err(std::io::Error::other)
    }

    /// Every readable plan, oldest first. Unreadable files are skipped (and logged):
    /// one damaged plan must not hide the others.
    pub fn list(&self) -> Vec<Plan> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<Plan> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let id = name.strip_suffix(".json").filter(|i| !i.starts_with('.'))?;
                match self.load(id) {
                    Ok(p) => Some(p),
                    Err(err) => {
                        tracing::warn!(file = %name, error = %err, "transfer plan unreadable");
                        None
                    }
                }
            })
            .collect();
        out.sort_by(|a, b| (&a.started, &a.id).cmp(&(&b.started, &b.id)));
        out
    }

    /// Removes a plan; one already gone is fine.
    pub fn remove(&self, id: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.file(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(local: PathBuf) -> Plan {
        Plan {
            id: "20240106-abcdef12".into(),
            direction: Direction::Download,
            local,
            zone: "user_drop_zone".into(),
            store: StoreKind::Azure,
            remote: "in/big.bin".into(),
            size: 100,
            part_size: 30,
            parts: 4,
            local_stamp: None,
            block_prefix: Some("20240106-abcdef12".into()),
            upload_id: None,
            etag: Some("\"0x8D1\"".into()),
            done: Ranges::default(),
            md5: Some("CY9rzUYh03PK3k6DJie09g==".into()),
            started: "2024-01-06T10:00:00Z".into(),
            files: Vec::new(),
            next: 0,
            job: None,
            extra: Map::new(),
        }
    }

    #[test]
    fn round_trip_keeps_unknown_fields_and_lists_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let plans = Plans::at(dir.path().join("transfers"));
        let mut p = sample(dir.path().join("out.bin"));
        p.done.insert(0, 30);
        p.done.insert(60, 90);
        plans.save(&p).unwrap();
        assert_eq!(plans.load(&p.id).unwrap(), p);

        // A newer version's field survives a load and a save.
        let file = plans.dir().join(format!("{}.json", p.id));
        let mut v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        v["checksumAlgorithm"] = Value::from("crc64");
        std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
        let mut again = plans.load(&p.id).unwrap();
        assert_eq!(
            again.extra.get("checksumAlgorithm"),
            Some(&Value::from("crc64"))
        );
        again.done.insert(30, 60);
        plans.save(&again).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("crc64"), "{text}");
        assert_eq!(plans.load(&p.id).unwrap().done_bytes(), 90);

        let mut older = sample(dir.path().join("a"));
        older.id = "20240105-00000000".into();
        older.started = "2024-01-05T00:00:00Z".into();
        plans.save(&older).unwrap();
        std::fs::write(plans.dir().join("broken.json"), b"{").unwrap();
        let ids: Vec<String> = plans.list().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, [older.id.clone(), p.id.clone()]);

        plans.remove(&p.id).unwrap();
        plans.remove(&p.id).unwrap();
        assert!(plans.load(&p.id).is_err());
        assert!(plans.load("../etc/passwd").is_err());
    }

    #[test]
    fn no_secret_field_exists_to_leak() {
        let p = sample(PathBuf::from("/tmp/x"));
        let text = serde_json::to_string(&p).unwrap();
        for word in ["sig", "sas", "key", "token", "secret"] {
            assert!(!text.to_ascii_lowercase().contains(word), "{word}: {text}");
        }
    }

    #[test]
    fn a_changed_source_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src.bin");
        std::fs::write(&src, b"0123456789").unwrap();
        let mut p = sample(src.clone());
        p.direction = Direction::Upload;
        p.local_stamp = Some(LocalStamp::of(&src).unwrap());
        p.check_source().unwrap();
        std::fs::write(&src, b"01234567890").unwrap();
        let e = p.check_source().unwrap_err();
        assert_eq!(e.code(), Some("LocalFileChanged"));
        assert!(
            e.to_string().contains("changed since the upload started"),
            "{e}"
        );
        std::fs::remove_file(&src).unwrap();
        assert!(matches!(p.check_source(), Err(StorageError::Local(_))));
    }

    #[test]
    fn block_ids_are_stable_and_equally_long() {
        let p = sample(PathBuf::from("x"));
        assert_eq!(p.block_id(3), p.block_id(3));
        assert_ne!(p.block_id(3), p.block_id(4));
        let lens: Vec<usize> = [0, 9, 9_999]
            .iter()
            .map(|i| p.block_id(*i).unwrap().len())
            .collect();
        assert!(lens.windows(2).all(|w| w[0] == w[1]), "{lens:?}");
        assert_eq!(p.part_range(3), (90, 100));
    }
}

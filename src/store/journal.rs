//! The audit journal: one JSON line per change sent (time, profile, sandbox, resource,
//! id, the patch or the request, old and new etag, result), appended and never
//! rewritten. Secret values in a patch or a request body are masked before they are
//! written: the journal is for auditing what was changed, not a second copy of the
//! credentials. The explorer's runtime and the CLI both write it through [`record`].

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub time_ms: i64,
    pub profile: Option<String>,
    pub sandbox: String,
    /// The collection: `flows`, `connections`, `sourceConnections`, …
    pub resource: String,
    pub id: String,
    /// A JSON Patch, or for other changes what was sent (`{"post": "/flows", "body": …}`).
    pub patch: Value,
    pub old_etag: Option<String>,
    pub new_etag: Option<String>,
    /// `ok`, or the service's error (with its code) when the change was refused.
    pub result: String,
}

#[derive(Clone, Debug)]
pub struct Journal {
    path: PathBuf,
}

pub use crate::model::redact::mask_patch;
use crate::model::redact::mask_secrets;

impl Journal {
    pub fn at(path: impl Into<PathBuf>) -> Journal {
        Journal { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one line; the line is written whole or not at all as far as
    /// one `write` call allows, and readers skip a torn last line.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut e = entry.clone();
        // A patch's secrets are in the values of ops whose path names one; a request
        // body's are under secret-looking keys.
        if e.patch.is_array() {
            mask_patch(&mut e.patch);
        } else {
            mask_secrets(&mut e.patch);
        }
        let mut line = serde_json::to_string(&e).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut f = super::private_options()
            .create(true)
            .append(true)
            .open(&self.path)?;
        f.write_all(line.as_bytes())?;
        f.flush()
    }

    /// Every entry, oldest first, and the numbers of lines that could not be read (a
    /// torn write, a hand edit) so the viewer can say so instead of failing.
    pub fn read(&self) -> std::io::Result<(Vec<Entry>, Vec<usize>)> {
        let f = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()));
            }
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in BufReader::new(f).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(&line) {
                Ok(e) => entries.push(e),
                Err(_) => bad.push(i + 1),
            }
        }
        Ok((entries, bad))
    }
}

/// Appends `entry` to `store`'s journal off the async workers (a file append, but a slow
/// disk should not hold a runtime thread). The error says which file failed, or that
/// there is no data directory to keep a journal in.
pub async fn record(store: Option<&super::Store>, entry: Entry) -> Result<(), String> {
    let Some(store) = store else {
        return Err("no data directory to keep it in".into());
    };
    let journal = store.journal.clone();
    tokio::task::spawn_blocking(move || journal.append(&entry))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{}: {e}", store.journal.path().display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(id: &str, patch: Value) -> Entry {
        Entry {
            time_ms: 1,
            profile: Some("work".into()),
            sandbox: "prod".into(),
            resource: "connections".into(),
            id: id.into(),
            patch,
            old_etag: Some("\"a\"".into()),
            new_etag: Some("\"b\"".into()),
            result: "ok".into(),
        }
    }

    #[test]
    fn entries_append_in_order_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("sub/journal.jsonl"));
        assert_eq!(j.read().unwrap(), (Vec::new(), Vec::new()));
        let p = json!([{"op": "replace", "path": "/name", "value": "New"}]);
        j.append(&entry("c1", p.clone())).unwrap();
        j.append(&entry("c2", p.clone())).unwrap();
        let (read, bad) = j.read().unwrap();
        assert!(bad.is_empty());
        assert_eq!(
            read.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["c1", "c2"]
        );
        assert_eq!(read[0].patch, p);
        assert_eq!(read[0].old_etag.as_deref(), Some("\"a\""));
    }

    #[test]
    fn secrets_in_a_patch_are_masked_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        let p = json!([
            {"op": "replace", "path": "/auth/params/password", "value": "hunter2"},
            {"op": "replace", "path": "/auth/params", "value": {"username": "u", "secretKey": "s3cr3t"}},
            {"op": "add", "path": "/auth/params/apiKeys/0", "value": "k3y"},
            {"op": "replace", "path": "/name", "value": "kept"}
        ]);
        j.append(&entry("c1", p)).unwrap();
        let raw = std::fs::read_to_string(j.path()).unwrap();
        assert!(
            !raw.contains("hunter2") && !raw.contains("s3cr3t") && !raw.contains("k3y"),
            "{raw}"
        );
        assert!(raw.contains("kept") && raw.contains("\"u\""));
    }

    #[test]
    fn secrets_in_a_request_body_are_masked_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        let body = json!({"post": "/connections", "body": {"name": "S3 drops",
            "auth": {"params": {"s3SecretKey": "s3cr3t", "folderPath": "bucket"}}}});
        j.append(&entry("c1", body)).unwrap();
        let raw = std::fs::read_to_string(j.path()).unwrap();
        assert!(!raw.contains("s3cr3t"), "{raw}");
        assert!(raw.contains("bucket") && raw.contains("S3 drops"));
    }

    #[test]
    fn a_torn_line_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        j.append(&entry("c1", json!([]))).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(j.path())
            .unwrap();
        f.write_all(b"{\"timeMs\": 2, \"sand").unwrap();
        let (read, bad) = j.read().unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(bad, [2]);
    }
}

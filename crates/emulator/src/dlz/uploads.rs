//! S3 multipart uploads: parts uploaded under an upload id, then completed into one
//! object in the order the completion lists them, or aborted.
//!
//! Like S3, every part but the last must be at least 5 MiB, and completion names each
//! part by number and ETag; a client that gets this wrong fails here as it would on AWS.
//! Parts are invisible to listings and explore until completion.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::{Bytes, BytesMut};

use super::{DlzError, DlzFile, DlzKind, DlzStore, stable_hash};
use crate::clock::EpochMs;

/// S3's minimum size of a part that is not the last.
pub const MIN_PART_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Debug)]
struct Upload {
    path: String,
    content_type: String,
    started: EpochMs,
    /// Part number → (ETag without quotes, bytes, when it arrived).
    parts: BTreeMap<u32, (String, Bytes, EpochMs)>,
}

#[derive(Debug, Default)]
pub(super) struct Uploads {
    /// Uploads and parts created so far; feeds the ids so they are deterministic.
    created: u64,
    open: BTreeMap<String, Upload>,
}

impl Uploads {
    pub(super) fn purge(&mut self, started_before: EpochMs) {
        self.open.retain(|_, u| u.started > started_before);
    }
}

impl DlzStore {
    /// CreateMultipartUpload: a new upload id for the object at store path `path`.
    pub fn create_upload(
        &mut self,
        path: &str,
        content_type: &str,
        now_ms: EpochMs,
    ) -> Result<String, DlzError> {
        let path = path.trim_start_matches('/').to_string();
        if DlzKind::of_path(&path).is_none() || path.ends_with('/') || !path.contains('/') {
            return Err(DlzError::UnknownContainer(path));
        }
        self.uploads.created += 1;
        let a = stable_hash(self.seed ^ self.uploads.created, &[&path, "upload"]);
        let b = stable_hash(a, &["upload"]);
        let mut raw = [0u8; 32];
        for (i, chunk) in raw.chunks_mut(8).enumerate() {
            let v = stable_hash(a ^ b, &[&i.to_string()]);
            chunk.copy_from_slice(&v.to_be_bytes());
        }
        let id = URL_SAFE_NO_PAD.encode(raw);
        self.uploads.open.insert(
            id.clone(),
            Upload {
                path,
                content_type: content_type.to_string(),
                started: now_ms,
                parts: BTreeMap::new(),
            },
        );
        Ok(id)
    }

    fn upload_mut(&mut self, path: &str, id: &str) -> Result<&mut Upload, DlzError> {
        let path = path.trim_start_matches('/');
        self.uploads
            .open
            .get_mut(id)
            .filter(|u| u.path == path)
            .ok_or_else(|| DlzError::NoSuchUpload(id.to_string()))
    }

    /// UploadPart: stores part `number` (1..=10000) and returns its ETag.
    pub fn upload_part(
        &mut self,
        path: &str,
        id: &str,
        number: u32,
        bytes: Bytes,
        now_ms: EpochMs,
    ) -> Result<String, DlzError> {
        self.uploads.created += 1;
        let n = self.uploads.created;
        let seed = self.seed;
        let upload = self.upload_mut(path, id)?;
        let a = stable_hash(
            seed ^ n,
            &[id, &number.to_string(), &bytes.len().to_string()],
        );
        let etag = format!("{a:016x}{:016x}", stable_hash(a, &["part"]));
        upload.parts.insert(number, (etag.clone(), bytes, now_ms));
        Ok(etag)
    }

    /// CompleteMultipartUpload: the listed parts, in strictly ascending part order, become
    /// the object. ETags compare without quotes.
    pub fn complete_upload(
        &mut self,
        path: &str,
        id: &str,
        listed: &[(u32, String)],
        now_ms: EpochMs,
    ) -> Result<&DlzFile, DlzError> {
        let upload = self.upload_mut(path, id)?;
        if listed.is_empty() {
            return Err(DlzError::InvalidPart(0));
        }
        if listed.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(DlzError::InvalidPartOrder);
        }
        let mut body = BytesMut::new();
        for (i, (number, etag)) in listed.iter().enumerate() {
            let (have, bytes, _) = upload
                .parts
                .get(number)
                .ok_or(DlzError::InvalidPart(*number))?;
            if have != etag.trim().trim_matches('"') {
                return Err(DlzError::InvalidPart(*number));
            }
            if i + 1 < listed.len() && (bytes.len() as u64) < MIN_PART_BYTES {
                return Err(DlzError::PartTooSmall(*number));
            }
            body.extend_from_slice(bytes);
        }
        let content_type = upload.content_type.clone();
        let path = upload.path.clone();
        self.uploads.open.remove(id);
        // A multipart object has no MD5 of its own; its ETag says how many parts made it.
        let parts = u32::try_from(listed.len()).unwrap_or(u32::MAX);
        self.store_blob(&path, body.freeze(), &content_type, now_ms, None)?;
        let file = self
            .files
            .get_mut(&path)
            .ok_or(DlzError::UnknownContainer(path.clone()))?;
        file.s3_parts = Some(parts);
        Ok(file)
    }

    /// ListParts: `(number, ETag, size, when)` of the parts of an open upload, by number.
    pub fn list_parts(
        &mut self,
        path: &str,
        id: &str,
    ) -> Result<Vec<(u32, String, u64, EpochMs)>, DlzError> {
        let upload = self.upload_mut(path, id)?;
        Ok(upload
            .parts
            .iter()
            .map(|(n, (etag, b, at))| (*n, etag.clone(), b.len() as u64, *at))
            .collect())
    }

    /// AbortMultipartUpload: drops the upload and its parts.
    pub fn abort_upload(&mut self, path: &str, id: &str) -> Result<(), DlzError> {
        self.upload_mut(path, id)?;
        self.uploads.open.remove(id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "dlz-user-container/up/multi.csv";

    #[test]
    fn parts_complete_in_order_and_small_middle_parts_are_refused() {
        let mut s = DlzStore::empty("prod", 1);
        let id = s.create_upload(P, "text/csv", 0).unwrap();
        let big = Bytes::from(vec![b'a'; MIN_PART_BYTES as usize]);
        let e1 = s.upload_part(P, &id, 1, big.clone(), 0).unwrap();
        let e2 = s.upload_part(P, &id, 2, Bytes::from("tail"), 0).unwrap();
        assert_ne!(e1, e2);
        assert!(s.get(P).is_none(), "parts are not an object yet");
        assert_eq!(
            s.complete_upload(P, &id, &[(2, e2.clone()), (1, e1.clone())], 1)
                .err(),
            Some(DlzError::InvalidPartOrder)
        );
        assert_eq!(
            s.complete_upload(P, &id, &[(1, "\"nope\"".into())], 1)
                .err(),
            Some(DlzError::InvalidPart(1))
        );
        let f = s
            .complete_upload(P, &id, &[(1, format!("\"{e1}\"")), (2, e2)], 1)
            .unwrap();
        assert_eq!(f.size, MIN_PART_BYTES + 4);
        assert_eq!(f.content_type, "text/csv");
        assert!(matches!(
            s.upload_part(P, &id, 3, Bytes::new(), 0),
            Err(DlzError::NoSuchUpload(_))
        ));

        let id = s.create_upload(P, "text/csv", 2).unwrap();
        let small = s.upload_part(P, &id, 1, Bytes::from("x"), 0).unwrap();
        let last = s.upload_part(P, &id, 2, Bytes::from("y"), 0).unwrap();
        assert_eq!(
            s.complete_upload(P, &id, &[(1, small), (2, last)], 3).err(),
            Some(DlzError::PartTooSmall(1))
        );
        s.abort_upload(P, &id).unwrap();
        assert!(s.abort_upload(P, &id).is_err());
    }
}

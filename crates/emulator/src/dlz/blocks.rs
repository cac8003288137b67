//! Block blobs built in pieces: blocks staged by Put Block, committed in a chosen order by
//! Put Block List, and the committed block list a later list may refer to.
//!
//! Staged blocks are invisible to listings, explore and reads until committed, as in blob
//! storage; committing, overwriting or deleting the blob discards them. Committed blocks
//! are remembered as ranges of the blob, so their bytes are never held twice.

use std::collections::BTreeMap;

use bytes::{Bytes, BytesMut};

use super::{DlzError, DlzFile, DlzKind, DlzStore};
use crate::clock::EpochMs;

/// One entry of a Put Block List body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockRef {
    /// A block of the blob's current committed list.
    Committed(String),
    /// A block staged since the last commit.
    Uncommitted(String),
    /// The staged block if there is one, else the committed one.
    Latest(String),
}

#[derive(Debug, Default)]
struct Staged {
    /// When the first block was staged; uncommitted blocks expire with the container TTL.
    since: EpochMs,
    blocks: BTreeMap<String, Bytes>,
}

#[derive(Debug, Default)]
pub(super) struct Staging {
    uncommitted: BTreeMap<String, Staged>,
    /// Blob path → (block id, offset, length) of its committed blocks.
    committed: BTreeMap<String, Vec<(String, u64, u64)>>,
}

impl Staging {
    pub(super) fn forget(&mut self, path: &str) {
        self.uncommitted.remove(path);
        self.committed.remove(path);
    }

    pub(super) fn purge(&mut self, staged_before: EpochMs) {
        self.uncommitted.retain(|_, s| s.since > staged_before);
    }
}

/// A committed block list as Get Block List shows it: (id, size) in blob order.
pub type BlockSizes = Vec<(String, u64)>;

impl DlzStore {
    /// Put Block: keeps `bytes` as block `id` of the blob at `path` until a commit.
    pub fn stage_block(
        &mut self,
        path: &str,
        id: &str,
        bytes: Bytes,
        now_ms: EpochMs,
    ) -> Result<(), DlzError> {
        let path = checked_path(path)?;
        let staged = self.staging.uncommitted.entry(path).or_insert(Staged {
            since: now_ms,
            blocks: BTreeMap::new(),
        });
        staged.blocks.insert(id.to_string(), bytes);
        Ok(())
    }

    /// Put Block List: writes the blob from the listed blocks, in list order, and
    /// discards staged blocks the list leaves out. `InvalidBlockList` names the first id
    /// that is not where the list says it is.
    pub fn commit_blocks(
        &mut self,
        path: &str,
        list: &[BlockRef],
        content_type: &str,
        now_ms: EpochMs,
    ) -> Result<&DlzFile, DlzError> {
        let path = checked_path(path)?;
        let empty = Staged::default();
        let staged = self.staging.uncommitted.get(&path).unwrap_or(&empty);
        let committed = self.staging.committed.get(&path);
        let current = self.files.get(&path);
        let from_committed = |id: &str| -> Option<Bytes> {
            let (_, offset, len) = committed?.iter().find(|(b, _, _)| b == id)?;
            current?.read_range(*offset, *len).ok()
        };
        let mut body = BytesMut::new();
        let mut layout = Vec::with_capacity(list.len());
        for entry in list {
            let (id, bytes) = match entry {
                BlockRef::Uncommitted(id) => (id, staged.blocks.get(id).cloned()),
                BlockRef::Committed(id) => (id, from_committed(id)),
                BlockRef::Latest(id) => (
                    id,
                    staged
                        .blocks
                        .get(id)
                        .cloned()
                        .or_else(|| from_committed(id)),
                ),
            };
            let bytes = bytes.ok_or_else(|| DlzError::InvalidBlockList(id.clone()))?;
            layout.push((id.clone(), body.len() as u64, bytes.len() as u64));
            body.extend_from_slice(&bytes);
        }
        // Azure computes no MD5 for a blob built from blocks: only the client's
        // `x-ms-blob-content-md5` sets it (`set_md5`).
        self.store_blob(&path, body.freeze(), content_type, now_ms, None)?;
        self.staging.committed.insert(path.clone(), layout);
        self.files
            .get(&path)
            .ok_or(DlzError::UnknownContainer(path))
    }

    /// Get Block List: the committed and the staged blocks of a blob, with their sizes.
    pub fn block_list(&self, path: &str) -> (BlockSizes, BlockSizes) {
        let path = path.trim_start_matches('/');
        let committed = self
            .staging
            .committed
            .get(path)
            .map(|l| l.iter().map(|(id, _, len)| (id.clone(), *len)).collect())
            .unwrap_or_default();
        let uncommitted = self
            .staging
            .uncommitted
            .get(path)
            .map(|s| {
                s.blocks
                    .iter()
                    .map(|(id, b)| (id.clone(), b.len() as u64))
                    .collect()
            })
            .unwrap_or_default();
        (committed, uncommitted)
    }

    /// Records the Content-MD5 a client sent with its block list.
    pub fn set_md5(&mut self, path: &str, md5: [u8; 16]) {
        if let Some(f) = self.files.get_mut(path.trim_start_matches('/')) {
            f.md5 = Some(md5);
        }
    }

    /// Whether blocks are staged for `path` (a blob may exist only as staged blocks).
    pub fn has_staged_blocks(&self, path: &str) -> bool {
        self.staging
            .uncommitted
            .contains_key(path.trim_start_matches('/'))
    }
}

fn checked_path(path: &str) -> Result<String, DlzError> {
    let path = path.trim_start_matches('/').to_string();
    if DlzKind::of_path(&path).is_none() || path.ends_with('/') || !path.contains('/') {
        return Err(DlzError::UnknownContainer(path));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "dlz-user-container/up/big.csv";

    #[test]
    fn blocks_commit_in_list_order_and_stay_invisible_until_then() {
        let mut s = DlzStore::empty("prod", 1);
        for (id, b) in [("AA==", "one,"), ("Ag==", "two,"), ("Aw==", "three")] {
            s.stage_block(P, id, Bytes::from(b), 10).unwrap();
        }
        assert!(s.get(P).is_none(), "staged blocks are not a blob yet");
        let list = [
            BlockRef::Latest("Aw==".into()),
            BlockRef::Uncommitted("AA==".into()),
        ];
        let f = s.commit_blocks(P, &list, "text/csv", 20).unwrap();
        assert_eq!(f.read_range(0, 100).unwrap().as_ref(), b"threeone,");
        assert_eq!(
            s.block_list(P).0,
            vec![("Aw==".into(), 5), ("AA==".into(), 4)]
        );
        assert!(
            s.block_list(P).1.is_empty(),
            "left-out blocks are discarded"
        );

        // A new commit may reuse committed blocks and add a newly staged one.
        s.stage_block(P, "BA==", Bytes::from("+four"), 30).unwrap();
        let list = [
            BlockRef::Committed("AA==".into()),
            BlockRef::Latest("BA==".into()),
        ];
        let f = s.commit_blocks(P, &list, "text/csv", 40).unwrap();
        assert_eq!(f.read_range(0, 100).unwrap().as_ref(), b"one,+four");

        let bad = [BlockRef::Uncommitted("AA==".into())];
        assert_eq!(
            s.commit_blocks(P, &bad, "text/csv", 50).err(),
            Some(DlzError::InvalidBlockList("AA==".into()))
        );
    }

    #[test]
    fn overwrites_deletes_and_the_ttl_drop_staged_blocks() {
        let mut s = DlzStore::empty("prod", 1);
        s.stage_block(P, "AA==", Bytes::from("x"), 0).unwrap();
        s.put(P, Bytes::from("whole"), "text/csv", 1).unwrap();
        assert!(!s.has_staged_blocks(P));
        s.stage_block(P, "AA==", Bytes::from("x"), 2).unwrap();
        s.delete(P).unwrap();
        assert!(!s.has_staged_blocks(P));
        s.stage_block(P, "AA==", Bytes::from("x"), 3).unwrap();
        s.purge_expired(3 + super::super::TTL_DAYS * super::super::DAY_MS);
        assert!(!s.has_staged_blocks(P));
        assert!(
            s.stage_block("elsewhere/x", "AA==", Bytes::new(), 0)
                .is_err()
        );
    }
}

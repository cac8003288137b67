//! The emulated Data Landing Zone: its containers, credentials, stored files, explore and preview.
//!
//! One [`DlzStore`] per sandbox holds both containers (`user_drop_zone` →
//! `dlz-user-container`, `dlz_destination` → `dlz-destination`) as a flat map from full
//! blob path (`<container>/<folder>/<file>`) to file, the way blob storage does: folders
//! exist only as path prefixes. It knows nothing about HTTP; the emulator's routes call
//! into it (aep-api-notes §7 is the contract).
//!
//! With the Amazon S3 provider the same files appear in one bucket, under the folders
//! `user_drop_zone/` and `dlz_destination/` (the `type` names), so explore and both
//! storage APIs agree whichever provider answers the credentials.

mod aws;
mod bigfile;
mod blocks;
mod credentials;
mod detect;
mod explore;
mod files;
mod infer;
mod parquet_gen;
mod preview;
mod preview_parquet;
mod query;
mod reader;
mod sas_check;
pub(crate) mod signature;
mod uploads;

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::{Value, json};

use super::clock::EpochMs;
use bigfile::BigCsv;
use blocks::Staging;
use credentials::Credentials;

pub use aws::{AwsCheck, AwsKeys};
pub use blocks::BlockRef;
pub use query::{Compression, ExploreQuery, FileType, ObjectType};
pub use sas_check::SasCheck;

/// Files older than this are removed by [`DlzStore::purge_expired`] (notes §8: strict 7-day TTL).
pub const TTL_DAYS: i64 = 7;
const DAY_MS: i64 = 86_400_000;

/// The two landing zones a sandbox has, named by the `type` query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DlzKind {
    UserDropZone,
    DlzDestination,
}

impl DlzKind {
    pub const ALL: [DlzKind; 2] = [DlzKind::UserDropZone, DlzKind::DlzDestination];

    /// Parses the `type` query value (`user_drop_zone` / `dlz_destination`).
    pub fn from_type(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "user_drop_zone" => Some(DlzKind::UserDropZone),
            "dlz_destination" => Some(DlzKind::DlzDestination),
            _ => None,
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            DlzKind::UserDropZone => "user_drop_zone",
            DlzKind::DlzDestination => "dlz_destination",
        }
    }

    pub fn container_name(self) -> &'static str {
        match self {
            DlzKind::UserDropZone => "dlz-user-container",
            DlzKind::DlzDestination => "dlz-destination",
        }
    }

    /// The container a blob path lives in, from its first segment.
    pub fn of_path(path: &str) -> Option<Self> {
        let first = path.trim_start_matches('/').split('/').next()?;
        Self::ALL.into_iter().find(|k| k.container_name() == first)
    }

    /// The zone and store path of an S3 key (`user_drop_zone/crm/a.csv` →
    /// `dlz-user-container/crm/a.csv`).
    pub fn of_s3_key(key: &str) -> Option<(Self, String)> {
        let (folder, rest) = key.split_once('/')?;
        let kind = Self::ALL.into_iter().find(|k| k.type_name() == folder)?;
        Some((kind, format!("{}/{rest}", kind.container_name())))
    }

    /// The S3 key of a store path in this zone.
    pub fn s3_key(self, path: &str) -> String {
        let rest = path
            .strip_prefix(self.container_name())
            .map_or(path, |r| r.trim_start_matches('/'));
        format!("{}/{rest}", self.type_name())
    }
}

/// Who provisions the landing zone: Azure Blob (the default) or Amazon S3, which answer
/// `container` and `credentials` in their own shapes (notes §7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DlzProvider {
    #[default]
    Azure,
    AmazonS3,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DlzError {
    #[error("no such file: {0}")]
    NotFound(String),
    #[error("range starts at {start} but {path} has only {size} bytes")]
    RangeNotSatisfiable { path: String, start: u64, size: u64 },
    #[error("{0} is not inside a landing-zone container")]
    UnknownContainer(String),
    #[error("block {0} is neither staged nor committed")]
    InvalidBlockList(String),
    #[error("no multipart upload {0} for this object")]
    NoSuchUpload(String),
    #[error("part {0} was not uploaded or its ETag differs")]
    InvalidPart(u32),
    #[error("parts must be listed in ascending order")]
    InvalidPartOrder,
    #[error("part {0} is smaller than the 5 MiB minimum of a part that is not the last")]
    PartTooSmall(u32),
}

/// Where a file's bytes come from: stored bytes, or a generator that computes any range.
#[derive(Clone, Debug)]
enum Content {
    Stored(Bytes),
    Generated(BigCsv),
}

/// One blob. Cloning is cheap (the bytes are shared or computed on demand).
#[derive(Clone, Debug)]
pub struct DlzFile {
    pub path: String,
    pub size: u64,
    pub created: EpochMs,
    pub last_modified: EpochMs,
    pub content_type: String,
    /// Blob-storage style `0x8D…` (unquoted); changes with every write of the blob.
    pub etag: String,
    /// The blob's Content-MD5: computed for a blob written whole (Put Blob, PutObject),
    /// as both services do; for one built from blocks only what the client sent with
    /// its block list (`x-ms-blob-content-md5`); none for a multipart object.
    pub md5: Option<[u8; 16]>,
    /// Parts of the S3 multipart upload that made it: its S3 ETag is then `…-N`, not the
    /// MD5.
    pub s3_parts: Option<u32>,
    content: Content,
}

/// MD5 of some bytes.
pub fn md5_of(bytes: &[u8]) -> [u8; 16] {
    use md5::Digest;
    let mut out = [0u8; 16];
    out.copy_from_slice(md5::Md5::digest(bytes).as_slice());
    out
}

/// An ETag in the form blob storage uses, stable for a given seed, path, time and write.
fn etag(seed: u64, path: &str, modified: EpochMs, generation: u64) -> String {
    let h = stable_hash(seed ^ generation, &[path, &modified.to_string(), "etag"]);
    format!("0x8DE{:013X}", h & 0x000F_FFFF_FFFF_FFFF)
}

impl DlzFile {
    fn stored(path: String, bytes: Bytes, content_type: &str, last_modified: EpochMs) -> Self {
        DlzFile {
            size: bytes.len() as u64,
            created: last_modified,
            last_modified,
            content_type: content_type.to_string(),
            etag: String::new(),
            md5: None,
            s3_parts: None,
            content: Content::Stored(bytes),
            path,
        }
    }

    /// The MD5 S3 gives a file as its ETag: that of an object written in one request.
    /// None for a multipart object or a generated one; files seeded with their bytes
    /// (never written through an API) get theirs computed.
    pub fn s3_md5(&self) -> Option<[u8; 16]> {
        match (&self.content, self.s3_parts) {
            (_, Some(_)) | (Content::Generated(_), _) => None,
            (Content::Stored(b), None) => Some(self.md5.unwrap_or_else(|| md5_of(b))),
        }
    }

    /// The last path segment.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// Up to `len` bytes from `start`; shorter at the end of the file, empty at its end.
    pub fn read_range(&self, start: u64, len: u64) -> Result<Bytes, DlzError> {
        if start > self.size {
            return Err(DlzError::RangeNotSatisfiable {
                path: self.path.clone(),
                start,
                size: self.size,
            });
        }
        let len = len.min(self.size - start);
        Ok(match &self.content {
            Content::Stored(b) => b.slice(start as usize..(start + len) as usize),
            Content::Generated(g) => g.read_range(start, len),
        })
    }
}

/// A child of a folder as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DlzEntry {
    pub is_folder: bool,
    pub name: String,
    /// Full path; folders end with `/`.
    pub path: String,
}

/// The landing zones of one sandbox.
#[derive(Debug)]
pub struct DlzStore {
    provider: DlzProvider,
    sandbox_name: String,
    seed: u64,
    storage_account: String,
    bucket: String,
    files: BTreeMap<String, DlzFile>,
    credentials: Credentials,
    blob_base_url: Option<String>,
    staging: Staging,
    uploads: uploads::Uploads,
    /// Writes so far; part of each new ETag so rewriting equal bytes still changes it.
    writes: u64,
}

impl DlzStore {
    /// An empty landing zone (both containers, no files).
    pub fn empty(sandbox_name: &str, seed: u64) -> Self {
        DlzStore {
            provider: DlzProvider::Azure,
            sandbox_name: sandbox_name.to_string(),
            seed,
            storage_account: credentials::storage_account_name(sandbox_name, seed),
            bucket: aws::bucket_name(sandbox_name, seed),
            files: BTreeMap::new(),
            credentials: Credentials::new(
                sandbox_name,
                seed,
                &credentials::storage_account_name(sandbox_name, seed),
            ),
            blob_base_url: None,
            staging: Staging::default(),
            uploads: uploads::Uploads::default(),
            writes: 0,
        }
    }

    /// The demo landing zone: the files of `assets/dlz/`, generated parquet files and a
    /// large generated CSV, each last modified within the TTL before `now`.
    pub fn demo(sandbox_name: &str, seed: u64, now: EpochMs) -> Self {
        let mut store = Self::empty(sandbox_name, seed);
        for mut f in files::demo_files(sandbox_name, seed, now) {
            f.etag = etag(seed, &f.path, f.last_modified, 0);
            store.files.insert(f.path.clone(), f);
        }
        store
    }

    pub fn provider(&self) -> DlzProvider {
        self.provider
    }

    /// Switches the shapes `container` and `credentials` answer in.
    pub fn set_provider(&mut self, provider: DlzProvider) {
        self.provider = provider;
    }

    pub fn sandbox_name(&self) -> &str {
        &self.sandbox_name
    }

    pub fn storage_account_name(&self) -> &str {
        &self.storage_account
    }

    /// Points `SASUri` at another host, e.g. the emulator's own blob endpoint
    /// (`http://127.0.0.1:PORT/blob/<account>`); `None` restores the Azure host.
    pub fn set_blob_base_url(&mut self, base: Option<String>) {
        self.blob_base_url = base.map(|b| b.trim_end_matches('/').to_string());
    }

    /// The base URL containers hang off, without a trailing `/`.
    pub fn blob_base_url(&self) -> String {
        match &self.blob_base_url {
            Some(b) => b.clone(),
            None => format!("https://{}.blob.core.windows.net", self.storage_account),
        }
    }

    /// `GET …/connectors/landingzone?type=`.
    pub fn container(&self, kind: DlzKind) -> Value {
        match self.provider {
            DlzProvider::Azure => json!({
                "containerName": kind.container_name(),
                "containerTTL": TTL_DAYS.to_string(),
            }),
            DlzProvider::AmazonS3 => self.s3_container(kind),
        }
    }

    /// `GET …/landingzone/credentials?type=`; issues a fresh token when none is valid.
    pub fn credentials(&mut self, kind: DlzKind, now_ms: EpochMs) -> Value {
        let grant = self.credentials.current(kind, now_ms);
        self.credentials_json(kind, &grant)
    }

    /// `POST …/landingzone/credentials?type=…&action=refresh`: a new signature and expiry.
    pub fn refresh(&mut self, kind: DlzKind, now_ms: EpochMs) -> Value {
        let grant = self.credentials.rotate(kind, now_ms);
        self.credentials_json(kind, &grant)
    }

    /// Checks the SAS query `q` presented for `kind`'s container, or the blob at store
    /// path `path` in it, at `now_ms`: its signature under the account key, its stored
    /// access policy (a refresh revokes the previous one) and its validity window.
    pub fn sas_check(
        &self,
        kind: DlzKind,
        path: Option<&str>,
        q: &crate::blob::query::Query,
        now_ms: EpochMs,
    ) -> SasCheck {
        let zone = (kind, path);
        sas_check::check(&self.credentials, &self.storage_account, zone, q, now_ms)
    }

    /// Whether the SAS token `token` (a query string) opens `kind`'s container at `now_ms`.
    pub fn sas_is_valid(&self, kind: DlzKind, token: &str, now_ms: EpochMs) -> bool {
        let q = crate::blob::query::Query::parse(Some(token));
        matches!(
            self.sas_check(kind, None, &q, now_ms),
            SasCheck::Valid { .. }
        )
    }

    /// The storage account key, for tests that sign their own SAS tokens as an Azure SDK
    /// holding the key would. Never served over HTTP.
    pub fn storage_account_key(&self) -> Vec<u8> {
        self.credentials.account_key().to_vec()
    }

    fn credentials_json(&self, kind: DlzKind, grant: &credentials::Grant) -> Value {
        if self.provider == DlzProvider::AmazonS3 {
            return self.s3_credentials_json(kind, grant);
        }
        let token = grant.token(kind);
        json!({
            "containerName": kind.container_name(),
            "SASToken": token,
            "storageAccountName": self.storage_account,
            "SASUri": format!("{}/{}?{}", self.blob_base_url(), kind.container_name(), token),
            "expiryDate": grant.expiry_date(),
        })
    }

    pub fn get(&self, path: &str) -> Option<&DlzFile> {
        self.files.get(path.trim_start_matches('/'))
    }

    pub fn read_range(&self, path: &str, start: u64, len: u64) -> Result<Bytes, DlzError> {
        self.get(path)
            .ok_or_else(|| DlzError::NotFound(path.to_string()))?
            .read_range(start, len)
    }

    /// Immediate children of `folder` (`dlz-user-container/` or `dlz-user-container/crm`),
    /// in blob-name order. `NotFound` when the folder holds nothing and is not a container.
    pub fn list(&self, folder: &str) -> Result<Vec<DlzEntry>, DlzError> {
        let mut prefix = folder.trim_start_matches('/').to_string();
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        let mut out: Vec<DlzEntry> = Vec::new();
        for path in self.files.range(prefix.clone()..).map(|(p, _)| p) {
            let Some(rest) = path.strip_prefix(&prefix) else {
                break;
            };
            match rest.split_once('/') {
                Some((dir, _)) => {
                    let dir_path = format!("{prefix}{dir}/");
                    if out.last().map(|e| &e.path) != Some(&dir_path) {
                        out.push(DlzEntry {
                            is_folder: true,
                            name: dir.to_string(),
                            path: dir_path,
                        });
                    }
                }
                None => out.push(DlzEntry {
                    is_folder: false,
                    name: rest.to_string(),
                    path: path.clone(),
                }),
            }
        }
        let is_container = DlzKind::ALL
            .iter()
            .any(|k| prefix == format!("{}/", k.container_name()));
        if out.is_empty() && !is_container {
            return Err(DlzError::NotFound(prefix));
        }
        Ok(out)
    }

    /// Whether `path` names a folder (a prefix of at least one file).
    pub fn is_folder(&self, path: &str) -> bool {
        self.list(path).is_ok_and(|entries| !entries.is_empty())
    }

    /// Every file, in path order.
    pub fn files(&self) -> impl Iterator<Item = &DlzFile> {
        self.files.values()
    }

    /// Files whose path is `from` or after it, in path order (for paged listings).
    pub fn files_from(&self, from: &str) -> impl Iterator<Item = &DlzFile> {
        self.files.range(from.to_string()..).map(|(_, f)| f)
    }

    /// Stores (or replaces) a blob, as an upload through a SAS URI would; its MD5 is
    /// computed, as Put Blob and PutObject do.
    pub fn put(
        &mut self,
        path: &str,
        bytes: Bytes,
        content_type: &str,
        now_ms: EpochMs,
    ) -> Result<&DlzFile, DlzError> {
        let md5 = md5_of(&bytes);
        self.store_blob(path, bytes, content_type, now_ms, Some(md5))
    }

    /// Stores (or replaces) a blob with the MD5 given (none for one built in pieces).
    pub(crate) fn store_blob(
        &mut self,
        path: &str,
        bytes: Bytes,
        content_type: &str,
        now_ms: EpochMs,
        md5: Option<[u8; 16]>,
    ) -> Result<&DlzFile, DlzError> {
        let path = path.trim_start_matches('/').to_string();
        let in_container = DlzKind::of_path(&path).is_some();
        if !in_container || path.ends_with('/') || path.split('/').count() < 2 {
            return Err(DlzError::UnknownContainer(path));
        }
        let mut file = DlzFile::stored(path.clone(), bytes, content_type, now_ms);
        file.md5 = md5;
        self.writes += 1;
        file.etag = etag(self.seed, &path, now_ms, self.writes);
        // An overwrite keeps the blob's creation time, as blob storage does.
        if let Some(old) = self.files.get(&path) {
            file.created = old.created;
        }
        // A whole-blob write replaces any block list and drops staged blocks.
        self.staging.forget(&path);
        self.files.insert(path.clone(), file);
        self.files
            .get(&path)
            .ok_or(DlzError::UnknownContainer(path))
    }

    /// Removes a blob; `NotFound` when it does not exist.
    pub fn delete(&mut self, path: &str) -> Result<DlzFile, DlzError> {
        let path = path.trim_start_matches('/');
        self.staging.forget(path);
        self.files
            .remove(path)
            .ok_or_else(|| DlzError::NotFound(path.to_string()))
    }

    /// Drops files past the container TTL, as the real landing zone does; returns how many.
    /// Staged blocks that were never committed expire with the same TTL.
    pub fn purge_expired(&mut self, now_ms: EpochMs) -> usize {
        let before = self.files.len();
        self.files
            .retain(|_, f| now_ms - f.last_modified < TTL_DAYS * DAY_MS);
        self.staging.purge(now_ms - TTL_DAYS * DAY_MS);
        self.uploads.purge(now_ms - TTL_DAYS * DAY_MS);
        before - self.files.len()
    }
}

/// FNV-1a, a stable hash for deriving per-sandbox values (std's hasher may change).
pub(crate) fn stable_hash(seed: u64, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_explore;

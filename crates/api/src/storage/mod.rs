//! Direct access to a Data Landing Zone container with the credentials the DLZ API hands
//! out (an Azure SAS URI, or temporary AWS keys for an "Amazon S3" DLZ): list, preview,
//! download, upload and delete files. Knows object storage, nothing of panes.
//!
//! Built on `object_store`, one [`Storage`] per set of credentials:
//! - `open.rs` turns [`DlzCredentials`](flowscope_model::DlzCredentials) into a store;
//! - `sas.rs` splits a SAS URI; `error.rs` maps failures to [`StorageError`];
//! - `renew.rs` goes on with new credentials once when the storage refuses the old;
//! - `list.rs` lists a folder; `preview/` reads just enough of a file to show it;
//! - `transfer/` moves whole files with progress, retries and cancellation, and resumes
//!   those cut off from their plan on disk (`transfer/plan.rs`).
//!
//! Paths are relative to the container (Azure) or to the DLZ folder in the bucket (S3), in
//! object_store's form (`folder/file.csv`, as [`BlobEntry::path`] gives them). No secret
//! leaves this module: errors are scrubbed and `Storage`'s Debug shows only its location.

mod error;
mod list;
mod open;
pub mod preview;
mod renew;
mod sas;
mod transfer;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use object_store::list::PaginatedListStore;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use flowscope_model::{DlzCredentials, DlzProvider, Secret};

pub use error::{Scrub, StorageError};
pub use list::{BlobEntry, Listing, ttl_left};
pub use open::StorageOptions;
pub use preview::{
    ColumnType, Compression, LocalPreview, PreviewColumn, PreviewKind, PreviewOptions,
};
pub use renew::with_renewal;
pub use sas::{SasParts, parse_sas_uri};
pub use transfer::{
    Direction, JobFile, LocalStamp, Plan, Plans, Progress, ProgressFn, Ranges, StoreKind,
    TransferOptions, Uploaded, new_id, part_file, upload_sources,
};

/// One DLZ container (or S3 folder), opened with one set of credentials.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The same store seen as a paginated lister, to show a folder page by page.
    pages: Option<Arc<dyn PaginatedListStore>>,
    provider: DlzProvider,
    container: String,
    /// `""`, or the S3 `dlzFolder` with a trailing `/`: every path is under it.
    root: String,
    location: String,
    expires_at: Option<DateTime<Utc>>,
    scrub: Scrub,
    /// S3 refuses multipart parts under 5 MiB (but the last); Azure blocks can be any size.
    min_part_size: u64,
    /// A digest of the credentials opened with, to tell new ones from the ones refused.
    fingerprint: u64,
    /// The calls resumable transfers make beside object_store's; only a storage opened
    /// from credentials has them.
    raw: Option<Arc<transfer::Raw>>,
}

/// The location only: the store inside holds the credentials.
impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Storage")
            .field("provider", &self.provider)
            .field("location", &self.location)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Storage {
    /// A storage over any object store, for tests and other front ends. `root` is a path
    /// prefix every call stays under (`""` for none); `location` is what screens show.
    pub fn from_parts(
        store: Arc<dyn ObjectStore>,
        provider: DlzProvider,
        container: impl Into<String>,
        root: &str,
        location: impl Into<String>,
    ) -> Storage {
        let root = root.trim_matches('/');
        Storage {
            store,
            pages: None,
            provider,
            container: container.into(),
            root: if root.is_empty() {
                String::new()
            } else {
                format!("{root}/")
            },
            location: location.into(),
            expires_at: None,
            scrub: Scrub::default(),
            min_part_size: match provider {
                DlzProvider::AmazonS3 => 5 * 1024 * 1024,
                DlzProvider::Azure => 1,
            },
            fingerprint: 0,
            raw: None,
        }
    }

    pub(crate) fn with_raw(mut self, raw: transfer::Raw) -> Storage {
        self.raw = Some(Arc::new(raw));
        self
    }

    /// Lists page by page through this lister (the same store as a `PaginatedListStore`).
    pub fn with_pages(mut self, pages: Arc<dyn PaginatedListStore>) -> Storage {
        self.pages = Some(pages);
        self
    }

    /// When the credentials expire: a refusal after that is reported as expired.
    pub fn with_expiry(mut self, expires_at: Option<DateTime<Utc>>) -> Storage {
        self.expires_at = expires_at;
        self
    }

    /// Values to mask in every error (the SAS token, AWS keys).
    pub fn with_secrets(mut self, secrets: impl IntoIterator<Item = Secret>) -> Storage {
        self.scrub = Scrub::new(secrets);
        self
    }

    pub fn provider(&self) -> DlzProvider {
        self.provider
    }

    /// The container (Azure) or bucket (S3).
    pub fn container(&self) -> &str {
        &self.container
    }

    /// The S3 DLZ folder every path is under, with its trailing `/`; empty on Azure.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Where this is, without any secret: `https://acct.blob.core.windows.net/container`
    /// or `s3://bucket/folder/`.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// Have the credentials' own expiry passed?
    pub fn credentials_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    /// The metadata of one file, `None` when there is none (for "overwrite?").
    pub async fn head(&self, path: &str) -> Result<Option<BlobEntry>, StorageError> {
        let full = self.object_path(path)?;
        match self.store.head(&full).await {
            Ok(meta) => Ok(Some(self.entry(&meta))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.err(e, path)),
        }
    }

    /// Deletes one file. A file already gone counts as deleted (the TTL may have got there
    /// first): Azure answers 404 where S3 answers nothing, and both mean the same here.
    pub async fn delete(&self, path: &str) -> Result<(), StorageError> {
        let full = self.object_path(path)?;
        match self.store.delete(&full).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.err(e, path)),
        }
    }

    /// The store path of a user path: under the root, validated.
    pub(crate) fn object_path(&self, path: &str) -> Result<Path, StorageError> {
        let rel = path.trim_matches('/');
        let full = format!("{}{rel}", self.root);
        Path::parse(full.trim_end_matches('/')).map_err(|e| StorageError::Other {
            code: None,
            message: self
                .scrub
                .clean(&format!("`{path}` is not a valid file path: {e}")),
        })
    }

    /// The user path of a store path: the root taken off.
    pub(crate) fn user_path(&self, p: &Path) -> String {
        let s = p.as_ref();
        s.strip_prefix(self.root.as_str()).unwrap_or(s).to_string()
    }

    pub(crate) fn entry(&self, meta: &object_store::ObjectMeta) -> BlobEntry {
        BlobEntry::from_meta(self.user_path(&meta.location), meta)
    }

    /// The error a user sees; a refusal of the credentials names their expiry too.
    pub(crate) fn err(&self, e: object_store::Error, path: &str) -> StorageError {
        let err = error::from_store(e, path, &self.scrub, self.credentials_expired(Utc::now()));
        match (err, self.expires_at) {
            // Azure's detail names the expiry already (`… - Expiry [date] - …`).
            (StorageError::Expired { code, message }, Some(at))
                if !message.contains("Expiry [") =>
            {
                StorageError::Expired {
                    code,
                    message: format!(
                        "{message} (the credentials are valid until {})",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ),
                }
            }
            (err, _) => err,
        }
    }

    /// Whether `creds` are the credentials this storage was opened with.
    pub fn opened_with(&self, creds: &DlzCredentials) -> bool {
        self.fingerprint != 0 && self.fingerprint == open::fingerprint(creds)
    }

    pub(crate) fn store(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::memory::InMemory;

    #[test]
    fn paths_stay_under_the_root() {
        let s = Storage::from_parts(
            Arc::new(InMemory::new()),
            DlzProvider::AmazonS3,
            "bucket",
            "/dlz-folder/",
            "s3://bucket/dlz-folder/",
        );
        assert_eq!(s.root(), "dlz-folder/");
        let p = s.object_path("in/a.csv").unwrap();
        assert_eq!(p.as_ref(), "dlz-folder/in/a.csv");
        assert_eq!(s.user_path(&p), "in/a.csv");
        assert_eq!(s.object_path("").unwrap().as_ref(), "dlz-folder");
        assert!(s.object_path("in/../../x").is_err());
        assert!(s.object_path("a//b").is_err());
    }

    #[test]
    fn debug_shows_the_location_only() {
        let s = Storage::from_parts(
            Arc::new(InMemory::new()),
            DlzProvider::Azure,
            "c",
            "",
            "https://acct.blob.core.windows.net/c",
        )
        .with_secrets([Secret::new("sv=1&sig=TOPSECRET")]);
        let shown = format!("{s:?}");
        assert!(
            shown.contains("https://acct.blob.core.windows.net/c"),
            "{shown}"
        );
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }

    #[test]
    fn expiry_is_compared_with_the_clock_given() {
        let t = DateTime::parse_from_rfc3339("2024-01-06T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let s = Storage::from_parts(Arc::new(InMemory::new()), DlzProvider::Azure, "c", "", "x")
            .with_expiry(Some(t));
        assert!(!s.credentials_expired(t - chrono::Duration::seconds(1)));
        assert!(s.credentials_expired(t));
    }
}

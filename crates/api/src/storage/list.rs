//! Listing one folder of the container (sub-folders and files, one level), whole or page
//! by page as the storage sends them, and the time a file has left before the DLZ's TTL
//! removes it.

use std::borrow::Cow;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::ObjectMeta;
use object_store::list::PaginatedListOptions;

use super::{Storage, StorageError};

/// One file. `path` is relative to the container (or the S3 DLZ folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobEntry {
    pub path: String,
    /// The last path segment.
    pub name: String,
    pub size: u64,
    pub last_modified_ms: i64,
    pub etag: Option<String>,
}

impl BlobEntry {
    pub(crate) fn from_meta(path: String, meta: &ObjectMeta) -> BlobEntry {
        BlobEntry {
            name: path.rsplit('/').next().unwrap_or_default().to_string(),
            path,
            size: meta.size,
            last_modified_ms: meta.last_modified.timestamp_millis(),
            etag: meta.e_tag.clone(),
        }
    }
}

/// One level of a folder: sub-folders as paths ending in `/`, then files, each by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    pub folders: Vec<String>,
    pub files: Vec<BlobEntry>,
}

impl Listing {
    fn sorted(mut self) -> Listing {
        self.folders.sort();
        self.files.sort_by(|a, b| a.name.cmp(&b.name));
        self
    }
}

/// Time left before a file modified at `last_modified_ms` is removed by a TTL of
/// `ttl_days`; `None` once it is due (the DLZ deletes files 7 days after upload).
pub fn ttl_left(last_modified_ms: i64, now_ms: i64, ttl_days: u64) -> Option<Duration> {
    let ttl_ms = i64::try_from(ttl_days.saturating_mul(86_400_000)).unwrap_or(i64::MAX);
    let due = last_modified_ms.saturating_add(ttl_ms);
    let left = due.saturating_sub(now_ms);
    (left > 0).then(|| Duration::from_millis(left.unsigned_abs()))
}

impl Storage {
    /// The whole of one folder (`""` for the top). Thousands of files take several
    /// requests; [`Storage::list_pages`] shows the first page sooner.
    pub async fn list(&self, folder: &str) -> Result<Listing, StorageError> {
        let prefix = self.object_path(folder)?;
        let prefix = (!prefix.as_ref().is_empty()).then_some(prefix);
        let result = self
            .store()
            .list_with_delimiter(prefix.as_ref())
            .await
            .map_err(|e| self.err(e, folder))?;
        Ok(self.listing(result).sorted())
    }

    /// One folder, page by page as the storage answers (about 5,000 entries a page on
    /// Azure, 1,000 on S3), each page sorted by itself.
    pub fn list_pages(&self, folder: &str) -> BoxStream<'static, Result<Listing, StorageError>> {
        let prefix = match self.object_path(folder) {
            Ok(p) if p.as_ref().is_empty() => None,
            // A prefix on the wire is a plain string: the folder's own `/` included.
            Ok(p) => Some(format!("{}/", p.as_ref())),
            Err(e) => return futures::stream::once(async { Err(e) }).boxed(),
        };
        let Some(pages) = self.pages.clone() else {
            // A store without pages (tests): the whole folder as one page.
            let me = self.clone();
            let folder = folder.to_string();
            return futures::stream::once(async move { me.list(&folder).await }).boxed();
        };
        let me = self.clone();
        let folder = folder.to_string();
        // State: the next page token; `None` after the last page.
        futures::stream::try_unfold(Some(None::<String>), move |state| {
            let pages = pages.clone();
            let me = me.clone();
            let prefix = prefix.clone();
            let folder = folder.clone();
            async move {
                let Some(page_token) = state else {
                    return Ok(None);
                };
                let opts = PaginatedListOptions {
                    delimiter: Some(Cow::Borrowed("/")),
                    page_token,
                    ..Default::default()
                };
                let page = pages
                    .list_paginated(prefix.as_deref(), opts)
                    .await
                    .map_err(|e| me.err(e, &folder))?;
                let next = page.page_token.filter(|t| !t.is_empty()).map(Some);
                Ok(Some((me.listing(page.result).sorted(), next)))
            }
        })
        .boxed()
    }

    fn listing(&self, result: object_store::ListResult) -> Listing {
        Listing {
            folders: result
                .common_prefixes
                .iter()
                .map(|p| format!("{}/", self.user_path(p)))
                .collect(),
            files: result.objects.iter().map(|m| self.entry(m)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use object_store::memory::InMemory;
    use object_store::path::Path;
    use object_store::{ObjectStore, ObjectStoreExt};

    use flowscope_model::DlzProvider;

    const DAY_MS: i64 = 86_400_000;

    #[test]
    fn ttl_counts_down_and_ends() {
        assert_eq!(
            ttl_left(0, DAY_MS, 7),
            Some(Duration::from_millis(6 * DAY_MS as u64))
        );
        assert_eq!(ttl_left(0, 7 * DAY_MS, 7), None);
        assert_eq!(ttl_left(0, 8 * DAY_MS, 7), None);
        assert_eq!(
            ttl_left(i64::MAX, 0, u64::MAX),
            Some(Duration::from_millis(i64::MAX as u64))
        );
        assert_eq!(ttl_left(5, 0, 0), Some(Duration::from_millis(5)));
    }

    #[tokio::test]
    async fn one_level_under_the_root_with_sizes() {
        let mem: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
        for (p, body) in [
            ("dlz/top.csv", "a,b\n"),
            ("dlz/in/x.json", "{}"),
            ("dlz/in/deep/y.csv", "1"),
            ("dlz/in/a.csv", "12345"),
            ("other/z.csv", "no"),
        ] {
            mem.put(&Path::from(p), body.as_bytes().to_vec().into())
                .await
                .unwrap();
        }
        let s = Storage::from_parts(mem, DlzProvider::AmazonS3, "b", "dlz", "s3://b/dlz/");
        let top = s.list("").await.unwrap();
        assert_eq!(top.folders, vec!["in/"]);
        assert_eq!(top.files.len(), 1);
        assert_eq!(top.files[0].path, "top.csv");

        let inner = s.list("in/").await.unwrap();
        assert_eq!(inner.folders, vec!["in/deep/"]);
        let names: Vec<_> = inner
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.size))
            .collect();
        assert_eq!(names, vec![("a.csv", 5), ("x.json", 2)]);
        assert_eq!(inner.files[0].path, "in/a.csv");
        assert!(inner.files[0].last_modified_ms > 0);

        let pages: Vec<_> = s.list_pages("in").collect().await;
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].as_ref().unwrap(), &inner);
    }
}

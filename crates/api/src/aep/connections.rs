//! Base connections: list, count, get, create, patch, delete, test and explore.

use serde::Serialize;

use crate::client::Client;
use crate::error::ApiError;
use crate::paging::{ListQuery, PageStream};
use flowscope_model::{
    Connection, ConnectionTest, Etag, ExploreListing, IdEtag, PatchOp, Preview, PreviewFormat,
};

const COLLECTION: &str = "connections";

impl Client {
    pub fn list_connections(&self, query: &ListQuery) -> PageStream<Connection> {
        self.pages(COLLECTION, query)
    }

    pub async fn count_connections(&self, query: &ListQuery) -> Result<u64, ApiError> {
        self.count_of(COLLECTION, query).await
    }

    pub async fn get_connection(&self, id: &str) -> Result<Connection, ApiError> {
        self.get_by_id(COLLECTION, id).await
    }

    pub async fn create_connection<B: Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<IdEtag, ApiError> {
        self.create_in(COLLECTION, body).await
    }

    pub async fn patch_connection(
        &self,
        id: &str,
        etag: &Etag,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        self.patch_in(COLLECTION, id, etag, ops).await
    }

    pub async fn delete_connection(&self, id: &str) -> Result<(), ApiError> {
        self.delete_in(COLLECTION, id).await
    }

    /// `GET /connections/{id}/test`.
    pub async fn test_connection(&self, id: &str) -> Result<ConnectionTest, ApiError> {
        let url = self.flow_url(&[COLLECTION, id, "test"], &[])?;
        self.get_json(url).await
    }

    /// Lists the root (`folder: None`) or a folder of a base connection's storage.
    pub async fn explore_connection(
        &self,
        id: &str,
        folder: Option<&str>,
    ) -> Result<ExploreListing, ApiError> {
        let url = self.flow_url(&[COLLECTION, id, "explore"], &listing_params(folder))?;
        self.get_json(url).await
    }

    pub async fn preview_connection_file(
        &self,
        id: &str,
        path: &str,
        format: &PreviewFormat,
    ) -> Result<Preview, ApiError> {
        let url = self.flow_url(&[COLLECTION, id, "explore"], &preview_params(path, format))?;
        self.get_json(url).await
    }
}

/// `objectType=root`, or `objectType=folder&object=<path>`.
pub(super) fn listing_params(folder: Option<&str>) -> Vec<(String, String)> {
    match folder {
        None => vec![("objectType".into(), "root".into())],
        Some(path) => vec![
            ("objectType".into(), "folder".into()),
            ("object".into(), path.to_string()),
        ],
    }
}

/// `objectType=file&object=<path>&preview=true` plus the format's parameters.
pub(super) fn preview_params(path: &str, format: &PreviewFormat) -> Vec<(String, String)> {
    let mut p = vec![
        ("objectType".to_string(), "file".to_string()),
        ("object".to_string(), path.to_string()),
        ("preview".to_string(), "true".to_string()),
    ];
    p.extend(format.params());
    p
}

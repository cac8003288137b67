//! Source and target connections: list, count, get, create, patch, delete.

use serde::Serialize;

use crate::client::Client;
use crate::error::ApiError;
use crate::paging::{ListQuery, PageStream};
use flowscope_model::{Etag, IdEtag, PatchOp, SourceConnection, TargetConnection};

const SOURCES: &str = "sourceConnections";
const TARGETS: &str = "targetConnections";

impl Client {
    pub fn list_source_connections(&self, query: &ListQuery) -> PageStream<SourceConnection> {
        self.pages(SOURCES, query)
    }

    pub async fn count_source_connections(&self, query: &ListQuery) -> Result<u64, ApiError> {
        self.count_of(SOURCES, query).await
    }

    pub async fn get_source_connection(&self, id: &str) -> Result<SourceConnection, ApiError> {
        self.get_by_id(SOURCES, id).await
    }

    pub async fn create_source_connection<B: Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<IdEtag, ApiError> {
        self.create_in(SOURCES, body).await
    }

    pub async fn patch_source_connection(
        &self,
        id: &str,
        etag: &Etag,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        self.patch_in(SOURCES, id, etag, ops).await
    }

    pub async fn delete_source_connection(&self, id: &str) -> Result<(), ApiError> {
        self.delete_in(SOURCES, id).await
    }

    pub fn list_target_connections(&self, query: &ListQuery) -> PageStream<TargetConnection> {
        self.pages(TARGETS, query)
    }

    pub async fn count_target_connections(&self, query: &ListQuery) -> Result<u64, ApiError> {
        self.count_of(TARGETS, query).await
    }

    pub async fn get_target_connection(&self, id: &str) -> Result<TargetConnection, ApiError> {
        self.get_by_id(TARGETS, id).await
    }

    pub async fn create_target_connection<B: Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<IdEtag, ApiError> {
        self.create_in(TARGETS, body).await
    }

    pub async fn patch_target_connection(
        &self,
        id: &str,
        etag: &Etag,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        self.patch_in(TARGETS, id, etag, ops).await
    }

    pub async fn delete_target_connection(&self, id: &str) -> Result<(), ApiError> {
        self.delete_in(TARGETS, id).await
    }
}

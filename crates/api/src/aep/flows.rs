//! Flows: list, count, get, create, patch, delete, and the enable/disable action.

use reqwest::Method;
use serde::Serialize;

use crate::client::{Call, Client};
use crate::error::ApiError;
use crate::paging::{ListQuery, PageStream};
pub use flowscope_model::FlowAction;
use flowscope_model::{Etag, Flow, IdEtag, PatchOp};

const COLLECTION: &str = "flows";

impl Client {
    pub fn list_flows(&self, query: &ListQuery) -> PageStream<Flow> {
        self.pages(COLLECTION, query)
    }

    pub async fn count_flows(&self, query: &ListQuery) -> Result<u64, ApiError> {
        self.count_of(COLLECTION, query).await
    }

    pub async fn get_flow(&self, id: &str) -> Result<Flow, ApiError> {
        self.get_by_id(COLLECTION, id).await
    }

    /// The body needs `name`, `flowSpec`, `sourceConnectionIds`, `targetConnectionIds`, and
    /// must not carry `state` (FLOW-1410-400).
    pub async fn create_flow<B: Serialize + ?Sized>(&self, body: &B) -> Result<IdEtag, ApiError> {
        self.create_in(COLLECTION, body).await
    }

    /// A stale `etag` fails with 412 FLOW-1404-412 ([`ApiError::is_precondition_failed`]).
    pub async fn patch_flow(
        &self,
        id: &str,
        etag: &Etag,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        self.patch_in(COLLECTION, id, etag, ops).await
    }

    /// GETs the flow for its current etag, then PATCHes with it. Someone else's change in
    /// between still fails with 412, as it should.
    pub async fn patch_flow_fetching_etag(
        &self,
        id: &str,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        let flow = self.get_flow(id).await?;
        let etag = flow
            .etag
            .ok_or_else(|| ApiError::Invalid(format!("flow {id} came without an etag")))?;
        self.patch_flow(id, &etag, ops).await
    }

    pub async fn delete_flow(&self, id: &str) -> Result<(), ApiError> {
        self.delete_in(COLLECTION, id).await
    }

    /// Enables or disables a flow: no body and no Content-Type, as the service expects.
    pub async fn flow_action(&self, id: &str, action: FlowAction) -> Result<IdEtag, ApiError> {
        let url = self.flow_url(
            &[COLLECTION, id, "action"],
            &[("op".to_string(), action.as_str().to_string())],
        )?;
        self.execute_single(Call::new(Method::POST, url)).await
    }
}

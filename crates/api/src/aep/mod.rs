//! Flow Service and DLZ endpoint groups, one file each, as methods on [`Client`].
//!
//! Shared shapes (aep-api-notes §4–§6): GET by id answers `{"items":[obj]}`; creates answer
//! 201 `{"id","etag"}`; PATCH takes a JSON Patch array with `If-Match` and answers
//! `{"id","etag"}`; DELETE answers 204.

mod connections;
mod datasets;
mod dlz;
mod flows;
mod runs;
mod source_target;
mod specs;

pub use datasets::{CATALOG_PAGE, DatasetQuery};
pub use flows::FlowAction;

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::{Call, Client};
use super::error::ApiError;
use flowscope_model::{Etag, IdEtag, PatchOp};

impl Client {
    /// One object of a Flow Service collection (`flows`, `runs`, `connections`…) by id.
    pub async fn get_by_id<T: DeserializeOwned>(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<T, ApiError> {
        let url = self.flow_url(&[collection, id], &[])?;
        self.get_single(url).await
    }

    pub(crate) async fn create_in<B: Serialize + ?Sized>(
        &self,
        collection: &str,
        body: &B,
    ) -> Result<IdEtag, ApiError> {
        let url = self.flow_url(&[collection], &[])?;
        self.execute_single(Call::new(Method::POST, url).json(body)?)
            .await
    }

    pub(crate) async fn patch_in(
        &self,
        collection: &str,
        id: &str,
        etag: &Etag,
        ops: &[PatchOp],
    ) -> Result<IdEtag, ApiError> {
        let url = self.flow_url(&[collection, id], &[])?;
        let call = Call::new(Method::PATCH, url).json(ops)?.if_match(etag);
        self.execute_single(call).await
    }

    pub(crate) async fn delete_in(&self, collection: &str, id: &str) -> Result<(), ApiError> {
        let url = self.flow_url(&[collection, id], &[])?;
        self.execute(Call::new(Method::DELETE, url))
            .await
            .map(|_| ())
    }
}

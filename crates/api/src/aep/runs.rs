//! Runs: list (usually filtered by `flowId`), count, get, and create (`POST /runs`).

use crate::client::Client;
use crate::error::ApiError;
use crate::paging::{ListQuery, PageStream};
use flowscope_model::{CreateRun, IdEtag, Run};

const COLLECTION: &str = "runs";

impl Client {
    pub fn list_runs(&self, query: &ListQuery) -> PageStream<Run> {
        self.pages(COLLECTION, query)
    }

    /// The runs of one flow: `query` plus `property=flowId==<id>`.
    pub fn list_runs_of_flow(&self, flow_id: &str, query: &ListQuery) -> PageStream<Run> {
        let q = query.clone().property(format!("flowId=={flow_id}"));
        self.pages(COLLECTION, &q)
    }

    pub async fn count_runs(&self, query: &ListQuery) -> Result<u64, ApiError> {
        self.count_of(COLLECTION, query).await
    }

    pub async fn get_run(&self, id: &str) -> Result<Run, ApiError> {
        self.get_by_id(COLLECTION, id).await
    }

    /// Starts a run of a flow scheduled `once`. Never retried once sent: a second POST
    /// would start a second run. The answer's shape varies between documents (bare
    /// `{id, etag}`, wrapped in `items`, or a whole run); all three are read.
    pub async fn create_run(&self, body: &CreateRun) -> Result<IdEtag, ApiError> {
        self.create_in(COLLECTION, body).await
    }
}

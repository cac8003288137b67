//! Runs: list (usually filtered by `flowId`), count, get, create (`POST /runs`) and
//! retry (`POST /runs/{id}/action?op=RE_TRIGGER`).

use reqwest::Method;

use crate::client::{Call, Client};
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

    /// Attempts a failed run again (`op=RE_TRIGGER`); the answer is the run as it now is.
    /// Never retried once sent: a second retry would start a third attempt. The service
    /// refuses a run that did not fail (FLOW-1422-400).
    pub async fn retry_run(&self, id: &str) -> Result<Run, ApiError> {
        let url = self.flow_url(
            &[COLLECTION, id, "action"],
            &[("op".to_string(), "RE_TRIGGER".to_string())],
        )?;
        self.execute_single(Call::new(Method::POST, url)).await
    }
}

//! Connection specs (and the DLZ spec's explore endpoint) and flow specs.

use crate::client::Client;
use crate::error::ApiError;
use crate::paging::{ListQuery, PageStream};
use flowscope_model::{
    ConnectionSpec, DLZ_CONNECTION_SPEC_ID, ExploreListing, FlowSpec, Preview, PreviewFormat,
};

use super::connections::{listing_params, preview_params};

impl Client {
    /// Connection specs. The service sends them in one page; the stream follows next links
    /// anyway.
    pub fn list_connection_specs(&self, query: &ListQuery) -> PageStream<ConnectionSpec> {
        self.pages("connectionSpecs", query)
    }

    pub async fn get_connection_spec(&self, id: &str) -> Result<ConnectionSpec, ApiError> {
        self.get_by_id("connectionSpecs", id).await
    }

    /// Lists the landing zone's root (`folder: None`) or one of its folders,
    /// e.g. `dlz-user-container/userdata1/` (aep-api-notes §7).
    pub async fn explore_landing_zone(
        &self,
        folder: Option<&str>,
    ) -> Result<ExploreListing, ApiError> {
        let url = self.flow_url(
            &["connectionSpecs", DLZ_CONNECTION_SPEC_ID, "explore"],
            &listing_params(folder),
        )?;
        self.get_json(url).await
    }

    /// Previews a landing-zone file: detected (`determineProperties=true`) or as told.
    pub async fn preview_landing_zone_file(
        &self,
        path: &str,
        format: &PreviewFormat,
    ) -> Result<Preview, ApiError> {
        let url = self.flow_url(
            &["connectionSpecs", DLZ_CONNECTION_SPEC_ID, "explore"],
            &preview_params(path, format),
        )?;
        self.get_json(url).await
    }

    pub fn list_flow_specs(&self, query: &ListQuery) -> PageStream<FlowSpec> {
        self.pages("flowSpecs", query)
    }

    pub async fn get_flow_spec(&self, id: &str) -> Result<FlowSpec, ApiError> {
        self.get_by_id("flowSpecs", id).await
    }
}

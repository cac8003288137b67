//! Datasets: the Catalog Service's list and get, and the datasets a destination's
//! connection spec can export (Flow Service `configs`).
//!
//! The Catalog pages by offset (`start`, `limit`) and says nothing of what is left, so a
//! list reads pages until one comes back short. The export configs page the same way
//! but say `pageInfo.hasNext` (aep-api-notes §3 "Offset paging", §10 "Dataset export").

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::ApiError;
use flowscope_model::{Dataset, ExportPage};

/// The Catalog's largest page.
pub const CATALOG_PAGE: u32 = 100;

/// What a dataset list asks the Catalog for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetQuery {
    /// Page size; the Catalog's largest ([`CATALOG_PAGE`]) when not given.
    pub limit: Option<u32>,
    /// e.g. `desc:created` or `name`.
    pub order_by: Option<String>,
    /// Only these fields of each dataset (`name`, `schemaRef`…), to keep pages small.
    pub properties: Vec<String>,
    /// Only datasets of this name.
    pub name: Option<String>,
}

impl DatasetQuery {
    fn pairs(&self, start: usize, limit: u32) -> Vec<(String, String)> {
        let mut out = vec![
            ("limit".to_string(), limit.to_string()),
            ("start".to_string(), start.to_string()),
        ];
        if let Some(o) = &self.order_by {
            out.push(("orderBy".into(), o.clone()));
        }
        if !self.properties.is_empty() {
            out.push(("properties".into(), self.properties.join(",")));
        }
        if let Some(n) = &self.name {
            out.push(("name".into(), n.clone()));
        }
        out
    }
}

impl Client {
    /// Every dataset the query matches, read page by page until a page comes back with
    /// fewer than `limit`. A page of nothing but datasets already read ends the list with
    /// an error: a Catalog that ignored `start` would otherwise be read for ever.
    pub async fn list_datasets(&self, query: &DatasetQuery) -> Result<Vec<Dataset>, ApiError> {
        let limit = query.limit.unwrap_or(CATALOG_PAGE).clamp(1, CATALOG_PAGE);
        let mut out: Vec<Dataset> = Vec::new();
        let mut seen = HashSet::new();
        loop {
            let url = self.catalog_url(&["dataSets"], &query.pairs(out.len(), limit))?;
            let page: Map<String, Value> = self.get_json(url).await?;
            let got = page.len();
            let fresh: Vec<Dataset> = Dataset::keyed(page)
                .into_iter()
                .filter(|d| seen.insert(d.id.clone()))
                .collect();
            if got > 0 && fresh.is_empty() {
                return Err(ApiError::Invalid(format!(
                    "the Catalog sent the datasets from {} again",
                    out.len()
                )));
            }
            out.extend(fresh);
            if got < limit as usize {
                return Ok(out);
            }
        }
    }

    /// One dataset by id; the Catalog answers `{"<id>": {...}}`.
    pub async fn get_dataset(&self, id: &str) -> Result<Dataset, ApiError> {
        let url = self.catalog_url(&["dataSets", id], &[])?;
        let answer: Map<String, Value> = self.get_json(url).await?;
        Dataset::keyed(answer)
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| ApiError::Invalid(format!("the Catalog's answer has no dataset {id}")))
    }

    /// The datasets a destination of `spec_id` can export, every page
    /// (`pageInfo.hasNext`), as aepp's `getExportableDatasets` reads them.
    pub async fn exportable_datasets(&self, spec_id: &str) -> Result<Vec<Dataset>, ApiError> {
        let mut out = Vec::new();
        loop {
            let url = self.flow_url(
                &["connectionSpecs", spec_id, "configs"],
                &[
                    ("outputType".into(), "activationDatasets".into()),
                    ("outputField".into(), "datasets".into()),
                    ("start".into(), out.len().to_string()),
                    ("limit".into(), CATALOG_PAGE.to_string()),
                ],
            )?;
            let page: ExportPage = self.get_json(url).await?;
            let empty = page.items.is_empty();
            out.extend(page.items);
            // An empty page that says there is more would be read for ever.
            if !page.page_info.has_next || empty {
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_queries_carry_paging_order_fields_and_name() {
        let q = DatasetQuery {
            limit: Some(5),
            order_by: Some("desc:created".into()),
            properties: vec!["name".into(), "schemaRef".into()],
            name: Some("Orders".into()),
        };
        let pairs: Vec<String> = q
            .pairs(10, 5)
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "limit=5",
                "start=10",
                "orderBy=desc:created",
                "properties=name,schemaRef",
                "name=Orders"
            ]
        );
    }
}

//! Catalog Service datasets, and the datasets a connection spec can export.
//!
//! The Catalog answers a list as one JSON object keyed by dataset id
//! (`{"5f3c…": {"name": …}, "5f3d…": {…}}`) and one dataset as `{"5f3c…": {…}}`; the id
//! is not inside the object, so [`Dataset::keyed`] puts it back. The export configs of a
//! connection spec answer `{"items": [{"id": …}], "pageInfo": {"hasNext": …}}`. Every
//! field the model does not name is kept.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Extra;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Dataset {
    /// The datasets of a Catalog answer keyed by id, in the answer's order. A value that
    /// is not an object (the Catalog sends none, a proxy might) is skipped.
    pub fn keyed(answer: Map<String, Value>) -> Vec<Dataset> {
        answer
            .into_iter()
            .filter_map(|(id, v)| {
                let Value::Object(mut fields) = v else {
                    return None;
                };
                fields.insert("id".into(), Value::String(id));
                serde_json::from_value(Value::Object(fields)).ok()
            })
            .collect()
    }

    /// `schemaRef.id`: the XDM schema the dataset follows.
    pub fn schema_id(&self) -> Option<&str> {
        self.extra.get("schemaRef")?.get("id")?.as_str()
    }

    /// When it was created (epoch ms, Catalog's `created`).
    pub fn created(&self) -> Option<i64> {
        self.extra.get("created")?.as_i64()
    }

    /// Whether the Catalog marks it enabled for Profile (`tags.unifiedProfile`).
    pub fn profile_enabled(&self) -> bool {
        self.extra
            .get("tags")
            .and_then(|t| t.get("unifiedProfile"))
            .and_then(Value::as_array)
            .is_some_and(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .any(|t| t.starts_with("enabled"))
            })
    }
}

/// One page of `GET /connectionSpecs/{id}/configs?outputType=activationDatasets…`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportPage {
    #[serde(default)]
    pub items: Vec<Dataset>,
    #[serde(default)]
    pub page_info: PageInfo,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Catalog-style offset paging: more follow while `hasNext` is true.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub has_next: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn keyed_answers_become_datasets_with_their_ids_and_every_field() {
        let answer = json!({
            "5f3c": {"name": "Orders", "schemaRef": {"id": "https://ns.adobe.com/t/schemas/1"},
                     "created": 1700000000000_i64, "tags": {"unifiedProfile": ["enabled:true"]}},
            "5f3d": {"name": "Events", "files": "@/dataSets/5f3d/files"},
            "junk": 7
        });
        let Value::Object(map) = answer else { panic!() };
        let ds = Dataset::keyed(map);
        assert_eq!(ds.len(), 2);
        assert_eq!(
            (ds[0].id.as_str(), ds[0].name.as_deref()),
            ("5f3c", Some("Orders"))
        );
        assert_eq!(ds[0].schema_id(), Some("https://ns.adobe.com/t/schemas/1"));
        assert_eq!(ds[0].created(), Some(1_700_000_000_000));
        assert!(ds[0].profile_enabled() && !ds[1].profile_enabled());
        let back = serde_json::to_value(&ds[1]).unwrap();
        assert_eq!(back["files"], "@/dataSets/5f3d/files");
    }

    #[test]
    fn export_pages_read_items_and_has_next() {
        let p: ExportPage = serde_json::from_value(json!({
            "items": [{"id": "a", "name": "A"}],
            "pageInfo": {"hasNext": true, "start": 0}
        }))
        .unwrap();
        assert!(p.page_info.has_next);
        assert_eq!(p.items[0].id, "a");
        let last: ExportPage = serde_json::from_value(json!({"items": []})).unwrap();
        assert!(!last.page_info.has_next);
    }
}

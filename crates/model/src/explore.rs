//! Explore answers: folder listings and file previews (aep-api-notes §7 "Explore"), and the
//! query that asks for them.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// One entry of a root or folder listing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExploreItem {
    /// `file`, `folder` (or `table` for table sources).
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_preview: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_fetch_schema: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ExploreItem {
    pub fn is_folder(&self) -> bool {
        self.kind.eq_ignore_ascii_case("folder")
    }
}

/// A listing. The DLZ answers with a bare array; `{"items": [...]}` is accepted as well,
/// since other sources' explore endpoints wrap it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ExploreListing(pub Vec<ExploreItem>);

impl<'de> Deserialize<'de> for ExploreListing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Bare(Vec<ExploreItem>),
            Wrapped { items: Vec<ExploreItem> },
        }
        match Shape::deserialize(d) {
            Ok(Shape::Bare(v)) | Ok(Shape::Wrapped { items: v }) => Ok(ExploreListing(v)),
            Err(_) => Err(de::Error::custom(
                "expected an array of explore items or {\"items\": [...]}",
            )),
        }
    }
}

/// A file preview: `format` `flat` (delimited, parquet) or `hierarchical` (JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `{"columns": [...]}` for flat files, a JSON schema for hierarchical ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Value>>,
    /// Present when `determineProperties=true` asked the service to detect the file type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<FileProperties>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Preview {
    /// Column names of a flat preview, in order.
    pub fn columns(&self) -> Vec<&str> {
        self.schema
            .as_ref()
            .and_then(|s| s.get("columns"))
            .and_then(Value::as_array)
            .map(|cols| {
                cols.iter()
                    .filter_map(|c| c.get("name").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn rows(&self) -> &[Value] {
        self.data.as_deref().unwrap_or(&[])
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_delimiter: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// How to preview a file: let the service detect it, or say what it is. The service refuses
/// both at once and neither (aep-api-notes §7), so this is an enum.
#[derive(Clone, Debug, PartialEq)]
pub enum PreviewFormat {
    Detect,
    Explicit {
        /// `delimited`, `json` or `parquet`.
        file_type: String,
        column_delimiter: Option<String>,
        compression_type: Option<String>,
    },
}

impl PreviewFormat {
    /// The query parameters this adds.
    pub fn params(&self) -> Vec<(String, String)> {
        match self {
            PreviewFormat::Detect => vec![("determineProperties".into(), "true".into())],
            PreviewFormat::Explicit {
                file_type,
                column_delimiter,
                compression_type,
            } => {
                let mut p = vec![("fileType".to_string(), file_type.clone())];
                if let Some(d) = column_delimiter {
                    p.push(("columnDelimiter".into(), d.clone()));
                }
                if let Some(c) = compression_type {
                    p.push(("compressionType".into(), c.clone()));
                }
                p
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listing_accepts_bare_and_wrapped_arrays() {
        let bare = json!([
            {"type": "file", "name": "account.csv", "path": "dlz-user-container/account.csv", "canPreview": true, "canFetchSchema": true},
            {"type": "folder", "name": "userdata1", "path": "dlz-user-container/userdata1/", "canPreview": false}
        ]);
        let l: ExploreListing = serde_json::from_value(bare.clone()).unwrap();
        assert_eq!(l.0.len(), 2);
        assert!(l.0[1].is_folder());
        assert_eq!(serde_json::to_value(&l).unwrap(), bare);
        let w: ExploreListing = serde_json::from_value(json!({"items": bare})).unwrap();
        assert_eq!(w, l);
        assert!(serde_json::from_value::<ExploreListing>(json!({"x": 1})).is_err());
    }

    #[test]
    fn flat_preview_columns_and_detected_properties() {
        let p: Preview = serde_json::from_value(json!({
            "format": "flat",
            "schema": {"columns": [{"name": "Id", "type": "string"}, {"name": "Name", "type": "string"}]},
            "data": [{"Id": "1", "Name": "a"}],
            "properties": {"fileType": "delimited", "compressionType": "tarGzip", "columnDelimiter": "~"}
        }))
        .unwrap();
        assert_eq!(p.columns(), ["Id", "Name"]);
        assert_eq!(p.rows().len(), 1);
        assert_eq!(p.properties.unwrap().column_delimiter.as_deref(), Some("~"));
    }
}

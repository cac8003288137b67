//! A file preview as the explorer shows it, whichever way it was read: the server's
//! (explore with `determineProperties`) or a range read from storage. Flat files show as
//! a table under their detected schema; JSON records as a tree.

use crate::shared::pane::Pane;
use serde_json::Value;

use crate::features::dlz::PreviewTarget;
use crate::shared::json_tree::JsonTree;
use crate::shared::pane::Load;
use flowscope_model::Preview;

/// What a preview found, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PreviewData {
    /// Detected or given properties: file type, delimiter, compression, …
    pub properties: Vec<(String, String)>,
    /// Column name and type.
    pub columns: Vec<(String, String)>,
    pub rows: Vec<Vec<String>>,
    /// JSON records (hierarchical files), shown as a tree.
    pub records: Vec<Value>,
    /// How much was read and what was left out, for the footer line.
    pub notes: Vec<String>,
}

impl PreviewData {
    pub fn is_tree(&self) -> bool {
        !self.records.is_empty()
    }

    /// The server's preview: `flat` with `schema.columns`, or `hierarchical` with a JSON
    /// schema and records.
    pub fn from_server(p: &Preview) -> PreviewData {
        let mut out = PreviewData::default();
        if let Some(props) = &p.properties {
            let mut push = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    out.properties.push((k.to_string(), v.clone()));
                }
            };
            push("fileType", &props.file_type);
            push("columnDelimiter", &props.column_delimiter);
            push("compressionType", &props.compression_type);
        }
        if let Some(f) = &p.format {
            out.properties.push(("format".into(), f.clone()));
        }
        let hierarchical = p.format.as_deref() == Some("hierarchical");
        if hierarchical {
            out.columns = p
                .schema
                .as_ref()
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(k, v)| (k.clone(), json_schema_type(v)))
                        .collect()
                })
                .unwrap_or_default();
            out.records = p.rows().to_vec();
        } else {
            out.columns = p
                .schema
                .as_ref()
                .and_then(|s| s.get("columns"))
                .and_then(Value::as_array)
                .map(|cols| {
                    cols.iter()
                        .map(|c| {
                            let name = c.get("name").and_then(Value::as_str).unwrap_or("?");
                            let ty = c.get("type").and_then(Value::as_str).unwrap_or("");
                            (name.to_string(), ty.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.rows = p
                .rows()
                .iter()
                .map(|r| {
                    out.columns
                        .iter()
                        .map(|(name, _)| cell(r.get(name)))
                        .collect()
                })
                .collect();
        }
        out.notes.push(format!(
            "{} sample records from the service",
            p.rows().len()
        ));
        out
    }
}

/// A JSON schema node's type for the column list (`object`, `array<string>`, …).
fn json_schema_type(v: &Value) -> String {
    let ty = v.get("type").and_then(Value::as_str).unwrap_or("any");
    if ty == "array"
        && let Some(items) = v.get("items")
    {
        return format!("array<{}>", json_schema_type(items));
    }
    ty.to_string()
}

/// A value as a table cell: strings bare, null empty, the rest as JSON.
pub fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewMode {
    Table,
    Tree,
}

#[derive(Debug)]
pub struct PreviewView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub target: PreviewTarget,
    pub data: Option<PreviewData>,
    pub mode: PreviewMode,
    /// First row and first column shown (the table scrolls both ways).
    pub row: usize,
    pub col: usize,
    pub tree: JsonTree,
}

impl PreviewView {
    pub fn new(slot: u64, target: PreviewTarget) -> PreviewView {
        PreviewView {
            pane: Pane::new(slot),
            target,
            data: None,
            mode: PreviewMode::Table,
            row: 0,
            col: 0,
            tree: JsonTree::new(&Value::Null),
        }
    }

    pub fn set(&mut self, data: PreviewData, now_ms: i64) {
        if data.is_tree() {
            self.mode = PreviewMode::Tree;
            self.tree = JsonTree::new(&Value::Array(data.records.clone()));
        } else {
            self.mode = PreviewMode::Table;
        }
        self.row = 0;
        self.col = 0;
        self.data = Some(data);
        self.load = Load::Loaded { at_ms: now_ms };
    }

    pub fn title(&self) -> String {
        let how = match self.target {
            PreviewTarget::Explore { .. } => "preview",
            PreviewTarget::Storage { .. } => "range preview",
        };
        format!(
            "{} › {how}",
            crate::features::dlz::paths::base_name(self.target.path())
        )
    }

    pub fn move_by(&mut self, delta: isize) {
        match self.mode {
            PreviewMode::Tree => {
                if delta < 0 {
                    self.tree.up(delta.unsigned_abs());
                } else {
                    self.tree.down(delta as usize);
                }
            }
            PreviewMode::Table => {
                let n = self.data.as_ref().map_or(0, |d| d.rows.len());
                let last = n.saturating_sub(1) as isize;
                self.row = (self.row as isize)
                    .saturating_add(delta)
                    .clamp(0, last.max(0)) as usize;
            }
        }
    }

    pub fn sideways(&mut self, delta: isize) {
        match self.mode {
            PreviewMode::Tree => {
                if delta < 0 {
                    self.tree.left(8);
                } else {
                    self.tree.right(8);
                }
            }
            PreviewMode::Table => {
                let n = self.data.as_ref().map_or(0, |d| d.columns.len());
                let last = n.saturating_sub(1) as isize;
                self.col = (self.col as isize + delta).clamp(0, last.max(0)) as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::features::dlz::preview::*;
    use serde_json::json;

    #[test]
    fn flat_server_preview_becomes_a_table_in_schema_order() {
        let p: Preview = serde_json::from_value(json!({
            "format": "flat",
            "schema": {"columns": [{"name": "Id", "type": "string"}, {"name": "Amount", "type": "double"}]},
            "data": [{"Amount": 1.5, "Id": "a"}, {"Id": "b"}],
            "properties": {"fileType": "delimited", "columnDelimiter": "|"}
        }))
        .unwrap();
        let d = PreviewData::from_server(&p);
        assert_eq!(d.columns[1], ("Amount".into(), "double".into()));
        assert_eq!(d.rows, vec![vec!["a", "1.5"], vec!["b", ""]]);
        assert!(
            d.properties
                .contains(&("columnDelimiter".into(), "|".into()))
        );
        assert!(!d.is_tree());
    }

    #[test]
    fn hierarchical_server_preview_becomes_a_tree() {
        let p: Preview = serde_json::from_value(json!({
            "format": "hierarchical",
            "schema": {"type": "object", "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}},
            "data": [{"id": "m1", "tags": ["gold"]}]
        }))
        .unwrap();
        let d = PreviewData::from_server(&p);
        assert!(d.is_tree());
        assert!(d.columns.contains(&("tags".into(), "array<string>".into())));
        let mut v = PreviewView::new(
            1,
            PreviewTarget::Explore {
                path: "x.json".into(),
            },
        );
        v.set(d, 0);
        assert_eq!(v.mode, PreviewMode::Tree);
        assert!(v.tree.len() > 1);
    }
}

crate::pane_deref!(PreviewView);

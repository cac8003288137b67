//! The demo catalogue in `assets/demo/`: connection and flow specs, and the names,
//! paths, credential templates and flow kinds the generator draws from.
//!
//! The documents are compiled in, so the emulator needs no files at run time; a test
//! checks they parse and are internally consistent.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

// The demo data lives in the repository's assets/, beside the crates.
const CONNECTION_SPECS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/demo/connection_specs.json"
));
const FLOW_SPECS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/demo/flow_specs.json"
));
const CATALOG: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/demo/catalog.json"
));

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Catalog {
    pub ims_org_id: String,
    /// The tenant namespace in schema ids (`https://ns.adobe.com/<tenant>/schemas/…`).
    pub tenant: String,
    pub sandboxes: BTreeMap<String, SandboxDefaults>,
    pub people: People,
    pub base_connections: Vec<BaseTemplate>,
    /// File-source paths per connection spec id; `{{bucket}}` is the base's bucket.
    pub file_paths: BTreeMap<String, Vec<FilePath>>,
    /// Paths in the demo landing zone (they exist in `DlzStore::demo`).
    pub dlz_files: Vec<FilePath>,
    pub tables: BTreeMap<String, Vec<Table>>,
    /// Source-connection params of stream sources (Kinesis, Event Hubs) per spec id,
    /// with a `dataset` hint that is removed before use.
    pub streams: BTreeMap<String, Vec<Value>>,
    pub datasets: Vec<Dataset>,
    pub segments: Vec<String>,
    pub export_folders: Vec<String>,
    pub flow_kinds: Vec<FlowKind>,
    pub run_errors: RunErrors,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SandboxDefaults {
    pub flows: usize,
    pub runs: usize,
    pub base_connections: usize,
    /// Host and account name stems for this sandbox's credentials.
    pub slugs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct People {
    pub users: Vec<String>,
    pub tech_accounts: Vec<String>,
    pub api_clients: Vec<String>,
    pub ui_client: String,
    pub system: String,
    pub system_client: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct BaseTemplate {
    pub spec: String,
    pub weight: u32,
    /// Names per sandbox.
    pub names: BTreeMap<String, Vec<String>>,
    /// `auth` with placeholders; `None` for connections without auth (DLZ destination).
    pub auth: Option<Value>,
}

#[derive(Clone, Debug, Deserialize)]
pub(super) struct FilePath {
    pub path: String,
    pub format: String,
    pub delimiter: Option<String>,
    pub compression: Option<String>,
    /// The catalogue dataset this data belongs in.
    pub dataset: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Table {
    pub table_name: String,
    pub dataset: Option<String>,
    pub delta_column: String,
    pub columns: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Dataset {
    pub name: String,
    pub schema: String,
    pub record_type: String,
}

/// What the source side of a flow kind looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum SourceShape {
    Dlz,
    File,
    Table,
    Stream,
    Profile,
    DatasetExport,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum TargetShape {
    Datalake,
    FileExport,
    DlzExport,
}

/// Which side of a flow kind has a base connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum BaseSide {
    None,
    Source,
    Target,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FlowKind {
    /// Names the catalogue entry; only test messages read it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub key: String,
    pub label: String,
    pub flow_spec: String,
    pub source_spec: String,
    pub target_spec: String,
    pub source: SourceShape,
    pub target: TargetShape,
    pub base: BaseSide,
    pub weight: u32,
    /// `(frequency, interval, weight)`; empty for streaming kinds, which have no schedule.
    pub schedules: Vec<(String, Option<String>, u32)>,
    /// Probability that a flow of this kind carries a Mapping transformation.
    pub mapping: f64,
    /// Name templates over `{dataset}`, `{object}`, `{base}` and `{segment}`.
    pub names: Vec<String>,
}

impl FlowKind {
    pub fn is_destination(&self) -> bool {
        matches!(
            self.target,
            TargetShape::FileExport | TargetShape::DlzExport
        )
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct RunErrors {
    pub failed: Vec<ErrorTemplate>,
    pub partial: Vec<ErrorTemplate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum Stage {
    Copy,
    Promotion,
}

#[derive(Debug, Deserialize)]
pub(super) struct ErrorTemplate {
    pub code: String,
    /// May contain `{n}`, the number of failed records.
    pub message: String,
    pub stage: Stage,
    pub weight: u32,
}

/// Everything under `assets/demo/`, parsed.
pub(super) struct Assets {
    pub catalog: Catalog,
    pub connection_specs: Vec<Value>,
    pub flow_specs: Vec<Value>,
}

pub(super) fn load() -> Result<Assets, serde_json::Error> {
    Ok(Assets {
        catalog: serde_json::from_str(CATALOG)?,
        connection_specs: serde_json::from_str(CONNECTION_SPECS)?,
        flow_specs: serde_json::from_str(FLOW_SPECS)?,
    })
}

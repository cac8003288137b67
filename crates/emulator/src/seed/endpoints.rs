//! Source and target connections: one set per flow, as AEP creates them, in the shapes
//! of aep-api-notes §4 (file paths with format, tables with columns, dataset lists,
//! data-lake targets with schema and dataset, export targets with mode and path).

use serde_json::{Value, json};

use super::catalog::{FilePath, Table};
use super::connections::{Base, Stamp, envelope, seal, spec_ref};
use super::random::Gen;
use crate::run_record::SandboxContext;

/// DLZ destination connection spec; its targets say `datasetFileType`, not `fileType`.
const DLZ_DESTINATION: &str = "10440537-2a7b-4583-ac39-ed38d4b848e8";
const S3_DESTINATION: &str = "4fce964d-3f37-408f-9778-e597338a21ee";
const BLOB_DESTINATION: &str = "6d6b59bf-fb58-4107-9064-4d246c0e5bb2";
const GCS_DESTINATION: &str = "c5d93acb-ea8b-4b14-8f53-02138444ae99";
const SFTP_DESTINATION: &str = "36965a81-b1c6-401b-99f8-22508f1e6a26";
pub(super) const XDM_FULL: &str = "application/vnd.adobe.xed-full+json;version=1";

/// A data-lake dataset of the sandbox.
pub(super) struct DatasetRef {
    /// 24 hex digits, the Catalog id format.
    pub id: String,
    pub name: String,
    pub schema_id: String,
    pub schema_title: String,
    pub record_type: String,
}

/// How a connection refers to its base connection.
pub(super) enum BaseRef<'a> {
    /// `"baseConnectionId": null`, as DLZ and Profile Store sources show it.
    Null,
    /// No `baseConnectionId` member (data-lake targets).
    Absent,
    Id(&'a str),
}

pub(super) struct Conn<'a> {
    pub name: String,
    pub description: String,
    pub base: BaseRef<'a>,
    pub data: Option<Value>,
    pub params: Value,
    pub spec: &'a str,
}

/// Builds the JSON of a source or target connection; returns its id too.
pub(super) fn connection(ctx: &SandboxContext, g: &mut Gen, s: &Stamp, c: Conn) -> (String, Value) {
    let id = g.uuid();
    let mut m = envelope(ctx, &id, s);
    m.insert("name".into(), Value::String(c.name));
    m.insert("description".into(), Value::String(c.description));
    match c.base {
        BaseRef::Null => {
            m.insert("baseConnectionId".into(), Value::Null);
        }
        BaseRef::Id(b) => {
            m.insert("baseConnectionId".into(), Value::from(b));
        }
        BaseRef::Absent => {}
    }
    m.insert("state".into(), Value::from("enabled"));
    if let Some(d) = c.data {
        m.insert("data".into(), d);
    }
    m.insert("params".into(), c.params);
    m.insert("connectionSpec".into(), spec_ref(c.spec));
    seal(&mut m, g.etag(s.updated));
    (id, Value::Object(m))
}

fn base_ref(base: Option<&Base>) -> BaseRef<'_> {
    base.map_or(BaseRef::Null, |b| BaseRef::Id(&b.id))
}

/// A file or folder source (landing zone or cloud storage).
pub(super) fn file_source<'a>(
    base: Option<&'a Base>,
    spec: &'a str,
    fp: &FilePath,
    flow: &str,
) -> Conn<'a> {
    let bucket = base
        .and_then(|b| b.vars.get("bucket"))
        .map_or("", String::as_str);
    let path = fp.path.replace("{{bucket}}", bucket);
    let mut data = json!({"format": fp.format});
    if let Some(d) = &fp.delimiter {
        data["columnDelimiter"] = json!(d);
    }
    if let Some(c) = &fp.compression {
        data["properties"] = json!({"compressionType": c});
    }
    let kind = if path.ends_with('/') {
        "folder"
    } else {
        "file"
    };
    Conn {
        name: format!("{flow} - source"),
        description: format!("Reads {path}"),
        base: base_ref(base),
        data: Some(data),
        params: json!({"path": path, "type": kind, "recursive": false}),
        spec,
    }
}

pub(super) fn table_source<'a>(base: &'a Base, spec: &'a str, t: &Table, flow: &str) -> Conn<'a> {
    Conn {
        name: format!("{flow} - source"),
        description: format!("{} from {}", t.table_name, base.name),
        base: BaseRef::Id(&base.id),
        data: Some(json!({"format": "tabular"})),
        params: json!({"tableName": t.table_name, "columns": Value::Array(t.columns.clone())}),
        spec,
    }
}

pub(super) fn stream_source<'a>(
    base: &'a Base,
    spec: &'a str,
    params: Value,
    flow: &str,
) -> Conn<'a> {
    Conn {
        name: format!("{flow} - source"),
        description: format!("Records streamed through {}", base.name),
        base: BaseRef::Id(&base.id),
        data: Some(json!({"format": "json"})),
        params,
        spec,
    }
}

/// The Profile Store side of an audience export; it has no base connection.
pub(super) fn profile_source<'a>(spec: &'a str, flow: &str) -> Conn<'a> {
    Conn {
        name: format!("{flow} - Profile Store"),
        description: "Profiles and audience memberships to export".into(),
        base: BaseRef::Null,
        data: Some(json!({"format": "json"})),
        params: json!({}),
        spec,
    }
}

pub(super) fn dataset_source<'a>(spec: &'a str, datasets: &[&DatasetRef], flow: &str) -> Conn<'a> {
    let list: Vec<Value> = datasets
        .iter()
        .map(|d| json!({"dataSetId": d.id, "name": d.name}))
        .collect();
    Conn {
        name: format!("{flow} - datasets"),
        description: "Datasets to export".into(),
        base: BaseRef::Null,
        data: Some(json!({"format": "parquet"})),
        params: json!({"datasets": list}),
        spec,
    }
}

pub(super) fn datalake_target<'a>(spec: &'a str, d: &DatasetRef, flow: &str) -> Conn<'a> {
    Conn {
        name: format!("{flow} - target"),
        description: format!("Writes to dataset {} ({} schema)", d.name, d.schema_title),
        base: BaseRef::Absent,
        data: Some(json!({
            "format": "parquet_xdm",
            "schema": {"id": d.schema_id, "version": XDM_FULL}
        })),
        params: json!({"dataSetId": d.id}),
        spec,
    }
}

/// A destination target: where files land and in which format.
pub(super) fn export_target<'a>(
    base: &'a Base,
    spec: &'a str,
    folder: &str,
    file_type: &str,
    dataset_export: bool,
    flow: &str,
) -> Conn<'a> {
    let mut params = json!({"mode": "Server-to-server"});
    let bucket = base.vars.get("bucket").cloned().unwrap_or_default();
    match spec {
        S3_DESTINATION | GCS_DESTINATION => {
            params["bucketName"] = json!(bucket);
            params["path"] = json!(format!("{folder}/"));
        }
        BLOB_DESTINATION => {
            params["container"] = json!("aep-exports");
            params["path"] = json!(format!("{folder}/"));
        }
        SFTP_DESTINATION => params["remotePath"] = json!(format!("/upload/{folder}")),
        _ => params["path"] = json!(folder),
    }
    params["compression"] = json!(if file_type == "PARQUET" {
        "NONE"
    } else {
        "GZIP"
    });
    let key = if dataset_export || spec == DLZ_DESTINATION {
        "datasetFileType"
    } else {
        "fileType"
    };
    params[key] = json!(file_type);
    Conn {
        name: format!("{flow} - destination"),
        description: format!("Exports to {}", base.name),
        base: BaseRef::Id(&base.id),
        data: Some(json!({"format": file_type.to_ascii_lowercase()})),
        params,
        spec,
    }
}

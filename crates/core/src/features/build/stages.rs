//! Moving between the wizard's stages: what each stage needs loaded and the form or list
//! it opens with, and what its Enter makes of the choice before the next stage.

use serde_json::{Value, json};

use super::plans::{self, Export, FREQUENCIES, Ingest, Schedule};
use super::{Base, BuildEffect, BuildLoad, BuildView, DLZ_DESTINATION_SPEC, Purpose, Stage};
use crate::effect::Effect;
use crate::shared::form::Form;
use crate::shared::table::{Tone, s};
use crate::shared::text::NewText;
use flowscope_model::DLZ_CONNECTION_SPEC_ID;

/// A load for the wizard's pane, under a fresh ticket.
pub fn load(v: &mut BuildView, ticket: u64, now_ms: i64, what: BuildLoad) -> Effect {
    v.pane.begin(ticket, now_ms);
    Effect::Build(BuildEffect::Load {
        slot: v.pane.slot,
        ticket,
        what,
    })
}

/// What a connection spec shows in the pick list: category, label, name.
pub fn spec_label(spec: &Value) -> String {
    let label = s(spec, "/sourceSpec/attributes/uiAttributes/label");
    let category = match s(spec, "/attributes/category") {
        "" => s(spec, "/sourceSpec/attributes/uiAttributes/category/key"),
        c => c,
    };
    let name = s(spec, "/name");
    let shown = if label.is_empty() { name } else { label };
    let auth = spec
        .get("authSpec")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let note = if auth == 0 { "no credentials" } else { "" };
    format!("{category:<14} {shown}  {note}")
}

/// Connection specs a dataflow can read from.
pub fn is_source(spec: &Value) -> bool {
    spec.pointer("/attributes/isSource")
        .and_then(Value::as_bool)
        == Some(true)
        || spec
            .pointer("/sourceSpec/attributes/uiAttributes/isSource")
            .and_then(Value::as_bool)
            == Some(true)
}

/// The source specs a flow spec takes into the Data Lake: the wizard's first list.
pub fn ingestible(specs: &[Value], flow_specs: &[Value]) -> Vec<Value> {
    specs
        .iter()
        .filter(|s| is_source(s))
        .filter(|s| {
            !plans::flow_specs_for(
                flow_specs,
                s.get("id").and_then(Value::as_str).unwrap_or(""),
                super::DATALAKE_SPEC,
            )
            .is_empty()
        })
        .cloned()
        .collect()
}

/// Auth types of the spec, by name.
pub fn auth_specs(spec: &Value) -> Vec<Value> {
    spec.get("authSpec")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The base connection form: a name and the auth type's params.
pub fn auth_form(new_text: NewText, spec: &Value, auth: &Value) -> Form {
    let schema = auth.get("spec").cloned().unwrap_or_else(|| json!({}));
    let name = format!("{} connection", s(spec, "/name"));
    let form =
        Form::new(new_text).text("name", "name", true, "what the connection is called", &name);
    super::form_ext::append(form, Form::from_schema(new_text, &schema, &Value::Null))
}

/// The spec's `sourceSpec` schema: the params of its source connections.
pub fn source_schema(spec: &Value) -> Value {
    spec.pointer("/sourceSpec/spec")
        .cloned()
        .unwrap_or_else(|| json!({}))
}

/// Whether the source has something to explore (files or tables), rather than a stream
/// or an inlet named in its params.
pub fn explorable(spec: &Value) -> bool {
    let props = source_schema(spec);
    ["path", "tableName"]
        .iter()
        .any(|k| props.pointer(&format!("/properties/{k}")).is_some())
}

/// The format stage's form: how the data is read (prefilled from the preview's detected
/// format), then the source's params from the spec's `sourceSpec` schema, prefilled with
/// what was picked (a file or folder's path and type, or a table's name).
pub fn format_form(
    new_text: NewText,
    spec: &Value,
    preview: Option<&Value>,
    picked: Option<&(String, bool)>,
) -> Form {
    let path = picked.map_or("", |p| p.0.as_str());
    let schema = source_schema(spec);
    let prefill = match picked {
        Some((p, _)) if schema.pointer("/properties/tableName").is_some() => {
            json!({ "tableName": p })
        }
        Some((p, folder)) => json!({"path": p, "type": if *folder { "folder" } else { "file" }}),
        None => Value::Null,
    };
    // Tables are read as rows of columns: the service's `tabular` format, nothing to set.
    let read = if schema.pointer("/properties/tableName").is_some() {
        Form::new(new_text).choice(
            "format",
            "format",
            &["tabular"],
            "tabular",
            "rows of a table",
        )
    } else {
        read_form(new_text, preview, path)
    };
    super::form_ext::append(read, Form::from_schema(new_text, &schema, &prefill))
}

fn read_form(new_text: NewText, preview: Option<&Value>, path: &str) -> Form {
    let detected = preview
        .map(|p| s(p, "/format"))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| guess_format(path));
    let format = match detected {
        "csv" | "delimited" | "tsv" => "delimited",
        "parquet" => "parquet",
        _ => "json",
    };
    let delimiter = preview
        .map(|p| s(p, "/delimiter"))
        .filter(|d| !d.is_empty())
        .unwrap_or(",");
    let compression = if path.ends_with(".gz") {
        "gzip"
    } else {
        "none"
    };
    Form::new(new_text)
        .choice(
            "format",
            "format",
            &["delimited", "json", "parquet"],
            format,
            "how the file is read",
        )
        .text(
            "delimiter",
            "column delimiter",
            false,
            "delimited files only",
            delimiter,
        )
        .choice(
            "compression",
            "compression",
            &["none", "gzip", "zip", "bzip2", "deflate", "tarGzip"],
            compression,
            "how the file is compressed",
        )
}

/// The last part of a path, for names made from it.
pub fn file_name(path: &str) -> String {
    let p = path.trim_end_matches('/');
    p.rsplit('/').next().unwrap_or(p).to_string()
}

fn guess_format(path: &str) -> &'static str {
    let p = path.trim_end_matches(".gz").to_lowercase();
    if p.ends_with(".csv") || p.ends_with(".tsv") || p.ends_with(".txt") {
        "delimited"
    } else if p.ends_with(".parquet") {
        "parquet"
    } else {
        "json"
    }
}

/// The flow stage's form: the flow spec among those that match, name, mapping,
/// schedule.
pub fn flow_form(new_text: NewText, v: &BuildView, now_s: i64) -> Result<Form, String> {
    let matching = plans::flow_specs_for(&v.flow_specs, v.spec_id(), super::DATALAKE_SPEC);
    if matching.is_empty() {
        return Err(format!(
            "no flow spec takes {} to the Data Lake: this source cannot be ingested by a dataflow here",
            s(v.spec.as_ref().unwrap_or(&Value::Null), "/name")
        ));
    }
    let names: Vec<String> = matching
        .iter()
        .map(|f| format!("{} {}", s(f, "/name"), s(f, "/id")))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let source = v
        .path
        .as_ref()
        .map(|(p, _)| file_name(p))
        .unwrap_or_else(|| s(v.spec.as_ref().unwrap_or(&Value::Null), "/name").to_string());
    let dataset = v.dataset.as_ref().map(|d| s(d, "/name")).unwrap_or("");
    Ok(Form::new(new_text)
        .text(
            "name",
            "flow name",
            true,
            "the new flow's name",
            &format!("{source} to {dataset}"),
        )
        .choice(
            "flowSpec",
            "flow spec",
            &names,
            names[0],
            "the flow specs that take this source to the Data Lake",
        )
        .text(
            "mappingId",
            "mapping id",
            false,
            "a Data Prep mapping set; required for delimited files",
            "",
        )
        .choice(
            "frequency",
            "frequency",
            &FREQUENCIES,
            "once",
            "once: runs now and can be triggered again on demand",
        )
        .integer(
            "interval",
            "interval",
            false,
            "every N units; at least 15 for minutes",
            "",
        )
        .integer(
            "startTime",
            "start (epoch s)",
            true,
            "when the schedule starts",
            &now_s.to_string(),
        )
        .bool(
            "backfill",
            "backfill",
            false,
            "read what is there before the start too",
        ))
}

/// The export stage's form.
pub fn export_form(new_text: NewText, now_s: i64, count: usize) -> Form {
    Form::new(new_text)
        .text(
            "name",
            "flow name",
            true,
            "the export flow's name",
            &format!("Export of {count} datasets"),
        )
        .text(
            "path",
            "folder",
            true,
            "folder in the landing zone's destination container",
            "/exports",
        )
        .choice(
            "fileType",
            "file type",
            &["JSON", "PARQUET", "DELIMITED"],
            "JSON",
            "the exported files' format",
        )
        .choice(
            "compression",
            "compression",
            &["GZIP", "NONE"],
            "GZIP",
            "compression of the files",
        )
        .choice(
            "exportMode",
            "export mode",
            &plans::EXPORT_MODES,
            plans::EXPORT_MODES[0],
            "whole datasets each time, or changes after the first",
        )
        .choice(
            "frequency",
            "frequency",
            &["once", "hour", "day"],
            "once",
            "how often it exports",
        )
        .integer("interval", "interval", false, "every N hours or days", "1")
        .integer(
            "startTime",
            "start (epoch s)",
            true,
            "when the first export runs",
            &now_s.to_string(),
        )
}

fn num(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// The ingestion plan from the filled stages, or the stage and why not.
pub fn ingest_plan(
    v: &BuildView,
    flow: &Value,
    format: &Value,
) -> Result<flowscope_model::plan::Plan, String> {
    let dataset = v.dataset.clone().ok_or("no dataset chosen")?;
    let spec = v.flow_specs_for_choice(s(flow, "/flowSpec"));
    let source_name = match &v.path {
        Some((p, _)) => format!("{} source", file_name(p)),
        None => format!("{} source", s(flow, "/name")),
    };
    Ok(plans::ingest(&Ingest {
        spec_id: v.spec_id().to_string(),
        base_id: v.base.as_ref().map(|b| b.id().to_string()),
        source_name,
        params: source_params(v, format),
        format: s(format, "/format").to_string(),
        delimiter: s(format, "/delimiter").to_string(),
        compression: s(format, "/compression").to_string(),
        dataset,
        mapping_id: s(flow, "/mappingId").to_string(),
        flow_spec_id: spec,
        flow_name: s(flow, "/name").to_string(),
        schedule: Schedule {
            frequency: s(flow, "/frequency").to_string(),
            interval: num(flow, "interval"),
            start_s: num(flow, "startTime"),
            backfill: flow
                .get("backfill")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
    }))
}

/// The members of the format stage's answers that the `sourceSpec` schema names.
fn source_params(v: &BuildView, format: &Value) -> Value {
    let schema = source_schema(v.spec.as_ref().unwrap_or(&Value::Null));
    let mut params = serde_json::Map::new();
    if let (Some(props), Some(answers)) = (
        schema.get("properties").and_then(Value::as_object),
        format.as_object(),
    ) {
        for (k, x) in answers {
            if props.contains_key(k) {
                params.insert(k.clone(), x.clone());
            }
        }
    }
    Value::Object(params)
}

pub fn export_plan(v: &BuildView, form: &Value) -> flowscope_model::plan::Plan {
    plans::export(&Export {
        name: s(form, "/name").to_string(),
        datasets: v.exports.clone(),
        path: s(form, "/path").to_string(),
        file_type: s(form, "/fileType").to_string(),
        compression: s(form, "/compression").to_string(),
        mode: s(form, "/exportMode").to_string(),
        frequency: s(form, "/frequency").to_string(),
        interval: num(form, "interval"),
        start_s: num(form, "startTime"),
    })
}

impl BuildView {
    /// The flow spec id behind a choice label (`name id`).
    pub fn flow_specs_for_choice(&self, choice: &str) -> String {
        choice.rsplit(' ').next().unwrap_or("").to_string()
    }

    /// Goes to `stage`, remembering where it came from and keeping that stage's list
    /// and form as they are, for `esc` to come back to.
    pub fn go(&mut self, stage: Stage) {
        let form = self.form.take();
        self.kept.retain(|(s, _, _)| *s != self.stage);
        self.kept.push((self.stage, self.pick.clone(), form));
        self.trail.push(self.stage);
        self.stage = stage;
        self.note = None;
    }

    /// Whether the source side has no base connection (the landing zone).
    pub fn needs_base(&self) -> bool {
        !auth_specs(self.spec.as_ref().unwrap_or(&Value::Null)).is_empty()
    }

    /// Whether the chosen spec is the landing zone's.
    pub fn is_landing_zone(&self) -> bool {
        self.spec_id() == DLZ_CONNECTION_SPEC_ID
    }

    /// Whether the source has files or tables to pick (not a stream or an inlet).
    /// (Files are what most sources read, so the stages say so until a spec is chosen.)
    pub fn explorable(&self) -> bool {
        self.spec.as_ref().is_none_or(explorable)
    }

    pub fn exports_to_dlz(&self) -> bool {
        self.purpose == Purpose::Export
    }

    /// A line under the stage.
    pub fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.note = Some((tone, text.into()));
    }

    pub fn made_base(&self) -> Option<&Base> {
        self.base
            .as_ref()
            .filter(|b| matches!(b, Base::Made { .. }))
    }
}

/// The spec id the export wizard reads exportable datasets of.
pub fn export_spec() -> String {
    DLZ_DESTINATION_SPEC.to_string()
}

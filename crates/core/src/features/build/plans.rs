//! The plans the wizard sends, made from its choices: pure, so every body is a unit
//! test. The request bodies follow Adobe's tutorials and what aepp sends (aep-api-notes
//! §4, §10): a landing-zone source with `params.path`, a Data Lake target with the
//! dataset's schema, a flow with its schedule; an export's four objects.

use serde_json::{Value, json};

use super::{DATALAKE_SPEC, DLZ_DESTINATION_SPEC, DLZ_EXPORT_FLOW_SPEC, EXPORT_SOURCE_SPEC};
use crate::shared::table::s;
use flowscope_model::plan::{Plan, PlanKind, Step};

/// A schedule as typed: frequency, interval, start (epoch seconds), backfill.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub frequency: String,
    pub interval: i64,
    pub start_s: i64,
    pub backfill: bool,
}

pub const FREQUENCIES: [&str; 5] = ["once", "minute", "hour", "day", "week"];

impl Schedule {
    /// The service's rules (aep-api-notes §4): a known frequency, no interval for
    /// `once`, at least 15 minutes, at least 1 otherwise. `Err` names the field.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !FREQUENCIES.contains(&self.frequency.as_str()) {
            return Err((
                "frequency",
                format!("must be one of {}", FREQUENCIES.join(", ")),
            ));
        }
        match self.frequency.as_str() {
            "once" => Ok(()),
            "minute" if self.interval < 15 => Err((
                "interval",
                "minute schedules run at most every 15 minutes".into(),
            )),
            _ if self.interval < 1 => Err(("interval", "must be at least 1".into())),
            _ => Ok(()),
        }
    }

    /// `scheduleParams` of an ingestion flow: strings holding numbers.
    pub fn params(&self) -> Value {
        if self.frequency == "once" {
            return json!({"startTime": self.start_s.to_string(), "frequency": "once"});
        }
        json!({
            "startTime": self.start_s.to_string(),
            "frequency": self.frequency,
            "interval": self.interval.to_string(),
            "backfill": self.backfill.to_string(),
        })
    }
}

/// What an ingestion plan is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Ingest {
    pub spec_id: String,
    pub base_id: Option<String>,
    pub source_name: String,
    /// The source connection's `params`, as its spec's `sourceSpec` names them (a path
    /// and its type, a table, a stream).
    pub params: Value,
    /// `delimited`, `json` or `parquet`.
    pub format: String,
    pub delimiter: String,
    pub compression: String,
    pub dataset: Value,
    pub mapping_id: String,
    pub flow_spec_id: String,
    pub flow_name: String,
    pub schedule: Schedule,
}

fn spec_ref(id: &str) -> Value {
    json!({"id": id, "version": "1.0"})
}

/// The dataset's schema reference as a target connection names it.
pub fn schema_of(dataset: &Value) -> Value {
    json!({
        "id": s(dataset, "/schemaRef/id"),
        "version": match s(dataset, "/schemaRef/contentType") {
            "" => "application/vnd.adobe.xed-full+json;version=1",
            v => v,
        },
    })
}

/// A dataset's id, from a Catalog entry (which carries it as `id` once read here).
pub fn dataset_id(dataset: &Value) -> &str {
    s(dataset, "/id")
}

/// Why the source cannot land in the dataset as chosen, if it cannot.
pub fn misfit(format: &str, mapping_id: &str, dataset: &Value) -> Option<String> {
    if s(dataset, "/schemaRef/id").is_empty() {
        return Some("the dataset has no schema: pick another".into());
    }
    if format == "delimited" && mapping_id.trim().is_empty() {
        return Some(
            "a delimited file has no XDM shape: give a mapping id (Data Prep) to land it in this dataset"
                .into(),
        );
    }
    None
}

pub fn ingest(i: &Ingest) -> Plan {
    let mut steps = Vec::new();
    if let Some(id) = &i.base_id {
        steps.push(Step::reuse("base", PlanKind::Connection, id.clone()));
    }
    let mut data = json!({"format": i.format});
    if i.format == "delimited" && !i.delimiter.is_empty() {
        data["columnDelimiter"] = json!(i.delimiter);
    }
    if !i.compression.is_empty() && i.compression != "none" {
        data["properties"] = json!({"compressionType": i.compression});
    }
    let mut source = json!({
        "name": i.source_name,
        "connectionSpec": spec_ref(&i.spec_id),
        "data": data,
    });
    if i.base_id.is_some() {
        source["baseConnectionId"] = json!("${base}");
    }
    if i.params.as_object().is_some_and(|p| !p.is_empty()) {
        source["params"] = i.params.clone();
    }
    steps.push(Step::create("source", PlanKind::SourceConnection, source));
    let dataset_name = s(&i.dataset, "/name");
    steps.push(Step::create(
        "target",
        PlanKind::TargetConnection,
        json!({
            "name": format!("{} (Data Lake)", if dataset_name.is_empty() { &i.flow_name } else { dataset_name }),
            "connectionSpec": spec_ref(DATALAKE_SPEC),
            "data": {"format": "parquet_xdm", "schema": schema_of(&i.dataset)},
            "params": {"dataSetId": dataset_id(&i.dataset)},
        }),
    ));
    let mut flow = json!({
        "name": i.flow_name,
        "flowSpec": spec_ref(&i.flow_spec_id),
        "sourceConnectionIds": ["${source}"],
        "targetConnectionIds": ["${target}"],
        "scheduleParams": i.schedule.params(),
    });
    if !i.mapping_id.trim().is_empty() {
        flow["transformations"] = json!([{
            "name": "Mapping",
            "params": {"mappingId": i.mapping_id.trim(), "mappingVersion": 0},
        }]);
    }
    steps.push(Step::create("flow", PlanKind::Flow, flow));
    Plan {
        description: Some(format!("{} into the Data Lake", i.source_name)),
        sandbox: None,
        steps,
    }
}

/// What an export plan is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub name: String,
    pub datasets: Vec<Value>,
    /// Folder in the landing zone's destination container.
    pub path: String,
    /// `JSON`, `PARQUET` or `DELIMITED`.
    pub file_type: String,
    /// `GZIP` or `NONE`.
    pub compression: String,
    /// `DAILY_FULL_EXPORT` or `FIRST_FULL_THEN_INCREMENTAL`.
    pub mode: String,
    /// `once`, `hour` or `day`.
    pub frequency: String,
    pub interval: i64,
    pub start_s: i64,
}

pub const EXPORT_MODES: [&str; 2] = ["DAILY_FULL_EXPORT", "FIRST_FULL_THEN_INCREMENTAL"];

pub fn export(e: &Export) -> Plan {
    let datasets: Vec<Value> = e
        .datasets
        .iter()
        .map(|d| json!({"dataSetId": s(d, "/id"), "name": s(d, "/name")}))
        .collect();
    let schedule = if e.frequency == "once" {
        json!({"timeUnit": "day", "interval": 0, "exportMode": "DAILY_FULL_EXPORT", "startTime": e.start_s})
    } else {
        json!({"timeUnit": e.frequency, "interval": e.interval, "exportMode": e.mode, "startTime": e.start_s})
    };
    Plan {
        description: Some(format!("{} datasets to the landing zone", datasets.len())),
        sandbox: None,
        steps: vec![
            Step::create(
                "base",
                PlanKind::Connection,
                json!({"name": format!("{} - Data Landing Zone", e.name), "connectionSpec": spec_ref(DLZ_DESTINATION_SPEC)}),
            ),
            Step::create(
                "source",
                PlanKind::SourceConnection,
                json!({"name": format!("{} - datasets", e.name), "connectionSpec": spec_ref(EXPORT_SOURCE_SPEC),
                       "params": {"datasets": datasets}}),
            ),
            Step::create(
                "target",
                PlanKind::TargetConnection,
                json!({"name": format!("{} - files", e.name), "baseConnectionId": "${base}",
                       "connectionSpec": spec_ref(DLZ_DESTINATION_SPEC),
                       "params": {"mode": "Server-to-server", "path": e.path, "compression": e.compression,
                                  "datasetFileType": e.file_type}}),
            ),
            Step::create(
                "flow",
                PlanKind::Flow,
                json!({"name": e.name, "flowSpec": spec_ref(DLZ_EXPORT_FLOW_SPEC),
                       "sourceConnectionIds": ["${source}"], "targetConnectionIds": ["${target}"],
                       "scheduleParams": schedule}),
            ),
        ],
    }
}

/// Flow specs that take the source spec to the target spec.
pub fn flow_specs_for<'a>(flow_specs: &'a [Value], source: &str, target: &str) -> Vec<&'a Value> {
    let has = |v: &Value, field: &str, id: &str| {
        v.get(field)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(id)))
    };
    flow_specs
        .iter()
        .filter(|f| {
            has(f, "sourceConnectionSpecIds", source) && has(f, "targetConnectionSpecIds", target)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lake() -> Value {
        json!({"id": "d1", "name": "Online Orders", "schemaRef": {"id": "https://ns.adobe.com/acme/schemas/ab", "contentType": "application/vnd.adobe.xed-full+json;version=1"}})
    }

    #[test]
    fn the_seed_workflow_is_three_creates_linked_by_name() {
        let plan = ingest(&Ingest {
            spec_id: flowscope_model::DLZ_CONNECTION_SPEC_ID.into(),
            base_id: None,
            source_name: "orders.csv source".into(),
            params: json!({"path": "crm/orders.csv", "type": "file", "recursive": false}),
            format: "delimited".into(),
            delimiter: ",".into(),
            compression: "none".into(),
            dataset: lake(),
            mapping_id: "m1".into(),
            flow_spec_id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876".into(),
            flow_name: "Orders".into(),
            schedule: Schedule {
                frequency: "once".into(),
                interval: 0,
                start_s: 1_800_000_000,
                backfill: false,
            },
        });
        assert!(plan.issues().is_empty(), "{:?}", plan.issues());
        let lines: Vec<String> = plan.steps.iter().map(|s| s.request_line()).collect();
        assert_eq!(
            lines,
            [
                "POST /sourceConnections",
                "POST /targetConnections",
                "POST /flows"
            ]
        );
        let src = plan.steps[0].body.as_ref().unwrap();
        assert_eq!(
            src["params"],
            json!({"path": "crm/orders.csv", "type": "file", "recursive": false})
        );
        assert!(src.get("baseConnectionId").is_none());
        let tgt = plan.steps[1].body.as_ref().unwrap();
        assert_eq!(tgt["params"]["dataSetId"], "d1");
        assert_eq!(
            tgt["data"]["schema"]["id"],
            "https://ns.adobe.com/acme/schemas/ab"
        );
        let flow = plan.steps[2].body.as_ref().unwrap();
        assert_eq!(
            flow["scheduleParams"],
            json!({"startTime": "1800000000", "frequency": "once"})
        );
        assert_eq!(flow["transformations"][0]["params"]["mappingId"], "m1");
    }

    #[test]
    fn schedules_and_fit_are_checked() {
        let s = |f: &str, i| Schedule {
            frequency: f.into(),
            interval: i,
            start_s: 0,
            backfill: true,
        };
        assert!(s("once", 0).check().is_ok());
        assert_eq!(s("minute", 5).check().unwrap_err().0, "interval");
        assert!(s("minute", 15).check().is_ok());
        assert_eq!(s("hour", 0).check().unwrap_err().0, "interval");
        assert_eq!(s("yearly", 1).check().unwrap_err().0, "frequency");
        assert_eq!(s("day", 1).params()["backfill"], "true");
        assert!(misfit("delimited", "", &lake()).is_some());
        assert!(misfit("json", "", &lake()).is_none());
        assert!(misfit("json", "", &json!({"id": "x"})).is_some());
    }

    #[test]
    fn an_export_is_four_creates_and_only_matching_flow_specs_are_offered() {
        let plan = export(&Export {
            name: "Nightly".into(),
            datasets: vec![lake()],
            path: "/exports".into(),
            file_type: "JSON".into(),
            compression: "GZIP".into(),
            mode: EXPORT_MODES[0].into(),
            frequency: "day".into(),
            interval: 1,
            start_s: 1,
        });
        assert!(plan.issues().is_empty(), "{:?}", plan.issues());
        assert_eq!(
            plan.steps[1].body.as_ref().unwrap()["params"]["datasets"][0]["dataSetId"],
            "d1"
        );
        assert_eq!(
            plan.steps[2].body.as_ref().unwrap()["baseConnectionId"],
            "${base}"
        );
        let specs = vec![
            json!({"id": "a", "sourceConnectionSpecIds": ["s"], "targetConnectionSpecIds": ["t"]}),
            json!({"id": "b", "sourceConnectionSpecIds": ["x"], "targetConnectionSpecIds": ["t"]}),
        ];
        let found: Vec<&str> = flow_specs_for(&specs, "s", "t")
            .iter()
            .map(|v| s(v, "/id"))
            .collect();
        assert_eq!(found, ["a"]);
        assert!(flow_specs_for(&specs, "s", "nothing").is_empty());
    }
}

//! The API models (`model::*`, the drafts and the journal): arbitrary JSON, the emulator's
//! demo objects as served, and mutations of those, read into each type. Reading never
//! panics; the demo objects always read; and what reads keeps what the model promises
//! ("unknown fields are kept"): written back, every member of the input is there as it
//! came, except for the documented exceptions (a `null` on a named optional member may
//! go, a missing defaulted one may appear, etags are written quoted, secrets masked).
//! Writing back what was read and reading it again gives the same JSON.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use flowscope::model::{Connection, ConnectionSpec, ConnectionTest};
use flowscope::model::{
    CountResponse, CreateRun, DlzContainer, DlzCredentials, Etag, ExploreItem, ExploreListing,
    Flow, FlowSpec, GatewayError, IdEtag, Links, MASK, OAuthError, Page, PatchOp, Preview, Problem,
    Run, SourceConnection, SpecRef, TargetConnection,
};
use flowscope::store::drafts::Draft;
use flowscope::store::journal::Entry;

use super::inputs::{JsonEdit, TextEdit, edit_json, edit_text, json_edits, json_value, seeded};

/// Member names of the models, so arbitrary objects often hit the named fields.
const WORDS: &[&str] = &[
    "id",
    "name",
    "description",
    "etag",
    "version",
    "state",
    "flowSpec",
    "connectionSpec",
    "sourceConnectionIds",
    "targetConnectionIds",
    "inheritedAttributes",
    "properties",
    "isSourceFlow",
    "scheduleParams",
    "frequency",
    "interval",
    "startTime",
    "transformations",
    "params",
    "lastRunDetails",
    "startedAtUTC",
    "createdAt",
    "auth",
    "specName",
    "metrics",
    "durationSummary",
    "statusSummary",
    "status",
    "errors",
    "code",
    "message",
    "activities",
    "items",
    "_links",
    "next",
    "href",
    "count",
    "type",
    "title",
    "detail",
    "report",
    "detailed-message",
    "request-id",
    "error_code",
    "error",
    "error_description",
    "format",
    "schema",
    "data",
    "fileType",
    "containerName",
    "containerTTL",
    "dlzPath",
    "dlzFolder",
    "SASToken",
    "SASUri",
    "credentials",
    "awsSecretAccessKey",
    "dlzProvider",
    "op",
    "path",
    "value",
    "flowId",
    "sandbox",
    "resource",
    "mode",
    "text",
    "savedMs",
    "profile",
    "timeMs",
    "patch",
    "result",
    "baseConnectionId",
];

/// Members written masked, whatever they held.
const SECRET_MEMBERS: &[&str] = &[
    "SASToken",
    "SASUri",
    "awsAccessKeyId",
    "awsSecretAccessKey",
    "awsSessionToken",
];

#[derive(Clone, Copy, Debug)]
enum Model {
    Flow,
    FlowSpec,
    Connection,
    ConnectionSpec,
    ConnectionTest,
    SourceConnection,
    TargetConnection,
    Run,
    CreateRun,
    FlowPage,
    RunPage,
    Links,
    Count,
    Problem,
    Gateway,
    OAuth,
    ExploreItem,
    ExploreListing,
    Preview,
    DlzContainer,
    DlzCredentials,
    IdEtag,
    PatchOp,
    SpecRef,
    Draft,
    JournalEntry,
}

const MODELS: &[Model] = &[
    Model::Flow,
    Model::FlowSpec,
    Model::Connection,
    Model::ConnectionSpec,
    Model::ConnectionTest,
    Model::SourceConnection,
    Model::TargetConnection,
    Model::Run,
    Model::CreateRun,
    Model::FlowPage,
    Model::RunPage,
    Model::Links,
    Model::Count,
    Model::Problem,
    Model::Gateway,
    Model::OAuth,
    Model::ExploreItem,
    Model::ExploreListing,
    Model::Preview,
    Model::DlzContainer,
    Model::DlzCredentials,
    Model::IdEtag,
    Model::PatchOp,
    Model::SpecRef,
    Model::Draft,
    Model::JournalEntry,
];

/// The demo objects a model reads in the explorer; empty where the demo has none.
fn samples(m: Model) -> Vec<Value> {
    let s = seeded();
    let page = |items: &[Value]| serde_json::json!({"items": items, "_links": {"next": {"href": "/flows?continuationToken=abc"}}});
    match m {
        Model::Flow => s.flows.clone(),
        Model::FlowSpec => s.flow_specs.clone(),
        Model::Connection => s.connections.clone(),
        Model::ConnectionSpec => s.connection_specs.clone(),
        Model::SourceConnection => s.source_connections.clone(),
        Model::TargetConnection => s.target_connections.clone(),
        Model::Run => s.runs.clone(),
        Model::FlowPage => vec![page(&s.flows)],
        Model::RunPage => vec![page(&s.runs)],
        _ => Vec::new(),
    }
}

/// Checks that `out` (the model written back) keeps everything `input` held, but for the
/// documented exceptions. `key` is the member holding both.
fn kept(input: &Value, out: &Value, key: &str, at: &str) -> Result<(), String> {
    match (input, out) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = format!("{at}/{k}");
                match b.get(k) {
                    Some(w) => kept(v, w, k, &here)?,
                    None if v.is_null() => {}
                    None => return Err(format!("{here} was dropped")),
                }
            }
            for (k, w) in b {
                let added_default = matches!(w, Value::String(s) if s.is_empty())
                    || matches!(w, Value::Array(x) if x.is_empty())
                    || matches!(w, Value::Object(x) if x.is_empty());
                if !a.contains_key(k) && !added_default {
                    return Err(format!("{at}/{k} appeared as {w}"));
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (v, w))| kept(v, w, key, &format!("{at}/{i}"))),
        (Value::String(s), Value::String(t)) if key == "etag" && *t == Etag::new(s).if_match() => {
            Ok(())
        }
        (Value::String(_), Value::String(t)) if SECRET_MEMBERS.contains(&key) && t == MASK => {
            Ok(())
        }
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{at} was {a}, is now {b}")),
    }
}

/// Reads `v` as `T`; when it reads, writes it back and checks what the model promises.
fn read<T: DeserializeOwned + Serialize>(v: &Value, keeps: bool) -> Result<bool, TestCaseError> {
    let Ok(t) = serde_json::from_value::<T>(v.clone()) else {
        // The same text must fail the same way when read from bytes.
        prop_assert!(serde_json::from_str::<T>(&v.to_string()).is_err());
        return Ok(false);
    };
    let out = serde_json::to_value(&t)
        .map_err(|e| TestCaseError::fail(format!("cannot be written back: {e}")))?;
    if keeps && let Err(why) = kept(v, &out, "", "") {
        return Err(TestCaseError::fail(format!(
            "{why}\n  in:  {v}\n  out: {out}"
        )));
    }
    let again = serde_json::from_value::<T>(out.clone())
        .map_err(|e| TestCaseError::fail(format!("what it wrote does not read: {e}\n  {out}")))?;
    let out2 = serde_json::to_value(&again).unwrap_or(Value::Null);
    prop_assert_eq!(&out2, &out, "a second round trip changed it");
    Ok(true)
}

fn read_as(m: Model, v: &Value) -> Result<bool, TestCaseError> {
    match m {
        Model::Flow => read::<Flow>(v, true),
        Model::FlowSpec => read::<FlowSpec>(v, true),
        Model::Connection => read::<Connection>(v, true),
        Model::ConnectionSpec => read::<ConnectionSpec>(v, true),
        Model::ConnectionTest => read::<ConnectionTest>(v, true),
        Model::SourceConnection => read::<SourceConnection>(v, true),
        Model::TargetConnection => read::<TargetConnection>(v, true),
        Model::Run => read::<Run>(v, true),
        Model::CreateRun => read::<CreateRun>(v, true),
        Model::FlowPage => read::<Page<Flow>>(v, true),
        Model::RunPage => read::<Page<Run>>(v, true),
        Model::Links => read::<Links>(v, true),
        Model::Count => read::<CountResponse>(v, true),
        Model::Problem => read::<Problem>(v, true),
        Model::Gateway => read::<GatewayError>(v, true),
        Model::OAuth => read::<OAuthError>(v, true),
        Model::ExploreItem => read::<ExploreItem>(v, true),
        // Read from two shapes, written as one: only the round trip holds.
        Model::ExploreListing => read::<ExploreListing>(v, false),
        Model::Preview => read::<Preview>(v, true),
        Model::DlzContainer => read::<DlzContainer>(v, true),
        Model::DlzCredentials => read::<DlzCredentials>(v, true),
        Model::IdEtag => read::<IdEtag>(v, true),
        Model::PatchOp => read::<PatchOp>(v, true),
        Model::SpecRef => read::<SpecRef>(v, true),
        // Files this program writes: not open to unknown members, so only the round trip.
        Model::Draft => read::<Draft>(v, false),
        Model::JournalEntry => read::<Entry>(v, false),
    }
}

#[derive(Clone, Debug)]
enum Doc {
    Arbitrary(Value),
    Sample(usize),
    SampleEdited(usize, Vec<JsonEdit>),
    /// A demo object as text, cut or garbled.
    SampleText(usize, Vec<TextEdit>),
}

#[derive(Clone, Debug)]
struct Case {
    model: usize,
    doc: Doc,
}

fn case() -> impl Strategy<Value = Case> {
    let doc = prop_oneof![
        2 => json_value(WORDS).prop_map(Doc::Arbitrary),
        1 => any::<usize>().prop_map(Doc::Sample),
        3 => (any::<usize>(), json_edits(WORDS, 3)).prop_map(|(i, e)| Doc::SampleEdited(i, e)),
        1 => (any::<usize>(), super::inputs::text_edits(2)).prop_map(|(i, e)| Doc::SampleText(i, e)),
    ];
    (0..MODELS.len(), doc).prop_map(|(model, doc)| Case { model, doc })
}

fn check(case: Case) -> Result<(), TestCaseError> {
    let m = MODELS[case.model];
    let samples = samples(m);
    let sample = |i: usize| samples.get(i % samples.len().max(1)).cloned();
    match case.doc {
        Doc::Arbitrary(v) => {
            read_as(m, &v)?;
        }
        Doc::Sample(i) => {
            if let Some(v) = sample(i) {
                prop_assert!(read_as(m, &v)?, "{m:?} does not read the demo's {v}");
            }
        }
        Doc::SampleEdited(i, edits) => {
            let v = edit_json(&sample(i).unwrap_or(Value::Null), &edits);
            read_as(m, &v)?;
        }
        Doc::SampleText(i, edits) => {
            let text =
                serde_json::to_string_pretty(&sample(i).unwrap_or(Value::Null)).unwrap_or_default();
            let text = edit_text(&text, &edits);
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                read_as(m, &v)?;
            }
        }
    }
    Ok(())
}

#[test]
fn model_deserialization() {
    super::fuzz("models::model_deserialization", super::CASES, case(), check);
}

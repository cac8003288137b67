//! The dataflow wizard's and the row actions' I/O: the reads a stage needs (specs,
//! connections, folders, a preview, datasets, what uses an object, which names are
//! taken), a plan sent through the API's applier (each step once, never retried, each
//! change journaled), a connection test, a plan saved to a file.

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::apply::{self, ApplyOptions, Existing, Progress};
use crate::api::{ApiError, Client, ListQuery};
use crate::app::effect::Msg;
use crate::app::features::build::{BuildEffect, BuildLoad, BuildMsg, StepState};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::pane::ErrorInfo;
use crate::model::plan::{Plan, PlanKind};
use crate::model::{DLZ_CONNECTION_SPEC_ID, PreviewFormat};
use crate::store::Store;

use super::submit::{entry, journal};

/// Runs one effect; a load is tied to its pane (`Some((slot, job))` to abort it when the
/// pane asks again), a change never is.
pub fn run(
    e: BuildEffect,
    client: &Client,
    tx: &UnboundedSender<Msg>,
    store: Option<Store>,
) -> Option<(u64, AbortHandle)> {
    let client = client.clone();
    let tx = tx.clone();
    match e {
        BuildEffect::Load { slot, ticket, what } => {
            let job = tokio::spawn(async move {
                let result = read(&client, &what).await.map_err(|e| ErrorInfo::from(&e));
                let _ = tx.send(Msg::Build(BuildMsg::Loaded {
                    slot,
                    ticket,
                    what,
                    result,
                }));
            });
            Some((slot, job.abort_handle()))
        }
        BuildEffect::Apply {
            slot,
            plan,
            refuse_existing,
            sandbox,
            secrets,
            audit,
        } => {
            tokio::spawn(async move {
                let client = match &sandbox {
                    Some(s) => client.sandbox(s),
                    None => client,
                };
                let existing = if refuse_existing {
                    Existing::Refuse
                } else {
                    Existing::Reuse
                };
                let opts =
                    ApplyOptions::new(existing).with_env(move |var| secrets.get(var).cloned());
                let msg = send_plan(
                    &client,
                    store.as_ref(),
                    slot,
                    &plan,
                    &opts,
                    &audit,
                    sandbox.as_deref(),
                    &tx,
                )
                .await;
                let _ = tx.send(Msg::Build(msg));
            });
            None
        }
        BuildEffect::Test { slot, id, audit } => {
            tokio::spawn(async move {
                let result = client.test_connection(&id).await;
                let outcome = match &result {
                    Ok(t) => format!(
                        "test {}",
                        if t.result == Some(true) {
                            "passed"
                        } else {
                            "failed"
                        }
                    ),
                    Err(e) => e.to_string(),
                };
                let what = json!({"get": format!("/connections/{id}/test")});
                let _ = journal(
                    store.as_ref(),
                    entry(&audit, "connections", &id, what, None, outcome),
                )
                .await;
                let result = result
                    .map(|t| t.result == Some(true))
                    .map_err(|e| ErrorInfo::from(&e));
                let _ = tx.send(Msg::Build(BuildMsg::Tested { slot, id, result }));
            });
            None
        }
        BuildEffect::SavePlan { path, plan } => {
            tokio::spawn(async move {
                let result = save(&path, &plan).await;
                let _ = tx.send(Msg::Build(BuildMsg::Saved { path, result }));
            });
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn send_plan(
    client: &Client,
    store: Option<&Store>,
    slot: u64,
    plan: &Plan,
    opts: &ApplyOptions,
    audit: &Audit,
    sandbox: Option<&str>,
    tx: &UnboundedSender<Msg>,
) -> BuildMsg {
    let audit = Audit {
        sandbox: sandbox.map_or_else(|| audit.sandbox.clone(), str::to_string),
        ..audit.clone()
    };
    // Journal lines are written after the plan (the callback is synchronous), each with
    // what was sent and how it ended.
    let mut lines = Vec::new();
    let mut sending: Option<crate::api::apply::Request> = None;
    let result = apply::apply(client, plan, opts, |ev| {
        let state = match &ev.progress {
            Progress::Checking => StepState::Sending,
            Progress::Sending(r) => {
                sending = Some(r.clone());
                StepState::Sending
            }
            Progress::Reused { id } => StepState::Reused(id.clone()),
            Progress::Created { id } => StepState::Created(id.clone()),
            Progress::Deleted { .. } | Progress::AlreadyGone { .. } => StepState::Deleted,
            Progress::Failed { error, .. } => StepState::Failed(error.clone()),
        };
        let done = match &ev.progress {
            Progress::Created { id } | Progress::Deleted { id } => {
                Some((id.clone(), "ok".to_string()))
            }
            Progress::AlreadyGone { id } => Some((id.clone(), "already gone".to_string())),
            Progress::Failed { error, .. } if sending.is_some() => {
                Some((String::new(), error.message.clone()))
            }
            _ => None,
        };
        if let Some((id, outcome)) = done {
            let what = sending
                .take()
                .map(|r| serde_json::to_value(&r).unwrap_or(Value::Null))
                .unwrap_or(Value::Null);
            lines.push(entry(&audit, ev.kind.resource(), &id, what, None, outcome));
        }
        let _ = tx.send(Msg::Build(BuildMsg::Step {
            slot,
            index: ev.index,
            state,
        }));
    })
    .await;
    let mut written = Ok(());
    for line in lines {
        if let Err(e) = journal(store, line).await {
            written = Err(e);
        }
    }
    match result {
        Ok(done) => BuildMsg::Applied {
            slot,
            made: done.made,
            failed: done.failed.map(|f| (f.index, f.error.info())),
            journal: written,
        },
        Err(issues) => BuildMsg::Applied {
            slot,
            made: Vec::new(),
            failed: Some((
                0,
                ErrorInfo::local(
                    issues
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            )),
            journal: written,
        },
    }
}

/// Every page of a collection, as JSON.
async fn all(client: &Client, collection: &str, q: &ListQuery) -> Result<Vec<Value>, ApiError> {
    let mut out = Vec::new();
    let mut pages = client.pages::<Value>(collection, q);
    while let Some(page) = pages.next().await {
        out.extend(page?.items);
    }
    Ok(out)
}

fn items(list: Vec<Value>) -> Value {
    json!({ "items": list })
}

async fn read(client: &Client, what: &BuildLoad) -> Result<Value, ApiError> {
    Ok(match what {
        BuildLoad::Specs => {
            let mut specs = all(client, "connectionSpecs", &ListQuery::new()).await?;
            specs.extend(all(client, "flowSpecs", &ListQuery::new()).await?);
            items(specs)
        }
        BuildLoad::Connections { spec_id } => {
            let q = ListQuery::new().property(format!("connectionSpec.id=={spec_id}"));
            items(all(client, "connections", &q).await?)
        }
        BuildLoad::Explore {
            base_id,
            spec_id,
            path,
        } => {
            let folder = (!path.is_empty()).then_some(path.as_str());
            let listing = match base_id {
                Some(id) if spec_id != DLZ_CONNECTION_SPEC_ID => {
                    client.explore_connection(id, folder).await?
                }
                _ => client.explore_landing_zone(folder).await?,
            };
            let list = listing
                .0
                .into_iter()
                .map(|i| {
                    let p = i.path.clone().unwrap_or_else(|| join(path, &i.name));
                    json!({"name": i.name, "type": i.kind, "path": p})
                })
                .collect();
            items(list)
        }
        BuildLoad::Preview {
            base_id,
            spec_id,
            path,
        } => {
            let preview = match base_id {
                Some(id) if spec_id != DLZ_CONNECTION_SPEC_ID => {
                    client
                        .preview_connection_file(id, path, &PreviewFormat::Detect)
                        .await?
                }
                _ => {
                    client
                        .preview_landing_zone_file(path, &PreviewFormat::Detect)
                        .await?
                }
            };
            let mut v = serde_json::to_value(&preview).unwrap_or(Value::Null);
            if let Some(p) = &preview.properties {
                let p = serde_json::to_value(p).unwrap_or(Value::Null);
                v["format"] = p.get("fileType").cloned().unwrap_or(v["format"].clone());
                v["delimiter"] = p.get("columnDelimiter").cloned().unwrap_or(Value::Null);
            }
            v
        }
        BuildLoad::Datasets => {
            let list = client.list_datasets(&Default::default()).await?;
            items(
                list.into_iter()
                    .map(|d| serde_json::to_value(d).unwrap_or(Value::Null))
                    .collect(),
            )
        }
        BuildLoad::Exportable { spec_id } => {
            let list = client.exportable_datasets(spec_id).await?;
            items(
                list.into_iter()
                    .map(|d| serde_json::to_value(d).unwrap_or(Value::Null))
                    .collect(),
            )
        }
        BuildLoad::CloneOf { flow_id } => {
            let flow: Value = client.get_by_id("flows", flow_id).await?;
            let first = |field: &str| {
                flow.pointer(&format!("/{field}/0"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let source: Value = match first("sourceConnectionIds") {
                Some(id) => client.get_by_id("sourceConnections", &id).await?,
                None => Value::Null,
            };
            let target: Value = match first("targetConnectionIds") {
                Some(id) => client.get_by_id("targetConnections", &id).await?,
                None => Value::Null,
            };
            let base = match source.get("baseConnectionId").and_then(Value::as_str) {
                Some(id) => client.get_by_id::<Value>("connections", id).await?,
                None => Value::Null,
            };
            json!({"flow": flow, "source": source, "target": target, "base": base})
        }
        BuildLoad::Taken { names, sandbox } => {
            let client = match sandbox {
                Some(s) => client.sandbox(s),
                None => client.clone(),
            };
            let mut taken = Vec::new();
            for (kind, name) in names {
                // `==a,b` means "any of" to the service: such a name is left to the
                // applier, which reads the whole collection for it before sending.
                if name.contains(',') {
                    continue;
                }
                let q = ListQuery::new().property(format!("name==\"{name}\""));
                let mut pages = client.pages::<Value>(kind.resource(), &q);
                if let Some(page) = pages.next().await
                    && !page?.items.is_empty()
                {
                    taken.push(json!({"kind": kind, "name": name}));
                }
            }
            Value::Array(taken)
        }
        BuildLoad::Uses { kind, id } => uses(client, *kind, id).await?,
    })
}

/// What uses an object; for a flow, its connections and the other flows using each.
async fn uses(client: &Client, kind: PlanKind, id: &str) -> Result<Value, ApiError> {
    let object: Value = client.get_by_id(kind.resource(), id).await?;
    if kind == PlanKind::Flow {
        let mut conns = Vec::new();
        for (field, ckind) in [
            ("sourceConnectionIds", PlanKind::SourceConnection),
            ("targetConnectionIds", PlanKind::TargetConnection),
        ] {
            for cid in object
                .get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let others: Vec<Value> = apply::users_of(client, ckind, cid)
                    .await?
                    .into_iter()
                    .filter(|u| u.id != id)
                    .map(|u| json!({"kind": u.kind, "id": u.id, "name": u.name}))
                    .collect();
                let name = client
                    .get_by_id::<Value>(ckind.resource(), cid)
                    .await
                    .ok()
                    .and_then(|c| c.get("name").and_then(Value::as_str).map(str::to_string))
                    .unwrap_or_default();
                conns.push(json!({"kind": ckind, "id": cid, "name": name, "usedBy": others}));
            }
        }
        return Ok(json!({"object": object, "connections": conns}));
    }
    let users: Vec<Value> = apply::users_of(client, kind, id)
        .await?
        .into_iter()
        .map(|u| json!({"kind": u.kind, "id": u.id, "name": u.name}))
        .collect();
    Ok(json!({"object": object, "usedBy": users}))
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{}/{name}", folder.trim_end_matches('/'))
    }
}

async fn save(path: &str, plan: &Plan) -> Result<(), String> {
    let text = if path.ends_with(".toml") {
        toml::to_string_pretty(plan).map_err(|e| e.to_string())?
    } else {
        serde_json::to_string_pretty(plan).map_err(|e| e.to_string())?
    };
    let path = path.to_string();
    tokio::task::spawn_blocking(move || {
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}

//! Sends a change and reports how it ended: a PATCH with `If-Match`, a `POST /runs`, a
//! flow action, a run's retry or a plain delete, each sent once and never retried. On
//! success the object is read back (its new etag, the run as it now is); on 412 the
//! current object is fetched for the conflict screen. Every attempt that reached the
//! service, or may have, is appended to the audit journal.

use serde_json::Value;

use crate::api::{ApiError, Client, FlowAction};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::effect::{Change, Outcome};
use crate::app::shared::pane::ErrorInfo;
use crate::model::patchable::Resource;
use crate::model::{CreateRun, Etag, IdEtag, PatchOp};
use crate::store::Store;
use crate::store::journal::Entry;

pub async fn submit(
    client: &Client,
    store: Option<&Store>,
    change: &Change,
    audit: &Audit,
) -> Outcome {
    match change {
        Change::Patch {
            resource,
            id,
            etag,
            ops,
        } => patch(client, store, *resource, id, etag, ops, audit).await,
        Change::CreateRun { flow_id, body } => {
            create_run(client, store, flow_id, body, audit).await
        }
        Change::FlowAction { id, action } => flow_action(client, store, id, *action, audit).await,
        Change::RetryRun { id } => retry_run(client, store, id, audit).await,
        Change::Delete { resource, id } => delete(client, store, *resource, id, audit).await,
        Change::Aws(_) | Change::DlzDelete { .. } => Outcome::Failed {
            error: ErrorInfo::local(
                "an AWS or landing-zone change goes through its own client, not Flow Service",
            ),
            unsure: false,
            journal: Ok(()),
        },
    }
}

/// The journal line of a change that is not a patch: `what` is what was posted.
pub(crate) fn entry(
    audit: &Audit,
    resource: &str,
    id: &str,
    what: Value,
    new_etag: Option<String>,
    result: String,
) -> Entry {
    Entry {
        time_ms: audit.now_ms,
        profile: audit.profile.clone(),
        sandbox: audit.sandbox.clone(),
        resource: resource.to_string(),
        id: id.to_string(),
        patch: what,
        old_etag: None,
        new_etag,
        result,
    }
}

async fn create_run(
    client: &Client,
    store: Option<&Store>,
    flow_id: &str,
    body: &Value,
    audit: &Audit,
) -> Outcome {
    let what = serde_json::json!({ "post": "/runs", "body": body });
    let parsed: CreateRun = match serde_json::from_value(body.clone()) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed {
                error: ErrorInfo::from(&ApiError::Invalid(format!("not a run request: {e}"))),
                unsure: false,
                journal: Ok(()),
            };
        }
    };
    let sent = client.create_run(&parsed).await;
    let (id, etag, journal) = match answered(store, audit, "runs", flow_id, what, sent).await {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    // The service answers with the id only; the run as it now is comes from a GET. When
    // that fails the run still exists, so it is shown as just created.
    let object = client
        .get_by_id::<Value>("runs", &id)
        .await
        .map_err(|e| tracing::warn!(error = %e, "reading a new run failed"))
        .ok()
        .or_else(|| {
            Some(serde_json::json!({
                "id": id,
                "flowId": flow_id,
                "etag": etag,
                "metrics": {"statusSummary": {"status": "scheduled"}},
            }))
        });
    Outcome::Sent {
        object,
        etag,
        journal,
    }
}

async fn flow_action(
    client: &Client,
    store: Option<&Store>,
    id: &str,
    action: FlowAction,
    audit: &Audit,
) -> Outcome {
    let what = serde_json::json!({ "post": format!("/flows/{id}/action?op={action}") });
    let sent = client.flow_action(id, action).await;
    let (_, etag, journal) = match answered(store, audit, "flows", id, what, sent).await {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    // The read-back says what state the service really left the flow in.
    let object = client
        .get_by_id::<Value>("flows", id)
        .await
        .map_err(|e| tracing::warn!(error = %e, "reload after a flow action failed"))
        .ok();
    Outcome::Sent {
        object,
        etag,
        journal,
    }
}

/// The answer of a retry is the run as it now is, so no read-back is needed.
async fn retry_run(client: &Client, store: Option<&Store>, id: &str, audit: &Audit) -> Outcome {
    let what = serde_json::json!({ "post": format!("/runs/{id}/action?op=RE_TRIGGER") });
    let (object, answer) = match client.retry_run(id).await {
        Ok(run) => {
            let answer = IdEtag {
                id: run.id.clone(),
                etag: run.etag.clone(),
                extra: Default::default(),
            };
            (serde_json::to_value(&run).ok(), Ok(answer))
        }
        Err(e) => (None, Err(e)),
    };
    let (_, etag, journal) = match answered(store, audit, "runs", id, what, answer).await {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    Outcome::Sent {
        object,
        etag,
        journal,
    }
}

/// One object deleted, nothing it uses or that uses it: the service refuses an object
/// still in use (FLOW-1418-400), and that refusal is the outcome.
async fn delete(
    client: &Client,
    store: Option<&Store>,
    resource: Resource,
    id: &str,
    audit: &Audit,
) -> Outcome {
    let what = serde_json::json!({ "delete": format!("/{}/{id}", resource.resource()) });
    let sent = match resource {
        Resource::Flow => client.delete_flow(id).await,
        Resource::Connection => client.delete_connection(id).await,
        Resource::SourceConnection => client.delete_source_connection(id).await,
        Resource::TargetConnection => client.delete_target_connection(id).await,
    };
    let answer = sent.map(|()| IdEtag {
        id: id.to_string(),
        etag: None,
        extra: Default::default(),
    });
    let (_, _, journal) = match answered(store, audit, resource.resource(), id, what, answer).await
    {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    Outcome::Sent {
        object: None,
        etag: None,
        journal,
    }
}

/// What a POST's answer means for the journal: on success the id the service named, its
/// etag and how the journal went; a refusal or a lost answer is the outcome itself.
async fn answered(
    store: Option<&Store>,
    audit: &Audit,
    resource: &str,
    id: &str,
    what: Value,
    sent: Result<IdEtag, ApiError>,
) -> Result<(String, Option<String>, Result<(), String>), Outcome> {
    match sent {
        Ok(answer) => {
            let etag = answer.etag.map(|e| e.if_match());
            let line = entry(audit, resource, &answer.id, what, etag.clone(), "ok".into());
            Ok((answer.id, etag, journal(store, line).await))
        }
        Err(e) => Err(failed(
            store,
            entry(audit, resource, id, what, None, String::new()),
            e,
        )
        .await),
    }
}

/// A refused or lost change: journaled with the service's error, `unsure` when it may
/// have been applied all the same.
async fn failed(store: Option<&Store>, mut line: Entry, e: ApiError) -> Outcome {
    let error = ErrorInfo::from(&e);
    line.result = error.message.clone();
    let journal = journal(store, line).await;
    Outcome::Failed {
        unsure: e.may_have_applied(),
        error,
        journal,
    }
}

async fn patch(
    client: &Client,
    store: Option<&Store>,
    resource: Resource,
    id: &str,
    etag: &str,
    ops: &Value,
    audit: &Audit,
) -> Outcome {
    let parsed: Vec<PatchOp> = match serde_json::from_value(ops.clone()) {
        Ok(p) => p,
        Err(e) => {
            return Outcome::Failed {
                error: ErrorInfo::from(&ApiError::Invalid(format!("not a JSON Patch: {e}"))),
                unsure: false,
                journal: Ok(()),
            };
        }
    };
    let tag = Etag::new(etag);
    let sent = match resource {
        Resource::Flow => client.patch_flow(id, &tag, &parsed).await,
        Resource::Connection => client.patch_connection(id, &tag, &parsed).await,
        Resource::SourceConnection => client.patch_source_connection(id, &tag, &parsed).await,
        Resource::TargetConnection => client.patch_target_connection(id, &tag, &parsed).await,
    };
    let entry = |new_etag: Option<String>, result: String| Entry {
        time_ms: audit.now_ms,
        profile: audit.profile.clone(),
        sandbox: audit.sandbox.clone(),
        resource: resource.resource().to_string(),
        id: id.to_string(),
        patch: ops.clone(),
        old_etag: Some(etag.to_string()),
        new_etag,
        result,
    };
    match sent {
        Ok(answer) => {
            // Journaled as soon as the service says yes, before the read-back: a quit
            // during the read-back must not leave a change made but unrecorded.
            let answered = answer.etag.map(|e| e.if_match());
            let journal = journal(store, entry(answered.clone(), "ok".into())).await;
            // The read-back is a GET: retried as reads are, and its failure does not
            // undo the change that was made.
            let object = client
                .get_by_id::<Value>(resource.resource(), id)
                .await
                .map_err(|e| tracing::warn!(error = %e, "reload after a change failed"))
                .ok();
            let new_etag = object
                .as_ref()
                .and_then(|o| o.get("etag"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .or(answered);
            Outcome::Sent {
                object,
                etag: new_etag,
                journal,
            }
        }
        Err(e) => {
            let error = ErrorInfo::from(&e);
            let journal = journal(store, entry(None, error.message.clone())).await;
            if e.status() == Some(412) {
                let current = client
                    .get_by_id::<Value>(resource.resource(), id)
                    .await
                    .map_err(|e| tracing::warn!(error = %e, "fetch after a conflict failed"))
                    .ok();
                return Outcome::Conflict {
                    error,
                    current,
                    journal,
                };
            }
            Outcome::Failed {
                unsure: e.may_have_applied(),
                error,
                journal,
            }
        }
    }
}

/// The journal is shared with the CLI, so its writer lives in the store.
pub(crate) use crate::store::journal::record as journal;

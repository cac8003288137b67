//! The executor's AWS side: lists stream page by page from the SDK client, objects for
//! the detail view and the graph, and changes sent once. With no AWS side configured every
//! request fails with a sentence that says how to get one.

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use super::send_page;
use crate::api::aws::{AwsClient, AwsError, AwsErrorKind, Pages, collect_pages};
use crate::app::effect::Msg;
use crate::app::features::aws::filter::workflow_filter;
use crate::app::shared::effect::Outcome;
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::ObjKind;
use crate::app::shared::nav::Scope;
use crate::app::shared::pane::ErrorInfo;

/// Why the AWS panes are empty for a profile that has no AWS side.
pub fn not_configured() -> AwsError {
    AwsError {
        kind: AwsErrorKind::Config,
        status: None,
        code: None,
        message: "this profile has no AWS side: set `provider = \"aws\"` on a profile (see the \
                  README), or run the demo"
            .to_string(),
    }
}

/// Streams one AWS list into `slot`.
pub async fn list(
    aws: Option<&AwsClient>,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    kind: ListKind,
    scope: &Scope,
    property: &[String],
) -> Result<(), AwsError> {
    let aws = aws.ok_or_else(not_configured)?;
    match (kind, scope) {
        (ListKind::AwsDomains, _) => forward(aws.domains(), tx, slot, ticket, |v| v).await,
        (ListKind::AwsWorkflows, Scope::AwsDomain(domain)) => {
            let filter = workflow_filter(property).map_err(invalid)?;
            let d = domain.clone();
            forward(aws.workflows(domain, &filter), tx, slot, ticket, move |v| {
                with(v, "DomainName", &d)
            })
            .await
        }
        (ListKind::AwsWorkflows, Scope::AwsProfile(profile)) => {
            using_profile(aws, tx, slot, ticket, profile).await
        }
        (ListKind::AwsWorkflows, _) => {
            // Every domain's workflows, one domain after the other.
            let filter = workflow_filter(property).map_err(invalid)?;
            for domain in collect_pages(aws.domains()).await? {
                let name = domain_name(&domain);
                let n = name.clone();
                let pages = aws.workflows(&name, &filter);
                if !forward_open(pages, tx, slot, ticket, move |v| with(v, "DomainName", &n))
                    .await?
                {
                    return Ok(());
                }
            }
            finish(tx, slot, ticket);
            Ok(())
        }
        (ListKind::AwsSteps, Scope::AwsWorkflow { domain, id }) => {
            let (d, w) = (domain.clone(), id.clone());
            forward(aws.workflow_steps(domain, id), tx, slot, ticket, move |v| {
                with(with(v, "DomainName", &d), "WorkflowId", &w)
            })
            .await
        }
        (ListKind::AwsFlows, _) => forward(aws.flows(), tx, slot, ticket, |v| v).await,
        (ListKind::AwsExecutions, Scope::AwsFlow(flow)) => {
            let f = flow.clone();
            forward(aws.executions(flow), tx, slot, ticket, move |v| {
                with(v, "flowName", &f)
            })
            .await
        }
        (ListKind::AwsProfiles, _) => {
            forward(aws.connector_profiles(), tx, slot, ticket, |v| v).await
        }
        (ListKind::AwsIntegrations, Scope::AwsDomain(domain)) => {
            let d = domain.clone();
            forward(aws.integrations(domain), tx, slot, ticket, move |v| {
                with(v, "DomainName", &d)
            })
            .await
        }
        (ListKind::AwsObjectTypes, Scope::AwsDomain(domain)) => {
            let d = domain.clone();
            forward(aws.object_types(domain), tx, slot, ticket, move |v| {
                with(v, "DomainName", &d)
            })
            .await
        }
        (kind, scope) => Err(invalid(format!(
            "no AWS list of {} for {scope:?}",
            kind.noun()
        ))),
    }
}

/// One object: a workflow with its steps, a flow's definition, a connector profile, a
/// domain. Ids that need a domain are written `domain/id`.
pub async fn get(aws: Option<&AwsClient>, kind: ObjKind, id: &str) -> Result<Value, AwsError> {
    let aws = aws.ok_or_else(not_configured)?;
    match kind {
        ObjKind::AwsDomain => aws.domain(id).await,
        ObjKind::AwsWorkflow => {
            let (domain, wf) = split(id)?;
            let mut v = aws.workflow(domain, wf).await?;
            let steps = collect_pages(aws.workflow_steps(domain, wf)).await?;
            if let Some(m) = v.as_object_mut() {
                m.insert("DomainName".into(), json!(domain));
                m.insert("Steps".into(), Value::Array(steps));
            }
            Ok(v)
        }
        ObjKind::AwsFlow => aws.describe_flow(id).await,
        ObjKind::AwsProfile => {
            let mut pages = aws.connector_profiles();
            while let Some(page) = pages.next().await {
                if let Some(p) = page?
                    .into_iter()
                    .find(|p| p.get("connectorProfileName").and_then(Value::as_str) == Some(id))
                {
                    return Ok(p);
                }
            }
            Err(missing("connector profile", id))
        }
        // GetProfileObjectType: the type with its fields and keys.
        ObjKind::AwsObjectType => {
            let (domain, name) = split(id)?;
            Ok(with(
                aws.object_type(domain, name).await?,
                "DomainName",
                domain,
            ))
        }
        other => Err(invalid(format!("a {} is not an AWS object", other.noun()))),
    }
}

/// Sends one change; the outcome carries the service's answer as the object.
pub async fn send(
    aws: Option<&AwsClient>,
    change: &crate::app::features::aws::AwsChange,
) -> Result<Value, AwsError> {
    let aws = aws.ok_or_else(not_configured)?;
    use crate::app::features::aws::AwsChange as C;
    match change {
        C::CreateWorkflow { body, .. } => aws.create_integration_workflow(body).await,
        C::StartFlow { flow, client_token } => aws.start_flow(flow, client_token).await,
        C::StopFlow { flow } => aws.stop_flow(flow).await,
        C::CancelExecutions {
            flow,
            execution_ids,
        } => aws.cancel_flow_executions(flow, execution_ids).await,
        C::DeleteWorkflow { domain, id } => aws
            .delete_workflow(domain, id)
            .await
            .map(|()| serde_json::json!({ "WorkflowId": id })),
        // The answer is the flow described again (the editor goes on from it); its
        // status alone when it cannot be read back.
        C::UpdateFlow { flow, body } => {
            let status = aws.update_flow(flow, body).await?;
            Ok(aws.describe_flow(flow).await.unwrap_or(status))
        }
        C::DeleteFlow { flow, force } => aws
            .delete_flow(flow, *force)
            .await
            .map(|()| serde_json::json!({ "flowName": flow })),
    }
}

/// How a sent AWS change ended, for the pane that asked.
pub fn outcome(result: Result<Value, AwsError>, journal: Result<(), String>) -> Outcome {
    match result {
        Ok(object) => Outcome::Sent {
            object: Some(object),
            etag: None,
            journal,
        },
        Err(e) => Outcome::Failed {
            error: ErrorInfo::from(&e),
            unsure: e.unsure(),
            journal,
        },
    }
}

/// Workflows whose integration reads through `profile`, across every domain: a
/// workflow's profile is only in GetWorkflow, so each one is read.
async fn using_profile(
    aws: &AwsClient,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    profile: &str,
) -> Result<(), AwsError> {
    for domain in collect_pages(aws.domains()).await? {
        let name = domain_name(&domain);
        let mut pages = aws.workflows(&name, &Default::default());
        while let Some(page) = pages.next().await {
            let mut found = Vec::new();
            for item in page? {
                let id = item.get("WorkflowId").and_then(Value::as_str).unwrap_or("");
                let wf = aws.workflow(&name, id).await?;
                let uses = wf
                    .pointer("/Attributes/AppflowIntegration/ConnectorProfileName")
                    .and_then(Value::as_str)
                    == Some(profile);
                if uses {
                    found.push(with(item, "DomainName", &name));
                }
            }
            if !send_page(tx, slot, ticket, found, false) {
                return Ok(());
            }
        }
    }
    finish(tx, slot, ticket);
    Ok(())
}

/// Sends every page, then the end of the list.
async fn forward(
    pages: Pages,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    map: impl Fn(Value) -> Value,
) -> Result<(), AwsError> {
    if forward_open(pages, tx, slot, ticket, map).await? {
        finish(tx, slot, ticket);
    }
    Ok(())
}

/// Sends every page of one of a list's sources; false when the pane is gone.
async fn forward_open(
    mut pages: Pages,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    map: impl Fn(Value) -> Value,
) -> Result<bool, AwsError> {
    while let Some(page) = pages.next().await {
        let items = page?.into_iter().map(&map).collect();
        if !send_page(tx, slot, ticket, items, false) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn finish(tx: &UnboundedSender<Msg>, slot: u64, ticket: u64) {
    send_page(tx, slot, ticket, Vec::new(), true);
}

fn domain_name(v: &Value) -> String {
    v.get("DomainName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// `v` with one more member: lists carry the domain or flow they came from, so a row
/// knows where it leads.
fn with(mut v: Value, key: &str, value: &str) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_string(), json!(value));
    }
    v
}

fn split(id: &str) -> Result<(&str, &str), AwsError> {
    id.split_once('/')
        .ok_or_else(|| invalid(format!("`{id}` is not domain/id")))
}

fn invalid(message: String) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Invalid,
        status: None,
        code: None,
        message,
    }
}

fn missing(what: &str, id: &str) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Service,
        status: Some(404),
        code: Some("ResourceNotFoundException".to_string()),
        message: format!("no {what} named {id}"),
    }
}

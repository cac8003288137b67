//! CreateIntegrationWorkflow (`POST /domains/{DomainName}/workflows/integrations`):
//! after the checks in `create_check`, creates the workflow (id: 32 lowercase hex
//! digits), the AppFlow flow its FlowDefinition describes (status Active, shown by
//! DescribeFlow in AppFlow's shapes) and the integration linking that flow to the
//! object type.
//!
//! The workflow waits [`START_DELAY_MS`], then runs one step per batch window, each
//! [`STEP_MS`] of emulator time; without Batches it ingests the last
//! [`DEFAULT_BATCHES`] windows of ten days.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use bytes::Bytes;
use serde_json::json;

use super::create_check::check;
use super::domains::domain;
use super::error::AwsError;
use super::flow::{FlowStatus, flow_arn};
use super::flowdef::{Placement, flow_from_definition};
use super::seed::{DAY, pick};
use super::store::Integration;
use super::wire::body;
use super::workflow::{Batch, Ending, Workflow};
use super::{Service, with_store};
use crate::state::Shared;

const P: Service = Service::Profiles;
pub const START_DELAY_MS: i64 = 30_000;
pub const STEP_MS: i64 = 60_000;
pub const DEFAULT_BATCHES: usize = 3;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/domains/{domain}/workflows/integrations", post(create))
}

async fn create(
    State(st): State<Arc<Shared>>,
    Path(name): Path<String>,
    raw: Bytes,
) -> Result<Response, AwsError> {
    let b = body(P, &raw)?;
    let now = st.now();
    let id = st.new_id().replace('-', "");
    // Ids for the flow's runs, drawn before the store is locked.
    let run_ids: Vec<String> = (0..64).map(|_| st.new_id()).collect();
    with_store(&st, P, |s| {
        domain(s, &name)?;
        let c = check(&b, s, &name)?;
        let windows = if c.batches.is_empty() {
            (0..DEFAULT_BATCHES)
                .map(|j| {
                    let start = now - (DEFAULT_BATCHES - j) as i64 * 10 * DAY;
                    (start, start + 10 * DAY)
                })
                .collect()
        } else {
            c.batches.clone()
        };
        let batches = windows
            .iter()
            .enumerate()
            .map(|(j, (start, end))| Batch {
                start: *start,
                end: *end,
                records: pick(2_000, 40_000, &[&c.flow_name, &j.to_string()]),
            })
            .collect();
        let wf = Workflow {
            id: id.clone(),
            domain: name.clone(),
            flow_name: c.flow_name.clone(),
            object_type: c.object_type.clone(),
            connector: c.connector,
            profile: c.source_label.clone(),
            role_arn: c.role_arn.clone(),
            created_at: now,
            delay_ms: START_DELAY_MS,
            step_ms: STEP_MS,
            batches,
            ending: Ending::Complete,
            error_description: None,
        };
        let at = Placement {
            domain: &name,
            object_type: &c.object_type,
            created_at: now,
            status: FlowStatus::Active,
            workflow: Some(id.clone()),
        };
        let mut flow = flow_from_definition(&c.definition, at).ok_or_else(|| {
            AwsError::invalid(
                P,
                "IntegrationConfig.AppflowIntegration.FlowDefinition is not valid.",
            )
        })?;
        let mut ids = run_ids.into_iter();
        flow.executions = wf.plan_runs(|i| ids.next().unwrap_or_else(|| format!("{id}-{i}")));
        if let Some(tags) = flow.tags.as_object_mut() {
            tags.extend(c.tags.clone());
        }
        s.flows.insert(c.flow_name.clone(), flow);
        s.integrations.push(Integration {
            domain: name.clone(),
            uri: flow_arn(&c.flow_name),
            object_type: c.object_type.clone(),
            workflow: Some(id.clone()),
            role_arn: Some(c.role_arn.clone()),
            created_at: now,
        });
        s.workflows.push(wf);
        s.workflows_created += 1;
        // Message is capped at 255 characters by the model.
        let batches = match windows.len() {
            1 => "1 batch".to_string(),
            n => format!("{n} batches"),
        };
        let message: String = format!(
            "Workflow created; it ingests {batches} into {}",
            c.object_type
        )
        .chars()
        .take(255)
        .collect();
        Ok(super::wire::ok(
            json!({"WorkflowId": id, "Message": message}),
        ))
    })
}

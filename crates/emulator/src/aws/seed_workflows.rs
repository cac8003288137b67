//! The demo's integration workflows: every status over both domains (more in
//! retail-prod than a page of ten), each with the AppFlow flow it created, that flow's
//! runs (one per step) and the integration linking the flow to its object type.

use super::connector::Connector;
use super::flow::{FlowStatus, Trigger, flow_arn};
use super::flowdef::{Placement, Sample, flow_from_definition};
use super::seed::{DAY, HOUR, MIN, hex_id, pick, uuid_id};
use super::store::{AwsStore, Integration};
use super::workflow::{Batch, Ending, WfStatus, Workflow};
use super::{ACCOUNT, DEMO_ROLE};
use crate::clock::EpochMs;

/// How far back each historical batch window reaches.
const WINDOW: i64 = 30 * DAY;

struct Row<'a> {
    domain: &'a str,
    flow: &'a str,
    connector: Connector,
    profile: Option<&'a str>,
    object: &'a str,
    fields: &'a [&'a str],
    object_type: &'a str,
    trigger: Trigger,
    created_ago: i64,
    delay: i64,
    step: i64,
    batches: usize,
    /// The step it stops at, the status and the step's message.
    stops: Option<(usize, WfStatus, &'a str)>,
    error: Option<&'a str>,
}

const SF_ACCOUNT: &[&str] = &["Id", "Name", "BillingCity", "Phone", "LastModifiedDate"];
const SF_CONTACT: &[&str] = &["Id", "Email", "FirstName", "LastName", "LastModifiedDate"];
const ZD_TICKET: &[&str] = &["id", "requester_id", "subject", "status"];
const MK_LEAD: &[&str] = &["id", "email", "firstName", "lastName", "updatedAt"];
const S3_ORDER: &[&str] = &["order_id", "customer_email", "total_amount", "ordered_at"];
const SN_INCIDENT: &[&str] = &["sys_id", "number", "caller_id", "short_description"];
const LOYALTY: &[&str] = &["Id", "Email", "Tier__c", "Points__c"];
const POINTS: &[&str] = &["member_id", "points", "earned_at"];

#[rustfmt::skip]
fn rows() -> Vec<Row<'static>> {
    use Connector::*;
    use Trigger::{Event, OnDemand, Scheduled};
    let row = |domain, flow, connector, profile, object, fields, object_type, created_ago| Row {
        domain, flow, connector, profile, object, fields, object_type,
        trigger: Scheduled, created_ago, delay: 2 * MIN, step: 20 * MIN, batches: 4,
        stops: None, error: None,
    };
    vec![
        Row { batches: 5, ..row("retail-prod", "retail-sf-contacts-2024", Salesforce, Some("salesforce-retail"), "Contact", SF_CONTACT, "Salesforce-Contact", 45 * DAY) },
        row("retail-prod", "retail-sf-accounts-history", Salesforce, Some("salesforce-retail"), "Account", SF_ACCOUNT, "Salesforce-Account", 30 * DAY),
        Row { trigger: Event, batches: 5, ..row("retail-prod", "retail-sf-contacts-history", Salesforce, Some("salesforce-retail"), "Contact", SF_CONTACT, "Salesforce-Contact", 25 * DAY) },
        Row { trigger: OnDemand, batches: 3, ..row("retail-prod", "retail-zendesk-tickets-history", Zendesk, Some("zendesk-support"), "tickets", ZD_TICKET, "Zendesk-tickets", 20 * DAY) },
        row("retail-prod", "retail-marketo-leads-history", Marketo, Some("marketo-campaigns"), "leads", MK_LEAD, "Marketo-leads", 15 * DAY),
        Row { batches: 6, ..row("retail-prod", "retail-s3-orders-history", S3, None, "retail-demo-exports/orders-archive/", S3_ORDER, "S3-orders", 10 * DAY) },
        Row {
            stops: Some((2, WfStatus::Failed, "ServiceNow returned HTTP 401 Unauthorized for table incident; the connector profile servicenow-itsm was rejected")),
            error: Some("Step 3 of 4 failed: ServiceNow rejected the credentials of connector profile servicenow-itsm. Update the profile, then create the workflow again."),
            ..row("retail-prod", "retail-servicenow-incidents", Servicenow, Some("servicenow-itsm"), "incident", SN_INCIDENT, "ServiceNow-incident", 8 * DAY)
        },
        Row { trigger: OnDemand, stops: Some((1, WfStatus::Cancelled, "Cancelled on request while ingesting the batch")), batches: 3,
            ..row("retail-prod", "retail-servicenow-cancelled", Servicenow, Some("servicenow-itsm"), "incident", SN_INCIDENT, "ServiceNow-incident", 5 * DAY) },
        Row { stops: Some((1, WfStatus::Split, "The batch held 1250000 records, over the limit of one step; it was split into two windows")), batches: 3,
            ..row("retail-prod", "retail-marketo-leads-split", Marketo, Some("marketo-campaigns"), "leads", MK_LEAD, "Marketo-leads", 3 * DAY) },
        Row { stops: Some((2, WfStatus::Retry, "Amazon S3 throttled reads of bucket retail-demo-exports (SlowDown); the batch is retried")), step: 40 * MIN,
            ..row("retail-prod", "retail-s3-orders-retry", S3, None, "retail-demo-exports/orders-2025/", S3_ORDER, "S3-orders", 6 * HOUR) },
        // One step done and the second running at start; the demo clock carries it on.
        Row { step: 30 * MIN, ..row("retail-prod", "retail-sf-accounts-resync", Salesforce, Some("salesforce-retail"), "Account", SF_ACCOUNT, "Salesforce-Account", 50 * MIN) },
        Row { delay: 15 * MIN, batches: 3, ..row("retail-prod", "retail-zendesk-tickets-2025", Zendesk, Some("zendesk-support"), "tickets", ZD_TICKET, "Zendesk-tickets", MIN) },
        Row { batches: 3, ..row("loyalty-sandbox", "loyalty-sf-members-history", Salesforce, Some("salesforce-loyalty-uat"), "Loyalty_Member__c", LOYALTY, "Loyalty_Member", 20 * DAY) },
        Row { stops: Some((2, WfStatus::Cancelled, "Cancelled on request while ingesting the batch")),
            ..row("loyalty-sandbox", "loyalty-marketo-leads-cancelled", Marketo, Some("marketo-campaigns"), "leads", MK_LEAD, "Marketo-leads", 7 * DAY) },
        Row {
            stops: Some((0, WfStatus::Failed, "Salesforce refused the session (INVALID_SESSION_ID); the sandbox connector profile needs a new OAuth grant")),
            error: Some("Step 1 of 2 failed: Salesforce refused the session of connector profile salesforce-loyalty-uat. Authorize the profile again."),
            batches: 2,
            ..row("loyalty-sandbox", "loyalty-sf-contacts", Salesforce, Some("salesforce-loyalty-uat"), "Contact", SF_CONTACT, "Salesforce-Contact", 4 * DAY)
        },
        Row { delay: MIN, step: 10 * MIN, batches: 5, ..row("loyalty-sandbox", "loyalty-marketo-leads-sync", Marketo, Some("marketo-campaigns"), "leads", MK_LEAD, "Marketo-leads", 25 * MIN) },
        Row { delay: 10 * MIN, batches: 3, ..row("loyalty-sandbox", "loyalty-s3-points-history", S3, None, "loyalty-demo-exports/points/", POINTS, "S3-points", 30_000) },
    ]
}

pub fn add(s: &mut AwsStore, now: EpochMs) {
    for r in rows() {
        let created = now - r.created_ago;
        let id = hex_id(&[r.domain, r.flow]);
        let n = r.batches;
        let batches = (0..n)
            .map(|j| {
                let start = created - (n - j) as i64 * WINDOW;
                Batch {
                    start,
                    end: start + WINDOW,
                    records: pick(5_000, 60_000, &[r.flow, &j.to_string()]),
                }
            })
            .collect();
        let wf = Workflow {
            id: id.clone(),
            domain: r.domain.into(),
            flow_name: r.flow.into(),
            object_type: r.object_type.into(),
            connector: r.connector,
            profile: r.profile.unwrap_or("s3-exports").into(),
            role_arn: DEMO_ROLE.into(),
            created_at: created,
            delay_ms: r.delay,
            step_ms: r.step,
            batches,
            ending: match r.stops {
                None => Ending::Complete,
                Some((at, status, message)) => Ending::Stops {
                    at,
                    status,
                    message: message.into(),
                },
            },
            error_description: r.error.map(str::to_string),
        };
        let description = format!("Created by integration workflow for {}", r.object_type);
        let sample = Sample {
            name: r.flow,
            description: &description,
            connector: r.connector,
            profile: r.profile,
            object: r.object,
            fields: r.fields,
            trigger: r.trigger,
            schedule: (r.trigger == Trigger::Scheduled).then_some(("rate(1hours)", created)),
        };
        let status = match r.stops {
            Some((_, WfStatus::Failed, _)) => FlowStatus::Errored,
            Some((_, WfStatus::Cancelled, _)) => FlowStatus::Suspended,
            _ => FlowStatus::Active,
        };
        let at = Placement {
            domain: r.domain,
            object_type: r.object_type,
            created_at: created,
            status,
            workflow: Some(id.clone()),
        };
        if let Some(mut flow) = flow_from_definition(&sample.definition(), at) {
            flow.executions = wf.plan_runs(|i| uuid_id(&[r.flow, "step", &i.to_string()]));
            if status == FlowStatus::Errored {
                flow.status_message =
                    Some("A run of this flow failed; see its execution records".into());
            }
            flow.created_by = format!("arn:aws:iam::{ACCOUNT}:role/CustomerProfilesServiceRole");
            s.flows.insert(flow.name.clone(), flow);
        }
        s.integrations.push(Integration {
            domain: r.domain.into(),
            uri: flow_arn(r.flow),
            object_type: r.object_type.into(),
            workflow: Some(id),
            role_arn: Some(DEMO_ROLE.into()),
            created_at: created,
        });
        s.workflows.push(wf);
    }
    s.workflows
        .sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    s.integrations
        .sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.uri.cmp(&b.uri)));
}

#[cfg(test)]
mod tests {
    use super::super::seed;
    use super::*;

    #[test]
    fn every_status_is_seeded_and_retail_needs_two_pages_of_ten() {
        let now = crate::TEST_EPOCH_MS;
        let s = seed::demo(now);
        for status in WfStatus::ALL {
            assert!(
                s.workflows.iter().any(|w| w.status(now) == status),
                "no {status:?} workflow"
            );
        }
        let retail = s
            .workflows
            .iter()
            .filter(|w| w.domain == "retail-prod")
            .count();
        assert!(retail > 10, "{retail}");
        for w in &s.workflows {
            for step in w.step_items(now) {
                let flow = step["AppflowIntegration"]["FlowName"].as_str().unwrap();
                assert!(s.flows.contains_key(flow), "{flow}");
            }
            assert!(
                s.integrations
                    .iter()
                    .any(|i| i.workflow.as_deref() == Some(&w.id))
            );
        }
    }

    #[test]
    fn a_failed_workflow_says_why() {
        let now = crate::TEST_EPOCH_MS;
        let s = seed::demo(now);
        let w = s
            .workflows
            .iter()
            .find(|w| w.status(now) == WfStatus::Failed)
            .unwrap();
        let d = w.detail(now);
        assert!(d["ErrorDescription"].as_str().unwrap().contains("failed"));
        let steps = w.step_items(now);
        let last = &steps.last().unwrap()["AppflowIntegration"];
        assert_eq!(last["Status"], "FAILED");
        assert!(last["ExecutionMessage"].as_str().unwrap().len() > 20);
    }
}

//! The demo's standalone AppFlow flows (not created by a workflow): every trigger type,
//! several statuses, and their run histories, one of them long enough for several
//! pages; each but the draft with the integration that feeds its object type.

use super::connector::Connector;
use super::flow::{Execution, FlowStatus, Outcome, Trigger, flow_arn};
use super::flowdef::{Placement, Sample, flow_from_definition};
use super::seed::{DAY, HOUR, MIN, pick, uuid_id};
use super::store::{AwsStore, Integration};
use crate::clock::EpochMs;

/// A run history: `count` runs, the newest `first_ago` before now, one every `every`.
struct History<'a> {
    count: usize,
    every: i64,
    first_ago: i64,
    run_ms: (i64, i64),
    records: (i64, i64),
    /// Runs (0 = newest) that fail, with the message they fail with.
    errors: &'a dyn Fn(usize) -> Option<&'a str>,
}

fn history(flow: &str, now: EpochMs, h: &History<'_>) -> Vec<Execution> {
    (0..h.count)
        .map(|k| {
            let n = k.to_string();
            let started = now - h.first_ago - k as i64 * h.every;
            Execution {
                id: uuid_id(&[flow, &n]),
                started_at: started,
                // Whole seconds, like every seeded time.
                run_ms: pick(h.run_ms.0, h.run_ms.1, &[flow, &n, "run"]) / 1000 * 1000,
                pull: (started - h.every, started),
                records: pick(h.records.0, h.records.1, &[flow, &n, "records"]),
                bytes_per_record: 512,
                outcome: match (h.errors)(k) {
                    Some(m) => Outcome::Error {
                        message: m.to_string(),
                        put_failures: pick(0, 40, &[flow, &n, "put"]),
                    },
                    None => Outcome::Success,
                },
                cancel_at: None,
            }
        })
        .collect()
}

struct Standalone<'a> {
    sample: Sample<'a>,
    domain: &'a str,
    object_type: &'a str,
    status: FlowStatus,
    status_message: Option<&'a str>,
    history: Option<History<'a>>,
}

pub fn add(s: &mut AwsStore, now: EpochMs) {
    let none = |_: usize| -> Option<&str> { None };
    let every_23rd = |k: usize| {
        (k % 23 == 11).then_some(
            "Failed to read orders csv from bucket retail-demo-exports, column total_amount is not a number",
        )
    };
    let zendesk = |k: usize| {
        (k == 2).then_some("Zendesk API rate limit exceeded, 429 Too Many Requests after 5 retries")
    };
    let marketo =
        |k: usize| (k < 2).then_some("Marketo REST API quota of 50000 calls per day exhausted");
    let servicenow = |k: usize| {
        (k < 3)
            .then_some("ServiceNow returned 401 Unauthorized, the OAuth refresh token was revoked")
    };
    let flows = [
        Standalone {
            sample: Sample {
                name: "retail-orders-s3-hourly",
                description: "Hourly order exports from Amazon S3 into retail-prod",
                connector: Connector::S3,
                profile: None,
                object: "retail-demo-exports/orders/",
                fields: &["order_id", "customer_email", "total_amount", "ordered_at"],
                trigger: Trigger::Scheduled,
                schedule: Some(("rate(1hours)", now - 8 * DAY)),
            },
            domain: "retail-prod",
            object_type: "S3-orders",
            status: FlowStatus::Active,
            status_message: None,
            // A week of hourly runs plus the one running now: several pages.
            history: Some(History {
                count: 169,
                every: HOUR,
                first_ago: 5 * MIN,
                run_ms: (4 * MIN, 9 * MIN),
                records: (800, 2_400),
                errors: &every_23rd,
            }),
        },
        Standalone {
            sample: Sample {
                name: "retail-salesforce-contact-events",
                description: "Contact changes from Salesforce, as they happen",
                connector: Connector::Salesforce,
                profile: Some("salesforce-retail"),
                object: "Contact",
                fields: &["Id", "Email", "FirstName", "LastName", "Phone"],
                trigger: Trigger::Event,
                schedule: None,
            },
            domain: "retail-prod",
            object_type: "Salesforce-Contact",
            status: FlowStatus::Active,
            status_message: None,
            history: Some(History {
                count: 24,
                every: 3 * HOUR + 30 * MIN,
                first_ago: 40 * MIN,
                run_ms: (10_000, 40_000),
                records: (1, 60),
                errors: &none,
            }),
        },
        Standalone {
            sample: Sample {
                name: "retail-zendesk-tickets-export",
                description: "Zendesk tickets, run by hand after support reviews",
                connector: Connector::Zendesk,
                profile: Some("zendesk-support"),
                object: "tickets",
                fields: &["id", "requester_id", "subject", "status", "updated_at"],
                trigger: Trigger::OnDemand,
                schedule: None,
            },
            domain: "retail-prod",
            object_type: "Zendesk-tickets",
            status: FlowStatus::Active,
            status_message: None,
            history: Some(History {
                count: 6,
                every: DAY + 2 * HOUR,
                first_ago: 9 * HOUR,
                run_ms: (2 * MIN, 6 * MIN),
                records: (3_000, 9_000),
                errors: &zendesk,
            }),
        },
        Standalone {
            sample: Sample {
                name: "loyalty-marketo-leads-daily",
                description: "Daily Marketo leads into the loyalty sandbox",
                connector: Connector::Marketo,
                profile: Some("marketo-campaigns"),
                object: "leads",
                fields: &["id", "email", "firstName", "lastName", "leadScore"],
                trigger: Trigger::Scheduled,
                schedule: Some(("rate(1days)", now - 30 * DAY)),
            },
            domain: "loyalty-sandbox",
            object_type: "Marketo-leads",
            status: FlowStatus::Suspended,
            status_message: None,
            history: Some(History {
                count: 10,
                every: DAY,
                first_ago: 20 * HOUR,
                run_ms: (5 * MIN, 15 * MIN),
                records: (10_000, 25_000),
                errors: &marketo,
            }),
        },
        Standalone {
            sample: Sample {
                name: "retail-servicenow-incident-sync",
                description: "ServiceNow incidents every six hours",
                connector: Connector::Servicenow,
                profile: Some("servicenow-itsm"),
                object: "incident",
                fields: &[
                    "sys_id",
                    "number",
                    "caller_id",
                    "short_description",
                    "state",
                ],
                trigger: Trigger::Scheduled,
                schedule: Some(("rate(6hours)", now - 20 * DAY)),
            },
            domain: "retail-prod",
            object_type: "ServiceNow-incident",
            status: FlowStatus::Errored,
            status_message: Some("Flow deactivated after 3 consecutive failed runs"),
            history: Some(History {
                count: 12,
                every: 6 * HOUR,
                first_ago: 2 * HOUR,
                run_ms: (MIN, 4 * MIN),
                records: (200, 900),
                errors: &servicenow,
            }),
        },
        Standalone {
            sample: Sample {
                name: "loyalty-salesforce-members-draft",
                description: "Loyalty members from the Salesforce sandbox, not finished yet",
                connector: Connector::Salesforce,
                profile: Some("salesforce-loyalty-uat"),
                object: "Loyalty_Member__c",
                fields: &["Id", "Email", "Tier__c", "Points__c"],
                trigger: Trigger::OnDemand,
                schedule: None,
            },
            domain: "loyalty-sandbox",
            object_type: "Loyalty_Member",
            status: FlowStatus::Draft,
            status_message: None,
            history: None,
        },
        Standalone {
            sample: Sample {
                name: "retail-marketo-leads-backfill",
                description: "Marketo leads backfill, run by hand",
                connector: Connector::Marketo,
                profile: Some("marketo-campaigns"),
                object: "leads",
                fields: &["id", "email", "firstName", "lastName"],
                trigger: Trigger::OnDemand,
                schedule: None,
            },
            domain: "retail-prod",
            object_type: "Marketo-leads",
            status: FlowStatus::Active,
            status_message: None,
            // The newest run is still going: long enough to cancel.
            history: Some(History {
                count: 4,
                every: 2 * DAY,
                first_ago: 2 * MIN,
                run_ms: (40 * MIN, 50 * MIN),
                records: (40_000, 90_000),
                errors: &none,
            }),
        },
    ];
    for f in flows {
        let created = now - pick(30, 90, &[f.sample.name]) * DAY;
        let at = Placement {
            domain: f.domain,
            object_type: f.object_type,
            created_at: created,
            status: f.status,
            workflow: None,
        };
        let Some(mut flow) = flow_from_definition(&f.sample.definition(), at) else {
            continue;
        };
        flow.tags = serde_json::json!({"domain": f.domain, "team": "crm"});
        flow.updated_at = created + pick(1, 20, &[f.sample.name, "updated"]) * DAY;
        flow.status_message = f.status_message.map(str::to_string);
        if let Some(h) = &f.history {
            flow.executions = history(f.sample.name, now, h);
        }
        if f.status != FlowStatus::Draft {
            s.integrations.push(Integration {
                domain: f.domain.to_string(),
                uri: flow_arn(f.sample.name),
                object_type: f.object_type.to_string(),
                workflow: None,
                role_arn: None,
                created_at: created,
            });
        }
        s.flows.insert(flow.name.clone(), flow);
    }
}

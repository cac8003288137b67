//! The demo AWS account (123456789012, us-east-1): two Customer Profiles domains with
//! their object types, AppFlow connector profiles for the five workflow sources, and
//! the flows and workflows built in `seed_flows` and `seed_workflows`.
//!
//! Everything is fixed or derived from names by a stable hash, and every time is
//! relative to the clock when the emulator starts, so tests see the same account.

use std::collections::BTreeMap;

use super::connector::Connector;
use super::store::{AwsStore, Domain, ObjectType, Profile};
use super::{ACCOUNT, DEMO_KMS_KEY, REGION, seed_flows, seed_workflows};
use crate::clock::EpochMs;
use crate::dlz::stable_hash;

pub const MIN: i64 = 60_000;
pub const HOUR: i64 = 60 * MIN;
pub const DAY: i64 = 24 * HOUR;

/// The seeded account as of `now`.
pub fn demo(now: EpochMs) -> AwsStore {
    // Whole seconds keep every seeded timestamp an integer on the wire.
    let now = now - now.rem_euclid(1000);
    let mut s = AwsStore {
        domains: domains(now),
        object_types: object_types(now),
        profiles: profiles(now),
        ..AwsStore::default()
    };
    seed_flows::add(&mut s, now);
    seed_workflows::add(&mut s, now);
    s
}

/// 32 lowercase hex digits derived from `parts`.
pub fn hex_id(parts: &[&str]) -> String {
    let a = stable_hash(0, parts);
    format!("{a:016x}{:016x}", stable_hash(a, parts))
}

/// A UUID-shaped id derived from `parts`, like AppFlow's execution ids.
pub fn uuid_id(parts: &[&str]) -> String {
    let h = hex_id(parts);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// A number in `lo..hi` derived from `parts`.
pub fn pick(lo: i64, hi: i64, parts: &[&str]) -> i64 {
    lo + (stable_hash(7, parts) % (hi - lo).max(1) as u64) as i64
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn domains(now: EpochMs) -> Vec<Domain> {
    vec![
        Domain {
            name: "loyalty-sandbox".into(),
            created_at: now - 95 * DAY,
            updated_at: now - 3 * DAY,
            expiration_days: 90,
            kms_key: DEMO_KMS_KEY.into(),
            dead_letter_queue: None,
            profiles: 4_812,
            objects: 22_905,
            tags: tags(&[("env", "sandbox"), ("team", "loyalty")]),
        },
        Domain {
            name: "retail-prod".into(),
            created_at: now - 420 * DAY,
            updated_at: now - 12 * DAY,
            expiration_days: 366,
            kms_key: DEMO_KMS_KEY.into(),
            dead_letter_queue: Some(format!(
                "https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/retail-prod-profiles-dlq"
            )),
            profiles: 184_233,
            objects: 1_290_411,
            tags: tags(&[("env", "prod"), ("team", "crm")]),
        },
    ]
}

fn object_types(now: EpochMs) -> Vec<ObjectType> {
    // Both domains have the create form's default object types (Salesforce-Account,
    // Marketo-leads, Zendesk-tickets, ServiceNow-incident, S3-customers), so its
    // templates are accepted as they come.
    let loyalty: &[(&str, &str)] = &[
        ("Loyalty_Member", "Loyalty members from Salesforce"),
        ("Marketo-leads", "Leads from Marketo"),
        ("S3-customers", "Customer records exported to Amazon S3"),
        ("S3-points", "Points ledger exported to Amazon S3"),
        ("Salesforce-Account", "Accounts from the Salesforce sandbox"),
        ("Salesforce-Contact", "Contacts from the Salesforce sandbox"),
        ("ServiceNow-incident", "Incidents from ServiceNow"),
        ("Zendesk-tickets", "Support tickets from Zendesk"),
    ];
    let retail: &[(&str, &str)] = &[
        ("Marketo-leads", "Leads from Marketo campaigns"),
        ("S3-customers", "Customer records exported to Amazon S3"),
        ("S3-orders", "Web and store orders exported to Amazon S3"),
        ("Salesforce-Account", "Accounts from Salesforce"),
        ("Salesforce-Contact", "Contacts from Salesforce"),
        ("ServiceNow-incident", "Incidents from ServiceNow"),
        ("Zendesk-tickets", "Support tickets from Zendesk"),
    ];
    [("loyalty-sandbox", loyalty), ("retail-prod", retail)]
        .into_iter()
        .flat_map(|(domain, rows)| {
            rows.iter().map(move |(name, description)| ObjectType {
                domain: domain.to_string(),
                name: name.to_string(),
                description: description.to_string(),
                created_at: now - pick(60, 400, &[domain, name]) * DAY,
                tags: BTreeMap::new(),
            })
        })
        .collect()
}

fn profiles(now: EpochMs) -> Vec<Profile> {
    let rows: &[(&str, Connector, Option<&str>, bool)] = &[
        (
            "marketo-campaigns",
            Connector::Marketo,
            Some("https://123-ABC-456.mktorest.com"),
            false,
        ),
        ("s3-exports", Connector::S3, None, false),
        (
            "salesforce-loyalty-uat",
            Connector::Salesforce,
            Some("https://loyalty-demo--uat.sandbox.my.salesforce.com"),
            true,
        ),
        (
            "salesforce-retail",
            Connector::Salesforce,
            Some("https://retail-demo.my.salesforce.com"),
            false,
        ),
        (
            "servicenow-itsm",
            Connector::Servicenow,
            Some("https://retaildemo.service-now.com"),
            false,
        ),
        (
            "zendesk-support",
            Connector::Zendesk,
            Some("https://retaildemo.zendesk.com"),
            false,
        ),
    ];
    rows.iter()
        .map(|(name, connector, url, sandbox)| {
            let created = now - pick(120, 300, &[name]) * DAY;
            Profile {
                name: name.to_string(),
                connector: *connector,
                instance_url: url.map(str::to_string),
                sandbox: *sandbox,
                created_at: created,
                updated_at: created + pick(1, 100, &[name, "updated"]) * DAY,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_models_shapes() {
        let h = hex_id(&["a"]);
        assert_eq!(h.len(), 32);
        assert!(
            h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let u = uuid_id(&["a"]);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}

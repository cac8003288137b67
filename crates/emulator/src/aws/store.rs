//! Everything the emulator's AWS account holds: Customer Profiles domains, their object
//! types, integrations and workflows; AppFlow connector profiles and flows; StartFlow's
//! idempotency tokens; and counters tests read through `EmulatorHandle`.
//!
//! Lists keep a stable order (names, or creation time) so page tokens, which are
//! offsets, stay meaningful between calls.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::connector::Connector;
use super::flow::Flow;
use super::wire::{Body, epoch, put};
use super::workflow::Workflow;
use super::{ACCOUNT, REGION};
use crate::clock::EpochMs;

/// How long a StartFlow client token is remembered (AppFlow documents 8 hours).
pub const TOKEN_TTL_MS: i64 = 8 * 3_600_000;

#[derive(Clone, Debug)]
pub struct Domain {
    pub name: String,
    pub created_at: EpochMs,
    pub updated_at: EpochMs,
    pub expiration_days: i64,
    pub kms_key: String,
    pub dead_letter_queue: Option<String>,
    pub profiles: i64,
    pub objects: i64,
    pub tags: BTreeMap<String, String>,
}

impl Domain {
    pub fn item(&self) -> Value {
        let mut m = Body::new();
        m.insert("DomainName".into(), self.name.clone().into());
        m.insert("CreatedAt".into(), epoch(self.created_at));
        m.insert("LastUpdatedAt".into(), epoch(self.updated_at));
        put(&mut m, "Tags", tags(&self.tags));
        Value::Object(m)
    }

    pub fn detail(&self) -> Value {
        let mut m = Body::new();
        m.insert("DomainName".into(), self.name.clone().into());
        m.insert("DefaultExpirationDays".into(), self.expiration_days.into());
        m.insert("DefaultEncryptionKey".into(), self.kms_key.clone().into());
        put(&mut m, "DeadLetterQueueUrl", self.dead_letter_queue.clone());
        m.insert(
            "Stats".into(),
            json!({
                "ProfileCount": self.profiles,
                "MeteringProfileCount": self.profiles,
                "ObjectCount": self.objects,
                "TotalSize": self.objects * 2_150,
            }),
        );
        m.insert("CreatedAt".into(), epoch(self.created_at));
        m.insert("LastUpdatedAt".into(), epoch(self.updated_at));
        put(&mut m, "Tags", tags(&self.tags));
        Value::Object(m)
    }
}

#[derive(Clone, Debug)]
pub struct ObjectType {
    pub domain: String,
    pub name: String,
    pub description: String,
    pub created_at: EpochMs,
    pub tags: BTreeMap<String, String>,
}

impl ObjectType {
    pub fn item(&self) -> Value {
        let mut m = Body::new();
        m.insert("ObjectTypeName".into(), self.name.clone().into());
        m.insert("Description".into(), self.description.clone().into());
        m.insert("CreatedAt".into(), epoch(self.created_at));
        m.insert("LastUpdatedAt".into(), epoch(self.created_at));
        put(&mut m, "Tags", tags(&self.tags));
        Value::Object(m)
    }
}

/// An AppFlow connector profile. Credentials live in Secrets Manager in the real
/// service and are never returned; only their ARN is.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub connector: Connector,
    pub instance_url: Option<String>,
    pub sandbox: bool,
    pub created_at: EpochMs,
    pub updated_at: EpochMs,
}

impl Profile {
    pub fn detail(&self) -> Value {
        let mut props = Body::new();
        if let Some(url) = &self.instance_url {
            let mut p = Body::new();
            p.insert("instanceUrl".into(), url.clone().into());
            if self.connector == Connector::Salesforce {
                p.insert("isSandboxEnvironment".into(), self.sandbox.into());
            }
            props.insert(self.connector.key().into(), Value::Object(p));
        }
        json!({
            "connectorProfileArn": format!("arn:aws:appflow:{REGION}:{ACCOUNT}:connectorprofile/{}", self.name),
            "connectorProfileName": self.name,
            "connectorType": self.connector.type_name(),
            "connectionMode": "Public",
            "credentialsArn": format!(
                "arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:appflow!{ACCOUNT}-{}-{}",
                self.name,
                self.created_at / 1000
            ),
            "connectorProfileProperties": props,
            "createdAt": epoch(self.created_at),
            "lastUpdatedAt": epoch(self.updated_at),
        })
    }
}

/// A domain's integration: which AppFlow flow (its ARN is the `Uri`) feeds which
/// object type.
#[derive(Clone, Debug)]
pub struct Integration {
    pub domain: String,
    pub uri: String,
    pub object_type: String,
    pub workflow: Option<String>,
    pub role_arn: Option<String>,
    pub created_at: EpochMs,
}

impl Integration {
    pub fn item(&self) -> Value {
        let mut m = Body::new();
        m.insert("DomainName".into(), self.domain.clone().into());
        m.insert("Uri".into(), self.uri.clone().into());
        m.insert("ObjectTypeName".into(), self.object_type.clone().into());
        m.insert("CreatedAt".into(), epoch(self.created_at));
        m.insert("LastUpdatedAt".into(), epoch(self.created_at));
        put(&mut m, "WorkflowId", self.workflow.clone());
        m.insert("IsUnstructured".into(), false.into());
        put(&mut m, "RoleArn", self.role_arn.clone());
        Value::Object(m)
    }
}

#[derive(Clone, Debug)]
pub struct Started {
    pub execution: Option<String>,
    pub at: EpochMs,
}

#[derive(Clone, Debug, Default)]
pub struct AwsStore {
    pub domains: Vec<Domain>,
    pub object_types: Vec<ObjectType>,
    pub profiles: Vec<Profile>,
    pub flows: BTreeMap<String, Flow>,
    /// Oldest first; listings show the newest first.
    pub workflows: Vec<Workflow>,
    pub integrations: Vec<Integration>,
    /// (flow, client token) → what StartFlow answered.
    pub start_tokens: HashMap<(String, String), Started>,
    /// Executions StartFlow created, per flow.
    pub started: BTreeMap<String, u64>,
    pub workflows_created: u64,
}

impl AwsStore {
    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }

    pub fn object_types_of(&self, domain: &str) -> Vec<&ObjectType> {
        self.object_types
            .iter()
            .filter(|o| o.domain == domain)
            .collect()
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    pub fn workflow(&self, domain: &str, id: &str) -> Option<&Workflow> {
        self.workflows
            .iter()
            .find(|w| w.domain == domain && w.id == id)
    }
}

fn tags(t: &BTreeMap<String, String>) -> Option<Value> {
    (!t.is_empty()).then(|| json!(t))
}

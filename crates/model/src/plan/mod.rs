//! A plan: the Flow Service objects to create, reuse or delete, in order, each a request
//! body, linked to one another by step name. The explorer's wizard builds one, the CLI
//! reads one from a file (`flowscope apply`), and both send it through the same applier.
//!
//! A string `"${source}"` anywhere in a body stands for the id of the step named
//! `source` once it exists; `"${env:NAME}"` for the environment variable `NAME`, so a
//! saved plan never holds a secret in clear. Checking a plan ([`Plan::issues`]) is pure:
//! it marks every wrong reference, missing field and duplicate name where it is, before
//! anything is sent.

mod check;
mod clone;
mod resolve;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use check::PlanIssue;
pub use clone::{CloneSource, clone_flow, env_name};
pub use resolve::{Ref, Unresolved, env_placeholder, parse_ref, refs_in};

/// The Flow Service collections a plan creates in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanKind {
    #[serde(alias = "baseConnection")]
    Connection,
    SourceConnection,
    TargetConnection,
    Flow,
}

impl PlanKind {
    /// The collection's path under the Flow Service (`/connections`, …).
    pub fn resource(self) -> &'static str {
        match self {
            PlanKind::Connection => "connections",
            PlanKind::SourceConnection => "sourceConnections",
            PlanKind::TargetConnection => "targetConnections",
            PlanKind::Flow => "flows",
        }
    }

    /// How a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Connection => "base connection",
            PlanKind::SourceConnection => "source connection",
            PlanKind::TargetConnection => "target connection",
            PlanKind::Flow => "flow",
        }
    }

    /// The kind a reference in `field` of a body of this kind must name, if the field
    /// holds a reference at all.
    pub fn field_refers_to(self, field: &str) -> Option<PlanKind> {
        match (self, field) {
            (PlanKind::SourceConnection | PlanKind::TargetConnection, "baseConnectionId") => {
                Some(PlanKind::Connection)
            }
            (PlanKind::Flow, "sourceConnectionIds") => Some(PlanKind::SourceConnection),
            (PlanKind::Flow, "targetConnectionIds") => Some(PlanKind::TargetConnection),
            _ => None,
        }
    }
}

/// What a step does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    /// Create the object from `body`; `flowscope apply` reuses one of the same kind and
    /// name that exists already, so a plan can be applied again.
    #[default]
    Create,
    /// An object that exists (`id`), named so later steps can refer to it.
    Use,
    /// Delete the object `id` (or the one a step before created).
    Delete,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The name later steps refer to this one by (`${name}`).
    pub name: String,
    pub kind: PlanKind,
    #[serde(default)]
    pub op: Op,
    /// The request body of a create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The object a `use` or `delete` step means: an id, or `${step}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Step {
    pub fn create(name: impl Into<String>, kind: PlanKind, body: Value) -> Step {
        Step {
            name: name.into(),
            kind,
            op: Op::Create,
            body: Some(body),
            id: None,
        }
    }

    pub fn reuse(name: impl Into<String>, kind: PlanKind, id: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            kind,
            op: Op::Use,
            body: None,
            id: Some(id.into()),
        }
    }

    pub fn delete(name: impl Into<String>, kind: PlanKind, id: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            kind,
            op: Op::Delete,
            body: None,
            id: Some(id.into()),
        }
    }

    /// The `name` of the object a create step makes (what `apply` matches on).
    pub fn object_name(&self) -> Option<&str> {
        self.body
            .as_ref()?
            .get("name")?
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }

    /// The line a review shows for it: `POST /flows`, `DELETE /connections/{id}`.
    pub fn request_line(&self) -> String {
        let path = self.kind.resource();
        match self.op {
            Op::Create => format!("POST /{path}"),
            Op::Use => format!("GET /{path}/{}", self.id.as_deref().unwrap_or("?")),
            Op::Delete => format!("DELETE /{path}/{}", self.id.as_deref().unwrap_or("?")),
        }
    }
}

/// The whole plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// What the plan is for, shown in reviews and the journal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The sandbox it is meant for; a different `--sandbox` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<String>,
    pub steps: Vec<Step>,
}

/// One object a plan made or found, in the order it did: what a rollback deletes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    pub step: String,
    pub kind: PlanKind,
    pub id: String,
}

impl Plan {
    pub fn step(&self, name: &str) -> Option<(usize, &Step)> {
        self.steps.iter().enumerate().find(|(_, s)| s.name == name)
    }

    /// The plan that undoes `made` (objects created, oldest first): each deleted, the
    /// newest first, so a flow goes before the connections it uses.
    pub fn rollback(made: &[Made]) -> Plan {
        Plan {
            description: Some("delete what the failed plan created".into()),
            sandbox: None,
            steps: made
                .iter()
                .rev()
                .map(|m| Step::delete(m.step.clone(), m.kind, m.id.clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;

//! What is wrong with a plan before anything is sent: each issue names its step and the
//! JSON pointer in it, so the wizard marks the field and the CLI prints where.

use std::collections::HashSet;

use serde_json::Value;

use super::resolve::{Ref, refs_in};
use super::{Op, Plan, PlanKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanIssue {
    /// The step's index, or `None` for the plan as a whole.
    pub step: Option<usize>,
    /// Where in the step: `/body/baseConnectionId`, `/name`, `/id`.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for PlanIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.step {
            Some(i) => write!(f, "steps[{i}]{}: {}", self.at, self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl Plan {
    /// Every issue, in step order; empty when the plan can be sent.
    pub fn issues(&self) -> Vec<PlanIssue> {
        let mut out = Vec::new();
        if self.steps.is_empty() {
            out.push(PlanIssue {
                step: None,
                at: String::new(),
                message: "the plan has no steps".into(),
            });
        }
        let mut seen: Vec<(&str, PlanKind, Op)> = Vec::new();
        let mut object_names: HashSet<(PlanKind, String)> = HashSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            let mut issue = |at: &str, message: String| {
                out.push(PlanIssue {
                    step: Some(i),
                    at: at.to_string(),
                    message,
                })
            };
            let name = step.name.trim();
            if name.is_empty() {
                issue("/name", "every step needs a name".into());
            } else if seen.iter().any(|(n, _, _)| *n == name) {
                issue("/name", format!("another step is already named '{name}'"));
            }
            match step.op {
                Op::Create => match &step.body {
                    Some(Value::Object(body)) => {
                        match body.get("name") {
                            Some(Value::String(n)) if !n.trim().is_empty() => {
                                if !object_names.insert((step.kind, n.trim().to_string())) {
                                    issue(
                                        "/body/name",
                                        format!(
                                            "another {} in this plan is named '{}'",
                                            step.kind.label(),
                                            n.trim()
                                        ),
                                    );
                                }
                            }
                            Some(Value::String(_)) | None => {
                                issue("/body/name", "a name is required".into())
                            }
                            Some(_) => issue("/body/name", "the name must be a string".into()),
                        }
                        let spec = match step.kind {
                            PlanKind::Flow => "flowSpec",
                            _ => "connectionSpec",
                        };
                        if body
                            .get(spec)
                            .and_then(|s| s.get("id"))
                            .and_then(Value::as_str)
                            .is_none_or(|s| s.trim().is_empty())
                        {
                            issue(
                                &format!("/body/{spec}/id"),
                                format!("'{spec}.id' is required"),
                            );
                        }
                    }
                    Some(_) => issue("/body", "the body must be a JSON object".into()),
                    None => issue("/body", "a create step needs a body".into()),
                },
                Op::Use | Op::Delete => {
                    if step.id.as_deref().is_none_or(|s| s.trim().is_empty()) {
                        issue(
                            "/id",
                            format!("a {:?} step needs an 'id'", step.op).to_lowercase(),
                        );
                    }
                }
            }
            let id_refs = step
                .id
                .as_ref()
                .map(|id| refs_in_str(id, "/id"))
                .unwrap_or_default();
            let body_refs = step
                .body
                .as_ref()
                .map(|b| {
                    refs_in(b)
                        .into_iter()
                        .map(|(at, r)| (format!("/body{at}"), r))
                        .collect()
                })
                .unwrap_or_else(Vec::new);
            for (at, r) in id_refs.into_iter().chain(body_refs) {
                match r {
                    Ref::Env(var) => {
                        if var.is_empty()
                            || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        {
                            issue(&at, format!("'{var}' is not an environment variable name"));
                        }
                        if at == "/id" {
                            issue(&at, "an id cannot come from the environment".into());
                        }
                    }
                    Ref::Step(target) => {
                        let Some((_, kind, op)) = seen.iter().find(|(n, _, _)| *n == target) else {
                            let later = self.steps.iter().skip(i).any(|s| s.name == target);
                            issue(
                                &at,
                                if later {
                                    format!(
                                        "'{target}' is a later step; refer only to steps before this one"
                                    )
                                } else {
                                    format!("'{target}' refers to no step of this plan")
                                },
                            );
                            continue;
                        };
                        if *op == Op::Delete {
                            issue(&at, format!("'{target}' is deleted by this plan"));
                        }
                        let field = at
                            .strip_prefix("/body/")
                            .and_then(|rest| rest.split('/').next());
                        let wanted = match field {
                            Some(f) => step.kind.field_refers_to(f),
                            None => Some(step.kind),
                        };
                        if let Some(wanted) = wanted
                            && wanted != *kind
                        {
                            issue(
                                &at,
                                format!(
                                    "'{target}' is a {}, but a {} belongs here",
                                    kind.label(),
                                    wanted.label()
                                ),
                            );
                        }
                    }
                }
            }
            seen.push((name, step.kind, step.op));
        }
        out
    }
}

fn refs_in_str<'a>(s: &'a str, at: &str) -> Vec<(String, Ref<'a>)> {
    super::resolve::parse_ref(s)
        .map(|r| vec![(at.to_string(), r)])
        .unwrap_or_default()
}

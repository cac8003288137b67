//! References in a plan's bodies: `${step}` for the id of an earlier step's object and
//! `${env:NAME}` for a value (a secret) read from the environment when the plan is sent.

use std::collections::HashMap;

use serde_json::Value;

use super::{Op, Plan, Step};

/// What a reference stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref<'a> {
    Step(&'a str),
    Env(&'a str),
}

/// The reference a whole string is, if it is one.
pub fn parse_ref(s: &str) -> Option<Ref<'_>> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?.trim();
    if inner.is_empty() {
        return None;
    }
    Some(match inner.strip_prefix("env:") {
        Some(var) => Ref::Env(var.trim()),
        None => Ref::Step(inner),
    })
}

/// The placeholder a saved plan holds instead of a secret.
pub fn env_placeholder(var: &str) -> String {
    format!("${{env:{var}}}")
}

/// Every reference in `v`, with its JSON pointer.
pub fn refs_in(v: &Value) -> Vec<(String, Ref<'_>)> {
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn walk<'a>(v: &'a Value, at: String, out: &mut Vec<(String, Ref<'a>)>) {
    match v {
        Value::String(s) => {
            if let Some(r) = parse_ref(s) {
                out.push((at, r));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let key = k.replace('~', "~0").replace('/', "~1");
                walk(x, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// A reference that could not be filled in when the step was about to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub step: String,
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "step '{}' at {}: {}", self.step, self.at, self.message)
    }
}

impl Plan {
    /// `step`'s body (or id) with its references filled in from `ids` (step name → id of
    /// its object) and `env`.
    pub fn resolve_body(
        step: &Step,
        ids: &HashMap<String, String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Value>, Unresolved> {
        let Some(body) = &step.body else {
            return Ok(None);
        };
        let mut body = body.clone();
        fill(&mut body, String::new(), step, ids, env)?;
        Ok(Some(body))
    }

    /// The id a `use` or `delete` step means.
    pub fn resolve_id(step: &Step, ids: &HashMap<String, String>) -> Result<String, Unresolved> {
        let fail = |message: String| Unresolved {
            step: step.name.clone(),
            at: "/id".into(),
            message,
        };
        let id = step
            .id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| fail(format!("a {:?} step needs an 'id'", step.op)))?;
        match parse_ref(id) {
            None => Ok(id.to_string()),
            Some(Ref::Step(name)) => ids
                .get(name)
                .cloned()
                .ok_or_else(|| fail(format!("step '{name}' has no object yet"))),
            Some(Ref::Env(_)) => Err(fail("an id cannot come from the environment".into())),
        }
    }

    /// Whether any step still has to be sent with `op`.
    pub fn has(&self, op: Op) -> bool {
        self.steps.iter().any(|s| s.op == op)
    }
}

fn fill(
    v: &mut Value,
    at: String,
    step: &Step,
    ids: &HashMap<String, String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Unresolved> {
    match v {
        Value::String(s) => {
            let value = match parse_ref(s) {
                None => return Ok(()),
                Some(Ref::Step(name)) => ids.get(name).cloned().ok_or_else(|| Unresolved {
                    step: step.name.clone(),
                    at: at.clone(),
                    message: format!("step '{name}' has no object yet"),
                })?,
                Some(Ref::Env(var)) => env(var).ok_or_else(|| Unresolved {
                    step: step.name.clone(),
                    at: at.clone(),
                    message: format!("the environment variable {var} is not set"),
                })?,
            };
            *s = value;
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                fill(x, format!("{at}/{i}"), step, ids, env)?;
            }
        }
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                fill(x, format!("{at}/{k}"), step, ids, env)?;
            }
        }
        _ => {}
    }
    Ok(())
}

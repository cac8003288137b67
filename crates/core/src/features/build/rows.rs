//! Acting on what exists, from its row or its detail: `t` tests a base connection, `X`
//! deletes a flow (with its own connections, in one reviewed plan) or a connection (what
//! uses it shown first), `c` clones a flow into the wizard.

use std::collections::HashMap;

use serde_json::Value;

use super::reply::{BuildReply, ask_row, plan_lines};
use super::stages::load;
use super::{BuildLoad, BuildView, Purpose};
use crate::effect::Effect;
use crate::shared::ask::Ask;
use crate::shared::nav::ObjKind;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;
use flowscope_model::plan::{Plan, PlanKind, Step, env_placeholder, refs_in};
use flowscope_model::redact::is_secret_key;

/// Row actions waiting for what they need read first (what uses an object).
#[derive(Debug, Default)]
pub struct BuildUi {
    pub pending: HashMap<u64, (PlanKind, String)>,
}

fn plan_kind(kind: ObjKind) -> Option<PlanKind> {
    Some(match kind {
        ObjKind::Connection => PlanKind::Connection,
        ObjKind::SourceConnection => PlanKind::SourceConnection,
        ObjKind::TargetConnection => PlanKind::TargetConnection,
        ObjKind::Flow => PlanKind::Flow,
        _ => return None,
    })
}

/// `t` on a base connection: ask, then test it.
pub fn test(app: &mut App) -> Option<Vec<Effect>> {
    let (kind, id, obj) = crate::nav::pointed(app)?;
    if kind != ObjKind::Connection {
        return None;
    }
    if app.read_only {
        app.toast(super::keys::READ_ONLY, true);
        return Some(Vec::new());
    }
    let name = obj
        .as_ref()
        .map(|o| s(o, "/name").to_string())
        .unwrap_or_default();
    let lines = vec![
        (
            Tone::Plain,
            format!(
                "Test the base connection {}?",
                if name.is_empty() { &id } else { &name }
            ),
        ),
        (
            Tone::Running,
            format!("GET /data/foundation/flowservice/connections/{id}/test"),
        ),
        (
            Tone::Dim,
            "The service signs in to the source with the stored credentials.".into(),
        ),
    ];
    Some(ask_row(
        app,
        Ask::new("test a connection", "test", lines, BuildReply::Test { id }),
    ))
}

/// `X` on a flow or a connection: read what uses it, then ask.
pub fn delete(app: &mut App) -> Vec<Effect> {
    if app.read_only {
        app.toast(super::keys::READ_ONLY, true);
        return Vec::new();
    }
    let Some((kind, id, _)) = crate::nav::pointed(app) else {
        app.toast("nothing to delete here", true);
        return Vec::new();
    };
    let Some(kind) = plan_kind(kind) else {
        app.toast("only flows and connections are deleted here", true);
        return Vec::new();
    };
    let slot = app.next_id();
    let ticket = app.next_id();
    app.build.pending.insert(slot, (kind, id.clone()));
    app.toast(
        format!("looking up what uses this {}…", kind.label()),
        false,
    );
    vec![Effect::Build(super::BuildEffect::Load {
        slot,
        ticket,
        what: BuildLoad::Uses { kind, id },
    })]
}

/// What uses the object arrived: the question, with the plan of deletes.
pub fn uses_arrived(app: &mut App, slot: u64, result: Result<Value, ErrorInfo>) -> Vec<Effect> {
    let Some((kind, id)) = app.build.pending.remove(&slot) else {
        return Vec::new();
    };
    let found = match result {
        Ok(v) => v,
        Err(e) => {
            app.toast(format!("cannot tell what uses {id}: {}", e.message), true);
            return Vec::new();
        }
    };
    let name = s(&found, "/object/name").to_string();
    let mut plan = Plan::default();
    let mut lines = Vec::new();
    let used_by = found
        .get("usedBy")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if kind == PlanKind::Flow {
        plan.steps.push(Step::delete("flow", kind, id.clone()));
        lines.push((
            Tone::Plain,
            format!("Delete the flow {name} and the connections only it uses?"),
        ));
        for c in found
            .get("connections")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let others = c
                .get("usedBy")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let ckind = if s(c, "/kind") == "targetConnection" {
                PlanKind::TargetConnection
            } else {
                PlanKind::SourceConnection
            };
            if others == 0 {
                plan.steps
                    .push(Step::delete(s(c, "/kind"), ckind, s(c, "/id")));
            } else {
                lines.push((
                    Tone::Dim,
                    format!(
                        "keeps {} {}: {others} other flow(s) use it",
                        ckind.label(),
                        s(c, "/name")
                    ),
                ));
            }
        }
    } else {
        plan.steps.push(Step::delete("object", kind, id.clone()));
        lines.push((
            Tone::Plain,
            format!(
                "Delete the {} {}?",
                kind.label(),
                if name.is_empty() { &id } else { &name }
            ),
        ));
        if !used_by.is_empty() {
            lines.push((Tone::Warn, format!("⚠ in use by {} object(s); the service refuses to delete it until they are gone:", used_by.len())));
            for u in used_by.iter().take(10) {
                lines.push((
                    Tone::Warn,
                    format!("   {} {} {}", s(u, "/kind"), s(u, "/name"), s(u, "/id")),
                ));
            }
        } else {
            lines.push((Tone::Dim, "nothing uses it".into()));
        }
    }
    lines.push((Tone::Plain, String::new()));
    lines.extend(plan_lines(&plan));
    lines.push((
        Tone::Dim,
        "Each request is sent once and written to the journal.".into(),
    ));
    ask_row(
        app,
        Ask::new("delete", "delete", lines, BuildReply::Delete { plan }),
    )
}

/// `c` on a flow: the wizard with a copy of it.
pub fn clone(app: &mut App) -> Option<Vec<Effect>> {
    let (kind, id, _) = crate::nav::pointed(app)?;
    if kind != ObjKind::Flow {
        return None;
    }
    if app.read_only {
        app.toast(super::keys::READ_ONLY, true);
        return Some(Vec::new());
    }
    let slot = app.next_id();
    let ticket = app.next_id();
    let mut v = BuildView::new(slot, Purpose::Clone);
    let now = app.now_ms;
    let fx = vec![load(
        &mut v,
        ticket,
        now,
        BuildLoad::CloneOf { flow_id: id },
    )];
    app.stack_mut().push(View::Build(Box::new(v)));
    Some(fx)
}

/// The plan as saved to a file: every secret under `auth` an `${env:…}` placeholder.
pub fn without_secrets(plan: &Plan) -> Plan {
    let mut plan = plan.clone();
    for step in &mut plan.steps {
        let who = step.name.to_uppercase();
        if let Some(auth) = step.body.as_mut().and_then(|b| b.get_mut("auth")) {
            mask(auth, &who);
        }
    }
    plan
}

fn mask(v: &mut Value, who: &str) {
    if let Value::Object(o) = v {
        for (k, x) in o.iter_mut() {
            if is_secret_key(k) && x.is_string() {
                *x = Value::String(env_placeholder(&flowscope_model::plan::env_name(who, k)));
            } else {
                mask(x, who);
            }
        }
    }
}

/// The `${env:…}` names a plan needs values for.
pub fn env_vars(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .steps
        .iter()
        .filter_map(|s| s.body.as_ref())
        .flat_map(|b| {
            refs_in(b)
                .into_iter()
                .filter_map(|(_, r)| match r {
                    flowscope_model::plan::Ref::Env(v) => Some(v.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

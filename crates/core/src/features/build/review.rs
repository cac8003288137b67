//! The review: the plan from the filled stages, checked whole (its own issues, names that
//! exist already, schedule rules, a dataset that does not fit the source), every request
//! shown in order; `y` sends it, each step once.

use serde_json::Value;

use super::plans::{Schedule, misfit};
use super::stages::{export_plan, ingest_plan, load};
use super::{BuildEffect, BuildLoad, BuildView, Stage, StepState};
use crate::effect::Effect;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;
use flowscope_model::plan::{CloneSource, Op, Plan, clone_flow};

fn view(app: &mut App) -> Option<&mut BuildView> {
    match app.stack_mut().last_mut()? {
        View::Build(v) => Some(v),
        _ => None,
    }
}

/// Enter on the flow form.
pub fn from_flow_form(app: &mut App, value: Value) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let schedule = Schedule {
        frequency: s(&value, "/frequency").to_string(),
        interval: value.get("interval").and_then(Value::as_i64).unwrap_or(0),
        start_s: value.get("startTime").and_then(Value::as_i64).unwrap_or(0),
        backfill: false,
    };
    let format = v.format.clone().unwrap_or(Value::Null);
    let mut wrong = Vec::new();
    if let Err((field, why)) = schedule.check() {
        wrong.push((field, why));
    }
    if let Some(dataset) = &v.dataset
        && let Some(why) = misfit(s(&format, "/format"), s(&value, "/mappingId"), dataset)
    {
        wrong.push(("mappingId", why));
    }
    if !wrong.is_empty() {
        if let Some(form) = v.form.as_mut() {
            for (field, why) in &wrong {
                super::form_ext::set_error(form, field, why);
            }
        }
        let (field, why) = &wrong[0];
        v.say(Tone::Failed, format!("{field}: {why}"));
        return Vec::new();
    }
    match ingest_plan(v, &value, &format) {
        Ok(plan) => to_review(app, plan),
        Err(why) => {
            v.say(Tone::Failed, why);
            Vec::new()
        }
    }
}

/// Enter on the export form.
pub fn from_export_form(app: &mut App, value: Value) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let frequency = s(&value, "/frequency");
    let interval = value.get("interval").and_then(Value::as_i64).unwrap_or(0);
    if frequency != "once" && interval < 1 {
        if let Some(form) = v.form.as_mut() {
            super::form_ext::set_error(form, "interval", "must be at least 1");
        }
        v.say(Tone::Failed, "interval: must be at least 1");
        return Vec::new();
    }
    let plan = export_plan(v, &value);
    to_review(app, plan)
}

/// The clone plan of what was read (`flow`, `source`, `target`, `base`): the base
/// connection reused in its own sandbox, created again (secrets to enter) elsewhere.
pub fn clone_plan(read: &Value, same_sandbox: bool) -> Plan {
    let get = |k: &str| read.get(k).cloned().unwrap_or(Value::Null);
    let (flow, source, target) = (get("flow"), get("source"), get("target"));
    let base = read.get("base").filter(|b| !b.is_null());
    clone_flow(&CloneSource {
        flow: &flow,
        source: &source,
        target: &target,
        base,
        same_sandbox,
    })
}

/// Enter on a clone's form: names, path, dataset, sandbox and secrets into the plan.
pub fn from_clone_form(app: &mut App, value: Value) -> Vec<Effect> {
    let current = app.target.sandbox.clone();
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let Some(read) = v.clone_of.clone() else {
        return Vec::new();
    };
    let sandbox = s(&value, "/sandbox").to_string();
    let same = sandbox.is_empty() || sandbox == current;
    let mut plan = clone_plan(&read, same);
    for step in plan.steps.iter_mut().filter(|s| s.op == Op::Create) {
        let Some(body) = step.body.as_mut() else {
            continue;
        };
        if let Some(name) = value
            .get(format!("name:{}", step.name))
            .and_then(Value::as_str)
        {
            body["name"] = Value::String(name.to_string());
        }
        if step.name == "source"
            && body.pointer("/params/path").is_some()
            && let Some(path) = value.get("path").and_then(Value::as_str)
        {
            body["params"]["path"] = Value::String(path.to_string());
        }
        if body.pointer("/params/dataSetId").is_some()
            && let Some(ds) = value.get("dataSetId").and_then(Value::as_str)
        {
            body["params"]["dataSetId"] = Value::String(ds.to_string());
        }
    }
    v.secrets.clear();
    for var in super::rows::env_vars(&plan) {
        match value.get(format!("secret:{var}")).and_then(Value::as_str) {
            Some(text) if !text.is_empty() => {
                v.secrets.insert(var, text.to_string());
            }
            _ => {
                if let Some(form) = v.form.as_mut() {
                    super::form_ext::set_error(
                        form,
                        &format!("secret:{var}"),
                        "required in another sandbox: enter it again",
                    );
                }
                v.say(
                    Tone::Failed,
                    format!("{var}: a secret is never copied; enter it again"),
                );
                return Vec::new();
            }
        }
    }
    v.sandbox = (!same).then_some(sandbox);
    to_review(app, plan)
}

/// Shows `plan` for review and asks which of its names exist already.
pub fn to_review(app: &mut App, plan: Plan) -> Vec<Effect> {
    let now = app.now_ms;
    let ticket = app.next_id();
    let Some(v) = view(app) else {
        return Vec::new();
    };
    v.issues = plan.issues().iter().map(ToString::to_string).collect();
    let names = plan
        .steps
        .iter()
        .filter(|s| s.op == Op::Create)
        .filter_map(|s| Some((s.kind, s.object_name()?.to_string())))
        .collect();
    v.progress = vec![StepState::Waiting; plan.steps.len()];
    v.plan = Some(plan);
    v.scroll = 0;
    v.go(Stage::Review);
    let sandbox = v.sandbox.clone();
    vec![load(v, ticket, now, BuildLoad::Taken { names, sandbox })]
}

/// `y` in review: each request once, in order.
pub fn send(app: &mut App) -> Vec<Effect> {
    if app.read_only {
        app.toast(super::keys::READ_ONLY, true);
        return Vec::new();
    }
    let audit = crate::shared::editor::spec::Audit::of(app);
    let Some(v) = view(app) else {
        return Vec::new();
    };
    if v.pane.load.is_loading() {
        v.say(Tone::Warn, "still checking which names exist: a moment");
        return Vec::new();
    }
    if !v.issues.is_empty() {
        v.say(
            Tone::Failed,
            "fix what is marked before sending (esc goes back)",
        );
        return Vec::new();
    }
    let Some(plan) = v.plan.clone() else {
        return Vec::new();
    };
    v.go(Stage::Sending);
    v.progress = vec![StepState::Waiting; plan.steps.len()];
    vec![Effect::Build(BuildEffect::Apply {
        slot: v.pane.slot,
        plan,
        refuse_existing: true,
        sandbox: v.sandbox.clone(),
        secrets: v.secrets.clone(),
        audit,
    })]
}

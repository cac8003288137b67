//! What the wizard's reads and sends answer: lists to pick from, a preview, which names
//! are taken, each step's progress, the end of a plan (then the test of a new base
//! connection, the rollback question on a failure), a test's result.

use serde_json::{Value, json};

use super::pick::Pick;
use super::stages::{auth_specs, format_form, spec_label};
use super::{Applying, Base, BuildEffect, BuildLoad, BuildMsg, Purpose, Stage, StepState};
use crate::effect::Effect;
use crate::shared::form::Form;
use crate::shared::table::{Tone, s};
use crate::state::App;
use flowscope_model::plan::Op;

pub fn received(app: &mut App, msg: BuildMsg) -> Vec<Effect> {
    match msg {
        BuildMsg::Loaded {
            slot,
            ticket,
            what,
            result,
        } => {
            if let BuildLoad::Uses { .. } = what {
                return super::rows::uses_arrived(app, slot, result);
            }
            loaded(app, slot, ticket, what, result)
        }
        BuildMsg::Step { slot, index, state } => {
            if let Some(v) = super::keys::pane_of(app, slot) {
                let rows = match v.applying {
                    Applying::Rollback | Applying::RollbackAndLeave => &mut v.progress_rollback,
                    _ => &mut v.progress,
                };
                if let Some(p) = rows.get_mut(index) {
                    *p = state;
                }
            }
            Vec::new()
        }
        BuildMsg::Applied {
            slot,
            made,
            failed,
            journal,
        } => applied(app, slot, made, failed, journal),
        BuildMsg::Tested { slot, id, result } => {
            let now = app.now_ms;
            if let Some(v) = super::keys::pane_of(app, slot).filter(|_| slot != 0) {
                match &result {
                    Ok(true) => v.say(Tone::Ok, "✓ the connection test passed: Enter explores it"),
                    Ok(false) => v.say(
                        Tone::Failed,
                        "✗ the connection test failed: check the credentials (esc goes back)",
                    ),
                    Err(e) => v.say(
                        Tone::Failed,
                        format!("✗ the test could not run: {}", e.message),
                    ),
                }
                v.test = Some(result);
                v.pane.loaded(now);
                return Vec::new();
            }
            match result {
                Ok(true) => app.toast(format!("✓ connection {id}: test passed"), false),
                Ok(false) => app.toast(format!("✗ connection {id}: test failed"), true),
                Err(e) => app.toast(format!("✗ connection {id}: {}", e.message), true),
            }
            Vec::new()
        }
        BuildMsg::Saved { path, result } => {
            match result {
                Ok(()) => app.toast(
                    format!("plan saved to {path}: `flowscope apply {path}` sends it"),
                    false,
                ),
                Err(e) => app.toast(format!("cannot save the plan to {path}: {e}"), true),
            }
            Vec::new()
        }
    }
}

fn loaded(
    app: &mut App,
    slot: u64,
    ticket: u64,
    what: BuildLoad,
    result: Result<Value, crate::shared::pane::ErrorInfo>,
) -> Vec<Effect> {
    let now = app.now_ms;
    let new_text = app.new_text;
    let sandboxes = app.known.sandboxes.clone();
    let current = app.target.sandbox.clone();
    let next = app.next_id();
    let Some(v) = super::keys::pane_of(app, slot) else {
        return Vec::new();
    };
    if !v.pane.accepts(ticket) {
        return Vec::new();
    }
    let value = match result {
        Ok(value) => value,
        Err(e) => {
            v.say(Tone::Failed, e.message.clone());
            v.pick.loading = false;
            v.pane.fail(e, now);
            return Vec::new();
        }
    };
    v.pane.loaded(now);
    let items = |v: &Value| {
        v.get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match what {
        BuildLoad::Specs => {
            let all = items(&value);
            let (flows, conns): (Vec<Value>, Vec<Value>) = all.into_iter().partition(|s| {
                s.get("sourceConnectionSpecIds").is_some()
                    || s.get("targetConnectionSpecIds").is_some()
            });
            v.specs = conns;
            v.flow_specs = flows;
            match v.purpose {
                Purpose::Ingest => {
                    v.pick = Pick::new(
                        super::stages::ingestible(&v.specs, &v.flow_specs),
                        spec_label,
                    );
                    if let Some(base) = v.preset.take() {
                        let spec_id = v.spec_id().to_string();
                        let spec = v
                            .pick
                            .items
                            .iter()
                            .find(|s| s["id"] == spec_id.as_str())
                            .cloned();
                        if let Some(spec) = spec {
                            v.spec = Some(spec);
                            v.go(Stage::Base);
                            v.pick = Pick::loading();
                            v.base = Some(base);
                            return super::keys::to_source(v, new_text, next, now);
                        }
                        v.spec = None;
                    }
                }
                Purpose::Export => {
                    v.pick = Pick::loading();
                    return vec![super::stages::load(
                        v,
                        next,
                        now,
                        BuildLoad::Exportable {
                            spec_id: super::stages::export_spec(),
                        },
                    )];
                }
                Purpose::Clone => {}
            }
        }
        BuildLoad::Connections { .. } => {
            let spec = v.spec.clone().unwrap_or(Value::Null);
            let mut list: Vec<Value> = auth_specs(&spec)
                .iter()
                .enumerate()
                .map(|(i, a)| json!({"authSpecIndex": i, "name": format!("+ new connection: {}", s(a, "/name"))}))
                .collect();
            list.extend(items(&value));
            v.pick = Pick::new(list, |c| match c.get("authSpecIndex") {
                Some(_) => s(c, "/name").to_string(),
                None => format!("  {}  {}  {}", s(c, "/name"), s(c, "/state"), s(c, "/id")),
            });
        }
        BuildLoad::Explore { path, .. } => {
            let mut list = Vec::new();
            if !path.is_empty() {
                list.push(json!({"name": format!("✓ read the whole folder {path}"), "path": path, "type": "folder", "pick": true}));
            }
            list.extend(items(&value));
            v.pick = Pick::new(list, |i| {
                let icon = if s(i, "/type") == "folder" {
                    "▸"
                } else {
                    " "
                };
                if i.get("pick").is_some() {
                    s(i, "/name").to_string()
                } else {
                    format!("{icon} {}", s(i, "/name"))
                }
            });
        }
        BuildLoad::Preview { .. } => {
            let spec = v.spec.clone().unwrap_or(Value::Null);
            v.form = Some(format_form(new_text, &spec, Some(&value), v.path.as_ref()));
            v.preview = Some(value);
        }
        BuildLoad::Datasets | BuildLoad::Exportable { .. } => {
            v.pick = Pick::new(items(&value), |d| {
                format!(
                    "{}  {}  {}",
                    s(d, "/name"),
                    s(d, "/schemaRef/id").rsplit('/').next().unwrap_or(""),
                    s(d, "/id")
                )
            });
        }
        BuildLoad::CloneOf { .. } => {
            let plan = super::review::clone_plan(&value, true);
            let elsewhere = super::review::clone_plan(&value, false);
            let source = value.get("source").cloned().unwrap_or(Value::Null);
            let target = value.get("target").cloned().unwrap_or(Value::Null);
            let mut form = Form::new(new_text);
            let others: Vec<&str> = std::iter::once(current.as_str())
                .chain(
                    sandboxes
                        .iter()
                        .map(String::as_str)
                        .filter(|s| *s != current),
                )
                .collect();
            form = form.choice(
                "sandbox",
                "sandbox",
                &others,
                &current,
                "where the copy is created",
            );
            for step in plan.steps.iter().filter(|s| s.op == Op::Create) {
                let name = step.object_name().unwrap_or("");
                form = form.text(
                    &format!("name:{}", step.name),
                    &format!("{} name", step.kind.label()),
                    true,
                    "the copy's name",
                    name,
                );
            }
            if let Some(p) = source.pointer("/params/path").and_then(Value::as_str) {
                form = form.text("path", "source path", true, "what the copy reads", p);
            }
            if let Some(d) = target.pointer("/params/dataSetId").and_then(Value::as_str) {
                form = form.text(
                    "dataSetId",
                    "dataset id",
                    true,
                    "the dataset the copy writes",
                    d,
                );
            }
            for var in super::rows::env_vars(&elsewhere) {
                form = form.secret(
                    &format!("secret:{var}"),
                    &var,
                    false,
                    "a secret of the base connection: needed only in another sandbox",
                    "",
                );
            }
            v.clone_of = Some(value);
            v.plan = Some(plan);
            v.form = Some(form);
        }
        BuildLoad::Taken { .. } => {
            let taken = value.as_array().cloned().unwrap_or_default();
            if let Some(plan) = &v.plan {
                for t in &taken {
                    let (kind, name) = (s(t, "/kind"), s(t, "/name"));
                    if let Some((i, step)) = plan.steps.iter().enumerate().find(|(_, st)| {
                        st.op == Op::Create
                            && st.object_name() == Some(name)
                            && serde_json::to_value(st.kind)
                                .ok()
                                .and_then(|k| k.as_str().map(String::from))
                                .as_deref()
                                == Some(kind)
                    }) {
                        v.issues.push(format!("steps[{i}]/body/name: a {} named '{name}' exists already: pick another name", step.kind.label()));
                    }
                }
            }
        }
        BuildLoad::Uses { .. } => {}
    }
    Vec::new()
}

fn applied(
    app: &mut App,
    slot: u64,
    made: Vec<flowscope_model::plan::Made>,
    failed: Option<(usize, crate::shared::pane::ErrorInfo)>,
    journal: Result<(), String>,
) -> Vec<Effect> {
    let now = app.now_ms;
    let audit = crate::shared::editor::spec::Audit::of(app);
    let Some(v) = super::keys::pane_of(app, slot) else {
        // A delete from a row: say how it went and show the lists without it.
        match &failed {
            None => app.toast(format!("deleted {} object(s)", made.len().max(1)), false),
            Some((_, e)) => app.toast(format!("not deleted: {}", e.message), true),
        }
        if let Err(e) = journal {
            app.toast(format!("journal: {e}"), true);
        }
        return reload_changed(app);
    };
    if let Err(e) = &journal {
        v.say(
            Tone::Warn,
            format!("sent, but the journal could not be written: {e}"),
        );
    }
    match v.applying {
        Applying::Base => {
            v.applying = Applying::Plan;
            match (made.first(), failed) {
                (Some(m), _) => {
                    let name = v.form.as_ref().map(|f| f.get("name")).unwrap_or_default();
                    v.made.push(m.clone());
                    v.base = Some(Base::Made {
                        id: m.id.clone(),
                        name,
                    });
                    v.say(Tone::Running, "created; testing it…");
                    v.pane.begin(0, now);
                    vec![Effect::Build(BuildEffect::Test {
                        slot,
                        id: m.id.clone(),
                        audit,
                    })]
                }
                (None, Some((_, e))) => {
                    v.say(Tone::Failed, format!("✗ not created: {}", e.message));
                    Vec::new()
                }
                (None, None) => Vec::new(),
            }
        }
        Applying::Plan => {
            v.made.extend(made);
            match failed {
                None => {
                    v.stage = Stage::Done;
                    v.say(
                        Tone::Ok,
                        "✓ every request was sent: Enter opens the new flow",
                    );
                    reload_changed(app)
                }
                Some((i, e)) => {
                    if let Some(p) = v.progress.get_mut(i) {
                        *p = StepState::Failed(e.clone());
                    }
                    let step = v
                        .plan
                        .as_ref()
                        .and_then(|p| p.steps.get(i))
                        .map(|s| s.kind.label())
                        .unwrap_or("step");
                    v.stage = Stage::Failed;
                    v.say(
                        Tone::Failed,
                        format!("✗ step {} ({step}) failed: {}", i + 1, e.message),
                    );
                    if v.made.is_empty() {
                        return Vec::new();
                    }
                    super::reply::offer_rollback(app, false)
                }
            }
        }
        Applying::Rollback | Applying::RollbackAndLeave => {
            let leaving = v.applying == Applying::RollbackAndLeave;
            v.applying = Applying::Plan;
            let deleted = v.made.len();
            let _ = made;
            match failed {
                None => {
                    v.rollback = Some(Ok(v.made.len()));
                    v.made.clear();
                    v.say(
                        Tone::Ok,
                        format!(
                            "✓ rolled back: deleted {deleted} object(s); nothing is left orphaned"
                        ),
                    );
                    if leaving {
                        return crate::nav::back(app);
                    }
                }
                Some((_, e)) => {
                    v.say(
                        Tone::Failed,
                        format!("✗ the rollback stopped: {}", e.message),
                    );
                    v.rollback = Some(Err(e));
                }
            }
            Vec::new()
        }
    }
}

/// The lists a plan may have changed: connections and flows, wherever they are listed.
fn reload_changed(app: &mut App) -> Vec<Effect> {
    use crate::shared::nav::ListKind;
    crate::load::reload_matching(
        app,
        |v| matches!(v, crate::view::View::List(l) if matches!(l.kind, ListKind::Flows | ListKind::Connections)),
    )
}

//! The wizard's and the row actions' questions: create a base connection to test it,
//! delete what a failed plan made, save the plan to a file, test a connection, delete an
//! object with what uses it shown first. `y` sends; the answer comes back as a
//! [`BuildReply`].

use serde_json::Value;

use super::{Applying, BuildEffect, BuildView};
use crate::effect::Effect;
use crate::overlay::{InputBox, Overlay};
use crate::reply::Reply;
use crate::shared::ask::Ask;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;
use flowscope_model::plan::{Plan, PlanKind, Step};
use flowscope_model::redact::masked;

#[derive(Debug)]
pub enum BuildReply {
    /// Create the base connection `body` (then test it).
    CreateBase { slot: u64, body: Value },
    /// Delete what the wizard in `slot` made; `leaving`: then close it.
    Rollback { slot: u64, leaving: bool },
    /// The path to save the wizard's plan to.
    SavePath { slot: u64 },
    /// `GET /connections/{id}/test`.
    Test { id: String },
    /// Send a plan of deletes.
    Delete { plan: Plan },
}

fn view(app: &mut App, slot: u64) -> Option<&mut BuildView> {
    super::keys::pane_of(app, slot)
}

fn ask(app: &mut App, a: Ask<BuildReply>) -> Vec<Effect> {
    app.overlay = Some(Overlay::Ask(Box::new(a.map(Reply::Build))));
    Vec::new()
}

/// The request lines of a plan, bodies masked, for a question.
pub fn plan_lines(plan: &Plan) -> Vec<(Tone, String)> {
    let mut lines = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        lines.push((
            Tone::Running,
            format!(
                "{}. {}  ({})",
                i + 1,
                step.request_line(),
                step.kind.label()
            ),
        ));
        if let Some(body) = &step.body {
            let text = serde_json::to_string_pretty(&masked(body)).unwrap_or_default();
            lines.extend(text.lines().map(|l| (Tone::Plain, format!("   {l}"))));
        }
    }
    lines
}

/// Enter on the auth form: ask to create the connection now, so it can be tested and
/// explored.
pub fn ask_create_base(app: &mut App, form: Value) -> Vec<Effect> {
    let Some(View::Build(v)) = app.stack_mut().last_mut() else {
        return Vec::new();
    };
    let spec = v.spec.clone().unwrap_or(Value::Null);
    let auths = super::stages::auth_specs(&spec);
    let auth_name = v
        .auth
        .and_then(|i| auths.get(i))
        .map(|a| s(a, "/name").to_string())
        .unwrap_or_default();
    let mut params = form.clone();
    if let Some(o) = params.as_object_mut() {
        o.remove("name");
    }
    let body = serde_json::json!({
        "name": s(&form, "/name"),
        "connectionSpec": {"id": s(&spec, "/id"), "version": "1.0"},
        "auth": {"specName": auth_name, "params": params},
    });
    let slot = v.pane.slot;
    let plan = Plan {
        description: None,
        sandbox: None,
        steps: vec![Step::create("base", PlanKind::Connection, body.clone())],
    };
    let mut lines = vec![
        (
            Tone::Plain,
            "Create this base connection now, to test it and explore what it reads?".to_string(),
        ),
        (
            Tone::Dim,
            "If the dataflow is not finished, the wizard offers to delete it again.".to_string(),
        ),
        (Tone::Plain, String::new()),
    ];
    lines.extend(plan_lines(&plan));
    ask(
        app,
        Ask::new(
            "create a base connection",
            "create",
            lines,
            BuildReply::CreateBase { slot, body },
        ),
    )
}

/// A step failed, or the user leaves with objects made: ask to delete them. `leaving`:
/// asked on the way out, so a yes or a no also closes the wizard; right after a failure
/// the pane stays to show how it ended.
pub fn offer_rollback(app: &mut App, leaving: bool) -> Vec<Effect> {
    let Some(View::Build(v)) = app.stack_mut().last_mut() else {
        return Vec::new();
    };
    let slot = v.pane.slot;
    if v.made.is_empty() {
        return if leaving {
            crate::nav::back(app)
        } else {
            Vec::new()
        };
    }
    let undo = Plan::rollback(&v.made);
    let mut lines = vec![
        (
            Tone::Plain,
            format!(
                "Delete the {} object(s) this wizard created, so nothing is left orphaned?",
                v.made.len()
            ),
        ),
        (
            Tone::Dim,
            "n keeps them (a later `flowscope apply` of the saved plan reuses them).".to_string(),
        ),
        (Tone::Plain, String::new()),
    ];
    lines.extend(plan_lines(&undo));
    ask(
        app,
        Ask::new(
            "roll back",
            "delete",
            lines,
            BuildReply::Rollback { slot, leaving },
        ),
    )
}

/// ctrl-s in review: where to save the plan.
pub fn ask_save_path(app: &mut App) -> Vec<Effect> {
    let Some(View::Build(v)) = app.stack_mut().last_mut() else {
        return Vec::new();
    };
    let slot = v.pane.slot;
    let bx = InputBox::prompt(
        app.new_text,
        "save plan to ",
        "dataflow-plan.json",
        Reply::Build(BuildReply::SavePath { slot }),
        Vec::new(),
    );
    app.overlay = Some(Overlay::Input(Box::new(bx)));
    Vec::new()
}

/// A path typed at the save prompt.
pub fn typed(
    app: &mut App,
    reply: BuildReply,
    text: &str,
) -> Result<Vec<Effect>, (BuildReply, String)> {
    let BuildReply::SavePath { slot } = reply else {
        return Err((reply, "nothing to type here".into()));
    };
    let path = text.trim();
    if path.is_empty() {
        return Err((reply, "a file name is needed".into()));
    }
    if !(path.ends_with(".json") || path.ends_with(".toml")) {
        return Err((reply, "a plan is saved as .json or .toml".into()));
    }
    app.overlay = None;
    let Some(v) = view(app, slot) else {
        return Ok(Vec::new());
    };
    let Some(plan) = v.plan.clone() else {
        return Ok(Vec::new());
    };
    Ok(vec![Effect::Build(BuildEffect::SavePlan {
        path: path.to_string(),
        plan: super::rows::without_secrets(&plan),
    })])
}

/// A question answered.
pub fn answered(app: &mut App, reply: BuildReply, yes: bool) -> Vec<Effect> {
    if yes && app.read_only {
        app.toast(super::keys::READ_ONLY, true);
        return Vec::new();
    }
    match reply {
        BuildReply::CreateBase { slot, body } => {
            if !yes {
                return Vec::new();
            }
            let Some(v) = view(app, slot) else {
                return Vec::new();
            };
            v.applying = Applying::Base;
            v.say(Tone::Running, "creating the base connection…");
            vec![Effect::Build(BuildEffect::Apply {
                slot,
                plan: Plan {
                    description: Some("a base connection to test".into()),
                    sandbox: None,
                    steps: vec![Step::create("base", PlanKind::Connection, body)],
                },
                refuse_existing: true,
                sandbox: None,
                secrets: Default::default(),
                audit: crate::shared::editor::spec::Audit::of(app),
            })]
        }
        BuildReply::Rollback { slot, leaving } => {
            let Some(v) = view(app, slot) else {
                return Vec::new();
            };
            if !yes {
                if leaving {
                    return crate::nav::back(app);
                }
                v.say(
                    Tone::Warn,
                    "kept what was created: esc leaves, ctrl-s saves the plan to finish later",
                );
                return Vec::new();
            }
            v.applying = if leaving {
                Applying::RollbackAndLeave
            } else {
                Applying::Rollback
            };
            v.say(Tone::Running, "deleting what was created…");
            let plan = Plan::rollback(&v.made);
            v.progress_rollback = vec![super::StepState::Waiting; plan.steps.len()];
            vec![Effect::Build(BuildEffect::Apply {
                slot,
                plan,
                refuse_existing: true,
                sandbox: v.sandbox.clone(),
                secrets: Default::default(),
                audit: crate::shared::editor::spec::Audit::of(app),
            })]
        }
        BuildReply::SavePath { .. } => Vec::new(),
        BuildReply::Test { id } => {
            if !yes {
                return Vec::new();
            }
            vec![Effect::Build(BuildEffect::Test {
                slot: 0,
                id,
                audit: crate::shared::editor::spec::Audit::of(app),
            })]
        }
        BuildReply::Delete { plan } => {
            if !yes {
                return Vec::new();
            }
            let slot = app.next_id();
            vec![Effect::Build(BuildEffect::Apply {
                slot,
                plan,
                refuse_existing: true,
                sandbox: None,
                secrets: Default::default(),
                audit: crate::shared::editor::spec::Audit::of(app),
            })]
        }
    }
}

pub(super) fn ask_row(app: &mut App, a: Ask<BuildReply>) -> Vec<Effect> {
    ask(app, a)
}

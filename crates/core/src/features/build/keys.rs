//! The wizard's keys, stage by stage: lists pick with the arrows and filter as you type,
//! forms take their keys, Enter moves on once the stage is right, Esc goes back a stage.
//! In review, `y` sends every request once; ctrl-s saves the plan to a file.

use serde_json::Value;

use super::pick::Pick;
use super::stages::{auth_form, auth_specs, export_form, flow_form, format_form, load};
use super::{Base, BuildLoad, BuildView, Purpose, Stage, StepState};
use crate::effect::Effect;
use crate::shared::action::Action;
use crate::shared::form::FormKeyResult as FormKey;
use crate::shared::key::{KeyCode, Mods};
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;

pub const READ_ONLY: &str =
    "read-only session (--read-only): nothing is created, tested or deleted";

/// `n`: the wizard, for a new dataflow or (on the landing zone's destination side) an export.
pub fn open(app: &mut App, purpose: Purpose) -> Vec<Effect> {
    if app.read_only {
        app.toast(READ_ONLY, true);
        return Vec::new();
    }
    let slot = app.next_id();
    let ticket = app.next_id();
    let mut v = BuildView::new(slot, purpose);
    v.pick = Pick::loading();
    // On a base connection, the wizard starts from it: its spec, and it reused.
    if purpose == Purpose::Ingest
        && let Some((crate::shared::nav::ObjKind::Connection, id, Some(obj))) =
            crate::nav::pointed(app)
    {
        v.preset = Some(Base::Existing {
            id,
            name: s(&obj, "/name").to_string(),
        });
        v.spec = Some(serde_json::json!({"id": s(&obj, "/connectionSpec/id")}));
    }
    let now = app.now_ms;
    let fx = vec![load(&mut v, ticket, now, BuildLoad::Specs)];
    app.stack_mut().push(View::Build(Box::new(v)));
    fx
}

fn view(app: &mut App) -> Option<&mut BuildView> {
    match app.stack_mut().last_mut()? {
        View::Build(v) => Some(v),
        _ => None,
    }
}

/// Keys while the wizard is in front. `None` lets the action through (resize, quit).
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    if matches!(
        action,
        Action::Resize { .. } | Action::ForceQuit | Action::Click { .. }
    ) {
        return None;
    }
    let stage = view(app)?.stage;
    if matches!(action, Action::Cancel | Action::Back) {
        return Some(back(app));
    }
    Some(match stage {
        Stage::Sending => Vec::new(),
        Stage::Spec | Stage::Base | Stage::Source | Stage::Target | Stage::Datasets => {
            pick_key(app, action)
        }
        Stage::Auth | Stage::Format | Stage::Flow | Stage::Export | Stage::Clone => {
            form_key(app, action)
        }
        Stage::Review => review_key(app, action),
        Stage::Done => done_key(app, action),
        Stage::Failed => match action {
            Action::Submit | Action::Confirm => super::reply::offer_rollback(app, false),
            Action::Key(k) if k.code == KeyCode::Char('y') => {
                super::reply::offer_rollback(app, false)
            }
            _ => Vec::new(),
        },
    })
}

/// Esc: the stage before; out of the wizard from its first stage, when done or after a
/// failure, asking first to delete what it made if it made anything.
fn back(app: &mut App) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    if v.stage == Stage::Sending {
        return Vec::new();
    }
    let leaving = v.trail.is_empty() || matches!(v.stage, Stage::Done | Stage::Failed);
    if !leaving {
        if let Some(prev) = v.trail.pop() {
            v.stage = prev;
            v.note = None;
        }
        let now = app.now_ms;
        return reenter(app, now);
    }
    if v.stage != Stage::Done && !v.made.is_empty() {
        return super::reply::offer_rollback(app, true);
    }
    crate::nav::back(app)
}

/// Coming back to a stage: its list and form as they were left, typed values kept.
fn reenter(app: &mut App, now: i64) -> Vec<Effect> {
    let ticket = app.next_id();
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let stage = v.stage;
    if let Some(pos) = v.kept.iter().rposition(|(s, _, _)| *s == stage) {
        let (_, pick, form) = v.kept.remove(pos);
        v.pick = pick;
        v.form = form;
    }
    // A list never read (the wizard started on a connection skipped it) is read now.
    if stage == Stage::Base && v.pick.loading {
        let spec_id = v.spec_id().to_string();
        return vec![load(v, ticket, now, BuildLoad::Connections { spec_id })];
    }
    Vec::new()
}

fn pick_key(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    match action {
        Action::Up => v.pick.step(-1),
        Action::Down => v.pick.step(1),
        Action::PageUp => v.pick.step(-10),
        Action::PageDown => v.pick.step(10),
        Action::Key(k) => match k.code {
            KeyCode::Char(' ') if v.stage == Stage::Datasets => v.pick.tick(),
            KeyCode::Char(c) if !k.mods.contains(Mods::CTRL) => v.pick.type_char(c),
            KeyCode::Backspace => v.pick.backspace(),
            _ => {}
        },
        Action::Paste(t) => {
            for c in t.chars().filter(|c| !c.is_control()) {
                v.pick.type_char(c);
            }
        }
        Action::Submit | Action::Confirm => return chosen(app),
        _ => {}
    }
    Vec::new()
}

/// Enter on a list: the item in focus becomes the stage's choice.
fn chosen(app: &mut App) -> Vec<Effect> {
    let new_text = app.new_text;
    let now = app.now_ms;
    let ticket = app.next_id();
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let item = v.pick.current().map(|(_, item)| item.clone());
    if v.stage == Stage::Datasets {
        let mut picked = v.pick.ticked_items();
        if picked.is_empty() {
            picked.extend(item);
        }
        if picked.is_empty() {
            v.say(Tone::Warn, "tick the datasets to export with space");
            return Vec::new();
        }
        v.exports = picked;
        v.go(Stage::Export);
        v.form = Some(export_form(new_text, now / 1000, v.exports.len()));
        return Vec::new();
    }
    // A path the explore does not list (or a service that lists nothing) is typed.
    let item = match item {
        None if v.stage == Stage::Source && !v.pick.filter.trim().is_empty() => {
            serde_json::json!({"path": v.pick.filter.trim(), "type": "file"})
        }
        None => return Vec::new(),
        Some(item) => item,
    };
    match v.stage {
        Stage::Spec => {
            v.spec = Some(item.clone());
            v.base = None;
            if v.needs_base() {
                v.go(Stage::Base);
                v.pick = Pick::loading();
                let spec_id = v.spec_id().to_string();
                vec![load(v, ticket, now, BuildLoad::Connections { spec_id })]
            } else {
                to_source(v, new_text, ticket, now)
            }
        }
        Stage::Base => {
            if let Some(auth) = item.get("authSpecIndex").and_then(Value::as_u64) {
                let spec = v.spec.clone().unwrap_or(Value::Null);
                let auths = auth_specs(&spec);
                let Some(a) = auths.get(auth as usize) else {
                    return Vec::new();
                };
                v.auth = Some(auth as usize);
                v.test = None;
                v.go(Stage::Auth);
                v.form = Some(auth_form(new_text, &spec, a));
                Vec::new()
            } else {
                v.base = Some(Base::Existing {
                    id: s(&item, "/id").to_string(),
                    name: s(&item, "/name").to_string(),
                });
                to_source(v, new_text, ticket, now)
            }
        }
        Stage::Source => {
            let path = s(&item, "/path").to_string();
            let folder = s(&item, "/type") == "folder";
            if folder && !item.get("pick").and_then(Value::as_bool).unwrap_or(false) {
                v.folder = path.clone();
                v.pick = Pick::loading();
                return vec![load(v, ticket, now, explore(v, path))];
            }
            v.path = Some((path.clone(), folder));
            v.preview = None;
            v.go(Stage::Format);
            let spec = v.spec.clone().unwrap_or(Value::Null);
            v.form = Some(format_form(new_text, &spec, None, v.path.as_ref()));
            if folder {
                return Vec::new();
            }
            let what = BuildLoad::Preview {
                base_id: v.base.as_ref().map(|b| b.id().to_string()),
                spec_id: v.spec_id().to_string(),
                path,
            };
            vec![load(v, ticket, now, what)]
        }
        Stage::Target => {
            v.dataset = Some(item);
            match flow_form(new_text, v, now / 1000) {
                Ok(form) => {
                    v.go(Stage::Flow);
                    v.form = Some(form);
                }
                Err(why) => v.say(Tone::Failed, why),
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The request that lists `path` of the source.
pub fn explore(v: &BuildView, path: String) -> BuildLoad {
    BuildLoad::Explore {
        base_id: v.base.as_ref().map(|b| b.id().to_string()),
        spec_id: v.spec_id().to_string(),
        path,
    }
}

/// After the connection: pick a file, or (a stream) go straight to the dataset.
pub(super) fn to_source(
    v: &mut BuildView,
    new_text: crate::shared::text::NewText,
    ticket: u64,
    now: i64,
) -> Vec<Effect> {
    if !v.explorable() {
        // A stream or an inlet: its params (stream name, hub…) come next.
        v.path = None;
        v.go(Stage::Format);
        v.pick = Pick::default();
        let spec = v.spec.clone().unwrap_or(Value::Null);
        v.form = Some(format_form(new_text, &spec, None, None));
        return Vec::new();
    }
    v.folder = String::new();
    v.go(Stage::Source);
    v.pick = Pick::loading();
    let what = explore(v, String::new());
    vec![load(v, ticket, now, what)]
}

fn form_key(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let Some(form) = v.form.as_mut() else {
        return Vec::new();
    };
    match form.key(action) {
        FormKey::Submit => submit_form(app),
        FormKey::Cancel => back(app),
        FormKey::Consumed | FormKey::Ignored => Vec::new(),
    }
}

/// Enter on a form: checked, then the next stage.
fn submit_form(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let new_text = app.new_text;
    let ticket = app.next_id();
    let Some(v) = view(app) else {
        return Vec::new();
    };
    let Some(form) = v.form.as_mut() else {
        return Vec::new();
    };
    let Ok(value) = form.value() else {
        v.say(Tone::Failed, "a field is wrong: it is marked");
        return Vec::new();
    };
    match v.stage {
        // Created and tested already: on to what it reads.
        Stage::Auth if v.made_base().is_some() => to_source(v, new_text, ticket, now),
        Stage::Auth => super::reply::ask_create_base(app, value),
        Stage::Format => {
            v.go(Stage::Target);
            v.pick = Pick::loading();
            v.format = Some(value);
            vec![load(v, ticket, now, BuildLoad::Datasets)]
        }
        Stage::Flow => super::review::from_flow_form(app, value),
        Stage::Export => super::review::from_export_form(app, value),
        Stage::Clone => super::review::from_clone_form(app, value),
        _ => Vec::new(),
    }
}

fn review_key(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    match action {
        Action::Confirm | Action::Submit => super::review::send(app),
        Action::Key(k) if k.code == KeyCode::Char('y') && k.mods.is_empty() => {
            super::review::send(app)
        }
        Action::Key(k) if k.code == KeyCode::Char('s') && k.mods.contains(Mods::CTRL) => {
            super::reply::ask_save_path(app)
        }
        Action::Up => {
            v.scroll = v.scroll.saturating_sub(1);
            Vec::new()
        }
        Action::Down => {
            v.scroll += 1;
            Vec::new()
        }
        Action::PageDown => {
            v.scroll += 10;
            Vec::new()
        }
        Action::PageUp => {
            v.scroll = v.scroll.saturating_sub(10);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Enter when all was sent: the new flow's detail.
fn done_key(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(v) = view(app) else {
        return Vec::new();
    };
    if !matches!(action, Action::Submit | Action::Confirm) {
        return Vec::new();
    }
    let flow = v
        .plan
        .as_ref()
        .and_then(|p| p.step("flow"))
        .and_then(|(i, _)| match v.progress.get(i) {
            Some(StepState::Created(id) | StepState::Reused(id)) => Some(id.clone()),
            _ => None,
        });
    let Some(id) = flow else {
        return crate::nav::back(app);
    };
    let mut fx = crate::nav::back(app);
    fx.extend(crate::nav::push_detail(
        app,
        crate::shared::nav::ObjKind::Flow,
        &id,
        None,
    ));
    fx
}

/// The wizard's pane, if it is in front and has `slot`.
pub fn pane_of(app: &mut App, slot: u64) -> Option<&mut BuildView> {
    app.stacks.iter_mut().flatten().find_map(|v| match v {
        View::Build(b) if b.pane.slot == slot => Some(&mut **b),
        _ => None,
    })
}

/// Purpose of a fresh wizard from where the user is: the landing zone's destination
/// side exports, everything else ingests.
pub fn purpose_here(_app: &App) -> Purpose {
    Purpose::Ingest
}

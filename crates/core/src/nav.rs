//! Moving around the panes, for every feature: what the user points at (a row, the
//! object in detail, a graph box), opening an editor pane, and putting a freshly read
//! object in place of its stale copies everywhere it is shown.

use crate::effect::Effect;
use crate::features::detail::DetailView;
use crate::load::reload_current;
use crate::shared::action::Action;
use crate::shared::editor::EditorView;
use crate::shared::editor::Notice;
use crate::shared::list::keeps_objects;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::shared::table::Tone;
use crate::shared::table::s;
use crate::state::App;
use crate::view::View;
use flowscope_model::redact::mask_secrets;
use serde_json::Value;

pub fn push_editor(app: &mut App, mut editor: EditorView, external: bool) -> Vec<Effect> {
    if app.read_only && editor.notice.is_none() {
        editor.notice = Some(Notice {
            text: "read-only session: you can write and check a change, but not send it".into(),
            tone: Tone::Warn,
        });
    }
    let fx = if external {
        vec![Effect::ExternalEdit {
            slot: editor.slot,
            text: editor.value(),
        }]
    } else {
        Vec::new()
    };
    app.stack_mut().push(View::Editor(Box::new(editor)));
    crate::features::edit::keys::keep_cursor_visible(app);
    fx
}

/// Puts a freshly loaded object in place of its stale copies: list rows, detail views,
/// run views, history charts and the graph cache.
pub fn replace_everywhere(app: &mut App, obj: Value) {
    let Some(id) = obj.get("id").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let now = app.now_ms;
    let App {
        stacks,
        names,
        fuzzy,
        objects,
        ..
    } = app;
    for v in stacks.iter_mut().flatten() {
        match v {
            View::List(l) => l.replace_item(&id, &obj, names, fuzzy),
            View::Detail(d) if d.id == id => d.set_value(obj.clone(), now),
            View::Run(r) if r.id == id => r.set_value(obj.clone(), now),
            View::History(h) => h.note_run(&obj),
            _ => {}
        }
    }
    objects.replace(&id, &obj);
}

/// The object the user points at: the selected row, the object in detail, or the
/// selected box.
pub fn pointed(app: &App) -> Option<(ObjKind, String, Option<Value>)> {
    match app.view()? {
        View::List(l) if l.kind == ListKind::Dlz || l.kind == ListKind::Blobs => None,
        View::List(l) => {
            let summary = l.kind == ListKind::BulkEnds;
            let (kind, value, id, _) = selected(app)?;
            let kind = item_kind(kind, value.as_ref());
            // A summary's row is how an action ended, not the object: read it by id.
            let value = value.filter(|_| !summary);
            // A run's row keeps no object: the one read by id for a graph, if any.
            let value = value.or_else(|| app.objects.ready(kind, &id).cloned());
            Some((kind, id, value))
        }
        View::Detail(d) => Some((d.kind, d.id.clone(), d.value.clone())),
        View::Graph(_) => selected_object(app),
        View::Run(r) => Some((ObjKind::Run, r.id.clone(), r.value.clone())),
        View::History(h) => Some((ObjKind::Flow, h.flow_id.clone(), None)),
        View::Editor(_)
        | View::Zones(_)
        | View::Creds(_)
        | View::Preview(_)
        | View::Transfers(_)
        | View::Build(_) => None,
    }
}

/// A flow the graph in front streamed in, by id.
pub fn feed_item(app: &App, id: &str) -> Option<Value> {
    app.graph()?
        .feeds
        .iter()
        .flat_map(|f| f.items.iter())
        .find(|v| s(v, "/id") == id)
        .cloned()
}

/// The object behind the selected node, for `d`, `g`, `w`: kind, id, and the value if
/// it has arrived (or was streamed in with a list).
pub fn selected_object(app: &App) -> Option<(ObjKind, String, Option<Value>)> {
    let (kind, id) = app.graph()?.selected_node()?.object.clone()?;
    let value = app
        .objects
        .ready(kind, &id)
        .cloned()
        .or_else(|| feed_item(app, &id));
    Some((kind, id, value))
}

/// A draft's editor, rebuilt by the feature whose spec wrote it: a new AWS workflow's
/// request, an AppFlow flow's update, or a Flow Service patch. None when no feature knows the draft.
pub fn draft_editor(app: &mut App, d: &flowscope_model::Draft) -> Option<EditorView> {
    let slot = app.next_id();
    let (r, id, base) = (&d.resource, &d.id, d.base.as_ref());
    let aws: Option<Box<dyn crate::shared::editor::spec::EditSpec>> =
        match crate::features::aws::create::spec::CreateWorkflowSpec::from_draft(r, id, base) {
            Some(spec) => Some(Box::new(spec)),
            None => crate::features::aws::update::UpdateFlowSpec::from_draft(r, id, base)
                .map(|s| Box::new(s) as Box<dyn crate::shared::editor::spec::EditSpec>),
        };
    if let Some(spec) = aws {
        let mode = crate::shared::editor::spec::Mode::Patch;
        return Some(EditorView::recovered(
            slot,
            spec,
            mode,
            &d.text,
            app.new_text,
        ));
    }
    crate::features::edit::from_draft(slot, d, app.new_text)
}

pub(crate) fn page_size(app: &App) -> isize {
    app.areas().list_rows().max(1) as isize
}

/// Keeps the selection or cursor of the view in sight after a move or a resize.
pub(crate) fn keep_visible(app: &mut App) {
    let areas = app.areas();
    match app.view_mut() {
        Some(View::List(l)) => l.scroll_into_view(areas.list_rows()),
        Some(View::Detail(d)) => {
            d.tree.set_view_width(areas.detail_width());
            d.tree.keep_cursor_visible(areas.detail_lines());
        }
        Some(View::Graph(g)) => {
            let canvas = areas.graph_canvas();
            if g.laid_width != canvas.width {
                g.relayout(canvas.width);
            }
            g.keep_visible((canvas.width, canvas.height));
        }
        Some(View::Editor(_)) => crate::features::edit::keys::keep_cursor_visible(app),
        Some(View::Preview(p)) => {
            p.tree.set_view_width(areas.detail_width());
            p.tree.keep_cursor_visible(areas.detail_lines());
        }
        Some(View::Run(_))
        | Some(View::History(_))
        | Some(View::Zones(_))
        | Some(View::Creds(_))
        | Some(View::Transfers(_))
        | Some(View::Build(_))
        | None => {}
    }
}

pub(crate) fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.view_mut() {
        Some(View::List(l)) => l.move_by(delta),
        Some(View::Detail(d)) => {
            let n = delta.unsigned_abs();
            if delta < 0 {
                d.tree.up(n)
            } else {
                d.tree.down(n)
            }
        }
        Some(View::Graph(_))
        | Some(View::Editor(_))
        | Some(View::Run(_))
        | Some(View::History(_))
        | Some(View::Zones(_))
        | Some(View::Creds(_))
        | Some(View::Preview(_))
        | Some(View::Transfers(_))
        | Some(View::Build(_))
        | None => {}
    }
    keep_visible(app);
    Vec::new()
}

/// Switches tab; the tab's stack is kept, and an unloaded root starts loading.
pub fn go_tab(app: &mut App, tab: Tab) -> Vec<Effect> {
    // Credentials shown on purpose are masked again once the user looks elsewhere.
    for v in app.stacks.iter_mut().flatten() {
        if let View::Creds(c) = v {
            c.revealed = false;
        }
    }
    // The tab already in view: its number goes back to its root, as in a browser's
    // home button. An open edit stops the way down, so nothing typed is dropped.
    let mut fx = Vec::new();
    if app.tab == tab {
        while app.stack().len() > 1 && !matches!(app.view(), Some(View::Editor(_))) {
            if let Some(v) = app.stack_mut().pop() {
                fx.extend(v.slots().into_iter().map(|slot| Effect::Cancel { slot }));
            }
        }
        if app.stack().len() > 1 {
            app.toast("an edit is open here: esc closes it first", false);
        }
    }
    app.tab = tab;
    keep_visible(app);
    fx.extend(match app.view() {
        Some(View::List(l)) if l.load == crate::shared::pane::Load::Idle => reload_current(app),
        Some(View::Zones(z)) if z.load == crate::shared::pane::Load::Idle => reload_current(app),
        _ => Vec::new(),
    });
    fx
}

pub(crate) fn back(app: &mut App) -> Vec<Effect> {
    if app.stack().len() > 1 {
        let slots = app.stack_mut().pop().map(|v| v.slots()).unwrap_or_default();
        keep_visible(app);
        return slots
            .into_iter()
            .map(|slot| Effect::Cancel { slot })
            .collect();
    }
    // At a root, Esc clears the fuzzy filter first.
    if let Some((l, fuzzy)) = app.list_and_fuzzy()
        && !l.fuzzy.is_empty()
    {
        l.set_fuzzy("", fuzzy);
    }
    Vec::new()
}

pub(crate) fn push_list(app: &mut App, kind: ListKind, scope: Scope) -> Vec<Effect> {
    let slot = app.next_id();
    app.stack_mut()
        .push(View::List(crate::tables::list(slot, kind, scope)));
    reload_current(app)
}

pub(crate) fn push_detail(
    app: &mut App,
    kind: ObjKind,
    id: &str,
    value: Option<Value>,
) -> Vec<Effect> {
    let slot = app.next_id();
    let mut d = DetailView::new(slot, kind, id, id);
    let have = value.is_some();
    if let Some(v) = value {
        d.set_value(v, app.now_ms);
    }
    app.stack_mut().push(View::Detail(d));
    keep_visible(app);
    if have {
        Vec::new()
    } else {
        reload_current(app)
    }
}

/// The selected row of the list in view: its kind, its object where the list keeps
/// objects (a run is read by id), its id and its name.
pub(crate) fn selected(app: &App) -> Option<(ListKind, Option<Value>, String, String)> {
    let l = app.list()?;
    let row = l.selected_row()?;
    Some((
        l.kind,
        l.selected_item(),
        row.id().to_string(),
        row.name().to_string(),
    ))
}

pub(crate) fn spec_kind(v: &Value) -> ObjKind {
    if v.get("sourceConnectionSpecIds").is_some() || v.get("targetConnectionSpecIds").is_some() {
        ObjKind::FlowSpec
    } else {
        ObjKind::ConnectionSpec
    }
}

pub(crate) fn item_kind(kind: ListKind, v: Option<&Value>) -> ObjKind {
    match kind {
        ListKind::Connections => ObjKind::Connection,
        ListKind::Flows => ObjKind::Flow,
        ListKind::Runs => ObjKind::Run,
        ListKind::Specs => v.map_or(ObjKind::ConnectionSpec, spec_kind),
        ListKind::Dlz | ListKind::Blobs => ObjKind::DlzItem,
        ListKind::Journal => ObjKind::JournalEntry,
        ListKind::Drafts => ObjKind::Draft,
        ListKind::Messages => ObjKind::Message,
        ListKind::Live | ListKind::Failures => ObjKind::Run,
        ListKind::AwsDomains => ObjKind::AwsDomain,
        ListKind::AwsWorkflows | ListKind::AwsSteps => ObjKind::AwsWorkflow,
        ListKind::AwsFlows | ListKind::AwsExecutions => ObjKind::AwsFlow,
        ListKind::AwsProfiles => ObjKind::AwsProfile,
        ListKind::AwsIntegrations => ObjKind::AwsFlow,
        ListKind::AwsObjectTypes => ObjKind::AwsObjectType,
        ListKind::BulkEnds => v
            .and_then(crate::features::bulk::rows::kind_of)
            .unwrap_or(ObjKind::Flow),
    }
}

pub(crate) fn copy(app: &mut App, action: &Action) -> Vec<Effect> {
    // The detail view copies its object; a list copies the selected row's object.
    let value = match app.view() {
        Some(View::Detail(d)) => d.value.clone(),
        Some(View::List(l)) if !keeps_objects(l.kind) => return copy_by_id(app, action),
        Some(View::List(l)) => l.selected_item(),
        Some(View::Run(r)) => r.value.clone(),
        Some(View::Graph(_))
        | Some(View::Editor(_))
        | Some(View::History(_))
        | Some(View::Zones(_))
        | Some(View::Creds(_))
        | Some(View::Preview(_))
        | Some(View::Transfers(_))
        | Some(View::Build(_))
        | None => None,
    };
    let Some(value) = value else {
        app.toast("nothing selected to copy", true);
        return Vec::new();
    };
    copy_value(app, value, action)
}

/// Copies from a row whose list keeps no object (a run): its id and name are on the row;
/// for its JSON the object is read by id and copied when it arrives.
fn copy_by_id(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some((kind, _, id, name)) = selected(app) else {
        app.toast("nothing selected to copy", true);
        return Vec::new();
    };
    if matches!(action, Action::CopyId | Action::CopyName) {
        return copy_value(app, serde_json::json!({ "id": id, "name": name }), action);
    }
    let kind = item_kind(kind, None);
    if let Some(v) = app.objects.ready(kind, &id).cloned() {
        return copy_value(app, v, action);
    }
    app.toast(format!("reading the {} to copy it…", kind.noun()), false);
    app.copy_pending = Some((kind, id.clone(), action.clone()));
    app.objects.want_fresh(&(kind, id.clone()));
    vec![Effect::Resolve {
        generation: app.objects.generation,
        kind,
        id,
    }]
}

/// An object read for a copy arrived (or failed): copies it as asked.
pub(crate) fn copy_arrived(app: &mut App, kind: ObjKind, id: &str) -> Vec<Effect> {
    let Some((want_kind, want_id, action)) = app.copy_pending.clone() else {
        return Vec::new();
    };
    if want_kind != kind || want_id != id {
        return Vec::new();
    }
    app.copy_pending = None;
    match app.objects.get(kind, id) {
        Some(crate::shared::graph::cache::Entry::Ready(v)) => {
            let v = v.clone();
            copy_value(app, v, &action)
        }
        Some(crate::shared::graph::cache::Entry::Failed(e)) => {
            let msg = format!("the {} could not be read: {}", kind.noun(), e.message);
            app.toast(msg, true);
            Vec::new()
        }
        _ => {
            app.toast(format!("the {} is gone", kind.noun()), true);
            Vec::new()
        }
    }
}

fn copy_value(app: &mut App, mut value: Value, action: &Action) -> Vec<Effect> {
    let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let (text, what) = match action {
        Action::CopyId => (field("id").or_else(|| field("path")), "id"),
        Action::CopyName => (field("name"), "name"),
        Action::CopyJsonWithSecrets => (
            serde_json::to_string_pretty(&value).ok(),
            "JSON with secrets",
        ),
        _ => {
            // Secrets leave only when asked for by name (copy_json_secrets).
            mask_secrets(&mut value);
            (serde_json::to_string_pretty(&value).ok(), "JSON")
        }
    };
    match text {
        Some(text) => vec![Effect::Copy { text, what }],
        None => {
            app.toast(format!("this object has no {what}"), true);
            Vec::new()
        }
    }
}

//! Moving around the panes, for every feature: what the user points at (a row, the
//! object in detail, a graph box), opening an editor pane, and putting a freshly read
//! object in place of its stale copies everywhere it is shown.

use crate::effect::Effect;
use crate::shared::editor::EditorView;
use crate::shared::editor::Notice;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::table::Tone;
use crate::shared::table::s;
use crate::state::App;
use crate::state::View;
use crate::update::item_kind;
use crate::update::selected;
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
        View::List(_) => {
            let (kind, value, id, _) = selected(app)?;
            Some((item_kind(kind, &value), id, Some(value)))
        }
        View::Detail(d) => Some((d.kind, d.id.clone(), d.value.clone())),
        View::Graph(_) => selected_object(app),
        View::Run(r) => Some((ObjKind::Run, r.id.clone(), r.value.clone())),
        View::History(h) => Some((ObjKind::Flow, h.flow_id.clone(), None)),
        View::Editor(_)
        | View::Zones(_)
        | View::Creds(_)
        | View::Preview(_)
        | View::Transfers(_) => None,
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
/// request, or a Flow Service patch. None when no feature knows the draft.
pub fn draft_editor(app: &mut App, d: &flowscope_model::Draft) -> Option<EditorView> {
    let slot = app.next_id();
    if let Some(spec) = crate::features::aws::create::spec::CreateWorkflowSpec::from_draft(
        &d.resource,
        &d.id,
        d.base.as_ref(),
    ) {
        let mode = crate::shared::editor::spec::Mode::Patch;
        return Some(EditorView::recovered(
            slot,
            Box::new(spec),
            mode,
            &d.text,
            app.new_text,
        ));
    }
    crate::features::edit::from_draft(slot, d, app.new_text)
}

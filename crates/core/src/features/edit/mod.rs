//! Editing Flow Service objects: `e` (inline) and `E` (`$EDITOR`) on a flow or a base,
//! source or target connection, from a list row, a detail view or a graph box; and
//! drafts left by an earlier session, offered again at start and under `:drafts`.

pub mod keys;
pub mod patch;
pub mod receive;
pub mod spec;

use crate::nav::push_editor;
use crate::shared::fmt::plural;
use serde_json::Value;

use crate::effect::Effect;
use crate::nav::push_list;
use crate::shared::editor::spec::Mode;
use crate::shared::editor::{EditorView, Notice};
use crate::shared::fmt::ago;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::table::Tone;
use crate::shared::text::NewText;
use crate::state::App;
use flowscope_model::Draft;
use flowscope_model::patchable::Resource;
use spec::PatchSpec;

/// The resource behind a kind of object, when Flow Service lets it be patched.
pub fn resource_of(kind: ObjKind) -> Option<Resource> {
    match kind {
        ObjKind::Flow => Some(Resource::Flow),
        ObjKind::Connection => Some(Resource::Connection),
        ObjKind::SourceConnection => Some(Resource::SourceConnection),
        ObjKind::TargetConnection => Some(Resource::TargetConnection),
        _ => None,
    }
}

fn resource_named(name: &str) -> Option<Resource> {
    [
        Resource::Flow,
        Resource::Connection,
        Resource::SourceConnection,
        Resource::TargetConnection,
    ]
    .into_iter()
    .find(|r| r.resource() == name)
}

/// `e`/`E`: opens the editor on the object in view, continuing its draft if there is one.
pub fn open(app: &mut App, external: bool) -> Vec<Effect> {
    let Some((kind, id, value)) = crate::nav::pointed(app) else {
        app.toast("select a flow or a connection to edit", true);
        return Vec::new();
    };
    let Some(resource) = resource_of(kind) else {
        app.toast(
            format!(
                "a {} cannot be edited: e edits flows and base, source and target connections",
                kind.noun()
            ),
            true,
        );
        return Vec::new();
    };
    let Some(value) = value else {
        app.toast(format!("the {} is still loading", kind.noun()), true);
        return Vec::new();
    };
    let spec = Box::new(PatchSpec::new(resource, &id, &value));
    let slot = app.next_id();
    let draft = app
        .drafts
        .iter()
        .find(|d| d.resource == resource.resource() && d.id == id && mine(app, d))
        .cloned();
    // A draft of this object is a patch draft (the resource matched), so it rebuilds; one
    // kept without its base starts from the object as it is now.
    let recovered = draft.and_then(|mut d| {
        d.base = d.base.take().or_else(|| Some(value.clone()));
        Some((from_draft(slot, &d, app.new_text)?, d))
    });
    let editor = match recovered {
        Some((mut e, d)) => {
            let newer = value.get("etag") != d.base.as_ref().and_then(|b| b.get("etag"));
            e.notice = Some(Notice {
                text: format!(
                    "continuing your draft from {}{}",
                    ago(d.saved_ms, app.now_ms),
                    if newer {
                        ": the object has changed since, and sending will show how"
                    } else {
                        ""
                    }
                ),
                tone: if newer { Tone::Warn } else { Tone::Plain },
            });
            e
        }
        None => EditorView::new(slot, spec, app.new_text),
    };
    push_editor(app, editor, external)
}

/// Whether a draft belongs to the profile and sandbox the app is on.
fn mine(app: &App, d: &Draft) -> bool {
    d.sandbox == app.target.sandbox && d.profile == app.target.profile
}

/// An editor on a draft: its text, on the object as it was when the draft began, so
/// sending checks the draft's etag and a change made since shows as a conflict.
/// The editor of a draft of a Flow Service patch, on the object as it was when the draft
/// began; None when the draft is not one.
pub fn from_draft(slot: u64, d: &Draft, new_text: NewText) -> Option<EditorView> {
    let resource = resource_named(&d.resource)?;
    let base = d.base.as_ref()?;
    let spec = Box::new(PatchSpec::new(resource, &d.id, base));
    let mode = Mode::parse(&d.mode).unwrap_or(Mode::Patch);
    Some(EditorView::recovered(slot, spec, mode, &d.text, new_text))
}

/// Enter on a row of `:drafts`.
pub fn open_draft(app: &mut App, value: &Value) -> Vec<Effect> {
    let Ok(listed) = serde_json::from_value::<Draft>(value.clone()) else {
        app.toast("this draft cannot be read", true);
        return Vec::new();
    };
    // The list may be older than what happened since: the draft may have been sent,
    // discarded or typed on. What the app knows now wins.
    let Some(d) = app
        .drafts
        .iter()
        .find(|k| {
            k.resource == listed.resource
                && k.id == listed.id
                && k.sandbox == listed.sandbox
                && k.profile == listed.profile
        })
        .cloned()
    else {
        app.toast(
            "this draft was sent or discarded since: r refreshes the list",
            true,
        );
        return Vec::new();
    };
    if !mine(app, &d) {
        app.toast(
            format!(
                "this draft is for sandbox {}{}: switch there first (:sandbox {})",
                d.sandbox,
                d.profile
                    .as_deref()
                    .map(|p| format!(" of profile {p}"))
                    .unwrap_or_default(),
                d.sandbox
            ),
            true,
        );
        return Vec::new();
    }
    // The feature whose editor wrote the draft rebuilds it (a patch here, an AWS request
    // in the AWS feature).
    let Some(mut e) = crate::nav::draft_editor(app, &d) else {
        app.toast(
            format!("a draft of {} cannot be opened here", d.resource),
            true,
        );
        return Vec::new();
    };
    e.notice = Some(Notice {
        text: format!("recovered draft from {}", ago(d.saved_ms, app.now_ms)),
        tone: Tone::Plain,
    });
    push_editor(app, e, false)
}

/// The drafts an earlier session left: kept for `e`, and when some are for this sandbox,
/// listed at once so nothing typed is forgotten.
pub fn drafts_loaded(app: &mut App, result: Result<Vec<Value>, String>) -> Vec<Effect> {
    let items = match result {
        Ok(items) => items,
        Err(why) => {
            app.warnings
                .push(format!("drafts could not be read: {why}"));
            return Vec::new();
        }
    };
    app.drafts = items
        .iter()
        .filter_map(|v| serde_json::from_value::<Draft>(v.clone()).ok())
        .collect();
    let here = app.drafts.iter().filter(|d| mine(app, d)).count();
    if here == 0 {
        return Vec::new();
    }
    app.toast(
        format!(
            "{} from last time: enter opens, esc returns",
            plural(here, "unsent edit")
        ),
        false,
    );
    push_list(app, ListKind::Drafts, Scope::All)
}

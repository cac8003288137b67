//! Loading what is in view: the request that fills a list, reloading the pane in view or
//! every pane that shows something that changed, preloading a tab, the message history,
//! and starting over in another sandbox or profile.

use crate::effect::Effect;
use crate::nav::go_tab;
use crate::shared::effect::Request;
use crate::shared::list::ListView;
use crate::shared::nav::ListKind;
use crate::shared::nav::Tab;
use crate::state::App;
use crate::view::View;
use serde_json::Value;

/// The message history is the app's own: the list in view is filled from it at once.
pub(crate) fn fill_messages(app: &mut App) {
    let items: Vec<Value> = app
        .messages
        .iter()
        .map(|m| {
            serde_json::json!({
                "id": m.seq.to_string(),
                "timeMs": m.at_ms,
                "level": if m.error { "error" } else { "info" },
                "text": m.text,
            })
        })
        .collect();
    let now = app.now_ms;
    app.front_list(|l, names, fuzzy| {
        l.clear();
        l.push_page(items, names, fuzzy);
        l.finish(now, names, fuzzy);
        // The newest is what was just missed.
        l.select(l.visible.len().saturating_sub(1));
    });
}

/// The request that fills a list at `now_ms` (a runs window counts back from it).
pub fn list_request(l: &ListView, now_ms: i64) -> Request {
    let mut property: Vec<String> = l.server_filter.iter().cloned().collect();
    property.extend(l.runs.properties(now_ms));
    Request::List {
        kind: l.kind,
        scope: l.scope.clone(),
        property,
    }
}

/// Reloads the view in front under a new ticket; older answers become stale.
pub fn reload_current(app: &mut App) -> Vec<Effect> {
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Flows) {
        app.runs.recent.refresh();
    }
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Messages) {
        fill_messages(app);
        return Vec::new();
    }
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::BulkEnds) {
        crate::features::bulk::rows::refill(app);
        return Vec::new();
    }
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Failures) {
        crate::features::alerts::rows::fill(app);
        return Vec::new();
    }
    if matches!(app.view(), Some(View::Graph(_))) {
        return crate::graphs::refresh(app);
    }
    let ticket = app.next_id();
    let now = app.now_ms;
    let Some(view) = app.view_mut() else {
        return Vec::new();
    };
    let Some(fx) = view.request(ticket, now) else {
        return Vec::new();
    };
    match view {
        View::List(l) => l.begin_load(ticket, now),
        v => {
            if let Some(p) = v.pane_for(v.slot()) {
                p.begin(ticket, now);
            }
        }
    }
    vec![fx]
}

/// Reloads every list or pane, in any tab, that `pick` chooses (new files after an
/// upload show wherever their folder is listed).
pub fn reload_matching(app: &mut App, pick: impl Fn(&View) -> bool) -> Vec<Effect> {
    let now = app.now_ms;
    let slots: Vec<u64> = app
        .stacks
        .iter()
        .flatten()
        .filter(|v| pick(v))
        .map(View::slot)
        .collect();
    let mut fx = Vec::new();
    for slot in slots {
        let ticket = app.next_id();
        if let Some(View::List(l)) = app.view_by_slot(slot) {
            l.begin_load(ticket, now);
            fx.push(Effect::Fetch {
                slot,
                ticket,
                request: list_request(l, now),
            });
        }
    }
    fx
}

/// Loads a root list in the background (e.g. specs for their names) if never loaded.
pub fn preload(app: &mut App, tab: Tab) -> Vec<Effect> {
    let ticket = app.next_id();
    let now = app.now_ms;
    match app.stacks.get_mut(tab.index()).and_then(|s| s.first_mut()) {
        Some(View::List(l)) if l.load == crate::shared::pane::Load::Idle => {
            l.begin_load(ticket, now);
            vec![Effect::Fetch {
                slot: l.slot,
                ticket,
                request: list_request(l, now),
            }]
        }
        _ => Vec::new(),
    }
}

/// Everything belongs to a sandbox: the client moves to it first, then every pane is
/// dropped and the one in view reloads.
pub fn switch_sandbox(app: &mut App, name: String) -> Vec<Effect> {
    let mut fx = vec![Effect::SwitchSandbox(name.clone())];
    fx.extend(repoint(app, name));
    fx
}

/// Drops every pane (cancelling its request) and starts over in `sandbox`, with a client
/// that already points there.
pub fn repoint(app: &mut App, name: String) -> Vec<Effect> {
    let mut fx: Vec<Effect> = app
        .stacks
        .iter()
        .flatten()
        .flat_map(View::slots)
        .map(|slot| Effect::Cancel { slot })
        .collect();
    app.objects.clear();
    app.target.sandbox = name.clone();
    if !app.known.sandboxes.contains(&name) {
        app.known.sandboxes.push(name.clone());
    }
    app.names = Default::default();
    app.runs.recent.reset();
    // Runs of the sandbox left are no longer on screen, nor reachable by this client.
    app.runs.watches.clear();
    app.reset_stacks();
    // A watch that is on starts over in the new sandbox.
    fx.extend(crate::features::alerts::schedule::repointed(app));
    fx.extend(start(app));
    app.toast(format!("sandbox {name}"), false);
    fx
}

/// What the app fetches when it starts or is re-pointed: the pane in view, plus specs and
/// flows in the background for the names other panes show, and whether the profile
/// keeps the watch on.
pub fn start(app: &mut App) -> Vec<Effect> {
    // Transfers cut off last time are listed in `J`, to resume.
    let mut fx = vec![
        Effect::LoadDrafts,
        crate::features::alerts::receive::recall(app),
        Effect::Dlz(crate::features::dlz::DlzEffect::FindInterrupted),
    ];
    fx.extend(go_tab(app, app.tab));
    fx.extend(preload(app, Tab::Specs));
    fx.extend(preload(app, Tab::Flows));
    fx
}

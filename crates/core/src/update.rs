//! `update`: applies one user action to the state and returns the effects to run. It
//! never awaits or touches the network, so every path is a plain unit test.

use serde_json::Value;

use crate::effect::Effect;
use crate::features::detail::DetailView;
use crate::features::detail::related::{Goto, related};
use crate::features::graph;
use crate::features::runs;
use crate::input;
use crate::route::Handler;
use crate::shared::action::Action;
use crate::shared::command::Command;
use crate::shared::effect::Request;
use crate::shared::layout::tab_at;
use crate::shared::list::ListView;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::state::{App, InputBox, InputPurpose, Overlay, View};
use flowscope_model::redact::mask_secrets;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = act(app, action);
    // Scrolling or filtering the Flows pane brings new rows into view: their sparklines.
    fx.extend(runs::recent::wanted(app));
    fx
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    // Who answers where the user is comes from the one routing table (route::focus),
    // the same one that picks the keymap sections and the footer's hints.
    for handler in crate::route::focus(app).handlers {
        if let Some(fx) = answer(app, handler, &action) {
            return fx;
        }
    }
    match action {
        Action::Quit | Action::ForceQuit => {
            app.quit = true;
            Vec::new()
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::CommandLine => open_input(app, InputPurpose::Command, ""),
        Action::SwitchSandbox => {
            let fx = open_input(app, InputPurpose::Command, "sandbox ");
            input::refresh_completions(app);
            fx
        }
        Action::NextTab => go_tab(app, Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()]),
        Action::PrevTab => go_tab(
            app,
            Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()],
        ),
        Action::GoTab(t) => go_tab(app, t),
        Action::Back => back(app),
        Action::Refresh | Action::Retry => reload_current(app),
        Action::ToggleAutoRefresh => {
            app.auto_refresh = !app.auto_refresh;
            let text = if app.auto_refresh {
                "auto-refresh on (every 10s)"
            } else {
                "auto-refresh off"
            };
            app.toast(text, false);
            Vec::new()
        }
        Action::CycleTheme => {
            app.theme = app.theme.next();
            Vec::new()
        }
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::ScrollUp => move_by(app, -3),
        Action::ScrollDown => move_by(app, 3),
        Action::PageUp => {
            let page = page_size(app);
            move_by(app, -page)
        }
        Action::PageDown => {
            let page = page_size(app);
            move_by(app, page)
        }
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::Left | Action::Right => {
            if let Some(View::Detail(d)) = app.view_mut() {
                if action == Action::Left {
                    d.tree.left(8);
                } else {
                    d.tree.right(8);
                }
            }
            Vec::new()
        }
        Action::Open => open(app),
        Action::Describe => describe(app),
        Action::Filter => match app.view() {
            Some(View::List(l)) => {
                let q = l.fuzzy.clone();
                open_input(app, InputPurpose::Filter, &q)
            }
            Some(View::Detail(_)) => open_search(app),
            Some(View::Graph(_))
            | Some(View::Editor(_))
            | Some(View::Run(_))
            | Some(View::History(_))
            | Some(View::Zones(_))
            | Some(View::Creds(_))
            | Some(View::Preview(_))
            | Some(View::Transfers(_))
            | None => Vec::new(),
        },
        Action::Search => open_search(app),
        Action::ServerFilter => match app.list().map(|l| (l.kind.server_filter(), l)) {
            Some((Ok(()), l)) => {
                let q = l.server_filter.clone().unwrap_or_default();
                open_input(app, InputPurpose::ServerFilter, &q)
            }
            Some((Err(why), _)) => {
                app.toast(why, true);
                Vec::new()
            }
            None => Vec::new(),
        },
        Action::SortNext | Action::SortReverse => {
            if let Some((l, fuzzy)) = app.list_and_fuzzy() {
                if action == Action::SortNext {
                    l.sort_next(fuzzy);
                } else {
                    l.sort_reverse(fuzzy);
                }
            }
            Vec::new()
        }
        Action::CopyId | Action::CopyName | Action::CopyJson | Action::CopyJsonWithSecrets => {
            copy(app, &action)
        }
        Action::Toggle => detail_do(app, |d| d.tree.toggle()),
        Action::ExpandAll => detail_do(app, |d| d.tree.expand_all()),
        Action::CollapseAll => detail_do(app, |d| d.tree.collapse_all()),
        Action::SearchNext => detail_do(app, |d| {
            d.tree.search_next();
        }),
        Action::SearchPrev => detail_do(app, |d| {
            d.tree.search_prev();
        }),
        Action::RevealSecrets => {
            let fx = detail_do(app, DetailView::toggle_reveal);
            if let Some(d) = app.detail() {
                let text = if d.revealed {
                    "secrets shown: press v again to mask"
                } else {
                    "secrets masked"
                };
                app.toast(text, false);
            }
            fx
        }
        Action::RelatedSource
        | Action::RelatedTarget
        | Action::RelatedSpec
        | Action::RelatedRuns
        | Action::RelatedFlow => follow_related(app, &action),
        Action::Graph => graph::open::graph(app),
        Action::Uses => graph::open::uses(app, false),
        Action::UsesDataset => graph::open::uses(app, true),
        Action::Overview => graph::keys::open_overview(app),
        Action::Edit => crate::features::edit::open(app, false),
        Action::EditExternal => crate::features::edit::open(app, true),
        Action::TriggerRun => runs::keys::trigger(app),
        Action::ToggleFlow => runs::keys::toggle(app),
        Action::StatusFilter => runs::keys::next_status(app),
        Action::WindowFilter => runs::keys::next_window(app),
        Action::History => runs::keys::history(app),
        Action::Live => runs::keys::live(app),
        // Meaningful in landing-zone panes only, which took them above.
        Action::BrowseStorage
        | Action::Credentials
        | Action::RefreshCredentials
        | Action::Preview
        | Action::Download
        | Action::Upload
        | Action::Remove
        | Action::NewWorkflow
        | Action::ReadingFlows => {
            let text = if app.tab == Tab::LandingZone {
                "that key does nothing in this pane"
            } else {
                "that key works in the Landing Zone tab (5)"
            };
            app.toast(text, true);
            Vec::new()
        }
        Action::Transfers => {
            app.tab = Tab::LandingZone;
            crate::features::dlz::keys::handle(app, &Action::Transfers).unwrap_or_default()
        }
        Action::Command(cmd) => run_command(app, cmd),
        Action::Click { column, row } => click(app, column, row),
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            keep_visible(app);
            Vec::new()
        }
        // Keys meant for a text box, the editor or a confirmation when none is open.
        Action::Submit
        | Action::Cancel
        | Action::Complete
        | Action::Confirm
        | Action::Discard
        | Action::Key(_)
        | Action::Paste(_)
        | Action::EditMode
        | Action::Undo
        | Action::Redo
        | Action::CopyText
        | Action::PasteClipboard
        | Action::SelectAll => Vec::new(),
    }
}

fn open_input(app: &mut App, purpose: InputPurpose, initial: &str) -> Vec<Effect> {
    app.overlay = Some(Overlay::Input(Box::new(InputBox::new(
        app.new_text,
        purpose,
        initial,
    ))));
    Vec::new()
}

fn open_search(app: &mut App) -> Vec<Effect> {
    match app.detail() {
        Some(d) => {
            // A new search starts empty, as in vim; Esc puts the old one back.
            let q = d.tree.query().unwrap_or("").to_string();
            let fx = open_input(app, InputPurpose::Search, "");
            if let Some(Overlay::Input(bx)) = &mut app.overlay {
                bx.before = q;
            }
            fx
        }
        None => Vec::new(),
    }
}

fn page_size(app: &App) -> isize {
    app.areas().list_rows().max(1) as isize
}

fn detail_do(app: &mut App, f: impl FnOnce(&mut DetailView)) -> Vec<Effect> {
    if let Some(View::Detail(d)) = app.view_mut() {
        f(d);
    }
    keep_visible(app);
    Vec::new()
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
        | None => {}
    }
}

fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
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

fn back(app: &mut App) -> Vec<Effect> {
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

/// The message history is the app's own: the list in view is filled from it at once.
fn fill_messages(app: &mut App) {
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

/// A key for `handler`; None leaves it to the lists' and the global keys.
fn answer(app: &mut App, handler: Handler, action: &Action) -> Option<Vec<Effect>> {
    match handler {
        Handler::Form => runs::keys::form_key(app, action),
        Handler::Ask => crate::reply::ask_key(app, action),
        Handler::Input => input::handle(app, action),
        Handler::Help => Some(help_key(app, action)),
        Handler::Graph => graph::keys::handle(app, action),
        Handler::Editor => crate::features::edit::keys::handle(app, action),
        Handler::RunPane => runs::keys::run_view(app, action),
        Handler::Aws => crate::features::aws::keys::handle(app, action),
        Handler::Dlz => crate::features::dlz::keys::handle(app, action),
    }
}

/// Keys over the help: it scrolls, and closes on esc or `?`.
fn help_key(app: &mut App, action: &Action) -> Vec<Effect> {
    if let Some(Overlay::Help { scroll }) = &mut app.overlay {
        match action {
            Action::Down | Action::ScrollDown => *scroll += 1,
            Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += 10,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Cancel | Action::Back | Action::Help => app.overlay = None,
            Action::Quit | Action::ForceQuit => app.quit = true,
            _ => {}
        }
    }
    Vec::new()
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

pub(crate) fn selected(app: &App) -> Option<(ListKind, Value, String, String)> {
    let l = app.list()?;
    let row = l.selected_row()?;
    Some((
        l.kind,
        l.selected_item()?.clone(),
        row.id.clone(),
        row.name.clone(),
    ))
}

fn spec_kind(v: &Value) -> ObjKind {
    if v.get("sourceConnectionSpecIds").is_some() || v.get("targetConnectionSpecIds").is_some() {
        ObjKind::FlowSpec
    } else {
        ObjKind::ConnectionSpec
    }
}

pub(crate) fn item_kind(kind: ListKind, v: &Value) -> ObjKind {
    match kind {
        ListKind::Connections => ObjKind::Connection,
        ListKind::Flows => ObjKind::Flow,
        ListKind::Runs => ObjKind::Run,
        ListKind::Specs => spec_kind(v),
        ListKind::Dlz | ListKind::Blobs => ObjKind::DlzItem,
        ListKind::Journal => ObjKind::JournalEntry,
        ListKind::Drafts => ObjKind::Draft,
        ListKind::Messages => ObjKind::Message,
        ListKind::Live => ObjKind::Run,
        ListKind::AwsDomains => ObjKind::AwsDomain,
        ListKind::AwsWorkflows | ListKind::AwsSteps => ObjKind::AwsWorkflow,
        ListKind::AwsFlows | ListKind::AwsExecutions => ObjKind::AwsFlow,
        ListKind::AwsProfiles => ObjKind::AwsProfile,
    }
}

/// Enter: a connection → its flows, a flow → its runs, a folder → its items, anything
/// else → its detail.
fn open(app: &mut App) -> Vec<Effect> {
    if app.detail().is_some() {
        return detail_do(app, |d| d.tree.toggle());
    }
    let Some((kind, value, id, name)) = selected(app) else {
        return Vec::new();
    };
    let name = if name.is_empty() { id.clone() } else { name };
    match kind {
        ListKind::Connections => push_list(app, ListKind::Flows, Scope::OfConnection { id, name }),
        ListKind::Flows => push_list(app, ListKind::Runs, Scope::OfFlow { id, name }),
        ListKind::Dlz if value.get("type").and_then(Value::as_str) == Some("folder") => {
            push_list(app, ListKind::Dlz, Scope::Folder(Some(id)))
        }
        ListKind::Drafts => crate::features::edit::open_draft(app, &value),
        ListKind::Runs | ListKind::Live => runs::keys::open_run(app, &id, Some(value)),
        ListKind::AwsDomains => push_list(app, ListKind::AwsWorkflows, Scope::AwsDomain(id)),
        ListKind::AwsWorkflows => {
            let domain = crate::shared::table::s(&value, "/DomainName").to_string();
            push_list(app, ListKind::AwsSteps, Scope::AwsWorkflow { domain, id })
        }
        ListKind::AwsSteps | ListKind::AwsFlows => {
            push_list(app, ListKind::AwsExecutions, Scope::AwsFlow(id))
        }
        ListKind::AwsProfiles => push_list(app, ListKind::AwsWorkflows, Scope::AwsProfile(id)),
        _ => push_detail(app, item_kind(kind, &value), &id, Some(value)),
    }
}

fn describe(app: &mut App) -> Vec<Effect> {
    if app.graph().is_some() {
        return match crate::nav::selected_object(app) {
            Some((kind, id, value)) => push_detail(app, kind, &id, value),
            None => {
                app.toast("a group has no JSON: pick one of its flows", false);
                Vec::new()
            }
        };
    }
    let Some((kind, value, id, _)) = selected(app) else {
        return Vec::new();
    };
    // A workflow's or a flow's row is a summary: read the whole object (steps, tasks).
    match kind {
        ListKind::AwsWorkflows => {
            let domain = crate::shared::table::s(&value, "/DomainName");
            push_detail(app, ObjKind::AwsWorkflow, &format!("{domain}/{id}"), None)
        }
        ListKind::AwsFlows => push_detail(app, ObjKind::AwsFlow, &id, None),
        _ => push_detail(app, item_kind(kind, &value), &id, Some(value)),
    }
}

fn follow_related(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(d) = app.detail() else {
        return Vec::new();
    };
    let Some(value) = &d.value else {
        return Vec::new();
    };
    let found = related(d.kind, value)
        .into_iter()
        .find(|r| &r.action == action);
    match found.map(|r| r.goto) {
        Some(Goto::Detail { kind, id }) => push_detail(app, kind, &id, None),
        Some(Goto::List { kind, scope }) => push_list(app, kind, scope),
        None => {
            app.toast("nothing related of that kind here", true);
            Vec::new()
        }
    }
}

fn copy(app: &mut App, action: &Action) -> Vec<Effect> {
    // The detail view copies its object; a list copies the selected row's object.
    let value = match app.view() {
        Some(View::Detail(d)) => d.value.clone(),
        Some(View::List(l)) => l.selected_item().cloned(),
        Some(View::Run(r)) => r.value.clone(),
        Some(View::Graph(_))
        | Some(View::Editor(_))
        | Some(View::History(_))
        | Some(View::Zones(_))
        | Some(View::Creds(_))
        | Some(View::Preview(_))
        | Some(View::Transfers(_))
        | None => None,
    };
    let Some(mut value) = value else {
        app.toast("nothing selected to copy", true);
        return Vec::new();
    };
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

pub(crate) fn run_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Go(tab) => {
            // `:flows` from deep inside a tab goes to the tab's root, as k9s does.
            let mut fx = Vec::new();
            app.tab = tab;
            while app.stack().len() > 1 {
                if let Some(v) = app.stack_mut().pop() {
                    fx.push(Effect::Cancel { slot: v.slot() });
                }
            }
            fx.extend(go_tab(app, tab));
            fx
        }
        Command::Sandbox(name) => switch_sandbox(app, name),
        Command::Profile(name) => {
            app.toast(format!("switching to profile {name}…"), false);
            vec![Effect::SwitchProfile(name)]
        }
        Command::Theme(t) => {
            if let Some(name) = crate::shared::theme::ThemeName::parse(&t) {
                app.theme = name;
            }
            Vec::new()
        }
        Command::ServerFilter(expr) => set_server_filter(app, &expr),
        Command::Graph(id) => graph::keys::open_flow(app, &id, None),
        Command::Uses(subject) => {
            let name = format!("{} {}", subject.noun(), subject.id());
            graph::keys::open_uses(app, subject, &name)
        }
        Command::Overview => graph::keys::open_overview(app),
        Command::Journal => push_list(app, ListKind::Journal, Scope::All),
        Command::Drafts => push_list(app, ListKind::Drafts, Scope::All),
        Command::Messages => push_list(app, ListKind::Messages, Scope::All),
        Command::Status(status) => runs::keys::set_status(app, status),
        Command::Window(window) => runs::keys::set_window(app, window),
        Command::Live => runs::keys::live(app),
        Command::History => runs::keys::history(app),
        Command::Bell => {
            app.runs.bell = !app.runs.bell;
            let state = if app.runs.bell { "on" } else { "off" };
            app.toast(format!("bell when a watched run ends: {state}"), false);
            Vec::new()
        }
        Command::Refresh => reload_current(app),
        Command::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Command::Quit => {
            app.quit = true;
            Vec::new()
        }
    }
}

pub(crate) fn set_server_filter(app: &mut App, expr: &str) -> Vec<Effect> {
    let expr = expr.trim();
    if let Some(Err(why)) = app.list().map(|l| l.kind.server_filter()) {
        app.toast(why, true);
        return Vec::new();
    }
    match app.view_mut() {
        Some(View::List(l)) => {
            l.server_filter = (!expr.is_empty()).then(|| expr.to_string());
            // A filtered list is a different list: start it empty.
            l.clear();
            reload_current(app)
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
    fx.extend(start(app));
    app.toast(format!("sandbox {name}"), false);
    fx
}

/// What the app fetches when it starts or is re-pointed: the pane in view, plus specs and
/// flows in the background for the names other panes show.
pub fn start(app: &mut App) -> Vec<Effect> {
    let mut fx = vec![Effect::LoadDrafts];
    fx.extend(go_tab(app, app.tab));
    fx.extend(preload(app, Tab::Specs));
    fx.extend(preload(app, Tab::Flows));
    fx
}

fn click(app: &mut App, column: u16, row: u16) -> Vec<Effect> {
    let areas = app.areas();
    if row == areas.tabs.y {
        return match tab_at(column, areas.tabs.width) {
            Some(t) => go_tab(app, t),
            None => Vec::new(),
        };
    }
    if let Some(View::Graph(g)) = app.view_mut() {
        let canvas = areas.graph_canvas();
        let inside = column >= canvas.x
            && row >= canvas.y
            && column < canvas.x + canvas.width
            && row < canvas.y + canvas.height;
        let hit = inside
            .then(|| {
                g.layout
                    .node_at(column - canvas.x + g.scroll.0, row - canvas.y + g.scroll.1)
            })
            .flatten();
        return match hit {
            // A click on the selected box opens it, like a double click.
            Some(i) if i == g.selected => update(app, Action::Open),
            Some(i) => {
                g.selected = i;
                Vec::new()
            }
            None => Vec::new(),
        };
    }
    let first = areas.first_list_row();
    let last = areas.body.y + areas.body.height.saturating_sub(1);
    if row >= first
        && row < last
        && let Some(View::List(l)) = app.view_mut()
    {
        let pos = l.offset + usize::from(row - first);
        if pos < l.visible.len() {
            // A click on the selected row opens it, like a double click.
            if pos == l.selected {
                return open(app);
            }
            l.select(pos);
        }
    }
    Vec::new()
}

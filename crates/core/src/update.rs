//! `update`: applies one user action to the state and returns the effects to run. It
//! never awaits or touches the network, so every path is a plain unit test.

use crate::click::click;
use crate::commands::run_command;
use crate::input::open_input;
use crate::input::open_search;
use crate::load::reload_current;
use crate::nav::back;
use crate::nav::copy;
use crate::nav::go_tab;
use crate::nav::item_kind;
use crate::nav::keep_visible;
use crate::nav::move_by;
use crate::nav::page_size;
use crate::nav::push_detail;
use crate::nav::push_list;
use crate::nav::selected;
use serde_json::Value;

use crate::effect::Effect;
use crate::features::graph;
use crate::features::runs;
use crate::input;
use crate::overlay::{InputPurpose, Overlay};
use crate::route::Handler;
use crate::shared::action::Action;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::state::App;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = act(app, action);
    // Scrolling or filtering the Flows pane brings new rows into view: their sparklines.
    fx.extend(runs::recent::wanted(app));
    fx
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    // Focus is the terminal's, whatever pane or question is open.
    if let Action::Focus(gained) = action {
        return crate::features::alerts::schedule::focus(app, gained);
    }
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
        Action::Open => open(app),
        Action::Describe => describe(app),
        Action::Search => open_search(app),
        Action::CopyId | Action::CopyName | Action::CopyJson | Action::CopyJsonWithSecrets => {
            copy(app, &action)
        }
        Action::Graph => graph::open::graph(app),
        Action::Uses => graph::open::uses(app, false),
        Action::UsesDataset => graph::open::uses(app, true),
        Action::Overview => graph::keys::open_overview(app),
        Action::Edit => crate::features::edit::open(app, false),
        Action::EditExternal => crate::features::edit::open(app, true),
        // `t` on a base connection tests it; on a flow it triggers a run.
        Action::TriggerRun => {
            crate::features::build::rows::test(app).unwrap_or_else(|| runs::keys::trigger(app))
        }
        Action::NewDataflow => {
            crate::features::build::keys::open(app, crate::features::build::Purpose::Ingest)
        }
        Action::NewExport => {
            crate::features::build::keys::open(app, crate::features::build::Purpose::Export)
        }
        Action::CloneFlow => crate::features::build::rows::clone(app).unwrap_or_else(|| {
            app.toast("c clones a flow: select one", true);
            Vec::new()
        }),
        Action::Remove => crate::features::build::rows::delete(app),
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
        | Action::NewWorkflow
        | Action::Integrations
        | Action::ObjectTypes
        | Action::ReadingFlows
        | Action::ResumeTransfer => {
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
        Action::Failures => crate::features::alerts::keys::open_list(app),
        Action::Focus(_) => Vec::new(),
        Action::Command(cmd) => run_command(app, cmd),
        // Esc where no list takes it: back, as it always was.
        Action::ClearMarks => back(app),
        Action::Click { column, row } => click(app, column, row),
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            keep_visible(app);
            Vec::new()
        }
        // A list's or a detail's keys where neither is focused (they took them above).
        Action::Left
        | Action::Right
        | Action::Filter
        | Action::ServerFilter
        | Action::SortNext
        | Action::SortReverse
        | Action::Toggle
        | Action::ExpandAll
        | Action::CollapseAll
        | Action::SearchNext
        | Action::SearchPrev
        | Action::RevealSecrets
        | Action::RelatedSource
        | Action::RelatedTarget
        | Action::RelatedSpec
        | Action::RelatedRuns
        | Action::RelatedFlow
        | Action::ToggleMark
        | Action::MarkAll => Vec::new(),
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
        Handler::Build => crate::features::build::keys::handle(app, action),
        Handler::Lists => crate::features::lists::keys::handle(app, action),
        Handler::Detail => crate::features::detail::keys::handle(app, action),
        Handler::Bulk => crate::features::bulk::keys::handle(app, action),
        Handler::Alerts => crate::features::alerts::keys::handle(app, action),
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

/// Enter: a connection → its flows, a flow → its runs, a folder → its items, anything
/// else → its detail.
pub(crate) fn open(app: &mut App) -> Vec<Effect> {
    let Some((kind, value, id, name)) = selected(app) else {
        return Vec::new();
    };
    let name = if name.is_empty() { id.clone() } else { name };
    match kind {
        ListKind::Connections => push_list(app, ListKind::Flows, Scope::OfConnection { id, name }),
        ListKind::Flows => push_list(app, ListKind::Runs, Scope::OfFlow { id, name }),
        ListKind::Dlz
            if value
                .as_ref()
                .and_then(|v| v.get("type"))
                .and_then(Value::as_str)
                == Some("folder") =>
        {
            push_list(app, ListKind::Dlz, Scope::Folder(Some(id)))
        }
        ListKind::Drafts => match value {
            Some(v) => crate::features::edit::open_draft(app, &v),
            None => Vec::new(),
        },
        // A failure is opened as it is now (retried, perhaps), read by id.
        ListKind::Runs | ListKind::Live | ListKind::Failures => {
            let flow = app
                .list()
                .and_then(|l| l.selected_row())
                .map(|r| r.parent().to_string());
            runs::keys::open_run(app, &id, value, flow.unwrap_or_default())
        }
        ListKind::AwsDomains => push_list(app, ListKind::AwsWorkflows, Scope::AwsDomain(id)),
        ListKind::AwsWorkflows => {
            let domain = value
                .as_ref()
                .map(|v| crate::shared::table::s(v, "/DomainName"));
            let domain = domain.unwrap_or_default().to_string();
            push_list(app, ListKind::AwsSteps, Scope::AwsWorkflow { domain, id })
        }
        ListKind::AwsSteps | ListKind::AwsFlows => {
            push_list(app, ListKind::AwsExecutions, Scope::AwsFlow(id))
        }
        ListKind::AwsProfiles => push_list(app, ListKind::AwsWorkflows, Scope::AwsProfile(id)),
        // An integration's row is its AppFlow flow: enter does what it does on the flow.
        ListKind::AwsIntegrations => push_list(app, ListKind::AwsExecutions, Scope::AwsFlow(id)),
        ListKind::AwsObjectTypes => push_detail(app, ObjKind::AwsObjectType, &id, None),
        // A summary's row: the object it is about.
        ListKind::BulkEnds => match value
            .as_ref()
            .and_then(crate::features::bulk::rows::kind_of)
        {
            Some(ObjKind::Run) => runs::keys::open_run(app, &id, None, String::new()),
            Some(kind) => push_detail(app, kind, &id, None),
            None => Vec::new(),
        },
        _ => push_detail(app, item_kind(kind, value.as_ref()), &id, value),
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
            let domain = value
                .as_ref()
                .map(|v| crate::shared::table::s(v, "/DomainName"));
            let domain = domain.unwrap_or_default();
            push_detail(app, ObjKind::AwsWorkflow, &format!("{domain}/{id}"), None)
        }
        ListKind::AwsFlows | ListKind::AwsIntegrations => {
            push_detail(app, ObjKind::AwsFlow, &id, None)
        }
        ListKind::AwsObjectTypes => push_detail(app, ObjKind::AwsObjectType, &id, None),
        // A summary's row says how an action ended, not what the object is: read it.
        ListKind::BulkEnds => push_detail(app, item_kind(kind, value.as_ref()), &id, None),
        _ => push_detail(app, item_kind(kind, value.as_ref()), &id, value),
    }
}

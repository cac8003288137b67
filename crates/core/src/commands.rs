//! What a `:` command does once parsed (the parsing is shared::command's), and the
//! service's `property` filter set from `f` or `:filter`.

use crate::effect::Effect;
use crate::features::{alerts, graph, runs};
use crate::load::reload_current;
use crate::load::switch_sandbox;
use crate::nav::go_tab;
use crate::nav::push_list;
use crate::overlay::Overlay;
use crate::shared::command::Command;
use crate::shared::nav::ListKind;
use crate::shared::nav::Scope;
use crate::state::App;
use crate::view::View;

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
        Command::Watch => alerts::keys::toggle(app),
        Command::Failures => alerts::keys::open_list(app),
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

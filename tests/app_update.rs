//! Pure update tests: key routing, the overlay order, navigation effects and latest-wins
//! dropping of stale results. No network, no terminal: actions and messages in, state and
//! effects out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use flowscope::app::effect::{Effect, Msg};
use flowscope::app::load::start;
use flowscope::app::overlay::{InputPurpose, Overlay};
use flowscope::app::receive::receive;
use flowscope::app::route::route_event;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::Request;
use flowscope::app::shared::nav::ListKind;
use flowscope::app::shared::nav::Scope;
use flowscope::app::shared::nav::Tab;
use flowscope::app::shared::pane::Load;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::tui::input::{input, key as core_key};
use serde_json::{Value, json};
use support::tui::{deliver, fetches, parse_keys, test_app};

fn key(app: &flowscope::app::state::App, script: &str) -> Option<Action> {
    let k = parse_keys(script).remove(0);
    route_event(app, &input(&Event::Key(k)))
}

fn flows(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"id": format!("f{i}"), "name": format!("Flow {i}"), "state": "enabled"}))
        .collect()
}

/// An app with its Flows root loaded with `n` flows.
fn loaded(n: usize) -> flowscope::app::state::App {
    let mut app = test_app();
    let fx = start(&mut app);
    deliver(&mut app, &fx, flows(n));
    app
}

#[test]
fn start_fetches_the_pane_in_view_and_the_names_behind_it() {
    let mut app = test_app();
    let fx = start(&mut app);
    let kinds: Vec<ListKind> = fetches(&fx)
        .into_iter()
        .map(|(_, _, r)| match r {
            Request::List { kind, .. } => kind,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, [ListKind::Flows, ListKind::Specs]);
    assert_eq!(app.tab, Tab::Flows);
}

#[test]
fn keys_route_by_context() {
    let mut app = loaded(3);
    assert_eq!(key(&app, "j"), Some(Action::Down));
    assert_eq!(key(&app, "<down>"), Some(Action::Down));
    assert_eq!(key(&app, "G"), Some(Action::Bottom));
    assert_eq!(key(&app, "q"), Some(Action::Quit));
    assert_eq!(key(&app, "2"), Some(Action::GoTab(Tab::Flows)));
    assert_eq!(key(&app, "?"), Some(Action::Help));
    // In a text box, letters are text and q does not quit; ctrl-c still does.
    update(&mut app, Action::Filter);
    let j = parse_keys("j").remove(0);
    assert_eq!(key(&app, "j"), Some(Action::Key(core_key(&j))));
    assert_eq!(
        key(&app, "q"),
        Some(Action::Key(core_key(&parse_keys("q").remove(0))))
    );
    assert_eq!(key(&app, "<enter>"), Some(Action::Submit));
    assert_eq!(key(&app, "<esc>"), Some(Action::Cancel));
    assert_eq!(key(&app, "<c-c>"), Some(Action::ForceQuit));
    // Releases are not presses.
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    app.overlay = None;
    assert_eq!(route_event(&app, &input(&Event::Key(release))), None);
}

#[test]
fn overlays_come_first_help_then_global() {
    let mut app = loaded(3);
    update(&mut app, Action::Help);
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    // `/` means nothing in help, and does not reach the list under it.
    let routed = key(&app, "/");
    if let Some(a) = routed {
        update(&mut app, a);
    }
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    // j scrolls help, not the list.
    let before = app.list().unwrap().selected;
    let a = key(&app, "j").unwrap();
    update(&mut app, a);
    assert_eq!(app.list().unwrap().selected, before);
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 1 })));
    let a = key(&app, "<esc>").unwrap();
    update(&mut app, a);
    assert!(app.overlay.is_none());
    // With no overlay, the pane's keys apply.
    let a = key(&app, "j").unwrap();
    update(&mut app, a);
    assert_eq!(app.list().unwrap().selected, 1);
}

#[test]
fn the_filter_box_filters_as_you_type_and_esc_puts_back_the_old_filter() {
    let mut app = loaded(12);
    update(&mut app, Action::Filter);
    for k in parse_keys("'11") {
        update(&mut app, Action::Key(core_key(&k)));
    }
    // `'` asks for the exact text, as in fzf.
    let l = app.list().unwrap();
    assert_eq!(l.visible.len(), 1);
    assert_eq!(l.selected_row().unwrap().name(), "Flow 11");
    update(&mut app, Action::Cancel);
    assert!(app.overlay.is_none());
    assert_eq!(app.list().unwrap().visible.len(), 12);
    // Enter keeps it.
    update(&mut app, Action::Filter);
    for k in parse_keys("Flow 1") {
        update(&mut app, Action::Key(core_key(&k)));
    }
    update(&mut app, Action::Submit);
    assert_eq!(app.list().unwrap().fuzzy, "Flow 1");
    assert!(app.overlay.is_none());
}

#[test]
fn a_newer_request_makes_older_answers_stale() {
    let mut app = loaded(2);
    let first = fetches(&update(&mut app, Action::Refresh));
    let second = fetches(&update(&mut app, Action::Refresh));
    let (slot, old_ticket, _) = first[0].clone();
    let (slot2, new_ticket, _) = second[0].clone();
    assert_eq!(slot, slot2, "same pane, same slot");
    assert!(new_ticket > old_ticket);
    // The old answer arrives late: dropped.
    receive(
        &mut app,
        Msg::Page {
            slot,
            ticket: old_ticket,
            items: flows(7),
            done: true,
        },
    );
    let l = app.list().unwrap();
    assert_eq!(l.len(), 2, "the refresh still shows the old rows");
    assert!(l.load.is_loading());
    receive(
        &mut app,
        Msg::Failed {
            slot,
            ticket: old_ticket,
            error: flowscope::app::shared::pane::ErrorInfo {
                status: None,
                code: None,
                message: "late failure".into(),
                retry: true,
            },
        },
    );
    assert!(
        app.list().unwrap().load.is_loading(),
        "a stale failure is ignored too"
    );
    assert!(app.toasts.is_empty());
    receive(
        &mut app,
        Msg::Page {
            slot,
            ticket: new_ticket,
            items: flows(5),
            done: true,
        },
    );
    assert_eq!(app.list().unwrap().len(), 5);
    assert!(matches!(app.list().unwrap().load, Load::Loaded { .. }));
}

#[test]
fn answers_for_a_closed_pane_are_dropped() {
    let mut app = loaded(2);
    let fx = update(&mut app, Action::Open);
    let (slot, ticket, req) = fetches(&fx)[0].clone();
    assert_eq!(
        req,
        Request::List {
            kind: ListKind::Runs,
            scope: Scope::OfFlow {
                id: "f0".into(),
                name: "Flow 0".into()
            },
            property: Vec::new()
        }
    );
    let back = update(&mut app, Action::Back);
    assert_eq!(back, [Effect::Cancel { slot }]);
    receive(
        &mut app,
        Msg::Page {
            slot,
            ticket,
            items: vec![json!({"id": "r1"})],
            done: true,
        },
    );
    assert_eq!(app.stack().len(), 1);
    assert_eq!(app.list().unwrap().kind, ListKind::Flows);
}

#[test]
fn enter_drills_down_and_describe_shows_json() {
    let mut app = loaded(2);
    update(&mut app, Action::Describe);
    let d = app.detail().expect("a detail view");
    assert_eq!(d.id, "f0");
    assert!(
        d.value.is_some(),
        "the list's object shows at once, no fetch"
    );
    assert_eq!(app.breadcrumbs(), ["Flows", "Flow 0"]);
    // From a flow, `u` opens its runs.
    let fx = update(&mut app, Action::RelatedRuns);
    assert_eq!(fetches(&fx).len(), 1);
    assert_eq!(app.breadcrumbs(), ["Flows", "Flow 0", "Flow 0 › runs"]);
}

#[test]
fn sandbox_switch_cancels_everything_and_starts_over() {
    let mut app = loaded(2);
    update(&mut app, Action::Open);
    let fx = update(
        &mut app,
        Action::Command(flowscope::app::shared::command::Command::Sandbox(
            "dev".into(),
        )),
    );
    assert!(fx.contains(&Effect::SwitchSandbox("dev".into())));
    let cancels = fx
        .iter()
        .filter(|e| matches!(e, Effect::Cancel { .. }))
        .count();
    assert!(cancels >= 6, "every pane of every tab: {cancels}");
    let switch_at = fx
        .iter()
        .position(|e| matches!(e, Effect::SwitchSandbox(_)))
        .unwrap();
    let first_fetch = fx
        .iter()
        .position(|e| matches!(e, Effect::Fetch { .. }))
        .unwrap();
    assert!(
        switch_at < first_fetch,
        "the client switches before fetching"
    );
    assert_eq!(app.target.sandbox, "dev");
    assert_eq!(app.stack().len(), 1);
}

#[test]
fn command_line_completes_and_keeps_errors_in_the_box() {
    let mut app = loaded(1);
    update(&mut app, Action::CommandLine);
    for k in parse_keys("sandbox d") {
        update(&mut app, Action::Key(core_key(&k)));
    }
    update(&mut app, Action::Complete);
    match &app.overlay {
        Some(Overlay::Input(bx)) => {
            assert_eq!(bx.purpose, InputPurpose::Command);
            assert_eq!(bx.value(), "sandbox dev");
        }
        other => panic!("{other:?}"),
    }
    update(&mut app, Action::Cancel);
    update(&mut app, Action::CommandLine);
    for k in parse_keys("nope") {
        update(&mut app, Action::Key(core_key(&k)));
    }
    update(&mut app, Action::Submit);
    match &app.overlay {
        Some(Overlay::Input(bx)) => assert!(bx.error.as_deref().unwrap().contains("unknown")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ticks_change_the_clock_face_only_when_something_on_screen_moves() {
    let mut app = loaded(1);
    let face = app.clock_face();
    let now = app.now_ms;
    receive(&mut app, Msg::Tick { now_ms: now + 100 });
    assert_eq!(app.clock_face(), face, "an idle tick moves nothing");
    app.toast("hello", false);
    let face = app.clock_face();
    receive(
        &mut app,
        Msg::Tick {
            now_ms: now + 60_000,
        },
    );
    assert!(
        app.clock_face() != face && app.toasts.is_empty(),
        "an expired toast moves the face"
    );
}

#[test]
fn auto_refresh_reloads_only_the_pane_in_view_when_due() {
    let mut app = loaded(1);
    update(&mut app, Action::ToggleAutoRefresh);
    let now = app.now_ms;
    let fx = receive(
        &mut app,
        Msg::Tick {
            now_ms: now + 1_000,
        },
    );
    assert!(fetches(&fx).is_empty());
    let fx = receive(
        &mut app,
        Msg::Tick {
            now_ms: now + 11_000,
        },
    );
    assert_eq!(fetches(&fx).len(), 1);
    // While that load runs, no second one starts.
    let fx = receive(
        &mut app,
        Msg::Tick {
            now_ms: now + 30_000,
        },
    );
    assert!(fetches(&fx).is_empty());
}

#[test]
fn secrets_are_masked_in_copies_unless_asked_for() {
    let mut app = test_app();
    start(&mut app);
    app.tab = Tab::Connections;
    let fx = update(&mut app, Action::Refresh);
    deliver(
        &mut app,
        &fx,
        vec![
            json!({"id": "c1", "name": "S3", "auth": {"specName": "Access Key",
                "params": {"s3AccessKey": "AKIAEXAMPLE", "s3SecretKey": "wJalrXUtnFEMI"}}}),
        ],
    );
    let masked = update(&mut app, Action::CopyJson);
    let Effect::Copy { text, .. } = &masked[0] else {
        panic!("{masked:?}")
    };
    assert!(
        !text.contains("wJalrXUtnFEMI") && !text.contains("AKIAEXAMPLE"),
        "{text}"
    );
    let open = update(&mut app, Action::CopyJsonWithSecrets);
    let Effect::Copy { text, .. } = &open[0] else {
        panic!("{open:?}")
    };
    assert!(text.contains("wJalrXUtnFEMI"));
    // The detail view masks on screen until `v`.
    update(&mut app, Action::Describe);
    let Some(View::Detail(d)) = app.view() else {
        panic!()
    };
    assert!(!serde_json::to_string(&d.shown()).unwrap().contains("wJalr"));
}

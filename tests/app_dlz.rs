//! Pure update tests of the Landing Zone tab: what each key asks the outside world to do,
//! and how answers change the state. No terminal, no emulator.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::Effect;
use flowscope::app::features::dlz::{DlzEffect, DlzMsg, TransferJob, TransferPlan};
use flowscope::app::overlay::Overlay;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::nav::Scope;
use flowscope::app::shared::nav::Tab;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::model::DlzType;
use serde_json::json;
use support::tui::test_app;

fn dlz_effects(fx: &[Effect]) -> Vec<&DlzEffect> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Dlz(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// The storage browser of the drop zone's root, with one file loaded.
fn storage_list(read_only: bool) -> App {
    let mut app = test_app();
    app.read_only = read_only;
    update(&mut app, Action::GoTab(Tab::LandingZone));
    let fx = update(&mut app, Action::BrowseStorage);
    let (slot, ticket) = fx
        .iter()
        .find_map(|e| match e {
            Effect::Fetch {
                slot,
                ticket,
                request,
            } => {
                assert!(matches!(
                    request,
                    flowscope::app::shared::effect::Request::List {
                        scope: Scope::Blobs { .. },
                        ..
                    }
                ));
                Some((*slot, *ticket))
            }
            _ => None,
        })
        .expect("the storage browser loads its folder");
    let now = app.now_ms;
    receive(
        &mut app,
        flowscope::app::effect::Msg::Page {
            slot,
            ticket,
            items: vec![
                json!({"type": "file", "name": "a.csv", "path": "a.csv", "size": 10,
                "lastModified": now, "ttlDeadline": now + 86_400_000}),
            ],
            done: true,
        },
    );
    app
}

#[test]
fn the_tab_opens_on_both_zones() {
    let mut app = test_app();
    let fx = update(&mut app, Action::GoTab(Tab::LandingZone));
    assert!(matches!(app.view(), Some(View::Zones(_))));
    match dlz_effects(&fx).as_slice() {
        [DlzEffect::Zones { zones, .. }] => {
            assert_eq!(zones, &vec![DlzType::UserDropZone, DlzType::DlzDestination])
        }
        other => panic!("one read of both zones, not {other:?}"),
    }
}

#[test]
fn a_delete_asks_then_sends_once_and_read_only_sends_nothing() {
    let mut app = storage_list(false);
    let fx = update(&mut app, Action::Remove);
    assert!(dlz_effects(&fx).is_empty(), "nothing before the answer");
    assert!(matches!(app.overlay, Some(Overlay::Ask(_))));
    let fx = update(&mut app, Action::Confirm);
    match dlz_effects(&fx).as_slice() {
        [DlzEffect::Delete { path, .. }] => assert_eq!(path, "a.csv"),
        other => panic!("one delete, not {other:?}"),
    }

    let mut ro = storage_list(true);
    let fx = update(&mut ro, Action::Remove);
    assert!(dlz_effects(&fx).is_empty());
    assert!(ro.overlay.is_none());
    assert!(ro.toasts.iter().any(|t| t.text.contains("read-only")));
    let fx = update(&mut ro, Action::Upload);
    assert!(dlz_effects(&fx).is_empty() && ro.overlay.is_none());
    let fx = update(&mut ro, Action::RefreshCredentials);
    assert!(dlz_effects(&fx).is_empty() && ro.overlay.is_none());
}

fn upload_plan(existing: Vec<String>) -> TransferPlan {
    TransferPlan {
        job: TransferJob::Upload {
            zone: DlzType::UserDropZone,
            files: vec![("/tmp/a.csv".into(), "a.csv".into())],
        },
        bytes: 10,
        existing,
    }
}

#[test]
fn an_upload_always_asks_and_says_what_it_replaces() {
    let mut app = storage_list(false);
    let fx = receive(
        &mut app,
        flowscope::app::effect::Msg::Dlz(DlzMsg::Planned {
            sandbox: "prod".into(),
            result: Ok(Box::new(upload_plan(vec!["a.csv".into()]))),
        }),
    );
    assert!(dlz_effects(&fx).is_empty(), "not started before the answer");
    match &app.overlay {
        Some(Overlay::Ask(a)) => {
            let text: String = a.lines.iter().map(|(_, l)| l.as_str()).collect();
            assert!(text.contains("Upload 1 file"), "{text}");
            assert!(text.contains("already exist"), "{text}");
        }
        other => panic!("a question, not {other:?}"),
    }
    let fx = update(&mut app, Action::Confirm);
    assert!(matches!(
        dlz_effects(&fx).as_slice(),
        [DlzEffect::Transfer { .. }]
    ));
    assert_eq!(app.dlz.transfers.running(), 1);
}

#[test]
fn late_answers_never_act_on_their_own() {
    // A plan made in another sandbox is dropped.
    let mut app = storage_list(false);
    receive(
        &mut app,
        flowscope::app::effect::Msg::Dlz(DlzMsg::Planned {
            sandbox: "dev".into(),
            result: Ok(Box::new(upload_plan(Vec::new()))),
        }),
    );
    assert!(app.overlay.is_none());
    // A plan arriving while the user types in a box does not take their keys.
    update(&mut app, Action::Filter);
    receive(
        &mut app,
        flowscope::app::effect::Msg::Dlz(DlzMsg::Planned {
            sandbox: "prod".into(),
            result: Ok(Box::new(upload_plan(Vec::new()))),
        }),
    );
    assert!(matches!(app.overlay, Some(Overlay::Input(_))));
    assert_eq!(app.dlz.transfers.list.len(), 0);
}

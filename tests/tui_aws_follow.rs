//! A workflow created in the explorer is followed to its end against the test emulator:
//! once the create is answered, GetWorkflow is asked on the app's clock (not before its
//! time, never two at once), its steps fill in while its domain is in view, and its end
//! raises a toast with the records ingested; a failed one says its description.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::{Effect, Msg};
use flowscope::app::receive::receive;
use flowscope::app::shared::effect::Request;
use flowscope::app::shared::nav::ObjKind;
use flowscope::app::state::App;
use serde_json::json;
use support::tui::{Tui, test_app};

const W: u16 = 130;
const H: u16 = 32;

fn reads(fx: &[Effect]) -> Vec<(u64, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Fetch {
                slot,
                request:
                    Request::Get {
                        kind: ObjKind::AwsWorkflow,
                        id,
                    },
                ..
            } => Some((*slot, id.clone())),
            _ => None,
        })
        .collect()
}

fn tick(app: &mut App, ms: i64) -> Vec<Effect> {
    let now = app.now_ms + ms;
    receive(app, Msg::Tick { now_ms: now })
}

fn last_toast(app: &App) -> String {
    app.toasts
        .last()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_created_workflow_is_read_on_the_clock_until_it_ends() {
    let mut app = test_app();
    app.created
        .push((ObjKind::AwsWorkflow, "retail-prod/0123456789abcdef".into()));
    assert!(reads(&tick(&mut app, 0)).is_empty(), "not before its time");
    let fx = tick(&mut app, 2_000);
    let r = reads(&fx);
    assert_eq!(r.len(), 1, "{fx:?}");
    assert_eq!(r[0].1, "retail-prod/0123456789abcdef");
    let slot = r[0].0;
    assert!(
        reads(&tick(&mut app, 60_000)).is_empty(),
        "never two at once"
    );
    receive(
        &mut app,
        Msg::Object {
            slot,
            ticket: 0,
            value: json!({"WorkflowId": "0123456789abcdef", "Status": "IN_PROGRESS"}),
        },
    );
    let toasts = app.toasts.len();
    assert_eq!(
        reads(&tick(&mut app, 2_000)).len(),
        1,
        "it moved: soon again"
    );
    receive(
        &mut app,
        Msg::Object {
            slot,
            ticket: 0,
            value: json!({"WorkflowId": "0123456789abcdef", "Status": "FAILED",
                "ErrorDescription": "Salesforce refused the connector profile",
                "Metrics": {"AppflowIntegration": {"StepsCompleted": 1, "TotalSteps": 3}}}),
        },
    );
    assert_eq!(app.toasts.len(), toasts + 1);
    let said = last_toast(&app);
    assert!(
        said.contains("FAILED: Salesforce refused the connector profile"),
        "{said}"
    );
    assert!(app.aws.followed.is_empty());
    assert!(reads(&tick(&mut app, 60_000)).is_empty());
}

#[tokio::test]
async fn a_workflow_created_with_the_form_ends_in_a_toast_with_its_records() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // With the connector profiles loaded, the template names a real one.
    t.keys("8");
    t.settle().await;
    t.keys("6");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    t.keys("n<enter>");
    t.keys("<c-s>y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert_eq!(t.emu.aws_workflows_created(), 1, "{}", t.screen());
    assert_eq!(t.app().created.len(), 1);
    // A day on the emulator's clock: the workflow runs all its steps.
    t.emu.clock.advance(86_400_000);
    let now = t.app().now_ms + 5_000;
    t.message(Msg::Tick { now_ms: now });
    assert_eq!(t.app().aws.followed.len(), 1);
    t.message(Msg::Tick {
        now_ms: now + 2_000,
    });
    t.wait_for("object").await;
    t.settle().await;
    assert!(t.app().aws.followed.is_empty(), "{}", t.toasts());
    assert!(
        t.toasts().contains("complete:") && t.toasts().contains("records ingested"),
        "{}",
        t.toasts()
    );
}

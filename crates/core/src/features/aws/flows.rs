//! The changes of an AppFlow flow itself: `e` reads the flow (DescribeFlow) and opens the
//! UpdateFlow editor on it; `X` asks to delete it (DeleteFlow), naming the integration
//! that uses it when one is listed, and asks to force it when an integration is known to
//! use it or AppFlow refused the plain delete.

use serde_json::{Value, json};

use crate::effect::Effect;
use crate::features::aws::AwsChange;
use crate::features::aws::keys::{ask, pretty};
use crate::features::aws::rows::flow_of_uri;
use crate::features::aws::update::UpdateFlowSpec;
use crate::shared::effect::Request;
use crate::shared::nav::{ListKind, ObjKind};
use crate::shared::pane::ErrorInfo;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;

/// The flow of the selected row of the AppFlow list.
fn selected_flow(app: &App) -> Option<String> {
    let l = app.list().filter(|l| l.kind == ListKind::AwsFlows)?;
    l.selected_row().map(|r| r.id().to_string())
}

/// `e` on a flow: DescribeFlow first (the list's item has no tasks), then the editor.
pub(super) fn edit(app: &mut App) -> Vec<Effect> {
    let Some(flow) = selected_flow(app) else {
        app.toast("select an AppFlow flow (tab 7) to edit it", true);
        return Vec::new();
    };
    let (slot, ticket) = (app.next_id(), app.next_id());
    app.aws.reads.insert(slot, flow.clone());
    vec![Effect::Fetch {
        slot,
        ticket,
        request: Request::Get {
            kind: ObjKind::AwsFlow,
            id: flow,
        },
    }]
}

/// A flow read for the editor arrived (or could not be read). False when `slot` is not
/// one of these reads.
pub fn read(app: &mut App, slot: u64, result: Result<Value, ErrorInfo>) -> bool {
    let Some(flow) = app.aws.reads.remove(&slot) else {
        return false;
    };
    match result {
        // Opened only over the pane it was asked from, never over an overlay.
        Ok(v) if app.overlay.is_none() => {
            let spec = UpdateFlowSpec::new(&flow, v);
            let slot = app.next_id();
            let editor = crate::shared::editor::EditorView::new(slot, Box::new(spec), app.new_text);
            crate::nav::push_editor(app, editor, false);
        }
        Ok(_) => {}
        Err(e) => app.toast(
            format!("cannot read {flow} to edit it: {}", e.message),
            true,
        ),
    }
    true
}

/// The integration a listed integration list says feeds from `flow`: its domain and
/// object type.
fn user_of(app: &App, flow: &str) -> Option<(String, String)> {
    app.stacks.iter().flatten().find_map(|v| match v {
        View::List(l) if l.kind == ListKind::AwsIntegrations => l
            .items()
            .into_iter()
            .find(|i| flow_of_uri(s(i, "/Uri")) == Some(flow))
            .map(|i| {
                (
                    s(&i, "/DomainName").to_string(),
                    s(&i, "/ObjectTypeName").to_string(),
                )
            }),
        _ => None,
    })
}

/// `X` on a flow: DeleteFlow after a question; forced when an integration is known to use
/// the flow or AppFlow refused it before.
pub(super) fn delete(app: &mut App) -> Vec<Effect> {
    let Some(flow) = selected_flow(app) else {
        return Vec::new();
    };
    let user = user_of(app, &flow);
    let force = user.is_some() || app.aws.refused.contains(&flow);
    let mut lines = vec![
        (Tone::Plain, format!("Delete AppFlow flow {flow}?")),
        (Tone::Plain, String::new()),
        (Tone::Running, "POST /delete-flow".to_string()),
    ];
    lines.extend(pretty(&json!({ "flowName": flow, "forceDelete": force })));
    let warn = |lines: &mut Vec<(Tone, String)>, text: &[&str]| {
        lines.extend(text.iter().map(|l| (Tone::Warn, l.to_string())));
    };
    match &user {
        Some((domain, object_type)) => {
            lines.push((
                Tone::Warn,
                format!(
                    "⚠ It feeds the integration of domain {domain} (object type {object_type})."
                ),
            ));
            warn(
                &mut lines,
                &[
                    "  AppFlow deletes a flow in use only with forceDelete,",
                    "  and the integration goes with it.",
                ],
            );
        }
        None if force => warn(
            &mut lines,
            &[
                "⚠ AppFlow refused to delete it before: this time with forceDelete,",
                "  which also removes the integration that uses it.",
            ],
        ),
        None => lines.extend(
            [
                "No integration listed uses it (i on a domain lists them).",
                "If one does, AppFlow refuses, and X again offers to force it.",
            ]
            .map(|l| (Tone::Plain, l.to_string())),
        ),
    }
    lines.extend(
        [
            "A run in progress makes AppFlow refuse.",
            "Sent once, never retried.",
        ]
        .map(|l| (Tone::Dim, l.to_string())),
    );
    let what = if force {
        format!("forced delete of {flow}")
    } else {
        format!("delete of {flow}")
    };
    ask(
        app,
        "delete an AppFlow flow",
        lines,
        AwsChange::DeleteFlow {
            flow: flow.clone(),
            force,
        },
        what,
    )
}

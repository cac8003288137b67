//! The questions before a run is triggered or a flow enabled or disabled (a run's retry
//! asks in `retry`): the exact request, what will happen, and any warning. `y` sends it
//! once; `n` goes back (to the form, for a run). The answer comes back as a
//! [`RunsReply`].

use serde_json::Value;

use crate::effect::Effect;
use crate::features::runs::form::TriggerForm;
use crate::features::runs::keys::{refused, send_toggle, send_trigger};
use crate::overlay::Overlay;
use crate::shared::ask::Ask;
use crate::shared::table::Tone;
use crate::state::App;
use flowscope_model::FlowAction;

/// What a runs question sends on `y`.
#[derive(Debug)]
pub enum RunsReply {
    /// Send `body` as `POST /runs`; the form comes back on `n`.
    Trigger { form: Box<TriggerForm>, body: Value },
    Toggle {
        flow_id: String,
        flow_name: String,
        action: FlowAction,
        /// The state the flow is shown in now.
        before: String,
    },
    /// Retry the failed run `id` (`POST /runs/{id}/action?op=RE_TRIGGER`).
    Retry {
        id: String,
        flow_id: String,
        flow_name: String,
    },
}

/// The review of a run request: the request line, the body, the warnings.
pub fn trigger(form: Box<TriggerForm>, body: Value) -> Ask<RunsReply> {
    let mut lines = vec![
        (
            Tone::Plain,
            format!(
                "Trigger a run of {}?",
                name_or_id(&form.flow_name, &form.flow_id)
            ),
        ),
        (Tone::Plain, String::new()),
        (
            Tone::Running,
            "POST /data/foundation/flowservice/runs".to_string(),
        ),
    ];
    let pretty = serde_json::to_string_pretty(&body).unwrap_or_default();
    lines.extend(pretty.lines().map(|l| (Tone::Plain, l.to_string())));
    for w in &form.warnings {
        lines.push((Tone::Warn, format!("⚠ {w}")));
    }
    lines.push((
        Tone::Dim,
        "Sent once: if the answer is lost, look before sending again.".into(),
    ));
    Ask::new(
        "trigger a run",
        "trigger",
        lines,
        RunsReply::Trigger { form, body },
    )
}

/// The question before a flow is enabled or disabled.
pub fn toggle(flow_id: &str, flow_name: &str, state: &str) -> Ask<RunsReply> {
    let action = if state == "enabled" {
        FlowAction::Disable
    } else {
        FlowAction::Enable
    };
    let what = match action {
        FlowAction::Disable => "Its scheduled runs stop until it is enabled again.",
        FlowAction::Enable => "Its schedule resumes; runs may start at once.",
    };
    let verb = match action {
        FlowAction::Disable => "Disable",
        FlowAction::Enable => "Enable",
    };
    let lines = vec![
        (
            Tone::Plain,
            format!("{verb} {}?", name_or_id(flow_name, flow_id)),
        ),
        (Tone::Plain, String::new()),
        (
            Tone::Running,
            format!("POST /data/foundation/flowservice/flows/{flow_id}/action?op={action}"),
        ),
        (Tone::Dim, what.to_string()),
    ];
    Ask::new(
        format!("{} flow", action.as_str()),
        action.as_str(),
        lines,
        RunsReply::Toggle {
            flow_id: flow_id.to_string(),
            flow_name: flow_name.to_string(),
            action,
            before: state.to_string(),
        },
    )
}

/// A runs question answered: `y` sends once (refused in a read-only session); `n` on a
/// run brings the form back as it was.
pub fn answered(app: &mut App, reply: RunsReply, yes: bool) -> Vec<Effect> {
    match (reply, yes) {
        (RunsReply::Trigger { form, .. }, false) => {
            app.overlay = Some(Overlay::Trigger(form));
            Vec::new()
        }
        (RunsReply::Toggle { .. } | RunsReply::Retry { .. }, false) => Vec::new(),
        (_, true) if app.read_only => refused(app),
        (RunsReply::Trigger { form, body }, true) => send_trigger(app, &form, body),
        (
            RunsReply::Toggle {
                flow_id,
                flow_name,
                action,
                before,
            },
            true,
        ) => send_toggle(app, flow_id, flow_name, action, before),
        (RunsReply::Retry { id, flow_name, .. }, true) => {
            crate::features::runs::retry::send(app, id, flow_name)
        }
    }
}

fn name_or_id(name: &str, id: &str) -> String {
    if name.is_empty() {
        format!("flow {id}")
    } else {
        format!("flow “{name}”")
    }
}

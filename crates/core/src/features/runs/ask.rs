//! The question before a run or a flow action is sent: the exact request, what will
//! happen, and any warning. `y` sends it once; `n` goes back (to the form, for a run).

use serde_json::Value;

use crate::features::runs::form::TriggerForm;
use crate::shared::table::Tone;
use flowscope_model::FlowAction;

#[derive(Debug)]
pub enum Then {
    /// Send `body` as `POST /runs`; the form comes back on `n`.
    Trigger { form: Box<TriggerForm>, body: Value },
    Toggle {
        flow_id: String,
        flow_name: String,
        action: FlowAction,
        /// The state the flow is shown in now.
        before: String,
    },
    /// A landing-zone change: new credentials, a delete, an overwrite.
    Dlz(crate::features::dlz::act::DlzThen),
    /// A change to Customer Profiles or AppFlow; `what` names it in the toasts.
    Aws {
        change: crate::features::aws::AwsChange,
        what: String,
    },
}

#[derive(Debug)]
pub struct Ask {
    pub title: String,
    pub lines: Vec<(Tone, String)>,
    pub then: Then,
    pub scroll: usize,
    /// What `y` does, as the question's key line says it: "send", "overwrite", "delete".
    pub yes: &'static str,
}

impl Ask {
    /// The review of a run request: the request line, the body, the warnings.
    pub fn trigger(form: Box<TriggerForm>, body: Value) -> Ask {
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
        Ask {
            title: "trigger a run".into(),
            lines,
            then: Then::Trigger { form, body },
            scroll: 0,
            yes: "trigger",
        }
    }

    pub fn toggle(flow_id: &str, flow_name: &str, state: &str) -> Ask {
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
        Ask {
            title: format!("{} flow", action.as_str()),
            lines: vec![
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
            ],
            then: Then::Toggle {
                flow_id: flow_id.to_string(),
                flow_name: flow_name.to_string(),
                action,
                before: state.to_string(),
            },
            scroll: 0,
            yes: action.as_str(),
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

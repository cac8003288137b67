//! The question before a failed run is retried from the failures list: the exact request
//! and what it does. `y` sends it once (refused in a read-only session); the answer comes
//! back as an [`AlertsReply`].

use crate::effect::Effect;
use crate::features::alerts::Retry;
use crate::shared::ask::Ask;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::Change;
use crate::shared::fmt::short_id;
use crate::shared::table::Tone;
use crate::state::App;

/// Why a retry is refused in a read-only session.
pub const READ_ONLY: &str = "read-only session (--read-only): runs are not retried";

#[derive(Debug)]
pub enum AlertsReply {
    /// `POST /runs/{id}/action?op=RE_TRIGGER`.
    Retry { run_id: String, flow_name: String },
}

/// The question before `run_id` (of `flow_name`, which failed with `code`) is retried.
pub fn retry(run_id: &str, flow_name: &str, code: &str) -> Ask<AlertsReply> {
    let mut lines = vec![
        (
            Tone::Plain,
            format!("Retry run {} of {flow_name}?", short_id(run_id)),
        ),
        (Tone::Plain, String::new()),
        (
            Tone::Running,
            format!("POST /data/foundation/flowservice/runs/{run_id}/action?op=RE_TRIGGER"),
        ),
        (
            Tone::Dim,
            "The run is attempted again from the start and watched to its end.".into(),
        ),
    ];
    if !code.is_empty() {
        lines.push((Tone::Dim, format!("It failed with {code}.")));
    }
    lines.push((
        Tone::Dim,
        "Sent once: if the answer is lost, look before sending again.".into(),
    ));
    Ask::new(
        "retry a run",
        "retry",
        lines,
        AlertsReply::Retry {
            run_id: run_id.to_string(),
            flow_name: flow_name.to_string(),
        },
    )
}

/// A retry question answered: `y` sends it once.
pub fn answered(app: &mut App, reply: AlertsReply, yes: bool) -> Vec<Effect> {
    if !yes {
        return Vec::new();
    }
    if app.read_only {
        app.toast(format!("refused: {READ_ONLY}"), true);
        return Vec::new();
    }
    let AlertsReply::Retry { run_id, flow_name } = reply;
    let slot = app.next_id();
    app.alerts.pending.insert(
        slot,
        Retry {
            run_id: run_id.clone(),
            flow_name: flow_name.clone(),
            sandbox: app.target.sandbox.clone(),
        },
    );
    app.toast(
        format!("retrying run {} of {flow_name}…", short_id(&run_id)),
        false,
    );
    vec![Effect::Submit {
        slot,
        change: Change::RetryRun { id: run_id },
        audit: Audit::of(app),
    }]
}
